"""Writes the small bad files of this corpus from the shipped raw exports (data/raw).

Run once when a case is added (`python tests/bad_inputs/make_corpus.py`); the files are
committed, so the test never depends on this script. Every file is a few KB: three real rows of
the shipped export with one thing broken. Large or binary cases (a 50 MB cell, xlsx layouts) and
edits that must keep the rest of the shipped data intact are made by the test itself.
"""

import codecs
import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
OUT = Path(__file__).resolve().parent


def _rows(path: Path, encoding: str) -> list[list[str]]:
    text = path.read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _csv(rows: list[list[str]], delimiter: str = ";") -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _write(name: str, data: bytes) -> None:
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"{path.relative_to(ROOT)}: {len(data)} bytes")


def survey() -> None:
    rows = _rows(RAW / "survey" / "gia_webenquete_export.csv", "cp1252")
    header, sample = rows[0], rows[4:7]          # Utrecht, Eemnes, Drechterland: valid, single-line
    col = {h: i for i, h in enumerate(header)}
    cp = lambda text: text.encode("cp1252")      # noqa: E731

    _write("survey/empty.csv", b"")
    _write("survey/header_only.csv", cp(_csv([header])))
    _write("survey/comma_delimited.csv", cp(_csv([header, *sample], delimiter=",")))
    _write("survey/utf8_bom.csv", b"\xef\xbb\xbf" + _csv([header, *sample]).encode("utf-8"))
    _write("survey/utf8_no_bom.csv", _csv([header, *sample]).encode("utf-8"))
    _write("survey/utf16.csv", _csv([header, *sample]).encode("utf-16"))   # with its BOM, as Excel writes

    # row 3 (the second submission): an open answer whose opening quote is never closed
    quoted = [list(r) for r in sample]
    quoted[1][col["Heeft u nog overige opmerkingen?"]] = "@REMARK@"
    text = _csv([header, *quoted]).replace("@REMARK@", '"Goede bijeenkomst; te kort')
    _write("survey/unbalanced_quote.csv", cp(text))

    drop = col["Status"]
    _write("survey/missing_status_column.csv",
           cp(_csv([[c for i, c in enumerate(r) if i != drop] for r in [header, *sample]])))
    renamed = ["Respondent nr." if h == "Respondentnummer" else h for h in header]
    _write("survey/renamed_column.csv", cp(_csv([renamed, *sample])))

    dup = [list(r) for r in sample]
    dup[2][col["Respondentnummer"]] = dup[0][col["Respondentnummer"]]    # row 4 repeats row 2's number
    _write("survey/duplicate_respondent_id.csv", cp(_csv([header, *dup])))

    future = [list(r) for r in sample]
    future[1][col["Einddatum"]] = "12-10-2031 10:36:00"                  # row 3: submitted in 2031
    _write("survey/submitted_in_2031.csv", cp(_csv([header, *future])))

    # row 3 pasted in as UTF-8 (with a UTF-8 open answer) inside the cp1252 export
    lines = _csv([header, *sample]).split("\r\n")
    remark = col["Heeft u nog overige opmerkingen?"]
    third = next(csv.reader([lines[2]], delimiter=";"))
    third[remark] = "Goede bijeenkomst \u2013 \u2018duidelijk\u2019"
    _write("survey/mixed_encodings.csv", cp("\r\n".join(lines[:2]) + "\r\n")
           + _csv([third]).encode("utf-8") + cp("\r\n".join(lines[3:])))

    # the same three submissions exported again into a second file: their numbers are taken
    _write("survey/second_export.csv", cp(_csv([header, *sample])))

    zero = [list(r) for r in sample]
    zero[2][col["Respondentnummer"]] = "0" + zero[0][col["Respondentnummer"]]   # row 4: row 2's number, 0-padded
    _write("survey/respondent_id_leading_zero.csv", cp(_csv([header, *zero])))


def meetings() -> None:
    text = (RAW / "meetings" / "regiobijeenkomsten.csv").read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    by_id = {line.split(";", 1)[0]: i for i, line in enumerate(lines)}

    def variant(name: str, change, encoding: str = "utf-8") -> None:
        changed = list(lines)
        change(changed)
        _write(f"meetings/{name}", "\r\n".join(changed).encode(encoding))

    def euro(ls):   # RB05's remark, saved by Excel as Windows-1252 in a register declared UTF-8
        ls[by_id["RB05"]] = ls[by_id["RB05"]].rstrip(";") + ";zaalhuur \u20ac 150 vergoed"
    variant("cp1252_euro.csv", euro, "cp1252")

    def words(ls):
        ls[by_id["RB01"]] = ls[by_id["RB01"]].replace(";06-10-2008;", ";6 oktober 2008;")
    variant("date_in_words.csv", words)

    def dup_id(ls):
        ls[by_id["RB02"]] = ls[by_id["RB02"]].replace("RB02;", "RB01;", 1)
    variant("duplicate_meeting_id.csv", dup_id)

    def dup_file(ls):
        ls[by_id["RB02"]] = ls[by_id["RB02"]].replace("deelnemerslijst_oss_23-01-2009.csv",
                                                      "deelnemerslijst_den_bosch_06-10-2008.csv")
    variant("duplicate_list_file.csv", dup_file)

    def thousands(ls):   # RB10's headcount typed with a thousands space
        fields = ls[by_id["RB10"]].split(";")
        fields[6] = "1 413"
        ls[by_id["RB10"]] = ";".join(fields)
    variant("headcount_with_space.csv", thousands)

    def no_file(ls):   # RB04 has a complete list, but the register does not name its file
        ls[by_id["RB04"]] = ls[by_id["RB04"]].replace(";GIA_Lelystad_29092008_deelnemers.xlsx;", ";;")
    variant("empty_list_file.csv", no_file)


def attendance() -> None:
    t1 = ["Nr", "Naam", "Organisatie", "Functie", "Gemeente"]
    _write("attendance/header_only.csv", _csv([t1]).encode("cp1252"))
    _write("attendance/not_in_register.csv", _csv([
        t1,
        ["1", "Karin de Groot", "Gemeente Tilburg", "beleidsmedewerker integratie", "Tilburg"],
        ["2", "Ahmed El Idrissi", "Gemeente Breda", "Wethouder", "Breda"],
        ["3", "Petra Verhoeven", "Palet", "adviseur", "Eindhoven"],
    ]).encode("cp1252"))
    _write("attendance/duplicate_line_no.csv", _csv([
        t1,
        ["1", "Karin de Groot", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["2", "Ahmed El Idrissi", "Gemeente Uden", "Wethouder", "Uden"],
        ["2", "Petra Verhoeven", "Palet", "adviseur", "Eindhoven"],
        ["3", "Jan Smits", "Gemeente Veghel", "raadslid", "Veghel"],
    ]).encode("cp1252"))
    _write("attendance/only_cancelled.csv", _csv([
        t1,
        ["1", "Karin de Groot (afgemeld)", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["2", "Ahmed El Idrissi", "Gemeente Uden", "afgemeld", "Uden"],
        ["3", "Petra Verhoeven", "Palet", "adviseur - afgemeld per mail", "Eindhoven"],
    ]).encode("cp1252"))
    t3 = ["Volgnummer", "Deelnemer", "Organisatie/gemeente", "Functie", "Woonplaats werkzaam"]
    _write("attendance/utf8_no_bom.csv", _csv([     # the Noord template, saved without its BOM
        t3,
        ["1", "Sietske Hoekstra", "gemeente Leeuwarden", "beleidsmedewerker", "Leeuwarden"],
        ["2", "Hélène Dijkstra", "gemeente Smallingerland", "coördinator integratie", "Drachten"],
        ["3", "Durk Visser", "CMO Partoer", "adviseur", "Leeuwarden"],
    ]).encode("utf-8"))
    # a name typed in UTF-8 into the cp1252 list (row 3), in a file that is cp1252 elsewhere (row 2)
    _write("attendance/mixed_encodings.csv",
           _csv([t1, ["1", "Karin de Groot", "Gemeente Oss \u2013 Uden", "wethouder", "Oss"]]).encode("cp1252")
           + _csv([["2", "Zo\u00eb A\u011fao\u011flu", "Gemeente Uden", "beleidsmedewerker", "Uden"]]).encode("utf-8"))
    # the header row left out: the first rows a header could be on are rows of names
    _write("attendance/no_header.csv", _csv([
        ["1", "Karin de Groot", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["2", "Ahmed El Idrissi", "Gemeente Uden", "Wethouder", "Uden"],
        ["3", "Petra Verhoeven", "Palet", "adviseur", "Eindhoven"],
    ]).encode("cp1252"))
    # found by the fuzzer (tests/test_reader_fuzz.py); each crashed the reader before it was fixed:
    # a Noord list (UTF-8 with its mark) with one name typed in Windows-1252 ('Hélène': byte 0xE9)
    _write("attendance/bom_with_cp1252_name.csv", codecs.BOM_UTF8 + _csv([
        t3,
        ["1", "Sietske Hoekstra", "gemeente Leeuwarden", "beleidsmedewerker", "Leeuwarden"],
    ]).encode("utf-8") + _csv([["2", "H\u00e9l\u00e8ne Dijkstra", "gemeente Smallingerland", "wethouder",
                                 "Drachten"]]).encode("cp1252"))
    # a list saved as "CSV UTF-8" from an empty sheet: nothing but the byte-order mark
    _write("attendance/only_bom.csv", codecs.BOM_UTF8)
    # a cp1252 list with old Mac line ends (a lone CR) and a name typed in UTF-8 on row 3
    _write("attendance/mac_line_ends_mixed.csv", _csv([
        t1, ["1", "Karin de Groot", "Gemeente Oss \u2013 Uden", "wethouder", "Oss"]]).replace("\r\n", "\r")
        .encode("cp1252") + "2;Zo\u00eb A\u011fao\u011flu;Gemeente Uden;beleidsmedewerker;Uden\r".encode("utf-8"))
    # no header row, and a name typed in UTF-8 on row 3: the encoding error is found before the
    # header, and the row that would label its column is a row of names
    _write("attendance/no_header_mixed.csv", _csv([
        ["1", "Karin de Groot", "Gemeente Oss \u2013 Uden", "wethouder", "Oss"],
        ["2", "Ahmed El Idrissi", "Gemeente Uden", "Wethouder", "Uden"],
    ]).encode("cp1252") + _csv([["3", "Zo\u00eb A\u011fao\u011flu", "Palet", "adviseur", "Eindhoven"]]).encode("utf-8"))

    # persons a crude name normalisation would make one: names that only digits tell apart (an
    # anonymised list), names in other scripts, names without letters, a row without a name
    _write("attendance/names_differ_in_digits.csv", _csv([
        t1,
        ["1", "Deelnemer 1", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["2", "Deelnemer 2", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["3", "Deelnemer 3", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
    ]).encode("cp1252"))
    _write("attendance/non_latin_names.csv", b"\xef\xbb\xbf" + _csv([
        t3,
        ["1", "محمد الأحمد", "Stichting Welzijn Smallingerland", "consulent", "Drachten"],
        ["2", "أحمد الخطيب", "Stichting Welzijn Smallingerland", "consulent", "Drachten"],
        ["3", "李明", "Stichting Welzijn Smallingerland", "vrijwilliger", "Drachten"],
        ["4", "王芳", "Stichting Welzijn Smallingerland", "vrijwilliger", "Drachten"],
    ]).encode("utf-8"))
    _write("attendance/names_without_letters.csv", _csv([
        t1,
        ["1", "Karin de Groot", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["2", "?", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["3", "-", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
    ]).encode("cp1252"))
    _write("attendance/name_missing.csv", _csv([
        t1,
        ["1", "Karin de Groot", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["2", "", "Gemeente Uden", "Wethouder", "Uden"],
    ]).encode("cp1252"))
    # a non-breaking space (cp1252 0xA0) where the same person's organisation and a cancellation
    # have a plain one
    _write("attendance/nbsp_duplicate_and_cancellation.csv", _csv([
        t1,
        ["1", "Karin de Groot", "Gemeente Oss", "beleidsmedewerker integratie", "Oss"],
        ["2", "Karin de Groot", "Gemeente\u00a0Oss", "beleidsmedewerker integratie", "Oss"],
        ["3", "Ahmed El Idrissi", "Gemeente Uden", "Wethouder, niet\u00a0aanwezig", "Uden"],
        ["4", "Petra Verhoeven", "Palet", "adviseur", "Eindhoven"],
    ]).encode("cp1252"))
    # a municipality damaged by a wrong conversion (U+FFFD in a UTF-8 list) that a fuzzy match
    # would take for Leeuwarden
    _write("attendance/garbled_municipality.csv", b"\xef\xbb\xbf" + _csv([
        t3,
        ["1", "Sietske Hoekstra", "gemeente Leeuwarden", "Wethouder", "Leeuward\ufffdn"],
        ["2", "Durk Visser", "CMO Partoer", "adviseur", "Leeuwarden"],
    ]).encode("utf-8"))
    _write("attendance/not_a_spreadsheet.xlsx",
           b"Nr;Naam;Organisatie;Functie;Gemeente\r\n1;Karin de Groot;Gemeente Almere;wethouder;Almere\r\n")


if __name__ == "__main__":
    survey()
    meetings()
    attendance()
