"""Personal data (the contract's `personal` columns: attendee names, e-mail addresses) never leaves
`raw.*`: not in staging or marts, the snapshot, the report, run metadata, error messages, the
event log or compute logs — after a good run and after failing ones."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd

from gia_pipeline.lib import contract as contracts
from gia_pipeline.lib import layers, paths
from gia_pipeline.lib.expectations import from_contract
from gia_pipeline.lib.gx_checks import validate_frame

LELYSTAD = "attendance/GIA_Lelystad_29092008_deelnemers.xlsx"
OSS = "attendance/deelnemerslijst_oss_23-01-2009.csv"
# names and addresses found nowhere else: any trace of them outside raw.* is a leak
PEOPLE = [("Quirijn Xanthopoulos", "q.xanthopoulos@xanthomail.example"),
          ("Zoë Ağaoğlu-Vrijburcht", "zoe.vrijburcht@xanthomail.example"),
          ("Wubbo Okkenhaug", "")]
TRACES = ["Xanthopoulos", "xanthomail", "Vrijburcht", "Okkenhaug", "Ağaoğlu", "A\\u011fao\\u011flu", "Agaoglu"]


def _cli(root: Path, home: Path, raw: Path, log: Path, select: str | None = None) -> subprocess.CompletedProcess:
    """`dagster job execute refresh_all` as a user runs it (scripts/refresh.sh), or `dagster
    asset materialize --select …`, in a process of its own with a DAGSTER_HOME of its own."""
    home.mkdir(exist_ok=True)
    shutil.copy(paths.INSTANCE_YAML, home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "GIA_WAREHOUSE_PATH": str(root / "warehouse" / "gia.duckdb"),
           "GIA_RAW_DIR": str(raw), "GIA_REFERENCE_DIR": str(root / "reference"),
           "GIA_REPORTS_DIR": str(root / "reports"), "GIA_PUBLISHED_DIR": str(root / "published")}
    exe = Path(sys.executable).with_name("dagster")
    with log.open("ab") as out:
        what = ["asset", "materialize", "--select", select] if select else ["job", "execute", "-j", "refresh_all"]
        return subprocess.run([str(exe), *what, "-m", "gia_pipeline.definitions"],
                              cwd=paths.PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=600)


def _add_people_to_lelystad(raw: Path) -> None:
    wb = openpyxl.load_workbook(raw / LELYSTAD)
    ws = wb.active
    last = max(int(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r[0] is not None)
    for i, (name, mail) in enumerate(PEOPLE, 1):
        ws.append([last + i, name, "beleidsmedewerker integratie", "Gemeente Dronten", "Dronten", mail or None])
    wb.save(raw / LELYSTAD)


def _leaks_in_files(root: Path) -> list[str]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path}: {t}" for t in TRACES
                  if t.encode("utf-8") in data or t.encode("utf-16-le") in data or t.encode("cp1252", "ignore") in data]
    return found


def _text_of_tables(database: Path, skip_schema: str | None) -> dict[str, str]:
    """Every value of every table (cast to text), per table, except the schema `skip_schema`."""
    texts = {}
    with duckdb.connect(str(database), read_only=True) as conn:
        tables = conn.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
        for schema, table in tables:
            if schema == skip_schema:
                continue
            rows = conn.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
            texts[f"{schema}.{table}"] = "\n".join(" ".join(map(str, r)) for r in rows)
    return texts


def test_names_never_leave_raw_after_good_and_failing_runs(sandbox, tmp_path):
    home, log = tmp_path / "dagster_home", tmp_path / "runs.log"
    raw = sandbox.raw_dir
    _add_people_to_lelystad(raw)
    good = _cli(sandbox.root, home, raw, log)
    assert good.returncode == 0, log.read_text(errors="replace")[-3000:]
    with duckdb.connect(str(sandbox.warehouse), read_only=True) as conn:   # the names did go in
        assert conn.execute("SELECT count(*) FROM raw.attendance_lists WHERE person_name LIKE "
                            "'%Xanthopoulos%' OR email LIKE '%xanthomail%'").fetchone() == (2,)

    # failing runs of the attendance list's raw step (the rest of the graph cannot run without it):
    # 1. a list whose header is missing, so its first rows (names) are the header candidates
    oss = raw / OSS
    rows = oss.read_bytes().decode("cp1252").split("\r\n")
    names = [f"{i};{name};Gemeente Oss;wethouder;Oss" for i, (name, _) in enumerate(PEOPLE, 1)]
    oss.write_bytes("\r\n".join(names + rows[1:]).encode("cp1252", "replace"))
    assert _cli(sandbox.root, home, raw, log, select="raw/attendance_lists").returncode != 0
    # 2. a name typed in UTF-8 into the cp1252 list (mixed encodings)
    oss.write_bytes("\r\n".join([rows[0], rows[1] + " \u2013 Uden"]).encode("cp1252") + b"\r\n"
                    + f"99;{PEOPLE[1][0]};Gemeente Oss;wethouder;Oss\r\n".encode("utf-8"))
    assert _cli(sandbox.root, home, raw, log, select="raw/attendance_lists").returncode != 0

    output = log.read_text(encoding="utf-8", errors="replace")
    assert "row 1: no header row with every required column" in output            # the refusals named
    assert "that row has 5 filled cell(s) that are no known header" in output      # the row, and
    assert "row 3, column 'Naam': mixed encodings" in output                       # the cell
    assert [t for t in TRACES if t in output] == [], "names in the runs' output"
    assert list(home.rglob("*.db")) or list(home.rglob("*.sqlite")), "no event log written"
    assert _leaks_in_files(home) == [], "names under DAGSTER_HOME"
    assert _leaks_in_files(sandbox.root / "reports") == [], "names in the report"
    tables = _text_of_tables(sandbox.warehouse, skip_schema=layers.RAW)
    assert [(t, x) for t, text in tables.items() for x in TRACES if x in text] == [], "names outside raw.*"
    published = _text_of_tables(sandbox.root / "published" / "gia.duckdb", skip_schema=None)
    assert published and [(t, x) for t, text in published.items() for x in TRACES if x in text] == []


def test_check_metadata_of_a_personal_column_carries_counts_not_values(tmp_path):
    """A contract that declares allowed values for a personal column: its raw check fails with
    the number of unexpected values, not a sample of them."""
    path = tmp_path / "people.yaml"
    path.write_text("source: people\ndescription: d\nfiles: {patterns: ['p/*']}\ncolumns:\n"
                    "  - {field: name, headers: [Naam], personal: true, allowed: [Anna], nullable: false}\n"
                    "  - {field: place, headers: [Plaats], allowed: [Oss]}\n", encoding="utf-8")
    declared = [d for d in from_contract(contracts.load_contract(path), "raw", "people")
                if d.expectation == "expect_column_values_to_be_in_set"]
    frame = pd.DataFrame({"name": ["Anna", "Quirijn Xanthopoulos"], "place": ["Oss", "Xanthopoulos-dorp"],
                          "_blank": [False, False]})
    (name_ok, name_meta), (place_ok, place_meta) = validate_frame(frame, declared)
    assert not name_ok and name_meta["unexpected_count"] == 1 and "unexpected_sample" not in name_meta
    assert "Xanthopoulos" not in repr(name_meta)
    assert not place_ok and "Xanthopoulos-dorp" in repr(place_meta["unexpected_sample"])   # not personal
