"""Tests of the meeting register and attendance list generator (gia_rawgen.attendance).

The self-check reads the generated files the way the data contract describes, in plain Python
(independently of the generator's own helpers): header alternatives from
gia_pipeline/defs/raw/attendance/contract.yaml, the exclusion rules of docs/data-contract.md (part B),
the category rules file, and exact name/alias resolution with case/diacritics/whitespace
normalisation only. The results must equal the report's table (gia_rawgen/report_facts.py).
"""

import csv
import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml

from gia_rawgen import attendance as A
from gia_rawgen import report_facts as F

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
RAW_DEFS = ROOT / "gia_pipeline" / "defs" / "raw"
RULES = ROOT / "gia_pipeline" / "rules"
BOM = b"\xef\xbb\xbf"
CANCELLED = re.compile(r"\b(afgemeld|afgem|afmelding|afwezig|niet[\s-]+aanwezig|niet\s+gekomen|niet\s+verschenen|no[\s-]*show|ziek|ziekgemeld|geannuleerd|verhinderd|afgezegd)\b",
                       re.IGNORECASE)
STATUS = {"complete": "volledig", "incomplete": "onvolledig", "none": "geen lijst"}


# ----------------------------------------------------------------------------- helpers
def norm(text) -> str:
    t = unicodedata.normalize("NFKD", "" if text is None else str(text))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.casefold().split())


def org_key(text) -> str:
    """Rule 6's organisation key: the part before the first comma, normalised, punctuation as
    spaces, without a leading `gemeente`/`gem.` (`Gem. Oss` = `Gemeente Oss`)."""
    t = " ".join(re.sub(r"[\W_]+", " ", norm(("" if text is None else str(text)).split(",")[0])).split())
    return re.sub(r"^(gemeente|gem)( |$)", "", t)


def tree(root: Path) -> dict[str, bytes]:
    out = {}
    for sub in ("meetings", "attendance"):
        d = root / sub
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.is_file() and p.suffix in (".csv", ".xlsx"):
                    out[f"{sub}/{p.name}"] = p.read_bytes()
    return out


def read_grid(path: Path, contract: dict) -> list[list[str]]:
    if path.suffix == ".csv":
        raw = path.read_bytes()
        encodings = contract["files"]["csv"]["encoding"]
        encodings = [encodings] if isinstance(encodings, str) else encodings
        # a UTF-8 byte-order mark selects UTF-8; otherwise the first listed encoding (cp1252)
        enc = "utf-8-sig" if raw.startswith(BOM) else encodings[0]
        if raw.startswith(BOM):
            assert "utf-8" in encodings
        df = pd.read_csv(io.StringIO(raw.decode(enc)), sep=contract["files"]["csv"]["delimiter"],
                         header=None, dtype=str, keep_default_na=False, skip_blank_lines=False)
    else:
        import openpyxl
        wb = openpyxl.load_workbook(path, read_only=True)
        assert len(wb.sheetnames) == 1, path
        wb.close()
        df = pd.read_excel(path, header=None, dtype=str, engine="calamine").fillna("")
    return [["" if v is None else str(v) for v in row] for row in df.itertuples(index=False)]


def read_table(path: Path, contract: dict) -> list[dict]:
    """Rows of a file as {canonical field: text}; the header row found as the contract says."""
    grid = read_grid(path, contract)
    alternatives = {norm(h): c["field"] for c in contract["columns"] for h in c["headers"]}
    required = [c["field"] for c in contract["columns"] if c["required"]]
    for i, row in enumerate(grid[: contract["files"]["max_title_rows"] + 1]):
        fields = [alternatives.get(norm(v)) for v in row]
        if all(f in fields for f in required):
            break
    else:
        raise AssertionError(f"{path.name}: no header row")
    out = []
    for row in grid[i + 1:]:
        if not any(v.strip() for v in row):
            continue            # no cell filled: not a row
        out.append({f: v for f, v in zip(fields, row) if f})
    return out


def load_rules():
    spec = yaml.safe_load((RULES / "attendee_categories.yaml").read_text(encoding="utf-8"))
    rules = [(r["category"],
              re.compile(r["organisation"], re.I) if "organisation" in r else None,
              re.compile(r["function"], re.I) if "function" in r else None) for r in spec["rules"]]

    def classify(org: str, fun: str) -> str:
        for cat, o, f in rules:
            if (o is None or o.search(org.strip())) and (f is None or f.search(fun.strip())):
                return cat
        return spec["fallback"]
    return classify


def load_resolver() -> tuple[dict[str, str], dict[str, str]]:
    names, prov = {}, {}
    with open(ROOT / "data" / "reference" / "gemeenten_2009.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, ):
            names[norm(r["gemeentenaam"])] = r["gemeentecode"]
            prov[r["gemeentecode"]] = r["provincie"]
    with open(RULES / "municipality_aliases.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            assert names.get(norm(r["alias"]), r["gemeentecode"]) == r["gemeentecode"]
            names[norm(r["alias"])] = r["gemeentecode"]
    return names, prov


def read_register(root: Path) -> list[dict]:
    contract = yaml.safe_load((RAW_DEFS / "meetings" / "contract.yaml").read_text(encoding="utf-8"))
    path = root / "meetings" / "regiobijeenkomsten.csv"
    text = path.read_bytes().decode(contract["files"]["csv"]["encoding"])
    df = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    by_header = {norm(h): c["field"] for c in contract["columns"] for h in c["headers"]}
    return [{by_header[norm(k)]: v for k, v in row.items()} for row in df.to_dict("records")]


def analyse(root: Path) -> dict:
    """Apply the contract to every list; return per-meeting counts and the set of codes."""
    contract = yaml.safe_load((RAW_DEFS / "attendance" / "contract.yaml").read_text(encoding="utf-8"))
    classify = load_rules()
    names, prov = load_resolver()
    register = read_register(root)
    files = sorted(p.name for p in (root / "attendance").iterdir())
    named = [r["list_file"] for r in register if r["list_file"]]
    assert sorted(named) == files, "list files and register disagree"
    result = {}
    for r in register:
        if not r["list_file"]:
            assert r["list_status"] == "geen lijst"
            continue
        rows = read_table(root / "attendance" / r["list_file"], contract)
        assert rows, r["list_file"]
        line_nos = [int(float(x["line_no"])) for x in rows]
        assert line_nos == list(range(1, len(rows) + 1)), r["list_file"]
        seen, counts, codes, excluded = set(), Counter(), set(), Counter()
        for x in rows:
            text = {k: (x.get(k) or "") for k in ("person_name", "organisation", "function",
                                                   "municipality_text", "email", "signature", "remark")}
            if not any(text[k].strip() for k in ("person_name", "organisation", "function",
                                                  "municipality_text", "email")):
                excluded["lege regel"] += 1
                continue
            if any(CANCELLED.search(text[k]) for k in ("person_name", "function", "signature", "remark")):
                excluded["afgemeld"] += 1
                continue
            assert text["person_name"].strip(), (r["list_file"], x)
            key = (norm(text["person_name"]), org_key(text["organisation"]))
            if key in seen:
                excluded["dubbel"] += 1
                continue
            seen.add(key)
            cat = classify(text["organisation"], text["function"])
            assert cat in F.CATEGORIES, (r["list_file"], x)
            counts[cat] += 1
            if cat in ("Wethouders", "Overig gemeente"):
                code = names.get(norm(text["municipality_text"]))
                assert code is not None, (r["list_file"], x)
                codes.add(code)
        result[(r["meeting_date"], r["place"])] = dict(
            counts=tuple(counts[c] for c in F.CATEGORIES), codes=codes, excluded=excluded,
            register=r)
    result["_prov"] = prov
    return result


def check_against_report(res: dict, scale: int = 1) -> None:
    prov = res["_prov"]
    region_of = {p: reg for reg, (provs, _) in F.REGIONS.items() for p in provs}
    all_codes, pairs = set(), 0
    for m in F.MEETINGS:
        d = f"{m.date[8:10]}-{m.date[5:7]}-{m.date[0:4]}"
        key = (d, m.place)
        if m.categories is None:
            assert key not in res
            continue
        got = res[key]
        assert got["counts"] == tuple(scale * n for n in m.categories), (m.place, got["counts"])
        assert len(got["codes"]) == m.municipalities, (m.place, len(got["codes"]))
        assert got["register"]["headcount"] == str(scale * m.headcount)
        assert got["register"]["list_status"] == STATUS[m.list_status]
        if m.place in F.OWN_PROVINCE_ONLY:
            assert {prov[c] for c in got["codes"]} == {F.OWN_PROVINCE_ONLY[m.place]}, m.place
        pairs += len(got["codes"])
        all_codes |= got["codes"]
    assert pairs == 231
    assert len(all_codes) == F.DISTINCT_MUNICIPALITIES_ATTENDING == 147
    reach = Counter(region_of[prov[c]] for c in all_codes)
    for region, n in F.REGION_REACH.items():
        assert reach[region] == n, (region, reach[region])
    assert sum(reach.values()) == 147


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    A.generate(out)
    return out


# ----------------------------------------------------------------------------- tests
def test_same_seed_is_byte_identical(fresh, tmp_path):
    A.generate(tmp_path)
    assert tree(tmp_path) == tree(fresh)


def test_different_seed_differs(fresh, tmp_path):
    A.generate(tmp_path, seed=2011)
    a, b = tree(fresh), tree(tmp_path)
    assert a.keys() == b.keys()
    lists = [k for k in a if k.startswith("attendance/")]
    assert any(k.endswith(".csv") and a[k] != b[k] for k in lists)
    assert any(k.endswith(".xlsx") and a[k] != b[k] for k in lists)


def test_committed_files_equal_fresh_generation(fresh):
    committed = tree(RAW)
    assert committed, "data/raw/meetings and data/raw/attendance are empty: run the generator"
    assert committed.keys() == tree(fresh).keys()
    for k, v in tree(fresh).items():
        assert committed[k] == v, f"{k} differs from a fresh generation"


def test_register(fresh):
    reg = read_register(fresh)
    assert len(reg) == 21
    assert len({r["meeting_id"] for r in reg}) == 21
    assert [r["place"] for r in reg] == [m.place for m in F.MEETINGS]
    assert sum(int(r["headcount"]) for r in reg) == 1413
    assert Counter(r["list_status"] for r in reg) == {"volledig": 16, "onvolledig": 3, "geen lijst": 2}
    assert sum(1 for r in reg if r["list_file"]) == 19


def test_templates_and_formats(fresh):
    contract = yaml.safe_load((RAW_DEFS / "attendance" / "contract.yaml").read_text(encoding="utf-8"))
    paths = sorted((fresh / "attendance").iterdir())
    headers = set()
    kinds = Counter()
    for p in paths:
        grid = read_grid(p, contract)
        title_rows = 0
        while not grid[title_rows][0].strip() or not grid[title_rows][1].strip():
            title_rows += 1
        headers.add(tuple(v for v in grid[title_rows] if v))
        if p.suffix == ".csv":
            kinds["csv-bom" if p.read_bytes().startswith(BOM) else "csv-cp1252"] += 1
        else:
            kinds["xlsx-title" if title_rows else "xlsx"] += 1
    assert len(headers) >= 3
    assert set(kinds) == {"csv-bom", "csv-cp1252", "xlsx-title", "xlsx"}
    assert sum(kinds.values()) == 19


def test_lists_reproduce_report(fresh):
    res = analyse(fresh)
    check_against_report(res)
    excluded = Counter()
    for k, v in res.items():
        if k != "_prov":
            excluded.update(v["excluded"])
    # the noise the contract describes is present
    assert excluded["lege regel"] > 0 and excluded["afgemeld"] > 0 and excluded["dubbel"] > 0


def test_committed_lists_reproduce_report():
    check_against_report(analyse(RAW))


def truth(root: Path) -> dict[tuple[str, int], str]:
    with open(A.truth_file(root), encoding="utf-8", newline="") as fh:
        return {(r["list_file"], int(r["line_no"])): r["person"] for r in csv.DictReader(fh)}


def listed_rows(root: Path) -> dict[tuple[str, int], dict]:
    """(list file, line number) -> the row as written, for every non-blank row of every list."""
    contract = yaml.safe_load((RAW_DEFS / "attendance" / "contract.yaml").read_text(encoding="utf-8"))
    out = {}
    for p in sorted((root / "attendance").iterdir()):
        for x in read_table(p, contract):
            if x.get("line_no"):
                out[(p.name, int(float(x["line_no"])))] = x
    return out


def test_recurring_people(fresh):
    """The WWI project leader and the FORUM coordinator are on every list; many others recur."""
    lists_of = {}
    for (name, _), person in truth(fresh).items():
        lists_of.setdefault(person, set()).add(name)
    top = sorted((len(v) for v in lists_of.values()), reverse=True)
    assert top[:2] == [19, 19]
    assert sum(1 for v in lists_of.values() if len(v) >= 2) > 30


def test_recurring_people_are_written_differently(fresh):
    """One person, several spellings: surname first and last, initials only, other organisation
    spellings; and namesakes: different persons with one name."""
    rows, who = listed_rows(fresh), truth(fresh)
    assert set(who) <= set(rows)
    forms: dict[str, set] = {}
    orgs: dict[str, set] = {}
    persons_of_name: dict[str, set] = {}
    for key, person in who.items():
        name = rows[key]["person_name"].strip()
        kind = "last, first" if "," in name else "initials" if re.match(r"^\w\. ", name) else "first last"
        forms.setdefault(person, set()).add(kind)
        orgs.setdefault(person, set()).add(norm(rows[key]["organisation"]))
        if kind != "initials":
            first_last = " ".join(reversed(name.split(",", 1))) if "," in name else name
            persons_of_name.setdefault(norm(" ".join(first_last.split())), set()).add(person)
    assert sum(1 for f in forms.values() if {"last, first", "first last"} <= f) > 10
    assert 1 <= sum(1 for f in forms.values() if "initials" in f) <= 10
    assert sum(1 for o in orgs.values() if len(o) > 1) > 10
    assert any(len(p) > 1 for p in persons_of_name.values())     # namesakes


def test_survey_visits_are_on_the_lists(fresh):
    """Every visit the survey reports to a meeting with a list has a wethouder or official of the
    respondent's municipality on that list (the plan is checked row by row by the generator)."""
    from gia_rawgen import survey
    res = analyse(fresh)
    visits = [(code, f"{day[8:10]}-{day[5:7]}-{day[0:4]}", place)
              for wave, code, day, place in survey.survey_visits() if wave == 1]
    with_list = [v for v in visits if (v[1], v[2]) in res]
    assert len(with_list) > 20
    for code, day, place in with_list:
        assert code in res[(day, place)]["codes"], (code, day, place)


def test_scale_two(tmp_path):
    A.generate(tmp_path, scale=2)
    check_against_report(analyse(tmp_path), scale=2)
