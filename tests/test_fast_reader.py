"""The raw reader's fast path against its precise path (differential): on every file either the
fast path steps aside (None) or it yields exactly the precise path's raw table — text columns,
typed values, `_invalid_fields`, `_issues`, lineage. A file the precise path refuses is never read
by the fast path. Run on the shipped files, the bad-input corpus, generated data at another seed
and scale, and small files made here for the cases where the two could part."""

from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from gia_pipeline.lib import contract as contracts
from gia_pipeline.lib import fast_reader, landing, paths
from gia_pipeline.lib.raw_reader import RawFileError, read_file_precise, to_arrow
from gia_rawgen import attendance, survey

CONTRACTS = {name: contracts.load(name) for name in ("survey", "meetings", "attendance")}
CORPUS = Path(__file__).resolve().parent / "bad_inputs"


def both(path: Path, contract: contracts.Contract, root: Path | None = None) -> tuple[pa.Table | None, pa.Table | None]:
    """(precise table or None when refused, fast table or None when it stepped aside)."""
    try:
        precise = to_arrow(read_file_precise(path, contract, root).data, contract)
    except RawFileError:
        precise = None
    fast = fast_reader.read_file(path, contract, root)
    return precise, None if fast is None else to_arrow(fast.data, contract)


def assert_same(precise: pa.Table, fast: pa.Table) -> None:
    assert fast.schema == precise.schema
    for name in precise.column_names:
        a, b = precise.column(name).to_pylist(), fast.column(name).to_pylist()
        assert a == b, (name, [(i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y][:5])
    assert fast.equals(precise)


def landing_files(raw: Path) -> list[tuple[str, Path]]:
    return [(name, path) for name, c in CONTRACTS.items() for path in landing.list_files(raw, c)]


@pytest.mark.parametrize("source,path", landing_files(paths.DEFAULT_RAW_DIR),
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_shipped_files_read_fast_and_the_same(source, path):
    precise, fast = both(path, CONTRACTS[source], paths.DEFAULT_RAW_DIR)
    assert precise is not None and fast is not None, "the fast path must read every shipped file"
    assert_same(precise, fast)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Another seed at three waves: other names, flagged answers, row numbers, list sizes."""
    out = tmp_path_factory.mktemp("generated")
    survey.generate(out, seed=7, scale=3)
    attendance.generate(out, seed=7, scale=3)
    return out


def test_generated_files_read_fast_and_the_same(generated):
    files = landing_files(generated)
    assert len(files) > 20
    for source, path in files:
        precise, fast = both(path, CONTRACTS[source], generated)
        assert precise is not None and fast is not None, path.name
        assert_same(precise, fast)


CORPUS_FILES = sorted((p.parent.name, p) for p in CORPUS.glob("*/*") if p.suffix.lower() in (".csv", ".xlsx"))


@pytest.mark.parametrize("source,path", CORPUS_FILES, ids=lambda v: f"{v.parent.name}/{v.name}" if isinstance(v, Path) else v)
def test_corpus_refused_by_precise_path_alone(source, path):
    precise, fast = both(path, CONTRACTS[source])
    if precise is None:
        assert fast is None, "a file the contract refuses is left to the precise path and its message"
    elif fast is not None:
        assert_same(precise, fast)


TYPES = """
source: types
description: every type, flagged and refused, personal, unique, empty_iff
files: {patterns: ["t/*.csv", "t/*.xlsx"], csv: {encoding: [cp1252, utf-8], delimiter: ";"}, max_title_rows: 2}
row_key: [nr]
columns:
  - {field: nr, headers: [Nr], type: integer, nullable: false, min: 1}
  - {field: count, headers: [Aantal], type: integer, min: 0, max: 1000, on_invalid: flag}
  - {field: amount, headers: [Bedrag], type: decimal, min: -5.5, on_invalid: flag}
  - {field: day, headers: [Datum], type: date, formats: ["%d-%m-%Y"], min: '2008-01-01', max: '2010-12-31',
     on_invalid: flag}
  - {field: moment, headers: [Moment], type: datetime, formats: ["%d-%m-%Y %H:%M:%S"], on_invalid: flag}
  - {field: answer, headers: [Antwoord], allowed: [Ja, Nee], on_invalid: flag}
  - {field: name, headers: [Naam], personal: true, nullable: false, on_invalid: flag}
  - {field: note, headers: [Opmerking], required: false, on_invalid: flag}
  - {field: status, headers: [Status], allowed: [open, dicht]}
  - {field: closed_on, headers: [Gesloten], required: false, empty_iff: {field: status, value: open}}
"""

HEADER = "Nr;Aantal;Bedrag;Datum;Moment;Antwoord;Naam;Opmerking;Status;Gesloten"
GOOD = "1;5;1,5;08-10-2009;08-10-2009 08:32:04;Ja;An;;open;"
ROWS = [
    GOOD,
    "2;+7;-0;8-10-2009;2009-10-08 08:32:04;Nee;Bo;x;dicht;gisteren",       # other accepted forms
    "3;007;2.50;31-02-2009;08-10-2009 08:32:60;ja;Cas;;open;",              # leading zeros; impossible dates
    "4;1001;-6;01-01-2007;08-10-0000 08:32:04;Ja;;\u00c3\u00abx;open;",     # out of range, empty name, double-encoded
    "5;x;1e3; 08-10-2009 ;08-10-2009  08:32:04;\u00a0Ja\u00a0;\u2003Dé\u2003;\u00e9;open;",   # whitespace
    ";;;;;;;;;",                                                           # a blank row
    '6;;;;;Nee;"Eva\r\nde Wit";"met ""quotes"" en ; erin";open;',          # line break inside a cell
    "7;12345678901234567;1,23456789012345678;;;;Fee;\x7f;dicht;x",         # long numbers, a control char
]


def make_csv(folder: Path, lines: list[str], name: str = "a.csv", encoding: str = "utf-8-sig") -> Path:
    path = folder / "t" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def contract_of(folder: Path, text: str) -> contracts.Contract:
    path = folder / "contract.yaml"
    path.write_text(text, encoding="utf-8")
    return contracts.load_contract(path)


@pytest.fixture
def types_contract(tmp_path) -> contracts.Contract:
    return contract_of(tmp_path, TYPES)


def test_doubtful_cells_are_decided_by_the_precise_path(tmp_path, types_contract):
    path = make_csv(tmp_path, ["Presentielijst;;;;;;;;;", HEADER, *ROWS])
    precise, fast = both(path, types_contract, tmp_path)
    assert fast is not None, "flagged cells are decided cell by cell, not by reading the file slowly"
    assert_same(precise, fast)
    rows = fast.to_pylist()
    assert [r["_source_row"] for r in rows] == [3, 4, 5, 6, 7, 8, 9, 11]     # the cell with a line break spans 9-10
    assert rows[3]["_issues"] and "personal data, not shown" in rows[3]["_issues"]
    assert rows[5]["_blank"] and rows[5]["nr"] is None


def test_cp1252_and_old_mac_line_ends(tmp_path, types_contract):
    path = tmp_path / "t" / "a.csv"
    path.parent.mkdir()
    path.write_bytes(("\r".join([HEADER, GOOD, "2;;;;;Nee;Zoë € „x”;;dicht;y"]) + "\r").encode("cp1252"))
    precise, fast = both(path, types_contract, tmp_path)
    assert fast is not None
    assert_same(precise, fast)


@pytest.mark.parametrize("lines", [
    [HEADER, GOOD, "1;5;1,5;08-10-2009;;Ja;Bo;;open;"],                    # a repeated row key
    [HEADER, GOOD, "2;5;1,5;08-10-2009;;Ja;Bo;;open;x"],                   # empty_iff broken
    [HEADER, GOOD, "x;5;1,5;08-10-2009;;Ja;Bo;;open;"],                    # a refused value
    [HEADER, GOOD, "2;5;1,5;08-10-2009;;Ja;Bo;;open"],                     # a short row
    [HEADER, GOOD, '2;5;1,5;08-10-2009;;Ja;Bo;"open;'],                    # a quote never closed
    [HEADER, GOOD, '2;5;1,5;08-10-2009;;Ja;B"o;;open;'],                   # a quote inside a cell
    [HEADER + ";", GOOD + ";x"],                                           # values under no header
    [HEADER],                                                              # no data rows
])
def test_files_the_contract_refuses_are_left_to_the_precise_path(tmp_path, types_contract, lines):
    path = make_csv(tmp_path, lines)
    precise, fast = both(path, types_contract, tmp_path)
    assert fast is None
    if precise is not None:        # a quote inside a cell is read (literally) by the precise path
        assert lines[-1].count('"') == 1


def test_xlsx_cells_of_every_type(tmp_path, types_contract):
    from datetime import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Lijst"])
    sheet.append(HEADER.split(";"))
    sheet.append([1, 5, 1.5, datetime(2009, 10, 8), datetime(2009, 10, 8, 8, 32, 4), "Ja", "An", None, "open", None])
    sheet.append([2, 7.0, -0.5, "08-10-2009", "08-10-2009 08:32:04", " Nee", "Bo", True, "dicht", "x"])
    sheet.append([None] * 10)
    path = tmp_path / "t" / "a.xlsx"
    path.parent.mkdir()
    book.save(path)
    precise, fast = both(path, types_contract, tmp_path)
    assert fast is not None
    assert_same(precise, fast)


def test_whitespace_is_what_str_strip_removes():
    assert set(fast_reader.WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


PERIOD = """
source: period
description: an end that may not lie before its start, flagged in one column and refused in another
files: {patterns: ["t/*.csv"], csv: {encoding: utf-8, delimiter: ";"}}
row_key: [nr]
columns:
  - {field: nr, headers: [Nr], type: integer, nullable: false}
  - {field: start, headers: [Start], type: datetime, formats: ["%d-%m-%Y %H:%M:%S"], nullable: false}
  - {field: end, headers: [Eind], type: datetime, formats: ["%d-%m-%Y %H:%M:%S"], not_before: start,
     on_invalid: flag}
  - {field: closed, headers: [Gesloten], type: datetime, formats: ["%d-%m-%Y %H:%M:%S"], not_before: start}
"""


@pytest.fixture
def period_contract(tmp_path) -> contracts.Contract:
    return contract_of(tmp_path, PERIOD)


def test_an_end_before_its_start_is_flagged_by_the_precise_path(tmp_path, period_contract):
    path = make_csv(tmp_path, ["Nr;Start;Eind;Gesloten",
                               "1;08-10-2009 08:32:04;08-10-2009 08:32:04;",     # the same moment: fine
                               "2;08-10-2009 08:32:04;08-10-2009 08:32:03;",     # a second before its start
                               "3;08-10-2009 08:32:04;;"])
    precise, fast = both(path, period_contract, tmp_path)
    assert fast is None, "a broken not_before rule is left to the precise path"
    rows = precise.to_pylist()
    assert [r["end__value"] is None for r in rows] == [False, True, True]
    assert rows[1]["_invalid_fields"] == ["end"]
    assert rows[1]["_issues"] == ("end: '08-10-2009 08:32:03' lies before 'Start' ('08-10-2009 08:32:04') "
                                  "of the same row")
    assert rows[1]["end"] == "08-10-2009 08:32:03", "raw keeps the text as delivered"
    assert rows[0]["_issues"] is None and rows[2]["_issues"] is None


def test_an_end_before_its_start_refuses_the_file_naming_row_and_column(tmp_path, period_contract):
    path = make_csv(tmp_path, ["Nr;Start;Eind;Gesloten", "1;08-10-2009 08:32:04;;07-10-2009 23:00:00"])
    assert fast_reader.read_file(path, period_contract, tmp_path) is None
    with pytest.raises(RawFileError, match=r"row 2, column 'Gesloten': '07-10-2009 23:00:00' lies before "
                                           r"'Start' \('08-10-2009 08:32:04'\) of the same row"):
        read_file_precise(path, period_contract, tmp_path)


def test_an_end_known_to_the_day_only_is_compared_by_day(tmp_path, period_contract):
    # a bare date (yyyy-mm-dd, the form of a date cell) is accepted by every datetime column; it
    # says the day, not midnight, so on the start's day it is not before the start
    path = make_csv(tmp_path, ["Nr;Start;Eind;Gesloten",
                               "1;08-10-2009 08:32:04;2009-10-08;",              # the start's day: fine
                               "2;08-10-2009 08:32:04;2009-10-07;"])             # the day before
    precise, _ = both(path, period_contract, tmp_path)
    rows = precise.to_pylist()
    assert rows[0]["_issues"] is None and rows[0]["end__value"] is not None
    assert rows[1]["_issues"] == "end: '2009-10-07' lies before 'Start' ('08-10-2009 08:32:04') of the same row"


@pytest.mark.parametrize("target", ["nothing", "nr", "end"])
def test_not_before_must_name_another_field_of_the_same_type(tmp_path, target):
    with pytest.raises(contracts.ContractError, match="column end: not_before must name another field"):
        contract_of(tmp_path, PERIOD.replace("not_before: start,", f"not_before: {target},", 1))


ROUTED = """
source: routed
description: questions put only to some respondents (routing), one depending on another
files: {patterns: ["t/*.csv"], csv: {encoding: utf-8, delimiter: ";"}}
row_key: [nr]
columns:
  - {field: nr, headers: [Nr], type: integer, nullable: false}
  - {field: read, headers: [Gelezen], allowed: [Ja, Nee], on_invalid: flag}
  - {field: grade, headers: [Cijfer], type: integer, min: 1, max: 10, on_invalid: flag,
     asked_when: {field: read, value: Ja}}
  - {field: label, headers: [Bijeenkomst], on_invalid: flag, asked_when: [{field: read, value: Ja}, {field: nr, value: '9'}]}
  - {field: rating, headers: [Oordeel], on_invalid: flag, asked_when: {field: label}}
"""
ROUTED_HEADER = "Nr;Gelezen;Cijfer;Bijeenkomst;Oordeel"


def test_an_answer_nobody_asked_for_is_flagged_and_so_is_what_hangs_on_it(tmp_path):
    routed = contract_of(tmp_path, ROUTED)
    path = make_csv(tmp_path, [ROUTED_HEADER,
                               "1;Ja;8;A;Eens",
                               "2;Nee;8;A;Eens",      # not asked: the grade, the label, and the label's rating
                               "3;ja;7;;",            # a flagged condition asks nothing
                               "9;Nee;;B;Eens"])      # asked by the second condition
    precise, fast = both(path, routed, tmp_path)
    assert fast is None, "a broken routing rule is left to the precise path"
    rows = {r["nr"]: r for r in precise.to_pylist()}
    assert rows["1"]["_issues"] is None and rows["9"]["_issues"] is None
    assert rows["2"]["_invalid_fields"] == ["grade", "label", "rating"]
    assert rows["2"]["_issues"] == ("grade: answered, but asked only when read is 'Ja'; label: answered, but asked "
                                    "only when read is 'Ja' or nr is '9'; rating: answered, but asked only when "
                                    "label is answered")
    assert rows["2"]["grade__value"] is None and rows["2"]["grade"] == "8", "raw keeps the text, not the value"
    assert rows["3"]["_invalid_fields"] == ["read", "grade"]

    asked = make_csv(tmp_path, [ROUTED_HEADER, "1;Ja;8;A;Eens", "9;Nee;;B;Eens"], name="b.csv")
    precise, fast = both(asked, routed, tmp_path)
    assert fast is not None, "where every answer was asked for, the fast path reads the file"
    assert_same(precise, fast)


@pytest.mark.parametrize("asked_when", ["{field: rating}", "{field: nothing}", "[]", "{value: Ja}"])
def test_asked_when_must_name_earlier_fields(tmp_path, asked_when):
    with pytest.raises(contracts.ContractError, match="column grade: asked_when must"):
        contract_of(tmp_path, ROUTED.replace("asked_when: {field: read, value: Ja}", f"asked_when: {asked_when}", 1))
