"""Reading raw files by contract: encodings, delimiters, title rows, header variants, errors."""

from pathlib import Path

import openpyxl
import pytest

from gia_pipeline.lib.contract import load_contract
from gia_pipeline.lib.raw_reader import RawFileError, read_file

CONTRACT = """
source: demo
description: a demo source
files:
  patterns: ["demo/*"]
  csv: {encoding: [utf-8, cp1252], delimiter: ";"}
  max_title_rows: 3
row_key: [rid]
columns:
  - field: rid
    headers: [Respondent, Nr.]
    type: integer
    nullable: false
  - field: municipality
    headers: [Gemeente, "Gemeente/plaats"]
  - field: grade
    headers: [Cijfer]
    type: integer
    min: 1
    max: 10
    on_invalid: flag
  - field: "answer{i}"
    headers: ["Antwoord {i}"]
    repeat: 2
    allowed: [Ja, Nee]
    required: false
  - field: note
    headers: [Toelichting]
    required: false
"""


@pytest.fixture
def contract(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(CONTRACT, encoding="utf-8")
    return load_contract(path)


def write(tmp_path, name, text, encoding="utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_windows_1252_with_euro_and_low_quotes(tmp_path, contract):
    p = write(tmp_path, "a.csv", "Respondent;Gemeente;Cijfer;Toelichting\r\n"
                                  "1;Den Haag;7;\u201eKost \u20ac 150.000\u201d\r\n", "cp1252")
    res = read_file(p, contract)
    assert res.encoding == "cp1252"
    assert res.rows[0]["note"] == "\u201eKost \u20ac 150.000\u201d"
    assert res.rows[0]["_source_row"] == 2 and res.rows[0]["_source_file"] == "a.csv"


def test_utf8_bom_and_repeat_columns_and_extra_columns(tmp_path, contract):
    p = write(tmp_path, "b.csv", "\ufeffNr.;Gemeente/plaats;Cijfer;Antwoord 1;Antwoord 2;Handtekening\n"
                                  "5;Zwolle;8;Ja;Nee;x\n")
    res = read_file(p, contract)
    assert res.rows[0]["rid"] == "5" and res.rows[0]["answer2"] == "Nee"
    assert res.extra_columns == ["Handtekening"]


def test_out_of_scale_is_flagged_not_fatal(tmp_path, contract):
    p = write(tmp_path, "c.csv", "Respondent;Gemeente;Cijfer\n1;A;11\n2;B;7\n")
    rows = read_file(p, contract).rows
    assert rows[0]["_invalid_fields"] == ["grade"] and "above the maximum" in rows[0]["_issues"]
    assert rows[1]["_invalid_fields"] == [] and rows[1]["_issues"] is None


def test_blank_rows_are_kept_for_accounting(tmp_path, contract):
    p = write(tmp_path, "d.csv", "Respondent;Gemeente;Cijfer\n1;A;7\n;;\n2;B;6\n")
    rows = read_file(p, contract).rows
    assert [r["_source_row"] for r in rows] == [2, 3, 4]
    assert rows[1]["rid"] is None


def test_multiline_cell_keeps_physical_row_numbers(tmp_path, contract):
    p = write(tmp_path, "e.csv", 'Respondent;Gemeente;Cijfer;Toelichting\n1;A;7;"two\nlines"\n2;B;6;\n')
    rows = read_file(p, contract).rows
    assert [r["_source_row"] for r in rows] == [2, 4]


def test_xlsx_with_title_row(tmp_path, contract):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Presentielijst regiobijeenkomst Venlo, 9 oktober 2009"])
    ws.append([])
    ws.append(["Respondent", "Gemeente", "Cijfer"])
    ws.append([3, "Venlo", 9])
    p = tmp_path / "f.xlsx"
    wb.save(p)
    res = read_file(p, contract)
    assert res.header_row == 3
    assert res.rows == [{**res.rows[0], "rid": "3", "municipality": "Venlo", "grade": "9", "_source_row": 4}]


@pytest.mark.parametrize("name, content, message", [
    ("g.csv", "", "file is empty"),
    ("h.csv", "Respondent,Gemeente,Cijfer\n1,A,7\n", "expected ';' as delimiter, found ','"),
    ("i.csv", "Respondent;Gemeente;Cijfer\n", "no data rows below the header"),
    ("j.csv", "Respondent;Cijfer\n1;7\n", "missing 'Gemeente' (municipality)"),
    ("k.csv", "Respondent;Gemeente;Cijfer\nx;A;7\n", "row 2, column 'Respondent': 'x' is not an integer"),
    ("l.csv", "Respondent;Gemeente;Cijfer\n;A;7\n", "row 2, column 'Respondent': empty"),
    ("m.csv", 'Respondent;Gemeente;Cijfer\n1;"A;7\n', "malformed csv"),
    ("n.csv", "Respondent;Gemeente;Cijfer\n1;A;7;9\n", "row 2: 4 cells but the header has 3"),
    ("o.csv", "Respondent;Gemeente;Cijfer;Antwoord 1\n1;A;7;Misschien\n", "'Misschien' is not one of the allowed"),
])
def test_refused_files_name_file_row_and_column(tmp_path, contract, name, content, message):
    p = write(tmp_path, name, content)
    with pytest.raises(RawFileError) as err:
        read_file(p, contract)
    assert message in str(err.value) and str(p) in str(err.value)


def test_utf16_is_refused_when_not_accepted(tmp_path, contract):
    p = write(tmp_path, "p.csv", "Respondent;Gemeente;Cijfer\n1;A;7\n", "utf-16")
    with pytest.raises(RawFileError, match="UTF-16"):
        read_file(p, contract)


def test_not_a_workbook(tmp_path, contract):
    p = write(tmp_path, "q.xlsx", "this is not a spreadsheet")
    with pytest.raises(RawFileError, match="not a readable xlsx workbook"):
        read_file(p, contract)


def test_two_sheets_are_refused(tmp_path, contract):
    wb = openpyxl.Workbook()
    wb.active.append(["Respondent", "Gemeente", "Cijfer"])
    wb.active.append([1, "A", 7])
    wb.create_sheet("Blad2").append(["iets"])
    p = tmp_path / "r.xlsx"
    wb.save(p)
    with pytest.raises(RawFileError, match="data on 2 sheets"):
        read_file(p, contract)
