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


# --------------------------------------------------------------------------- mixed encodings

def test_utf8_lines_inside_a_cp1252_file_are_refused_naming_row_and_column(tmp_path, contract):
    cp1252_only = contract.__class__(**{**contract.__dict__, "encodings": ("cp1252",)})
    p = tmp_path / "mixed.csv"
    p.write_bytes("Respondent;Gemeente;Cijfer;Toelichting\r\n1;Den Haag;7;\u201egoed\u201d\r\n".encode("cp1252")
                  + "2;Súdwest-Fryslân;8;prima\r\n".encode("utf-8"))
    with pytest.raises(RawFileError) as err:
        read_file(p, cp1252_only)
    message = str(err.value)
    assert message.startswith(f"{p}: row 3, column 'Gemeente': mixed encodings") and "c3 ba" in message


# --------------------------------------------------------------------------- personal columns

PERSONAL = """
source: people
description: a list with names
files:
  patterns: ["people/*"]
  csv: {encoding: [cp1252, utf-8], delimiter: ";"}
  max_title_rows: 2
row_key: [nr]
columns:
  - {field: nr, headers: [Nr], type: integer, nullable: false}
  - {field: name, headers: [Naam], personal: true}
  - {field: mail, headers: [E-mail], personal: true, required: false, unique: true}
  - {field: code, headers: [Code], required: false, allowed: [A, B], on_invalid: flag, personal: true}
  - {field: place, headers: [Plaats]}
"""
NAME = "Quirinus Vandermeulen-Oudshoorn"


@pytest.fixture
def people(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(PERSONAL, encoding="utf-8")
    return load_contract(path)


def _refusal(path, contract) -> str:
    with pytest.raises(RawFileError) as err:
        read_file(path, contract)
    return str(err.value)


def test_header_not_found_counts_the_cells_of_a_data_row_without_quoting_them(tmp_path, people):
    p = write(tmp_path, "a.csv", f"1;{NAME};q@vdm.example;Oss\r\n2;Anna Pieters;a@p.example;Uden\r\n", "cp1252")
    message = _refusal(p, people)
    assert "row 1: no header row with every required column" in message
    assert "that row has 4 filled cell(s) that are no known header (column(s) A, B, C, D" in message
    assert "Vandermeulen" not in message and "Pieters" not in message and "example" not in message


def test_renamed_header_of_a_source_without_personal_columns_is_still_quoted(tmp_path, contract):
    p = write(tmp_path, "b.csv", "Respondent nr.;Gemeente;Cijfer\r\n1;A;7\r\n")
    assert "unknown column(s) 'Respondent nr.'" in _refusal(p, contract)


def test_utf8_in_a_personal_column_is_refused_without_showing_the_character(tmp_path, people):
    p = tmp_path / "c.csv"
    p.write_bytes("Nr;Naam;Plaats\r\n1;Anna Pieters;Oss \u2013 Uden\r\n".encode("cp1252")
                  + "2;Zoë Ağaoğlu;Uden\r\n".encode("utf-8"))
    message = _refusal(p, people)
    assert "row 3, column 'Naam': mixed encodings" in message and "not shown" in message
    assert "Ağaoğlu" not in message and "Zo" not in message and "c3 ab" not in message


def test_repeated_personal_value_and_flagged_personal_value_are_not_quoted(tmp_path, people):
    p = write(tmp_path, "d.csv", f"Nr;Naam;E-mail;Plaats\r\n1;{NAME};q@vdm.example;Oss\r\n"
                                 f"2;Q. Vandermeulen;q@vdm.example;Oss\r\n")
    message = _refusal(p, people)
    assert "row 3, column 'E-mail': the value (personal data, not shown) repeats the mail of row 2" in message
    assert "vdm.example" not in message
    p = write(tmp_path, "e.csv", f"Nr;Naam;Code;Plaats\r\n1;{NAME};{NAME};Oss\r\n")
    row = read_file(p, people).rows[0]
    assert row["_invalid_fields"] == ["code"] and "Vandermeulen" not in row["_issues"]


# --------------------------------------------------------------------------- xlsx cells

def _workbook(tmp_path, name, rows, edit=None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lijst"
    for r in rows:
        ws.append(r)
    if edit:
        edit(ws)
    p = tmp_path / name
    wb.save(p)
    return p


def test_xlsx_error_values_and_formulas_without_a_value_are_refused_not_read_as_empty(tmp_path, contract):
    def errors(ws):
        ws["B3"].value, ws["B3"].data_type = "#N/A", "e"
    p = _workbook(tmp_path, "g.xlsx", [["Respondent", "Gemeente", "Cijfer"], [1, "Oss", "=3+4"], [2, "x", 8]], errors)
    message = _refusal(p, contract)
    assert "2 cell(s) hold no readable value" in message
    assert "sheet 'Lijst', cell C2 (row 2, column C 'Cijfer'): a formula without a computed value" in message
    assert "sheet 'Lijst', cell B3 (row 3, column B 'Gemeente'): an error value (#N/A)" in message


def test_xlsx_a_cell_merged_down_a_column_holds_its_value_for_every_row(tmp_path, contract):
    def merge(ws):
        ws.merge_cells("B2:B3")       # 'Oss' beside respondents 1 and 2, as the sheet shows it
        ws.merge_cells("C4:D4")       # across two columns: the value stays in its own column
    p = _workbook(tmp_path, "m.xlsx", [["Respondent", "Gemeente", "Cijfer", "Toelichting"],
                                       [1, "Oss", 7, "a"], [2, None, 8, None], [3, "Uden", 9, None]], merge)
    rows = read_file(p, contract).rows
    assert [(r["municipality"], r["grade"], r["note"]) for r in rows] == [
        ("Oss", "7", "a"), ("Oss", "8", None), ("Uden", "9", None)]


def test_xlsx_hidden_rows_and_struck_through_cells_are_refused_not_read_as_shown(tmp_path, contract):
    from openpyxl.styles import Font

    def hide_and_strike(ws):
        ws.row_dimensions[3].hidden = True          # holds values: refused
        ws.row_dimensions[6].hidden = True          # empty: harmless
        ws["B4"].font = Font(strike=True)           # a crossed-out value: refused
        ws["D4"].font = Font(strike=True)           # struck, but empty: harmless
    p = _workbook(tmp_path, "s.xlsx", [["Respondent", "Gemeente", "Cijfer", "Toelichting"],
                                       [1, "Oss", 7], [2, "Uden", 8], [3, "Venray", 9], [4, "Boxmeer", 6]],
                  hide_and_strike)
    message = _refusal(p, contract)
    assert "2 row(s) or cell(s) show something else than their values" in message
    assert "sheet 'Lijst', row 3: hidden, but it holds values" in message
    assert "sheet 'Lijst', cell B4 (row 4, column B 'Gemeente'): struck through" in message
    assert "row 6" not in message and "D4" not in message and "Venray" not in message and "Uden" not in message


def test_xlsx_formula_with_a_computed_value_is_read(tmp_path, contract):
    p = _workbook(tmp_path, "h.xlsx", [["Respondent", "Gemeente", "Cijfer"], [1, "Oss", "=3+4"]])
    # as a calculating program saves it: <f>3+4</f><v>7</v>
    cached = _rewrite(p, b"<f>3+4</f><v />", b"<f>3+4</f><v>7</v>")
    assert read_file(cached, contract).rows[0]["grade"] == "7"


def _rewrite(path: Path, old: bytes, new: bytes) -> Path:
    """The workbook with bytes of its parts replaced (what openpyxl cannot write)."""
    import zipfile

    out = path.with_name("rewritten-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename).replace(old, new))
    return out


def test_xlsx_limits_are_those_of_csv(tmp_path, contract):
    # openpyxl (like Excel) stops a cell at 32,767 characters; another writer need not
    p = _rewrite(_workbook(tmp_path, "i.xlsx", [["Respondent", "Gemeente", "Cijfer", "Toelichting"],
                                                [1, "Oss", 7, "@LONG@"]]), b"@LONG@", b"x" * 1_000_001)
    assert "sheet 'Lijst', cell D2 (row 2, column D): a cell is longer than the limit of 1,000,000" \
        in _refusal(p, contract)
    far = _workbook(tmp_path, "j.xlsx", [["Respondent", "Gemeente", "Cijfer"], [1, "Oss", 7]],
                    lambda ws: ws.cell(row=1_048_576, column=16_384, value="x"))
    assert "its cells reach row 1,048,576 and column XFD" in _refusal(far, contract)
    empty = _workbook(tmp_path, "k.xlsx", [])
    assert "file is empty" in _refusal(empty, contract)


def test_a_cp1252_byte_after_a_utf8_mark_is_refused_naming_it(tmp_path, contract):
    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbfRespondent;Gemeente;Cijfer\r\n1;Oss;7\r\n2;" + "Térnaard".encode("cp1252") + b";8\r\n")
    assert "row 3, column 'Gemeente': byte 0xe9 is not valid UTF-8, although the file starts with a UTF-8 " \
           "byte-order mark" in _refusal(p, contract)
    only_mark = write(tmp_path, "mark.csv", "\ufeff\r\n")
    assert "file is empty" in _refusal(only_mark, contract)


def test_without_a_header_a_row_of_names_never_labels_a_column(tmp_path, people):
    """Errors found before the header (encoding, quotes) name a column after the most header-like
    row; when that is a row of names, by number instead."""
    p = tmp_path / "f.csv"
    p.write_bytes(f"1;{NAME};Oss \u2013 Uden\r\n".encode("cp1252") + "2;Zoë Ağaoğlu;Uden\r\n".encode("utf-8"))
    message = _refusal(p, people)
    assert "row 2, column 2: mixed encodings" in message and "Vandermeulen" not in message
    q = write(tmp_path, "g.csv", f'1;{NAME};Oss\r\n2;"Anna Pieters;Uden\r\n', "cp1252")
    message = _refusal(q, people)
    assert "row 2, column 2: a quote (\") opens this cell and is never closed" in message
    assert "Vandermeulen" not in message and "Pieters" not in message
