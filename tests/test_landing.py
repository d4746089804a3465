"""Which files of the landing folder a source reads, and identity across its files: the same
rules for every format and every name."""

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from gia_pipeline.definitions import project_defs
from gia_pipeline.lib import contract as contracts
from gia_pipeline.lib import landing, paths
from gia_pipeline.lib.project_checks import asset_specs
from gia_pipeline.lib.raw_reader import RawFileError
from gia_pipeline.lib.raw_sources import read_source, sources_of

SOURCES = {s.contract.source: s for s in sources_of(asset_specs(project_defs()))}   # the project's declared sources
SURVEY_SOURCE = SOURCES["survey"]
ATTENDANCE_SOURCE = SOURCES["attendance"]
SHIPPED_SURVEY = paths.DEFAULT_RAW_DIR / "survey" / "gia_webenquete_export.csv"
OSS = "deelnemerslijst_oss_23-01-2009.csv"


@pytest.fixture
def raw(tmp_path) -> Path:
    root = tmp_path / "raw"
    (root / "survey").mkdir(parents=True)
    (root / "attendance").mkdir()
    return root


def _names(files, root):
    return [str(p.relative_to(root)) for p in files]


def test_extensions_match_case_insensitively_and_the_rest_is_listed(raw):
    for name in ("a.CSV", "b.Xlsx", "c.csv", "notes.txt", "export.xls", ".hidden.csv", "~$b.xlsx", "d.csv.part"):
        (raw / "attendance" / name).write_bytes(b"x")
    (raw / "attendance" / "archief").mkdir()
    (raw / "attendance" / "archief" / "old.csv").write_bytes(b"x")
    listing = landing.list_source(raw, contracts.load("attendance"))
    assert _names(listing.files, raw) == ["attendance/a.CSV", "attendance/b.Xlsx", "attendance/c.csv"]
    assert {u["file"]: u["reason"].split(":")[0] for u in listing.unmatched} == {
        "attendance/.hidden.csv": "temporary or lock file name",
        "attendance/archief/old.csv": "matches none of the patterns attendance/*.csv, attendance/*.xlsx",
        "attendance/d.csv.part": "temporary or lock file name",
        "attendance/export.xls": "matches none of the patterns attendance/*.csv, attendance/*.xlsx",
        "attendance/notes.txt": "matches none of the patterns attendance/*.csv, attendance/*.xlsx",
        "attendance/~$b.xlsx": "temporary or lock file name",
    }
    assert listing.refused == {}


def test_links_out_of_the_landing_folder_or_to_nothing_are_refused_by_name(raw, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes(b"x")
    (raw / "attendance" / "inside.csv").write_bytes(b"x")
    os.symlink(outside, raw / "attendance" / "out.csv")
    os.symlink(raw / "attendance" / "inside.csv", raw / "attendance" / "alias.csv")
    os.symlink(tmp_path / "missing.csv", raw / "attendance" / "dangling.csv")
    listing = landing.list_source(raw, contracts.load("attendance"))
    assert _names(listing.files, raw) == ["attendance/alias.csv", "attendance/inside.csv"]
    refused = {str(p.relative_to(raw)): why for p, why in listing.refused.items()}
    assert refused["attendance/out.csv"].startswith(f"leads out of the landing folder {raw.resolve()}")
    assert refused["attendance/dangling.csv"].startswith("is a link that leads nowhere")
    with pytest.raises(RawFileError) as err:
        read_source(raw, ATTENDANCE_SOURCE)
    assert f"{raw / 'attendance' / 'out.csv'}: leads out of the landing folder" in str(err.value)


def test_a_linked_folder_leading_out_is_refused(raw, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SHIPPED_SURVEY, elsewhere / "export.csv")
    shutil.rmtree(raw / "survey")
    os.symlink(elsewhere, raw / "survey")
    listing = landing.list_source(raw, contracts.load("survey"))
    assert listing.files == [] and list(listing.refused) == [raw / "survey" / "export.csv"]


# --------------------------------------------------------------------------- identity across files

def _survey_xlsx(path: Path) -> Path:
    text = SHIPPED_SURVEY.read_bytes().decode("cp1252")
    import csv
    import io
    wb = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        wb.active.append(row)
    wb.save(path)
    return path


def _refused(raw, source) -> str:
    with pytest.raises(RawFileError) as err:
        read_source(raw, source)
    return str(err.value)


def test_the_same_export_as_csv_and_xlsx_is_refused_naming_both(raw):
    shutil.copy(SHIPPED_SURVEY, raw / "survey" / "export.csv")
    _survey_xlsx(raw / "survey" / "export.xlsx")
    message = _refused(raw, SURVEY_SOURCE)
    assert message.startswith(f"{raw / 'survey' / 'export.xlsx'}: holds the same rows as "
                              f"{raw / 'survey' / 'export.csv'} (the same values)")


def test_the_same_list_under_two_names_is_refused_by_its_hash(raw):
    for name in (OSS, "kopie van oss.csv"):
        shutil.copy(paths.DEFAULT_RAW_DIR / "attendance" / OSS, raw / "attendance" / name)
    message = _refused(raw, ATTENDANCE_SOURCE)
    assert message.startswith(f"{raw / 'attendance' / 'kopie van oss.csv'}: holds the same rows as "
                              f"{raw / 'attendance' / OSS} (byte for byte: the same content hash)")


def test_respondent_numbers_colliding_across_files_are_refused_naming_both(raw):
    header, *records = SHIPPED_SURVEY.read_bytes().decode("cp1252").rstrip("\r\n").split("\r\n")
    single = [r for r in records if '"' not in r]
    first, second = single[:5], single[5:10]
    second[2] = first[1].split(";", 1)[0] + ";" + second[2].split(";", 1)[1]   # one number twice
    for name, rows in (("a.csv", first), ("b.csv", second)):
        (raw / "survey" / name).write_bytes("\r\n".join([header, *rows, ""]).encode("cp1252"))
    message = _refused(raw, SURVEY_SOURCE)
    number = first[1].split(";", 1)[0]
    assert message == (f"{raw / 'survey' / 'b.csv'}: row 4, column 'Respondentnummer': '{number}' is also in "
                       f"{raw / 'survey' / 'a.csv'} (row 3); 1 row(s) of this file repeat a 'Respondentnummer' of "
                       "another file. It must be unique across all survey files (one export delivered twice, or "
                       "two exports that overlap?); remove the repeated rows or the file")


def test_attendance_line_numbers_may_repeat_across_lists(raw):
    for name in (OSS, "deelnemerslijst_delft_21-01-2009.csv"):
        shutil.copy(paths.DEFAULT_RAW_DIR / "attendance" / name, raw / "attendance" / name)
    table, summary, unmatched = read_source(raw, ATTENDANCE_SOURCE)
    assert len(summary) == 2 and unmatched == [] and table.num_rows == sum(f["rows"] for f in summary)
