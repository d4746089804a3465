"""The bad-input corpus: one parametrised case per bad file, each with the outcome it must get.

Every case starts from a warehouse that holds one good refresh of the shipped data (a copy of
the session's `refreshed` warehouse), puts a bad file — a corpus file from tests/bad_inputs/, or
a small edit of a shipped file made here — into the sandbox's landing folder, runs the real
`refresh_all` job for what the landing sensor would run (the raw asset of every source whose
files changed, and everything downstream of it) and asserts one of two outcomes
(tests/bad_inputs/README.md lists them all):

- **refused**: the run fails in the raw step of that source, with the pipeline's own message
  (a `RawFileError`, not a crash) naming the file and, where they apply, the row and the column;
  the warehouse keeps its last good state (same marts, same raw table, accounting still whole);
- **accepted**: the run succeeds; the bad rows sit in staging (quarantine, exclusions, answer
  issues) and exactly the listed non-blocking checks fail — the accounting check never does.
"""

import csv
import hashlib
import io
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
SURVEY = "survey/gia_webenquete_export.csv"
REGISTER = "meetings/regiobijeenkomsten.csv"
RAW_TABLE = {"survey": "survey_export", "meetings": "meeting_register", "attendance": "attendance_lists"}

QUARANTINE_CHECK = ("staging/stg_quarantine", "table_row_count_to_equal")
LIST_MISSING_CHECK = ("staging/stg_meeting_lists", "column_values_to_be_in_set__list_missing")
LINE_GAP_CHECK = ("staging/stg_meeting_lists", "column_values_to_be_in_set__missing_line_numbers")
PERSON_TWICE_CHECK = ("staging/attendance_persons", "compound_columns_to_be_unique__source_file_person_id")
REGION_CHECK = ("staging/stg_meeting_regions", "column_values_to_be_null__region_issue")
LIST_DATE_CHECK = ("staging/stg_meeting_lists", "column_values_to_be_null__list_date_issue")
LIST_WITHOUT_ROWS_CHECK = ("staging/stg_meeting_lists", "column_values_to_be_in_set__list_without_counted_rows")
# a visit the survey reports to a meeting whose list lacks the respondent's municipality
VISIT_NOT_CONFIRMED_CHECK = ("marts/visit_confirmation", "column_values_to_be_in_set__not_confirmed")
ANSWER_ISSUES_CHECK = ("staging/stg_survey_answer_issues", "column_values_to_be_in_set__counted")
RECONCILIATION_CHECK = ("marts/report_reconciliation", "column_values_to_be_in_set__status")
ACCOUNTING_CHECKS = (("staging/row_accounting", "column_values_to_be_in_set__unaccounted"),
                     ("staging/row_accounting", "column_values_to_be_in_set__multiply_accounted"))

MART_CHECKSUM = """SELECT count(*), md5(string_agg(concat_ws('|', table_id, row_key, col_key, count, n, value),
                   chr(10) ORDER BY table_id, row_key, col_key)) FROM marts.evaluation_tables"""


# --------------------------------------------------------------------------- file helpers

@dataclass
class Landing:
    """What a case's `place` works with: the sandbox's raw folder, the respondent numbers that
    count in the good state, and notes the case keeps for its assertions (rows, ids)."""
    raw: Path
    counted_ids: set[int]
    notes: dict = field(default_factory=dict)


def copy_corpus(name: str, to: str | None = None) -> Callable[[Landing], str]:
    """Place corpus file `<source>/<name>` into the landing folder (as `to`, default next to
    the shipped files under its own name); returns the landed path relative to the raw root."""
    def place(land: Landing) -> str:
        target = to or name
        shutil.copyfile(CORPUS / name, land.raw / target)
        return target
    return place


def read_cp1252(raw: Path, rel: str = SURVEY) -> str:
    return (raw / rel).read_bytes().decode("cp1252")


def write_cp1252(raw: Path, text: str, rel: str = SURVEY) -> None:
    (raw / rel).write_bytes(text.encode("cp1252"))


def survey_records(raw: Path) -> tuple[str, list[str]]:
    """(header, data records) of the shipped export; records end in CRLF, a line break inside a
    cell is a bare LF, so splitting on CRLF gives whole records."""
    header, *records = read_cp1252(raw).rstrip("\r\n").split("\r\n")
    return header, records


def survey_col(header: str, name: str) -> int:
    return header.split(";").index(name)


def first_counted_row(land: Landing, read_handreiking: str | None = None,
                      where: Callable[[Callable[[str], str]], bool] = lambda cell: True) -> tuple[str, list[str], int]:
    """(header, fields, index in records) of the first single-line submission of the shipped
    export that counts (is in stg_survey_responses of the good state) and for which `where(cell)`
    holds (`cell(header)`: the row's cell under that header)."""
    header, records = survey_records(land.raw)
    for i, rec in enumerate(records):
        f = rec.split(";")
        if '"' in rec or "\n" in rec or int(f[0]) not in land.counted_ids:
            continue
        if read_handreiking and f[survey_col(header, "Heeft u de publicatie 'Datgene wat ons bindt' gelezen?")] \
                != read_handreiking:
            continue
        if not where(lambda name: f[survey_col(header, name)]):
            continue
        return header, f, i
    raise AssertionError("no counted row in the shipped export")


def replace_record(raw: Path, index: int, fields: list[str]) -> None:
    header, records = survey_records(raw)
    records[index] = ";".join(fields)
    write_cp1252(raw, "\r\n".join([header, *records]) + "\r\n")


def physical_row(raw: Path, index: int) -> int:
    """The row number (physical line) on which data record `index` starts."""
    _, records = survey_records(raw)
    return 2 + sum(r.count("\n") + 1 for r in records[:index])


# --------------------------------------------------------------------------- survey edits

def survey_truncated_last_line(land: Landing) -> str:
    raw = land.raw
    header, records = survey_records(raw)
    last = next(i for i in range(len(records) - 1, -1, -1) if '"' not in records[i])
    records = records[: last + 1]
    records[-1] = ";".join(records[-1].split(";")[:20])              # the copy broke off here
    write_cp1252(raw, "\r\n".join([header, *records]))
    return SURVEY


def survey_oversized_cell(land: Landing, size: int = 50_000_000) -> str:
    """A 50 MB open answer in the 10th submission (generated here, never committed)."""
    raw = land.raw
    header, records = survey_records(raw)
    i = next(i for i, r in enumerate(records) if i >= 9 and r.endswith(";") and '"' not in r)
    row = physical_row(raw, i)
    with (raw / SURVEY).open("wb") as f:
        f.write(("\r\n".join([header, *records[:i]]) + "\r\n").encode("cp1252"))
        f.write(records[i].encode("cp1252"))
        chunk = b"bla " * 250_000
        for _ in range(size // len(chunk)):
            f.write(chunk)
        f.write(("\r\n" + "\r\n".join(records[i + 1:]) + "\r\n").encode("cp1252"))
    land.notes["row"] = row
    return SURVEY


def survey_extra_columns(land: Landing) -> str:
    raw = land.raw
    header, records = survey_records(raw)
    write_cp1252(raw, "\r\n".join([header + ";IP-adres;Browser",
                                   *(r + ";10.0.0.1;Firefox 3.5" for r in records)]) + "\r\n")
    return SURVEY


ROLE = "In welke rol vult u de enquête in?"
COORDINATOR = "Namens de gemeente (coördinator/contactpersoon integratiebeleid)"


MUNICIPALITY = "Voor welke gemeente vult u de enquête in?"


def resubmitted(einddatum: str | Callable[[str], str] = "31-12-2009 23:59:00", role: str | None = None,
                startdatum: str | None = None, municipality: Callable[[str], str] | None = None,
                where: Callable[[Callable[[str], str]], bool] = lambda cell: True) -> Callable[[Landing], str]:
    """The first counted submission (for which `where` holds) sent again under respondent number
    9999, with this Einddatum (or the original's as `einddatum` rewrites it; and role, Startdatum,
    municipality as `municipality` rewrites it)."""
    def place(land: Landing) -> str:
        raw = land.raw
        header, fields, _ = first_counted_row(land, where=where)
        again = list(fields)
        end = survey_col(header, "Einddatum")
        again[0], again[end] = "9999", einddatum(fields[end]) if callable(einddatum) else einddatum
        if startdatum is not None:
            again[survey_col(header, "Startdatum")] = startdatum
        if role is not None:
            again[survey_col(header, ROLE)] = role
        if municipality is not None:
            again[survey_col(header, MUNICIPALITY)] = municipality(fields[survey_col(header, MUNICIPALITY)])
        land.notes["original"] = int(fields[0])
        land.notes["row"] = physical_row(raw, len(survey_records(raw)[1]))
        text = read_cp1252(raw)
        write_cp1252(raw, text.rstrip("\r\n") + "\r\n" + ";".join(again) + "\r\n")
        return SURVEY
    return place


survey_same_municipality_twice = resubmitted()


def counted_cell(column: str, value: str, read_handreiking: str | None = None) -> Callable[[Landing], str]:
    """The first counted submission with `value` in `column` (header as in the file)."""
    def place(land: Landing) -> str:
        header, fields, i = first_counted_row(land, read_handreiking)
        fields[survey_col(header, column)] = value
        land.notes.update(response_id=int(fields[0]), row=physical_row(land.raw, i))
        replace_record(land.raw, i, fields)
        return SURVEY
    return place


PARTNERS = "Namens welke andere gemeenten in uw intergemeentelijk samenwerkingsverband vult u de enquête mede in?"


def survey_partners_not_applicable(land: Landing) -> str:
    """The first counted submissions without partners get `n.v.t.`, `geen` and `-` as their
    partner answer, and the next one `Alphen a/d Rijn` (one name, with the `/` of 'aan den')."""
    header, records = survey_records(land.raw)
    col = survey_col(header, PARTNERS)
    land.notes["rows"] = {}
    answers = iter(["n.v.t.", "geen", "-", "Alphen a/d Rijn"])
    for i, rec in enumerate(records):
        f = rec.split(";")
        if '"' in rec or "\n" in rec or int(f[0]) not in land.counted_ids or f[col]:
            continue
        answer = next(answers, None)
        if answer is None:
            break
        f[col] = answer
        records[i] = ";".join(f)
        land.notes["rows"][int(f[0])] = answer
    write_cp1252(land.raw, "\r\n".join([header, *records]) + "\r\n")
    return SURVEY


ATTENDED = "Heeft u één of meer regiobijeenkomsten van de GIA bezocht?"
BLOCK_1 = ("Bijeenkomst 1 - Welke bijeenkomst?", "Bijeenkomst 1 - Goed opgezet", "Bijeenkomst 1 - Informatief",
           "Bijeenkomst 1 - Duidelijk/Helder", "Bijeenkomst 1 - Sloot aan bij lokale thema's")


def survey_visit_without_attending(land: Landing) -> str:
    """A counted submission that answers 'Nee' to attending yet fills visit block 1 (a meeting of
    the register, rated Eens four times), as a survey tool without routing lets through."""
    header, fields, _ = first_counted_row(land, where=lambda cell: bool(cell(BLOCK_1[0])))
    label = fields[survey_col(header, BLOCK_1[0])]
    return fill_block(land, BLOCK_1, (label, "Eens", "Eens", "Eens", "Eens"),
                      where=lambda cell: cell(ATTENDED) == "Nee")


def fill_block(land: Landing, block: tuple[str, ...], values: tuple[str, ...], where) -> str:
    """The first counted submission for which `where` holds gets `values` in the cells of `block`."""
    header, fields, i = first_counted_row(land, where=where)
    for column, value in zip(block, values):
        fields[survey_col(header, column)] = value
    land.notes["response_id"] = int(fields[0])
    replace_record(land.raw, i, fields)
    return SURVEY


def verify_visit_without_attending(box, land):
    rid = land.notes["response_id"]
    issues = box.query(f"SELECT field, reason, counted FROM staging.stg_survey_answer_issues "
                       f"WHERE response_id = {rid} ORDER BY field")
    fields = ["visit1_meeting", "visit1_well_organised", "visit1_informative", "visit1_clear", "visit1_local_fit"]
    assert issues == sorted(
        [("visit1_meeting", "visit1_meeting: answered, but asked only when attended_meeting is 'Ja'", True)]
        + [(f, f"{f}: answered, but asked only when visit1_meeting is answered", True) for f in fields[1:]]), issues
    assert box.query(f"SELECT count(*) FROM staging.stg_meeting_visits WHERE response_id = {rid}") == [(0,)]
    assert box.query(f"SELECT count(*) FROM staging.stg_survey_meeting_labels WHERE response_id = {rid}") == [(0,)]
    return (f"accepted; respondent {rid} (did not attend) is no visitor: the block's meeting and its four ratings "
            "listed in stg_survey_answer_issues ('answered, but asked only when …'), no visit staged, figures "
            "unchanged; answer-issues check fails")


BLOCK_2 = tuple(c.replace("Bijeenkomst 1", "Bijeenkomst 2") for c in BLOCK_1)


def survey_same_meeting_twice(land: Landing) -> str:
    """A counted visitor who names the meeting of visit block 1 again in the empty block 2 and
    rates it Oneens four times."""
    def one_visit(cell) -> bool:
        return bool(cell(BLOCK_1[0])) and not cell(BLOCK_2[0])
    header, fields, _ = first_counted_row(land, where=one_visit)
    label = fields[survey_col(header, BLOCK_1[0])]
    return fill_block(land, BLOCK_2, (label, *["Oneens"] * 4), where=one_visit)


def verify_same_meeting_twice(box, land):
    rid = land.notes["response_id"]
    assert box.query(f"SELECT field, reason, counted FROM staging.stg_survey_answer_issues "
                     f"WHERE response_id = {rid}") == [("visit2_meeting", "bijeenkomst al genoemd in blok 1", True)]
    assert box.query(f"SELECT visit_no FROM staging.stg_meeting_visits WHERE response_id = {rid}") == [(1,)]
    return (f"accepted; respondent {rid}'s block 2 repeats block 1's meeting: one visit (block 1), block 2 listed in "
            "stg_survey_answer_issues ('bijeenkomst al genoemd in blok 1'), figures unchanged; answer-issues "
            "check fails")


def survey_test_submission_nbsp(land: Landing) -> str:
    """A test submission whose municipality is 'Gemeente' and 'Test' joined by a non-breaking space."""
    raw = land.raw
    header, fields, _ = first_counted_row(land)
    test = list(fields)
    test[0] = "9997"
    test[survey_col(header, MUNICIPALITY)] = "Gemeente\u00a0Test"
    text = read_cp1252(raw)
    write_cp1252(raw, text.rstrip("\r\n") + "\r\n" + ";".join(test) + "\r\n")
    return SURVEY


def survey_unknown_municipality(land: Landing) -> str:
    raw = land.raw
    header, fields, i = first_counted_row(land)
    fields[survey_col(header, MUNICIPALITY)] = "Nergenshuizen aan Zee"
    land.notes["row"] = physical_row(raw, i)
    replace_record(raw, i, fields)
    return SURVEY


SURVEY_XLSX = "survey/gia_webenquete_export.xlsx"


def write_survey_xlsx(raw: Path, title: str | None = None) -> Path:
    """The shipped export as an xlsx next to it (all cells text), with an optional title row."""
    rows = list(csv.reader(io.StringIO(read_cp1252(raw), newline=""), delimiter=";"))
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for r in rows:
        ws.append(r)
    wb.save(raw / SURVEY_XLSX)
    return raw / SURVEY_XLSX


def survey_xlsx_with_title_row(land: Landing) -> str:
    """The same export delivered as xlsx (all cells text) with a title row above the header."""
    write_survey_xlsx(land.raw, title="Export webenquête GIA, 14-12-2009")
    (land.raw / SURVEY).unlink()
    return SURVEY_XLSX


def survey_xlsx_logical_grade(land: Landing) -> str:
    """The export as xlsx in which the first counted submission that read the handreiking holds a
    logical cell (TRUE, what Excel makes of a typed WAAR or TRUE) as its grade: 1 if read as a number."""
    header, fields, _ = first_counted_row(land, read_handreiking="Ja")
    land.notes["response_id"] = int(fields[0])
    path = write_survey_xlsx(land.raw)
    (land.raw / SURVEY).unlink()
    wb = openpyxl.load_workbook(path)
    row = next(r for r in wb.active.iter_rows(min_row=2) if r[0].value == fields[0])
    row[survey_col(header, "Welk rapportcijfer geeft u de handreiking?")].value = True
    wb.save(path)
    return SURVEY_XLSX


def survey_csv_and_xlsx(land: Landing) -> str:
    """The export delivered twice: as the shipped csv and, next to it, the same as xlsx."""
    write_survey_xlsx(land.raw)
    return SURVEY_XLSX


def rewrite_xlsx(path: Path, old: bytes, new: bytes) -> None:
    """Replace bytes inside the parts of a workbook (what openpyxl will not write)."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        parts = [(item, src.read(item.filename)) for item in src.infolist()]
    with zipfile.ZipFile(path, "w") as dst:
        for item, data in parts:
            dst.writestr(item, data.replace(old, new))


def survey_xlsx_oversized_cell(land: Landing) -> str:
    """The export as xlsx whose one open answer holds 1.2 million characters (Excel and openpyxl
    stop at 32,767; another program need not)."""
    raw = land.raw
    header, records = survey_records(raw)
    i = next(i for i, r in enumerate(records) if r.endswith(";") and '"' not in r)
    records[i] += "@LONG@"
    land.notes["row"] = i + 2                         # one xlsx row per record, the header on row 1
    write_cp1252(raw, "\r\n".join([header, *records]) + "\r\n")
    path = write_survey_xlsx(raw)
    (raw / SURVEY).unlink()
    rewrite_xlsx(path, b"@LONG@", b"lang " * 240_000)
    return SURVEY_XLSX


def survey_files_matching_no_pattern(land: Landing) -> str:
    """An old Excel 97 export and a note next to the export: neither is read, both are listed."""
    (land.raw / "survey" / "gia_webenquete_export_oud.XLS").write_bytes(b"\xd0\xcf\x11\xe0 not read")
    (land.raw / "survey" / "leesmij.txt").write_text("export van 14-12-2009\n", encoding="utf-8")
    return "survey/leesmij.txt"


# --------------------------------------------------------------------------- register edits

def register_iso_date(land: Landing) -> str:
    raw = land.raw
    path = raw / REGISTER
    text = path.read_bytes().decode("utf-8")
    assert "\r\nRB01;06-10-2008;" in text
    path.write_bytes(text.replace("\r\nRB01;06-10-2008;", "\r\nRB01;2008-10-06;").encode("utf-8"))
    return REGISTER


def register_place_with_dollar_signs(land: Landing) -> str:
    """A meeting without a list whose place was typed with two '$' (a formula in a chart label)."""
    path = land.raw / REGISTER
    text = path.read_bytes().decode("utf-8")
    path.write_bytes((text.rstrip("\r\n") + "\r\nRB22;15-12-2009;Tilburg $x^$ (zaal $2);Werk;"
                      "Zeeland & Noord-Brabant;Palet;12;geen lijst;;\r\n").encode("utf-8"))
    return REGISTER


def register_region_contradicts_place(land: Landing) -> str:
    """The Oss meeting (RB02) given the region Midden: Oss lies in Noord-Brabant."""
    path = land.raw / REGISTER
    text = path.read_bytes().decode("utf-8")
    old = "\r\nRB02;23-01-2009;Oss;Inburgering;Zeeland & Noord-Brabant;"
    assert old in text
    path.write_bytes(text.replace(old, "\r\nRB02;23-01-2009;Oss;Inburgering;Midden;").encode("utf-8"))
    return REGISTER


def register_lists_swapped(land: Landing) -> str:
    """The list files of the Oss (RB02, 23-01-2009) and the Delft meeting (RB07, 21-01-2009)
    swapped in the register: each meeting gets the other's persons (and Delft lies in another region)."""
    path = land.raw / REGISTER
    text = path.read_bytes().decode("utf-8")
    oss, delft = "deelnemerslijst_oss_23-01-2009.csv", "deelnemerslijst_delft_21-01-2009.csv"
    assert text.count(oss) == 1 and text.count(delft) == 1
    path.write_bytes(text.replace(oss, "\0").replace(delft, oss).replace("\0", delft).encode("utf-8"))
    return REGISTER


def meeting_without_list(land: Landing) -> str:
    raw = land.raw
    (raw / "attendance" / "Presentielijst Venlo 09-10-09.xlsx").unlink()
    return "attendance/Presentielijst Venlo 09-10-09.xlsx"


# --------------------------------------------------------------------------- attendance edits

LELYSTAD = "attendance/GIA_Lelystad_29092008_deelnemers.xlsx"     # template T4, no title rows
OSS = "attendance/deelnemerslijst_oss_23-01-2009.csv"                # template T1, cp1252
DRACHTEN = "attendance/aanwezigen_drachten_20090302.csv"             # template T3, UTF-8 with BOM


def attendance_title_rows(land: Landing) -> str:
    raw = land.raw
    wb = openpyxl.load_workbook(raw / LELYSTAD)
    ws = wb.active
    ws.insert_rows(1, 2)
    ws["A1"] = "Presentielijst GIA regiobijeenkomst Emancipatie, Lelystad 29-09-2008"
    ws.merge_cells("A1:F1")
    wb.save(raw / LELYSTAD)
    return LELYSTAD


def attendance_two_sheets(land: Landing) -> str:
    raw = land.raw
    wb = openpyxl.load_workbook(raw / LELYSTAD)
    extra = wb.create_sheet("Afmeldingen")
    extra.append(["nr.", "Naam deelnemer", "Functie", "Organisatie"])
    extra.append([1, "Karin de Groot", "wethouder", "Gemeente Dronten"])
    wb.save(raw / LELYSTAD)
    return LELYSTAD


def attendance_xlsx_cell(edit: Callable) -> Callable[[Landing], str]:
    """The Lelystad list with one change made by openpyxl (`edit(worksheet)`)."""
    def place(land: Landing) -> str:
        wb = openpyxl.load_workbook(land.raw / LELYSTAD)
        edit(wb.active)
        wb.save(land.raw / LELYSTAD)
        return LELYSTAD
    return place


def _formula(ws):
    ws["D3"] = "=D2"                    # openpyxl, like other writers, stores no computed value


def _error_value(ws):
    ws["C4"].value, ws["C4"].data_type = "#N/A", "e"


def _merged_organisation(ws):
    """The organisation cells of two neighbouring rows that name the same one, merged into one
    cell over both rows (as people tidy a list); the value is stored in the upper cell only."""
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    at = next(i for i in range(len(rows) - 1) if rows[i][3] and rows[i][3] == rows[i + 1][3]) + 2
    ws.merge_cells(f"D{at}:D{at + 1}")


def _struck_and_hidden(ws):
    """A person's name struck through (row 5) and a row hidden (row 8), as people mark and tidy
    away cancelled lines."""
    from openpyxl.styles import Font

    ws["B5"].font = Font(strike=True)
    ws.row_dimensions[8].hidden = True


def _far_cell(ws):
    ws["XFD1048576"] = "x"


def _name_as_error_value(ws):
    ws["B3"].data_type = "e"            # a name stored as an "error value" that is none


DRACHTEN = "attendance/aanwezigen_drachten_20090302.csv"
GRONINGEN = "attendance/aanwezigen_groningen_20090615.csv"


OSS = "attendance/deelnemerslijst_oss_23-01-2009.csv"
DELFT = "attendance/deelnemerslijst_delft_21-01-2009.csv"


def oss_person_again(organisation: str, name: Callable[[str], str] = lambda name: name,
                     function: str | None = None, municipality: str | None = None) -> Callable[[Landing], str]:
    """Append to the Oss list, under the next line number, the first person listed at 'Gemeente
    Oss' once more, now at `organisation` (and with the name as `name` rewrites it, `function`,
    `municipality`; the rest of the row as it was)."""
    def place(land: Landing) -> str:
        lines = read_cp1252(land.raw, OSS).rstrip("\r\n").split("\r\n")
        cells = next(line.split(";") for line in lines[1:] if line.split(";")[2] == "Gemeente Oss")
        land.notes["line"] = line_no = max(int(line.split(";")[0]) for line in lines[1:]) + 1
        land.notes["first"] = int(cells[0])
        lines.append(";".join([str(line_no), name(cells[1]), organisation, function or cells[3],
                               municipality or cells[4], *cells[5:]]))
        write_cp1252(land.raw, "\r\n".join(lines) + "\r\n", OSS)
        return OSS
    return place


def oss_people_again(*rows: dict) -> Callable[[Landing], str]:
    """Append one row to the Oss list per `rows` entry (the keyword arguments of `oss_person_again`);
    `notes["lines"]` holds their line numbers in order."""
    def place(land: Landing) -> str:
        land.notes["lines"] = []
        for row in rows:
            oss_person_again(**row)(land)
            land.notes["lines"].append(land.notes["line"])
        return OSS
    return place


#: two rows 'N.N.' (name unknown) of one organisation
oss_two_placeholders = oss_people_again(
    *[dict(organisation="Gemeente Helmond", name=lambda name: "N.N.", function="beleidsmedewerker")] * 2)

#: two municipal rows whose typed municipality is another than the one their organisation names:
#: 'Haraen' (a typo the resolver matches fuzzily to Haren) at 'Gemeente Haaren', 'Haren' (exact) at 'gem. Oss'
oss_municipality_contradicts_organisation = oss_people_again(
    dict(organisation="Gemeente Haaren", name=lambda name: name + " Jr", function="beleidsmedewerker",
         municipality="Haraen"),
    dict(organisation="gem. Oss", name=lambda name: name + " Sr", function="wethouder", municipality="Haren"))

#: the first 'Gemeente Oss' person again as 'Dhr. <name>' and as '<name> (wethouder)' at the same
#: organisation, and a row whose name is only 'Mevr.'
oss_forms_of_address = oss_people_again(
    dict(organisation="Gemeente Oss", name=lambda name: "Dhr. " + name),
    dict(organisation="Gemeente Oss", name=lambda name: name + " (wethouder)"),
    dict(organisation="Gemeente Oss", name=lambda name: "Mevr.", function="beleidsmedewerker"))

#: rows whose name cell names more than one person
oss_several_persons_in_a_row = oss_people_again(*[
    dict(organisation="Gemeente Oss", name=written, function="beleidsmedewerker")
    for written in (lambda name: name + " & P. Pietersen", lambda name: name + " + 1",
                    lambda name: "Jan en Piet Verbeek")])

#: how else people write on a list that someone did not come (function column, or after the name)
NOT_CAME = ("afmelding per mail", "no show", "niet verschenen", "ziek", "afgem.")
#: a row per NOT_CAME, each as its function; the last one after the name instead ('<name> Sr (afgem.)')
oss_cancelled_in_more_words = oss_people_again(
    *[dict(organisation="Gemeente Oss", name=lambda name, i=i: f"{name} {'JR' * (i + 1)}", function=words)
      for i, words in enumerate(NOT_CAME[:-1])],
    dict(organisation="Gemeente Oss", name=lambda name: f"{name} Sr ({NOT_CAME[-1]})"))


def oss_row_deleted(land: Landing) -> str:
    """The Oss list with the row of its middle line number deleted (the others keep their numbers)."""
    header, *lines = read_cp1252(land.raw, OSS).rstrip("\r\n").split("\r\n")
    gone = len(lines) // 2
    land.notes["line"] = int(lines[gone].split(";")[0])
    write_cp1252(land.raw, "\r\n".join([header, *lines[:gone], *lines[gone + 1:]]) + "\r\n", OSS)
    return OSS


def oss_with_remarks_column(land: Landing) -> str:
    """The Oss list with an 'Opmerking' column: empty, except 'afgemeld per mail' on its third row
    and 'Jan Jansen komt later' (a remark naming someone) on its fourth."""
    header, *lines = read_cp1252(land.raw, OSS).rstrip("\r\n").split("\r\n")
    remarks = {2: "afgemeld per mail", 3: "Jan Jansen komt later"}
    land.notes["cancelled"], land.notes["counted"] = int(lines[2].split(";")[0]), int(lines[3].split(";")[0])
    lines = [line + ";" + remarks.get(i, "") for i, line in enumerate(lines)]
    write_cp1252(land.raw, "\r\n".join([header + ";Opmerking", *lines]) + "\r\n", OSS)
    return OSS


def attendance_upper_case_extension(land: Landing) -> str:
    """The Oss list delivered as `.CSV`, and registered under that name."""
    upper = OSS.removesuffix(".csv") + ".CSV"
    (land.raw / OSS).rename(land.raw / upper)
    path = land.raw / REGISTER
    name = OSS.split("/")[1]
    path.write_bytes(path.read_bytes().replace(name.encode(), name.removesuffix(".csv").encode() + b".CSV"))
    land.notes["file"] = upper
    return upper


def attendance_link_out_of_landing(land: Landing) -> str:
    """An extra list that is a link to a file outside the landing folder."""
    outside = land.raw.parent / "elders" / "lijst.csv"
    outside.parent.mkdir()
    shutil.copy(CORPUS / "attendance" / "not_in_register.csv", outside)
    (land.raw / "attendance" / "extra_lijst.csv").symlink_to(outside)
    return "attendance/extra_lijst.csv"


def attendance_same_list_for_two_meetings(land: Landing) -> str:
    """The Delft list's content delivered as the Oss list too: one list, registered for two meetings."""
    shutil.copyfile(land.raw / DELFT, land.raw / OSS)
    return OSS


def attendance_merged_header(land: Landing) -> str:
    """'Naam deelnemer' merged over two columns: first name in B, surname in C (no header)."""
    raw = land.raw
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Presentielijst"
    ws.append(["nr.", "Naam deelnemer", None, "Functie", "Organisatie", "Gemeente/plaats", "E-mail"])
    ws.merge_cells("B1:C1")
    ws.append([1, "Henk", "Pijnenburg", "beleidsmedewerker integratie", "Gem. Loenen", "Loenen", None])
    ws.append([2, "Fatima", "Bouzid", "Wethouder", "Gemeente Lelystad", "Lelystad", None])
    ws.append([3, "Kees", "van Dam", "adviseur", "Axion CMO Flevoland", "Lelystad", None])
    wb.save(raw / LELYSTAD)
    return LELYSTAD


# --------------------------------------------------------------------------- accepted-case checks

@dataclass
class Accepted:
    failing_checks: set = field(default_factory=set)   # these non-blocking checks must fail, no others …
    marts_unchanged: bool = False                       # … and the figures equal those of the good state;
    # when a case changes the figures, the reconciliation with the report may fail too (whether a
    # changed count shows at the report's printed precision depends on the row)
    verify: Callable | None = None                      # (box, land) -> outcome text, asserts inside


def _quarantined(box, source: str) -> list[tuple]:
    return box.query(f"SELECT source_file, source_row, field, raw_value, reason FROM staging.stg_quarantine "
                     f"WHERE source = '{source}' ORDER BY source_row")


def verify_extra_columns(box, land):
    (files,) = [m["files"].value for k, m in box.materializations().items() if k == "raw/survey_export"]
    assert files[0]["ignored_columns"] == ["IP-adres", "Browser"]
    return "accepted; columns 'IP-adres', 'Browser' ignored and listed in the run metadata (ignored_columns)"


def verify_superseded(box, land):
    original = land.notes["original"]
    assert box.query(f"""SELECT reason, detail FROM staging.stg_exclusions WHERE source = 'survey_export'
                         AND source_row = (SELECT source_row FROM staging.stg_survey_submissions
                                           WHERE response_id = {original})""") == [
        ("vervangen door latere inzending", "vervangen door respondent 9999")]
    assert box.query("SELECT count(*) FROM staging.stg_survey_responses WHERE response_id = 9999") == [(1,)]
    assert box.query("SELECT count(*) FROM staging.stg_survey_responses") == [(141,)]
    return (f"accepted; respondent {original} excluded in stg_exclusions 'vervangen door latere inzending' "
            "(vervangen door respondent 9999); still 141 valid responses")


def verify_unknown_municipality(box, land):
    assert _quarantined(box, "survey_export") == [
        (SURVEY, land.notes["row"], "municipality_text", "Nergenshuizen aan Zee",
         "gemeente niet herleidbaar")]
    assert box.query("SELECT count(*) FROM staging.stg_survey_responses") == [(140,)]
    return ("accepted; row quarantined in stg_quarantine ('gemeente niet herleidbaar', raw value "
            "'Nergenshuizen aan Zee'), 140 valid responses; stg_quarantine check fails")


def _verify_flagged(box, response_id: int, field_name: str, reason: str, staged_column: str):
    issues = box.query(f"SELECT field, reason, counted FROM staging.stg_survey_answer_issues "
                       f"WHERE response_id = {response_id}")
    assert issues == [(field_name, reason, True)], issues
    assert box.query(f"SELECT {staged_column} FROM staging.stg_survey_responses "
                     f"WHERE response_id = {response_id}") == [(None,)]
    return issues


def flagged_answer(field_name: str, reason: str, shown: str) -> Callable:
    """verify: the answer is in stg_survey_answer_issues with `reason`, counted, and missing in staging."""
    def verify(box, land):
        rid = land.notes["response_id"]
        _verify_flagged(box, rid, field_name, f"{field_name}: {reason}", field_name)
        return (f"accepted; {shown} of respondent {rid} listed in stg_survey_answer_issues ('{reason}'), "
                "staged as missing; answer-issues check fails")
    return verify


def verify_xlsx_title(box, land):
    (files,) = [m["files"].value for k, m in box.materializations().items() if k == "raw/survey_export"]
    assert files[0]["file"] == "survey/gia_webenquete_export.xlsx" and files[0]["header_row"] == 2
    return "accepted; title row skipped (header found on row 2), every figure unchanged"


def verify_files_not_read(box, land):
    (meta,) = [m for k, m in box.materializations().items() if k == "raw/survey_export"]
    assert [f["file"] for f in meta["files"].value] == [SURVEY]
    assert [(u["file"], u["reason"].split(" (")[0]) for u in meta["files_not_read"].value] == [
        ("survey/gia_webenquete_export_oud.XLS", "matches none of the patterns survey/*.csv, survey/*.xlsx"),
        ("survey/leesmij.txt", "matches none of the patterns survey/*.csv, survey/*.xlsx")]
    (warning,) = [w for w in box.warnings() if "not read" in w]
    assert warning.startswith("2 file(s) in the landing folder of survey are not read: "
                              "survey/gia_webenquete_export_oud.XLS (matches none")
    return ("accepted; neither file read, both listed in the raw asset's metadata (files_not_read, with the "
            "reason) and in a warning; figures unchanged")


def verify_upper_case_extension(box, land):
    (meta,) = [m for k, m in box.materializations().items() if k == "raw/attendance_lists"]
    assert land.notes["file"] in [f["file"] for f in meta["files"].value]
    assert meta["files_not_read"].value == []
    return "accepted; the .CSV list is read like any .csv and linked to its meeting; figures unchanged"


def verify_dollar_place(box, land):
    assert box.query("SELECT meeting_label FROM staging.stg_meetings WHERE meeting_id = 'RB22'") == [
        ("2009-12-15 Tilburg $x^$ (zaal $2)",)]
    page = (box.root / "reports" / "gia-evaluation.html").read_text(encoding="utf-8")
    assert "Tilburg $x^$ (zaal $2)" in page              # the chart's label and the table's, as text
    return ("accepted; the meeting's label 'Tilburg $x^$ (zaal $2)' is printed as text in the report's chart and "
            "table (not parsed as a formula); the register's totals include its headcount")


def verify_region_contradicts_place(box, land):
    assert box.query("SELECT meeting_id, register_region, place_region, region_issue FROM staging.stg_meeting_regions "
                     "WHERE region_issue IS NOT NULL") == [
        ("RB02", "Midden", "Zeeland & Noord-Brabant", "plaats ligt in regio Zeeland & Noord-Brabant")]
    return ("accepted; the register's region is used (its attendees count in Midden), and the meeting is listed in "
            "stg_meeting_regions ('plaats ligt in regio Zeeland & Noord-Brabant')")


def verify_lists_swapped(box, land):
    assert box.query("SELECT meeting_id, list_date_issue FROM staging.stg_meeting_lists "
                     "WHERE list_date_issue IS NOT NULL ORDER BY meeting_id") == [
        ("RB02", "bestandsnaam noemt de datum van RB07 (21-01-2009), niet die van deze bijeenkomst (23-01-2009)"),
        ("RB07", "bestandsnaam noemt de datum van RB02 (23-01-2009), niet die van deze bijeenkomst (21-01-2009)")]
    return ("accepted; the register's files are used (the persons move between the meetings), and both meetings are "
            "listed in stg_meeting_lists.list_date_issue ('bestandsnaam noemt de datum van RB07 (21-01-2009), niet "
            "die van deze bijeenkomst (23-01-2009)' and the reverse)")


def verify_partners_not_applicable(box, land):
    ids = ", ".join(map(str, land.notes["rows"]))
    mentions = box.query(f"""SELECT response_id, partner_text FROM staging.stg_survey_partner_mentions
                             WHERE response_id IN ({ids}) ORDER BY response_id""")
    alphen = next(rid for rid, answer in land.notes["rows"].items() if answer.startswith("Alphen"))
    assert mentions == [(alphen, "Alphen a/d Rijn")], mentions
    assert box.query("SELECT count(*) FROM staging.stg_quarantine WHERE field = 'partner_municipalities_text'") == [(0,)]
    assert box.query(f"SELECT count(*) FROM staging.stg_survey_answer_issues WHERE response_id IN ({ids})") == [(0,)]
    assert box.query("SELECT count(*) FROM staging.stg_survey_indirect_municipalities WHERE gemeentecode = '0484' "
                     f"AND list_contains(named_by_response_ids, {alphen})") == [(1,)]
    return ("accepted; 'n.v.t.', 'geen' and '-' name no partner (no quarantine, no answer issue), 'Alphen a/d Rijn' "
            "is one partner (Alphen aan den Rijn, alias); figures unchanged")


def verify_iso_date(box, land):
    assert box.query("SELECT meeting_date::VARCHAR, meeting_label FROM staging.stg_meetings "
                     "WHERE meeting_id = 'RB01'") == [("2008-10-06", "2008-10-06 Den Bosch")]
    return "accepted; '2008-10-06' read as 6 October 2008 (yyyy-mm-dd is the contract's second form), figures unchanged"


def verify_meeting_without_list(box, land):
    assert box.query("SELECT meeting_id, raw_list_rows FROM staging.stg_meeting_lists WHERE list_missing") == [
        ("RB15", 0)]
    return ("accepted; stg_meeting_lists marks RB15 (Venlo) list_missing (raw_list_rows 0), its check fails; "
            "the attendance figures are computed without Venlo")


def verify_not_in_register(box, land):
    rows = _quarantined(box, "attendance_lists")
    assert [(f, r) for _, _, f, r, _ in rows] == [("source_file", "attendance/not_in_register.csv")] * 3
    assert {reason for *_, reason in rows} == {"lijst niet in register"}
    return "accepted; its 3 rows quarantined in stg_quarantine ('lijst niet in register'); stg_quarantine check fails"


def verify_only_cancelled(box, land):
    assert box.query("SELECT source_row, reason FROM staging.stg_exclusions WHERE source_file = "
                     "'attendance/deelnemerslijst_oss_23-01-2009.csv' ORDER BY source_row") == [
        (2, "afgemeld"), (3, "afgemeld"), (4, "afgemeld")]
    assert box.query("SELECT raw_list_rows, counted_list_rows FROM staging.stg_meeting_lists "
                     "WHERE list_without_counted_rows") == [(3, 0)]
    # the survey's visits to Oss are no longer confirmed by its list: a finding, not hidden
    assert box.query("SELECT DISTINCT confirmation FROM marts.visit_confirmation WHERE meeting_id = 'RB02'") == [
        ("niet op de lijst",)]
    return ("accepted; its 3 rows excluded in stg_exclusions ('afgemeld'); stg_meeting_lists marks RB02 (Oss) "
            "list_without_counted_rows, its check fails; the survey's visits to Oss are 'niet op de lijst' "
            "in marts.visit_confirmation (warn check)")


def verify_attendance_title(box, land):
    (files,) = [m["files"].value for k, m in box.materializations().items() if k == "raw/attendance_lists"]
    entry = next(f for f in files if f["file"] == LELYSTAD)
    assert entry["header_row"] == 3
    return "accepted; title and blank row skipped (header found on row 3), every figure unchanged"


def _submission(box, response_id: int) -> tuple:
    return box.query(f"""SELECT exclusion_reason, superseded_by, quarantine_reason, quarantine_field, quarantine_value,
                                candidates FROM staging.stg_survey_submissions WHERE response_id = {response_id}""")[0]


def _responses(box) -> int:
    return box.query("SELECT count(*) FROM staging.stg_survey_responses")[0][0]


def verify_role_garbled(box, land):
    rid = land.notes["response_id"]
    damaged = COORDINATOR.replace("ö", "?")
    assert _quarantined(box, "survey_export") == [
        (SURVEY, land.notes["row"], "respondent_role", damaged, "ongeldige waarde")]
    assert _responses(box) == 140
    return (f"accepted; respondent {rid} quarantined in stg_quarantine ('ongeldige waarde', field respondent_role, "
            "raw value as delivered), not excluded as a colleague; 140 valid responses; stg_quarantine check fails")


def verify_role_empty(box, land):
    rid = land.notes["response_id"]
    assert _quarantined(box, "survey_export") == [(SURVEY, land.notes["row"], "respondent_role", None, "rol ontbreekt")]
    assert _responses(box) == 140
    return (f"accepted; respondent {rid} quarantined ('rol ontbreekt'), not excluded as a colleague; "
            "140 valid responses; stg_quarantine check fails")


def verify_resubmission_date_only(box, land):
    original = land.notes["original"]
    assert _submission(box, original)[:2] == ("vervangen door latere inzending", 9999)
    assert _submission(box, 9999)[:3] == (None, None, None)
    assert _responses(box) == 141
    return (f"accepted; the resubmission (Einddatum '2009-12-31', a date cell's form) counts and respondent "
            f"{original} is 'vervangen door respondent 9999'; still 141 valid responses, figures unchanged")


def _verify_undecided(box, land, reason: str, field: str, value) -> str:
    original = land.notes["original"]
    assert _submission(box, 9999)[2:5] == (reason, field, value)
    assert _submission(box, original)[2:] == ("laatste inzending niet te bepalen", "submitted_at",
                                              _submission(box, original)[4], "respondent 9999")
    assert {r for *_, r in _quarantined(box, "survey_export")} == {reason, "laatste inzending niet te bepalen"}
    assert _responses(box) == 140
    return (f"accepted; the resubmission 9999 quarantined ('{reason}') and, since it might be the later one, "
            f"respondent {original} too ('laatste inzending niet te bepalen', candidates 'respondent 9999'); "
            "140 valid responses; stg_quarantine check fails")


def verify_same_day_date_only(box, land):
    original = land.notes["original"]
    assert _submission(box, 9999)[2:] == ("laatste inzending niet te bepalen", "submitted_at",
                                          _submission(box, 9999)[4], f"respondent {original}")
    assert _submission(box, original)[2:] == ("laatste inzending niet te bepalen", "submitted_at",
                                              _submission(box, original)[4], "respondent 9999")
    assert _responses(box) == 140
    return (f"accepted; which of the two is later is unknown (9999 is known to the day only), so neither counts: "
            f"9999 and respondent {original} quarantined ('laatste inzending niet te bepalen', each naming the "
            "other); 140 valid responses; stg_quarantine check fails")


def verify_incomplete_with_einddatum(box, land):
    assert _submission(box, land.notes["response_id"])[:5] == (None, None, "Onvolledig met Einddatum", "status",
                                                              "Onvolledig")
    assert _responses(box) == 140
    return ("accepted; the row quarantined ('Onvolledig met Einddatum', field status), not excluded as 'onvolledig'; "
            "140 valid responses; stg_quarantine check fails")


def verify_resubmission_without_einddatum(box, land):
    return _verify_undecided(box, land, "Einddatum ontbreekt", "submitted_at", None)


def verify_resubmission_role_garbled(box, land):
    return _verify_undecided(box, land, "ongeldige waarde", "respondent_role", COORDINATOR.replace("ö", "?"))


def verify_test_after_name(box, land):
    assert _submission(box, 9999)[:3] == ("test", None, None)
    assert _submission(box, land.notes["original"])[:3] == (None, None, None)
    assert _responses(box) == 141
    return (f"accepted; respondent 9999 ('… (test)') excluded as 'test', respondent {land.notes['original']} "
            "still counts (it was superseded by the fuzzy match of the test); figures unchanged")


def verify_test_nbsp(box, land):
    assert _submission(box, 9997)[:3] == ("test", None, None)
    assert _quarantined(box, "survey_export") == []
    return "accepted; 'Gemeente\u00a0Test' excluded as 'test' (one normalisation for the rule and the resolver)"


def _list_rows(box, path: str) -> list[tuple]:
    return box.query(f"""SELECT line_no, exclusion_reason, quarantine_reason, quarantine_field, quarantine_value
                         FROM staging.stg_attendance_rows WHERE source_file = '{path}' ORDER BY line_no""")


def verify_digit_names(box, land):
    assert _list_rows(box, OSS) == [(1, None, None, None, None), (2, None, None, None, None), (3, None, None, None, None)]
    assert box.query("SELECT count(DISTINCT person_key) FROM staging.stg_attendance WHERE source_file = "
                     f"'{OSS}'") == [(3,)]
    return "accepted; 'Deelnemer 1', '… 2', '… 3' are three persons with three keys, all counted (none 'dubbel')"


def verify_non_latin_names(box, land):
    assert _list_rows(box, DRACHTEN) == [(n, None, None, None, None) for n in (1, 2, 3, 4)]
    assert box.query("SELECT count(DISTINCT person_key) FROM staging.stg_attendance WHERE source_file = "
                     f"'{DRACHTEN}'") == [(4,)]
    return "accepted; four names in Arabic and Chinese script are four persons with four keys, all counted"


def verify_names_without_letters(box, land):
    assert _list_rows(box, OSS) == [(1, None, None, None, None),
                                   (2, None, "naam zonder letters of cijfers", "person_name", None),
                                   (3, None, "naam zonder letters of cijfers", "person_name", None)]
    return ("accepted; names '?' and '-' quarantined ('naam zonder letters of cijfers', no key, the value not "
            "copied out of raw), never 'dubbel' of each other; stg_quarantine check fails")


def verify_name_missing(box, land):
    assert _list_rows(box, OSS) == [(1, None, None, None, None), (2, None, "geen naam", "person_name", None)]
    return "accepted; the row without a name quarantined ('geen naam'), not excluded; stg_quarantine check fails"


def verify_nbsp(box, land):
    assert _list_rows(box, OSS) == [(1, None, None, None, None), (2, "dubbel", None, None, None),
                                   (3, "afgemeld", None, None, None), (4, None, None, None, None)]
    return ("accepted; 'Gemeente\u00a0Oss' is the same organisation as 'Gemeente Oss' (line 2 'dubbel') and "
            "'niet\u00a0aanwezig' a cancellation (line 3 'afgemeld')")


def verify_prefix_duplicate(box, land):
    rows = {line: reason for line, reason, *_ in _list_rows(box, OSS)}
    assert rows[land.notes["first"]] is None and rows[land.notes["line"]] == "dubbel"
    return (f"accepted; line {land.notes['line']} (the person of line {land.notes['first']} at 'Gem. Oss') is 'dubbel': "
            "the organisation key drops the gemeente/gem. prefix, as the person rules do")


def verify_cancelled_in_other_words(box, land):
    rows = {line: reason for line, reason, *_ in _list_rows(box, OSS)}
    assert rows[land.notes["line"]] == "afgemeld"
    return f"accepted; line {land.notes['line']} (function 'verhinderd') excluded as 'afgemeld'; figures unchanged"


def verify_cancelled_in_more_words(box, land):
    rows = {line: reason for line, reason, *_ in _list_rows(box, OSS)}
    assert [rows[line] for line in land.notes["lines"]] == ["afgemeld"] * len(NOT_CAME)
    return (f"accepted; the {len(NOT_CAME)} rows ({', '.join(repr(w) for w in NOT_CAME)}) excluded as 'afgemeld'; "
            "figures unchanged")


def verify_remarks_column(box, land):
    rows = {line: reason for line, reason, *_ in _list_rows(box, OSS)}
    assert rows[land.notes["cancelled"]] == "afgemeld" and rows[land.notes["counted"]] is None
    assert not [w for w in box.warnings() if "Opmerking" in w], "the column is read, not ignored"
    assert box.query("SELECT count(*) FROM raw.attendance_lists WHERE remark = 'afgemeld per mail'") == [(1,)]
    return (f"accepted; the 'Opmerking' column is read as `remark` (personal, raw only): line "
            f"{land.notes['cancelled']} ('afgemeld per mail') excluded as 'afgemeld', the other remark changes nothing")


def verify_placeholders(box, land):
    rows = {line: (reason, field) for line, _, reason, field, _ in _list_rows(box, OSS)}
    assert [rows[line] for line in land.notes["lines"]] == [("geen naam", "person_name")] * 2
    return ("accepted; both 'N.N.' rows quarantined ('geen naam'), neither counted nor merged as 'dubbel'; "
            "stg_quarantine check fails; figures unchanged")


def verify_municipality_contradicts_organisation(box, land):
    rows = {line: rest for line, *rest in _list_rows(box, OSS)}
    assert [rows[line] for line in land.notes["lines"]] == [
        [None, "gemeente spreekt organisatie tegen", "municipality_text", "Haraen"],
        [None, "gemeente spreekt organisatie tegen", "municipality_text", "Haren"]]
    candidates = box.query(f"""SELECT candidates FROM staging.stg_quarantine WHERE source_file = '{OSS}'
                               ORDER BY source_row""")
    assert candidates == [("organisatie: Haaren (0788); getypte gemeente: Haren (0017, fuzzy)",),
                          ("organisatie: Oss (0828); getypte gemeente: Haren (0017, exact)",)], candidates
    return ("accepted; both rows quarantined ('gemeente spreekt organisatie tegen', naming both municipalities), "
            "neither counted for Haren; stg_quarantine check fails; figures unchanged")


def verify_forms_of_address(box, land):
    rows = {line: (reason, quarantine) for line, reason, quarantine, *_ in _list_rows(box, OSS)}
    assert [rows[line] for line in land.notes["lines"]] == [("dubbel", None), ("dubbel", None), (None, "geen naam")]
    return ("accepted; 'Dhr. <name>' and '<name> (wethouder)' are the same person as '<name>' at the same "
            "organisation (excluded as 'dubbel'), and 'Mevr.' alone names nobody (quarantined, 'geen naam'); "
            "figures unchanged")


def verify_several_persons(box, land):
    rows = {line: (reason, quarantine, field, value) for line, reason, quarantine, field, value in _list_rows(box, OSS)}
    assert [rows[line] for line in land.notes["lines"]] == [(None, "meer dan één persoon", "person_name", None)] * 3
    return ("accepted; the three rows quarantined ('meer dan één persoon', field person_name, the name not shown), "
            "none counted as one person; stg_quarantine check fails; figures unchanged")


def verify_row_deleted(box, land):
    oss = OSS.split("/")[1]
    assert box.query(f"SELECT missing_line_numbers FROM staging.stg_meeting_lists WHERE list_file = '{oss}'") == [(1,)]
    assert box.query("SELECT count(*) FROM staging.stg_meeting_lists WHERE missing_line_numbers <> 0") == [(1,)]
    return (f"accepted; the Oss list counts one person fewer, and stg_meeting_lists shows 1 missing line number "
            f"(line {land.notes['line']})")


def verify_person_twice(box, land):
    assert box.query(f"""SELECT count(*), count(DISTINCT person_id) FROM staging.attendance_persons
                         WHERE source_file = '{OSS}' AND source_row IN (SELECT source_row FROM
                         staging.stg_attendance_rows WHERE source_file = '{OSS}'
                         AND line_no IN ({land.notes['first']}, {land.notes['line']}))""") == [(2, 1)]
    return (f"accepted; line {land.notes['line']} counts (another organisation), but the person rules make it the "
            f"person of line {land.notes['first']} (same name, same place): the check of one person per list fails")


def verify_garbled_municipality(box, land):
    assert _list_rows(box, DRACHTEN) == [(1, None, "ongeldige waarde", "municipality_text", "Leeuward\ufffdn"),
                                        (2, None, None, None, None)]
    return ("accepted; the wethouder's municipality 'Leeuward\ufffdn' (U+FFFD) is flagged and the row quarantined "
            "('ongeldige waarde'), not matched fuzzily to Leeuwarden; stg_quarantine check fails")


# --------------------------------------------------------------------------- the cases

@dataclass
class Case:
    id: str
    source: str                                    # survey | meetings | attendance
    place: Callable[[Landing], str]                # puts the bad file into the raw folder
    refused: tuple[str, ...] | Callable | None = None   # message fragments (or a function giving them)
    accepted: Accepted | None = None
    what: str = ""                                 # the bad input, for the reliability table
    hidden: tuple[str, ...] = ()                   # personal values the refusal must not show


CASES = [
    # ---- survey export (cp1252, ';')
    Case("survey-empty-file", "survey", copy_corpus("survey/empty.csv"),
         refused=("file is empty",), what="a 0-byte survey export"),
    Case("survey-header-only", "survey", copy_corpus("survey/header_only.csv"),
         refused=("no data rows below the header (row 1)",), what="a survey export with the header and no rows"),
    Case("survey-wrong-delimiter", "survey", copy_corpus("survey/comma_delimited.csv"),
         refused=("row 1: expected ';' as delimiter, found ','",), what="a survey export separated by ','"),
    Case("survey-utf8-bom", "survey", copy_corpus("survey/utf8_bom.csv"),
         refused=("row 1: the file starts with a UTF-8 byte-order mark", "accepts only cp1252"),
         what="a survey export in UTF-8 with BOM (contract: cp1252)"),
    Case("survey-utf8-no-bom", "survey", copy_corpus("survey/utf8_no_bom.csv"),
         refused=("row 1, column 'Voor welke gemeente vult u de enquête in?'",
                  "the file is UTF-8 without a byte-order mark"),
         what="a survey export in UTF-8 without BOM (would be misread as cp1252)"),
    Case("survey-utf16", "survey", copy_corpus("survey/utf16.csv"),
         refused=("row 1: the file starts with a UTF-16 byte-order mark", "accepts only cp1252"),
         what="a survey export in UTF-16"),
    Case("survey-truncated-last-line", "survey", survey_truncated_last_line,
         refused=lambda land: (f"row {physical_row(land.raw, len(survey_records(land.raw)[1]) - 1)}: 20 cells but the "
                              "header has 53 (truncated line?)",),
         what="the shipped export cut off in the middle of its last line"),
    Case("survey-unbalanced-quote", "survey", copy_corpus("survey/unbalanced_quote.csv"),
         refused=("row 3, column 'Heeft u nog overige opmerkingen?': a quote (\") opens this cell and is never closed",),
         what="an open answer whose opening quote is never closed"),
    Case("survey-missing-required-column", "survey", copy_corpus("survey/missing_status_column.csv"),
         refused=("row 1: no header row with every required column; missing 'Status' (status)",),
         what="a survey export without the Status column"),
    Case("survey-renamed-column", "survey", copy_corpus("survey/renamed_column.csv"),
         refused=("missing 'Respondentnummer' (response_id)", "unknown column(s) 'Respondent nr.' (renamed?)"),
         what="'Respondentnummer' renamed to 'Respondent nr.'"),
    Case("survey-extra-unknown-columns", "survey", survey_extra_columns,
         accepted=Accepted(marts_unchanged=True, verify=verify_extra_columns),
         what="two unknown columns (IP-adres, Browser) added to the shipped export"),
    Case("survey-duplicate-respondent-id", "survey", copy_corpus("survey/duplicate_respondent_id.csv"),
         refused=("row 4, column 'Respondentnummer': '1006' repeats the response_id of row 2",),
         what="Respondentnummer 1006 twice in one file"),
    Case("survey-same-municipality-twice", "survey", survey_same_municipality_twice,
         accepted=Accepted(marts_unchanged=True, verify=verify_superseded),
         what="a municipality's submission sent again later under a new Respondentnummer"),
    Case("survey-test-after-municipality-name", "survey",
         resubmitted(municipality=lambda name: f"{name} (test)", where=lambda cell: len(cell(MUNICIPALITY)) >= 22),
         accepted=Accepted(marts_unchanged=True, verify=verify_test_after_name),
         what="a test submission typed '<a long municipality name> (test)', later than the real one; it was a "
              "fuzzy match of the municipality and superseded the real submission with every check green"),
    Case("survey-unknown-municipality", "survey", survey_unknown_municipality,
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_unknown_municipality),
         what="a counted submission for 'Nergenshuizen aan Zee'"),
    Case("survey-grade-out-of-scale", "survey",
         counted_cell("Welk rapportcijfer geeft u de handreiking?", "11", read_handreiking="Ja"),
         accepted=Accepted(failing_checks={ANSWER_ISSUES_CHECK},
                           verify=flagged_answer("hr_grade", "11 is above the maximum 10", "grade 11")),
         what="rapportcijfer 11 on a counted submission"),
    Case("survey-likert-not-on-scale", "survey",
         counted_cell("De handreiking is... - Prettig leesbaar", "Misschien", read_handreiking="Ja"),
         accepted=Accepted(failing_checks={ANSWER_ISSUES_CHECK},
                           verify=flagged_answer("hr_readable", "'Misschien' is not one of the allowed values",
                                                 "'Misschien'")),
         what="Likert answer 'Misschien' on a counted submission"),
    Case("survey-date-in-future", "survey", copy_corpus("survey/submitted_in_2031.csv"),
         refused=("row 3, column 'Einddatum': '12-10-2031 10:36:00' is after the latest accepted date 2010-12-31",),
         what="Einddatum in 2031 (contract: plausible_dates 2009-01-01..2010-12-31)"),
    Case("survey-50mb-text-field", "survey", survey_oversized_cell,
         refused=lambda land: (f"row {land.notes['row']}, column 'Heeft u nog overige opmerkingen?': "
                              "a cell is longer than the limit of 1,000,000 characters",),
         what="a 50 MB open answer (generated in the test)"),
    Case("survey-xlsx-with-title-row", "survey", survey_xlsx_with_title_row,
         accepted=Accepted(marts_unchanged=True, verify=verify_xlsx_title),
         what="the export as xlsx with a title row above the header"),
    Case("survey-mixed-encodings", "survey", copy_corpus("survey/mixed_encodings.csv"),
         refused=("row 3, column 'In welke rol vult u de enquête in?': mixed encodings: this cell holds UTF-8 "
                  "text ('ö' is written as the bytes c3 b6)",),
         what="one submission (row 3) pasted in as UTF-8 into the cp1252 export"),
    Case("survey-xlsx-oversized-cell", "survey", survey_xlsx_oversized_cell,
         refused=lambda land: (f"cell BA{land.notes['row']} (row {land.notes['row']}, column BA): a cell is longer "
                              "than the limit of 1,000,000 characters",),
         what="the export as xlsx with a 1.2-million-character open answer (the csv limit, for xlsx)"),
    Case("survey-second-export-overlapping-numbers", "survey", copy_corpus("survey/second_export.csv"),
         refused=("survey/second_export.csv: row 2, column 'Respondentnummer': ", "is also in ",
                  f"{SURVEY} (row ", "3 row(s) of this file repeat a 'Respondentnummer' of another file"),
         what="a second survey file whose three Respondentnummers are also in the export"),
    Case("survey-same-export-csv-and-xlsx", "survey", survey_csv_and_xlsx,
         refused=("holds the same rows as ", f"{SURVEY} (the same values)"),
         what="the export delivered twice: csv and, next to it, the same as xlsx"),
    Case("survey-files-matching-no-pattern", "survey", survey_files_matching_no_pattern,
         accepted=Accepted(marts_unchanged=True, verify=verify_files_not_read),
         what="an .XLS export and a .txt note next to the export"),
    # survey: a value that is flagged, missing or parsed differently never decides a row's fate
    Case("survey-role-garbled", "survey",
         counted_cell(ROLE, COORDINATOR.replace("ö", "?")),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_role_garbled),
         what="the coordinator's role with 'ö' lost in a conversion ('co?rdinator') on a counted submission"),
    Case("survey-role-empty", "survey", counted_cell(ROLE, ""),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_role_empty),
         what="a complete submission with its role left empty"),
    Case("survey-resubmission-date-only", "survey", resubmitted("2009-12-31"),
         accepted=Accepted(marts_unchanged=True, verify=verify_resubmission_date_only),
         what="a later resubmission whose Einddatum is a bare date (2009-12-31, the form of a date cell)"),
    Case("survey-resubmission-without-einddatum", "survey", resubmitted(""),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_resubmission_without_einddatum),
         what="a resubmission marked Voltooid without an Einddatum"),
    Case("survey-resubmission-same-day-date-only", "survey",
         resubmitted(lambda end: "{2}-{1}-{0}".format(*end.split(" ")[0].split("-"))),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_same_day_date_only),
         what="a resubmission whose Einddatum is the original's day as a bare date (yyyy-mm-dd): it ranked at "
              "midnight and lost to the original with every check green"),
    Case("survey-incomplete-with-einddatum", "survey", counted_cell("Status", "Onvolledig"),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_incomplete_with_einddatum),
         what="a counted submission whose Status is 'Onvolledig' while it has an Einddatum (§2: empty iff "
              "Onvolledig); it was excluded as incomplete with every check green"),
    Case("survey-resubmission-ending-before-its-start", "survey",
         resubmitted("12-10-2009 09:20:00", startdatum="10-12-2009 09:00:00"),
         refused=lambda land: (f"row {land.notes['row']}, column 'Einddatum': '12-10-2009 09:20:00' lies before "
                              "'Startdatum' ('10-12-2009 09:00:00') of the same row",),
         what="a resubmission whose Einddatum has day and month swapped: 12 October, before its Startdatum "
              "of 10 December (rule 5 would rank it on that date)"),
    Case("survey-resubmission-role-garbled", "survey", resubmitted(role=COORDINATOR.replace("ö", "?")),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_resubmission_role_garbled),
         what="a later resubmission whose role lost its 'ö' ('co?rdinator')"),
    Case("survey-grade-with-inner-space", "survey",
         counted_cell("Welk rapportcijfer geeft u de handreiking?", "1 0", read_handreiking="Ja"),
         accepted=Accepted(failing_checks={ANSWER_ISSUES_CHECK},
                           verify=flagged_answer("hr_grade", "'1 0' is not an integer", "grade '1 0'")),
         what="rapportcijfer '1 0' on a counted submission"),
    Case("survey-xlsx-logical-grade", "survey", survey_xlsx_logical_grade,
         accepted=Accepted(failing_checks={ANSWER_ISSUES_CHECK},
                           verify=flagged_answer("hr_grade", "'TRUE' is not an integer", "the logical grade TRUE")),
         what="the export as xlsx; a counted submission's rapportcijfer is a logical cell TRUE (1 as a number)"),
    # survey: an answer to a question the respondent was not asked (routing, contract §5)
    Case("survey-grade-without-reading", "survey",
         counted_cell("Welk rapportcijfer geeft u de handreiking?", "8", read_handreiking="Nee"),
         accepted=Accepted(failing_checks={ANSWER_ISSUES_CHECK}, marts_unchanged=True,
                           verify=flagged_answer("hr_grade", "answered, but asked only when read_handreiking is 'Ja'",
                                                 "a handreiking grade 8 from a non-reader")),
         what="a counted submission that did not read the handreiking ('Nee') but grades it 8"),
    Case("survey-visit-without-attending", "survey", survey_visit_without_attending,
         accepted=Accepted(failing_checks={ANSWER_ISSUES_CHECK}, marts_unchanged=True,
                           verify=verify_visit_without_attending),
         what="a counted submission that did not attend a meeting ('Nee') but fills visit block 1"),
    Case("survey-same-meeting-twice", "survey", survey_same_meeting_twice,
         accepted=Accepted(failing_checks={ANSWER_ISSUES_CHECK}, marts_unchanged=True,
                           verify=verify_same_meeting_twice),
         what="a counted visitor names the meeting of visit block 1 again in block 2 (rated otherwise)"),
    Case("survey-partner-not-applicable", "survey", survey_partners_not_applicable,
         accepted=Accepted(marts_unchanged=True, verify=verify_partners_not_applicable),
         what="partner answers 'n.v.t.', 'geen' and '-' (each was quarantined as an unknown partner municipality) "
              "and 'Alphen a/d Rijn' (was split at the '/' into two unknown names)"),
    Case("survey-test-submission-nbsp", "survey", survey_test_submission_nbsp,
         accepted=Accepted(marts_unchanged=True, verify=verify_test_nbsp),
         what="a test submission for 'Gemeente\u00a0Test' (a non-breaking space)"),
    Case("survey-respondent-id-leading-zero", "survey", copy_corpus("survey/respondent_id_leading_zero.csv"),
         refused=("row 4, column 'Respondentnummer': '01006' repeats the response_id of row 2",),
         what="Respondentnummer 1006 and 01006 in one file (one number)"),
    # ---- meeting register (UTF-8, ';')
    Case("register-cp1252-euro", "meetings", copy_corpus("meetings/cp1252_euro.csv", to=REGISTER),
         refused=("row 6, column 'Opmerking': byte 0x80 is not valid utf-8",),
         what="the register saved as Windows-1252 with '€' in a remark (contract: UTF-8)"),
    Case("register-date-iso", "meetings", register_iso_date,
         accepted=Accepted(marts_unchanged=True, verify=verify_iso_date),
         what="Datum written 2008-10-06 instead of 06-10-2008"),
    Case("register-date-in-words", "meetings", copy_corpus("meetings/date_in_words.csv", to=REGISTER),
         refused=("row 2, column 'Datum': '6 oktober 2008' is not a date in the formats %d-%m-%Y, %Y-%m-%d",),
         what="Datum written '6 oktober 2008'"),
    Case("register-duplicate-meeting-id", "meetings", copy_corpus("meetings/duplicate_meeting_id.csv", to=REGISTER),
         refused=("row 3, column 'Bijeenkomst': 'RB01' repeats the meeting_id of row 2",),
         what="Bijeenkomst RB01 on two rows"),
    Case("register-duplicate-list-file", "meetings", copy_corpus("meetings/duplicate_list_file.csv", to=REGISTER),
         refused=("row 3, column 'Bestand presentielijst': 'deelnemerslijst_den_bosch_06-10-2008.csv' repeats",),
         what="one attendance list file named by two meetings"),
    Case("register-list-file-empty-for-listed-meeting", "meetings",
         copy_corpus("meetings/empty_list_file.csv", to=REGISTER),
         refused=("row 5, column 'Bestand presentielijst': empty, but it may only be empty when "
                  "'Status presentielijst' is 'geen lijst' (it is 'volledig')",),
         what="a meeting with status 'volledig' whose list file name is left empty"),
    Case("register-headcount-with-space", "meetings", copy_corpus("meetings/headcount_with_space.csv", to=REGISTER),
         refused=("row 11, column 'Aantal aanwezigen': '1 413' is not an integer",),
         what="a headcount typed with a thousands space ('1 413')"),
    Case("register-meeting-without-list", "meetings", meeting_without_list,
         accepted=Accepted(failing_checks={LIST_MISSING_CHECK}, verify=verify_meeting_without_list),
         what="a meeting in the register whose list file is missing"),
    Case("register-place-with-dollar-signs", "meetings", register_place_with_dollar_signs,
         accepted=Accepted(verify=verify_dollar_place),
         what="a meeting (without a list) whose place is typed 'Tilburg $x^$ (zaal $2)'"),
    Case("register-region-contradicts-place", "meetings", register_region_contradicts_place,
         accepted=Accepted(failing_checks={REGION_CHECK}, verify=verify_region_contradicts_place),
         what="the Oss meeting given the region Midden (Oss lies in Noord-Brabant); the figures per region "
              "used to move with every check green"),
    Case("register-lists-swapped", "meetings", register_lists_swapped,
         accepted=Accepted(failing_checks={LIST_DATE_CHECK, VISIT_NOT_CONFIRMED_CHECK}, verify=verify_lists_swapped),
         what="the list files of the Oss and the Delft meeting swapped in the register; their persons moved "
              "between the meetings (and regions), and only the survey's visit confirmation hinted at it"),
    # ---- attendance lists
    Case("attendance-list-without-rows", "attendance",
         copy_corpus("attendance/header_only.csv", to="attendance/deelnemerslijst_oss_23-01-2009.csv"),
         refused=("deelnemerslijst_oss_23-01-2009.csv: no data rows below the header (row 1)",),
         what="a registered list with a header and no rows"),
    Case("attendance-list-not-in-register", "attendance", copy_corpus("attendance/not_in_register.csv"),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, marts_unchanged=True, verify=verify_not_in_register),
         what="a list for a meeting that is not in the register"),
    Case("attendance-only-cancelled-rows", "attendance",
         copy_corpus("attendance/only_cancelled.csv", to="attendance/deelnemerslijst_oss_23-01-2009.csv"),
         accepted=Accepted(failing_checks={LIST_WITHOUT_ROWS_CHECK, VISIT_NOT_CONFIRMED_CHECK},
                           verify=verify_only_cancelled),
         what="a registered list whose every row is a cancellation (afgemeld)"),
    Case("attendance-duplicate-line-no", "attendance",
         copy_corpus("attendance/duplicate_line_no.csv", to="attendance/deelnemerslijst_oss_23-01-2009.csv"),
         refused=("row 4, column 'Nr': '2' repeats the line_no of row 3",),
         what="line number 2 twice in one list"),
    Case("attendance-utf8-no-bom", "attendance",
         copy_corpus("attendance/utf8_no_bom.csv", to="attendance/aanwezigen_drachten_20090302.csv"),
         refused=("row 3, column 'Deelnemer': the file is UTF-8 without a byte-order mark",),
         what="a list saved as UTF-8 without its BOM ('Hélène' would read as 'HÃ©lÃ¨ne')"),
    Case("attendance-not-a-spreadsheet", "attendance",
         copy_corpus("attendance/not_a_spreadsheet.xlsx", to="attendance/GIA_Almere_18062009_deelnemers.xlsx"),
         refused=("GIA_Almere_18062009_deelnemers.xlsx: not a readable xlsx workbook",),
         what="a text file renamed .xlsx"),
    Case("attendance-xlsx-two-sheets", "attendance", attendance_two_sheets,
         refused=("workbook has data on 2 sheets (Presentielijst, Afmeldingen)",),
         what="a list workbook with a second sheet of cancellations"),
    Case("attendance-xlsx-merged-header", "attendance", attendance_merged_header,
         refused=("row 1, column 3 (C): the header cell is empty but 3 row(s) below hold values there",),
         what="'Naam deelnemer' merged over the first-name and surname columns"),
    # attendance: persons are never merged on a weak key, nor decided on a flagged value
    Case("attendance-names-differ-in-digits", "attendance",
         copy_corpus("attendance/names_differ_in_digits.csv", to=OSS),
         accepted=Accepted(failing_checks={VISIT_NOT_CONFIRMED_CHECK}, verify=verify_digit_names),
         what="an anonymised list: 'Deelnemer 1', 'Deelnemer 2', 'Deelnemer 3' of one organisation"),
    Case("attendance-non-latin-names", "attendance", copy_corpus("attendance/non_latin_names.csv", to=DRACHTEN),
         accepted=Accepted(failing_checks={VISIT_NOT_CONFIRMED_CHECK}, verify=verify_non_latin_names),
         what="four names in Arabic and Chinese script, one organisation"),
    Case("attendance-names-without-letters", "attendance", copy_corpus("attendance/names_without_letters.csv", to=OSS),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_names_without_letters),
         what="names '?' and '-' (illegible) next to a real one, one organisation"),
    Case("attendance-name-missing", "attendance", copy_corpus("attendance/name_missing.csv", to=OSS),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_name_missing),
         what="a wethouder's row without a name"),
    Case("attendance-nbsp-duplicate-and-cancellation", "attendance",
         copy_corpus("attendance/nbsp_duplicate_and_cancellation.csv", to=OSS),
         accepted=Accepted(failing_checks={VISIT_NOT_CONFIRMED_CHECK}, verify=verify_nbsp),
         what="the same person twice, once at 'Gemeente\u00a0Oss'; a function 'Wethouder, niet\u00a0aanwezig'"),
    Case("attendance-same-person-gem-prefix", "attendance", oss_person_again("Gem. Oss"),
         accepted=Accepted(marts_unchanged=True, verify=verify_prefix_duplicate),
         what="a person of the Oss list listed again at 'Gem. Oss' (first at 'Gemeente Oss'); "
              "was counted twice while the person resolution made them one"),
    Case("attendance-same-person-other-organisation", "attendance", oss_person_again("Welzijn Oss"),
         accepted=Accepted(failing_checks={PERSON_TWICE_CHECK}, verify=verify_person_twice),
         what="a person of the Oss list listed again at another organisation, same place"),
    Case("attendance-cancelled-in-other-words", "attendance",
         oss_person_again("Gemeente Oss", name=lambda name: name + " Jr", function="verhinderd"),
         accepted=Accepted(marts_unchanged=True, verify=verify_cancelled_in_other_words),
         what="a new row on the Oss list whose function is 'verhinderd' (prevented); it was counted as present"),
    Case("attendance-cancelled-in-more-words", "attendance", oss_cancelled_in_more_words,
         accepted=Accepted(marts_unchanged=True, verify=verify_cancelled_in_more_words),
         what="new rows on the Oss list marked 'afmelding per mail', 'no show', 'niet verschenen', 'ziek' (function) "
              "and '(afgem.)' after a name; each was counted as present"),
    Case("attendance-cancelled-in-a-remarks-column", "attendance", oss_with_remarks_column,
         accepted=Accepted(verify=verify_remarks_column),
         what="the Oss list with an 'Opmerking' column saying 'afgemeld per mail' on one row; the column was ignored "
              "(a warning) and the row counted as present"),
    Case("attendance-name-placeholders", "attendance", oss_two_placeholders,
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, marts_unchanged=True, verify=verify_placeholders),
         what="two rows 'N.N.' (name unknown) of one organisation on the Oss list; the first was counted as a "
              "person and the second dropped as its duplicate"),
    Case("attendance-municipality-contradicts-organisation", "attendance", oss_municipality_contradicts_organisation,
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, marts_unchanged=True,
                           verify=verify_municipality_contradicts_organisation),
         what="a row at 'Gemeente Haaren' whose municipality is typed 'Haraen' (matched fuzzily to Haren) and a "
              "wethouder at 'gem. Oss' typed 'Haren'; both counted for Haren with every check green"),
    Case("attendance-forms-of-address", "attendance", oss_forms_of_address,
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, marts_unchanged=True, verify=verify_forms_of_address),
         what="a person of the Oss list listed again as 'Dhr. <name>' and as '<name> (wethouder)' (each was a "
              "second person with a key of its own), and a row named only 'Mevr.' (was a person named 'mevr')"),
    Case("attendance-several-persons-in-a-row", "attendance", oss_several_persons_in_a_row,
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, marts_unchanged=True, verify=verify_several_persons),
         what="three rows of the Oss list naming more than one person ('<name> & P. Pietersen', '<name> + 1', "
              "'Jan en Piet Verbeek'); each was counted as one person"),
    Case("attendance-row-deleted", "attendance", oss_row_deleted,
         accepted=Accepted(failing_checks={LINE_GAP_CHECK}, verify=verify_row_deleted),
         what="a row deleted from the middle of the Oss list (its line number missing); the list counted one "
              "person fewer with every check green"),
    Case("attendance-garbled-municipality", "attendance",
         copy_corpus("attendance/garbled_municipality.csv", to=DRACHTEN),
         accepted=Accepted(failing_checks={QUARANTINE_CHECK}, verify=verify_garbled_municipality),
         what="a wethouder's municipality 'Leeuward\ufffdn' (U+FFFD from a wrong conversion)"),
    Case("attendance-xlsx-title-rows", "attendance", attendance_title_rows,
         accepted=Accepted(marts_unchanged=True, verify=verify_attendance_title),
         what="a merged title row and a blank row above the header"),
    Case("attendance-mixed-encodings", "attendance", copy_corpus("attendance/mixed_encodings.csv", to=OSS),
         refused=("row 3, column 'Naam': mixed encodings: this cell holds UTF-8 text (a character written as "
                  "UTF-8; the value of this column is not shown)",),
         hidden=("Zo\u00eb", "A\u011fao\u011flu", "c3 ab"),
         what="a name typed in UTF-8 into a cp1252 list"),
    Case("attendance-header-missing", "attendance", copy_corpus("attendance/no_header.csv", to=OSS),
         refused=("row 1: no header row with every required column; missing 'Nr' (line_no), 'Naam' (person_name)",
                  "that row has 5 filled cell(s) that are no known header (column(s) A, B, C, D, E; not shown"),
         hidden=("Karin", "Groot", "Idrissi", "Verhoeven"),
         what="a list without its header row: the header candidates are rows of names"),
    Case("attendance-xlsx-formula-without-value", "attendance", attendance_xlsx_cell(_formula),
         refused=("sheet 'Presentielijst', cell D3 (row 3, column D 'Organisatie'): a formula without a computed "
                  "value",),
         what="a formula (=D2) in a list cell, saved without its value"),
    Case("attendance-xlsx-error-value", "attendance", attendance_xlsx_cell(_error_value),
         refused=("sheet 'Presentielijst', cell C4 (row 4, column C 'Functie'): an error value (#N/A)",),
         what="an error value #N/A in a list cell"),
    Case("attendance-xlsx-merged-organisation", "attendance", attendance_xlsx_cell(_merged_organisation),
         accepted=Accepted(marts_unchanged=True),
         what="the organisation cells of two neighbouring rows of the Lelystad list (both 'Axion') merged into one "
              "cell; the lower row read as without organisation (its category onbekend)"),
    Case("attendance-xlsx-struck-and-hidden-rows", "attendance", attendance_xlsx_cell(_struck_and_hidden),
         refused=("2 row(s) or cell(s) show something else than their values",
                  "sheet 'Presentielijst', row 8: hidden, but it holds values",
                  "sheet 'Presentielijst', cell B5 (row 5, column B 'Naam deelnemer'): struck through"),
         what="a name struck through and a row hidden in the Lelystad list (both were read and counted as present)"),
    Case("attendance-xlsx-stray-far-cell", "attendance", attendance_xlsx_cell(_far_cell),
         refused=("sheet 'Presentielijst': its cells reach row 1,048,576 and column XFD",),
         what="a stray value in cell XFD1048576 of a list (17 billion cells if read densely)"),
    # ---- found by the fuzzer (tests/test_reader_fuzz.py): each crashed the reader before its fix
    Case("attendance-bom-with-cp1252-name", "attendance",
         copy_corpus("attendance/bom_with_cp1252_name.csv", to=DRACHTEN),
         refused=("row 3, column 'Deelnemer': a byte (the value of this column is not shown) is not valid UTF-8, "
                  "although the file starts with a UTF-8 byte-order mark",),
         hidden=("H\u00e9l", "Dijkstra", "0xe9"),
         what="a UTF-8 list (with its mark) in which one name was typed in Windows-1252 (was: UnicodeDecodeError)"),
    Case("attendance-only-a-byte-order-mark", "attendance", copy_corpus("attendance/only_bom.csv", to=GRONINGEN),
         refused=("file is empty (nothing but a byte-order mark and white space)",),
         what="a list that is nothing but a UTF-8 byte-order mark (was: AttributeError)"),
    Case("attendance-mac-line-ends-mixed-encodings", "attendance",
         copy_corpus("attendance/mac_line_ends_mixed.csv", to=OSS),
         refused=("row 3, column 'Naam': mixed encodings",),
         hidden=("Zo\u00eb", "A\u011fao\u011flu"),
         what="a cp1252 list with old Mac line ends (CR) and a name typed in UTF-8 (was: csv.Error)"),
    Case("attendance-no-header-mixed-encodings", "attendance", copy_corpus("attendance/no_header_mixed.csv", to=OSS),
         refused=("row 3, column 2: mixed encodings",),
         hidden=("Karin", "Groot", "Idrissi", "Zo\u00eb", "A\u011fao\u011flu"),
         what="a list without its header and with a name typed in UTF-8 (a row of names labelled the column)"),
    Case("attendance-xlsx-name-as-error-value", "attendance", attendance_xlsx_cell(_name_as_error_value),
         refused=("not a readable xlsx workbook (CalamineError: Unsupported cell error value '…'; quoted parts not "
                  "shown, as the source holds personal data)",),
         hidden=("Hielke", "Brinkman"),
         what="a name stored as an xlsx error value (calamine's own message quoted the name)"),
    Case("attendance-upper-case-extension", "attendance", attendance_upper_case_extension,
         accepted=Accepted(marts_unchanged=True, verify=verify_upper_case_extension),
         what="a list named .CSV (and registered so)"),
    Case("attendance-link-out-of-landing", "attendance", attendance_link_out_of_landing,
         refused=("extra_lijst.csv: leads out of the landing folder",),
         what="a list that is a symbolic link to a file outside the landing folder"),
    Case("attendance-same-list-for-two-meetings", "attendance", attendance_same_list_for_two_meetings,
         refused=("deelnemerslijst_oss_23-01-2009.csv: holds the same rows as ",
                  "deelnemerslijst_delft_21-01-2009.csv (byte for byte: the same content hash)"),
         what="the Delft list's content delivered as the Oss list too (one list, two meetings)"),
]


# --------------------------------------------------------------------------- fixtures and helpers

def warehouse_state(box) -> dict:
    """What a failed run must leave as it was."""
    return {
        "marts": box.query(MART_CHECKSUM),
        "raw": {t: box.query(f"SELECT count(*), max(_loaded_at) FROM raw.{t}") for t in RAW_TABLE.values()},
        "unaccounted": box.query("SELECT sum(unaccounted) + sum(multiply_accounted) FROM staging.row_accounting"),
    }


@pytest.fixture(scope="module")
def good_state(refreshed) -> dict:
    state = warehouse_state(refreshed)
    assert state["unaccounted"] == [(0,)]
    state["counted_ids"] = {rid for (rid,) in refreshed.query("SELECT response_id FROM staging.stg_survey_responses")}
    return state


def landing_state(raw: Path) -> dict[str, bytes]:
    """Every file (or link) of the landing folder with a digest of what it is."""
    state = {}
    for path in sorted(raw.rglob("*")):
        if path.is_symlink():
            state[str(path.relative_to(raw))] = f"link {os.readlink(path)}".encode()
        elif path.is_file():
            state[str(path.relative_to(raw))] = hashlib.sha256(path.read_bytes()).digest()
    return state


def changed_sources(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The sources whose landing folders gained, lost or changed a file (as the landing sensor sees)."""
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    return sorted({Path(name).parts[0] for name in changed})


@pytest.mark.reliability
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, box, good_state, record_outcome):
    land = Landing(box.raw_dir, good_state["counted_ids"])
    before = landing_state(box.raw_dir)
    landed = case.place(land)
    sources = changed_sources(before, landing_state(box.raw_dir))     # e.g. a list removed: attendance
    assert sources, "the case changed no file"
    result = box.refresh(" or ".join(f"key:raw/{RAW_TABLE[source]}+" for source in sources))
    kind = f"bad input: {case.source}"

    if case.refused is not None:
        fragments = case.refused(land) if callable(case.refused) else case.refused
        assert not result.success, "a refused file must fail the run"
        failures = box.step_failures()
        assert [(step, cls) for step, cls, _ in failures] == [(f"raw__{RAW_TABLE[case.source]}", "Failure")], failures
        message = failures[0][2]
        assert str(box.raw_dir / landed) in message, message          # the file, by its full path
        for fragment in fragments:                                    # … and the row and column
            assert fragment in message, message
        assert [h for h in case.hidden if h in message] == [], message  # … never a personal value
        assert warehouse_state(box) == {k: v for k, v in good_state.items() if k != "counted_ids"}, \
            "the warehouse must keep its last good state"
        reason = message.split(f"{box.raw_dir / landed}: ", 1)[1].strip().replace("\n", " ")
        record_outcome(f"{case.id}: {case.what}", kind,
                       f"refused, run failed in raw/{RAW_TABLE[case.source]}: \"{landed}: {reason}\"; "
                       "warehouse kept its last good state (marts checksum, raw table, accounting = 0)",
                       data_lost="none")
        return

    expected = case.accepted
    assert result.success, box.step_failures()
    failing = box.failed_checks()
    may_fail = set() if expected.marts_unchanged else {RECONCILIATION_CHECK}
    assert expected.failing_checks <= failing <= expected.failing_checks | may_fail, failing
    for check in ACCOUNTING_CHECKS:
        assert box.check_evaluations()[check].passed, check
    assert box.query("SELECT sum(unaccounted) + sum(multiply_accounted) FROM staging.row_accounting") == [(0,)]
    if expected.marts_unchanged:
        assert box.query(MART_CHECKSUM) == good_state["marts"], "the figures must not change"
    outcome = expected.verify(box, land) if expected.verify else "accepted"
    checks = ", ".join(f"{a} {c}" for a, c in sorted(failing)) or "none"
    record_outcome(f"{case.id}: {case.what}", kind, f"{outcome}. Failing non-blocking checks: {checks}; "
                   "row accounting check passes", data_lost="none")
