"""A fuzzer over the raw reader (Hypothesis): random bytes, shipped files truncated, mutated and
re-encoded, and workbooks of every cell type calamine knows. Whatever the input, the reader
either reads it or refuses it with a RawFileError that starts with the file's path — never
another exception — and a refusal never shows a name or e-mail address from a list.

CI runs a fixed, derandomised number of examples per property (reproducible); a longer run is
opt-in (tests/bad_inputs/README.md):  GIA_FUZZ_EXAMPLES=20000 bash scripts/test.sh tests/test_reader_fuzz.py
Every failure found becomes a case of tests/bad_inputs/.
"""

import codecs
import io
import os
import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia_pipeline.lib import contract as contracts
from gia_pipeline.lib import paths
from gia_pipeline.lib.raw_reader import RawFileError, read_file

_LONG = int(os.environ.get("GIA_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_LONG or 60, derandomize=not _LONG, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

CONTRACTS = {name: contracts.load(name) for name in ("survey", "meetings", "attendance")}
RAW = paths.DEFAULT_RAW_DIR
SHIPPED = sorted([(name, p) for name, folder in (("survey", "survey"), ("meetings", "meetings"), ("attendance",
                  "attendance")) for p in (RAW / folder).iterdir() if p.suffix == ".csv"
                  and p.stat().st_size < 200_000], key=lambda x: str(x[1]))
SHIPPED_XLSX = sorted((RAW / "attendance").glob("*.xlsx"))
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "cp850", "mac_roman", "ascii")


def read_or_refuse(path: Path, contract: contracts.Contract, secrets: tuple[str, ...] = ()):
    """The one property every input must have."""
    try:
        result = read_file(path, contract)
    except RawFileError as e:
        message = str(e)
        assert message.startswith(f"{path}: "), message
        leaked = [s for s in secrets if s in message]
        assert not leaked, (leaked, message)
        return None
    rows = result.rows
    assert [r["_source_row"] for r in rows] == sorted({r["_source_row"] for r in rows})
    assert all(isinstance(r[f], str) or r[f] is None for r in rows for f in contract.fields)
    return result


# --------------------------------------------------------------------------- bytes

@FUZZ
@given(source=st.sampled_from(sorted(CONTRACTS)), data=st.binary(max_size=2048),
       suffix=st.sampled_from([".csv", ".xlsx", ".CSV"]))
def test_random_bytes(tmp_path_factory, source, data, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"f{suffix}"
    path.write_bytes(data)
    read_or_refuse(path, CONTRACTS[source])


def _mutate(data: bytes, draw) -> bytes:
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "reencode", "splice"]))
    at = draw(st.integers(0, max(len(data) - 1, 0)))
    if kind == "truncate":
        return data[:at]
    if kind == "flip":
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    if kind == "insert":
        return data[:at] + draw(st.sampled_from([b";", b'"', b"\r", b"\n", b"\x00", b"\xc3\xa9", b"\xe9", b"\xff\xfe",
                                                 b"\xef\xbb\xbf", b"\x80", b"$", b";;;;;;"])) + data[at:]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 64)):]
    if kind == "reencode":
        for source in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(source)
                break
            except UnicodeDecodeError:
                continue
        return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    # splice: one line of the file re-encoded (a row pasted from a file in another encoding)
    lines = data.split(b"\n")
    i = at % len(lines)
    lines[i] = lines[i].decode("cp1252", "replace").encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return b"\n".join(lines)


@FUZZ
@given(shipped=st.sampled_from(SHIPPED), data=st.data())
def test_shipped_csv_truncated_mutated_and_reencoded(tmp_path_factory, shipped, data):
    source, original = shipped
    mutated = original.read_bytes()
    for _ in range(data.draw(st.integers(1, 3))):
        mutated = _mutate(mutated, data.draw)
    path = tmp_path_factory.mktemp("mutated") / original.name
    path.write_bytes(mutated)
    read_or_refuse(path, CONTRACTS[source])


# --------------------------------------------------------------------------- generated lists

ATTENDANCE = CONTRACTS["attendance"]
_SAFE = st.characters(codec="cp1252", exclude_characters=";\"\r\n", exclude_categories=("Cc", "Cs"))
# names found nowhere else: a refusal that shows one has leaked a personal value
_NAME = st.builds(lambda a, b: f"Xq{a} Zwavelpoot{b}", st.text(_SAFE, max_size=8).map(str.strip),
                  st.integers(0, 999))


def _utf8_character_in(data: bytes) -> bool:
    """Whether cp1252 bytes contain a valid UTF-8 multi-byte character (the contract's rule for
    refusing a cp1252 file as UTF-8 or mixed)."""
    for match in re.finditer(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", data):
        try:
            match.group().decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


@FUZZ
@given(rows=st.lists(st.tuples(_NAME, st.text(_SAFE, max_size=30), st.text(_SAFE, max_size=30),
                               st.text(_SAFE, max_size=20)), min_size=1, max_size=8),
       bom=st.booleans(), damage=st.sampled_from([None, None, "no header", "open quote"]), data=st.data())
def test_generated_csv_lists_read_back_exactly_or_are_refused_by_the_rule(tmp_path_factory, rows, bom, damage, data):
    """A T1 list in cp1252 (or UTF-8 with its mark) holding any text: every value comes back as
    written (trimmed), unless the cp1252 bytes hold a UTF-8 character — then it is refused. A
    list without its header, or with a quote that opens a name and never closes, is refused."""
    lines = ["Nr;Naam;Organisatie;Functie;Gemeente"] + [";".join((str(i), *r)) for i, r in enumerate(rows, 1)]
    if damage == "no header":
        lines = lines[1:]
    elif damage == "open quote":
        i = data.draw(st.integers(1, len(rows)))
        lines[i] = lines[i].replace(";", ';"', 1)
    text = "\r\n".join(lines) + "\r\n"
    data = codecs.BOM_UTF8 + text.encode("utf-8") if bom else text.encode("cp1252")
    path = tmp_path_factory.mktemp("list") / "lijst.csv"
    path.write_bytes(data)
    result = read_or_refuse(path, ATTENDANCE, secrets=tuple(r[0] for r in rows))
    if damage:
        assert result is None, f"a list with {damage} was read"
        return
    if result is None:
        assert not bom and _utf8_character_in(data), "a valid list was refused"
        return
    assert not _utf8_character_in(data) or bom
    got = [(r["person_name"], r["organisation"], r["function"], r["municipality_text"]) for r in result.rows]
    assert got == [tuple(v.strip() or None for v in r) for r in rows]


_CELL = st.one_of(
    st.none(), st.text(max_size=40), _NAME, st.integers(-10**12, 10**12), st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False), st.datetimes(min_value=datetime(1900, 3, 1)),
    st.dates(min_value=date(1900, 3, 1)), st.times(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=9)),
    st.sampled_from(["=1/0", "=A1+1", '=CONCAT("a";"b")', "=NA()"]),            # formulas: no computed value
    st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?"]),         # error values
)
_HEADERS = [c.headers[-1] for c in ATTENDANCE.columns]


def _storable(value):
    """openpyxl refuses control characters in text; those are not what this fuzzer is after."""
    if isinstance(value, str):
        return openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@FUZZ
@given(titles=st.integers(0, 7), headers=st.permutations(_HEADERS), drop=st.integers(0, 2),
       rows=st.lists(st.lists(_CELL, max_size=9), max_size=8), second_sheet=st.booleans(),
       corrupt=st.sampled_from([None, "truncate", "sheet-xml"]), data=st.data())
def test_generated_workbooks_of_every_cell_type(tmp_path_factory, titles, headers, drop, rows, second_sheet,
                                                corrupt, data):
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(titles):
        ws.append([f"Presentielijst {i}"] if i % 2 == 0 else [])
    ws.append(list(headers[: len(headers) - drop]))
    kinds = set()
    for r in rows:
        ws.append([_storable(v) for v in r])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                kinds.add("formula")
            if cell.value in ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?"):
                cell.data_type = "e"
                kinds.add("error")
    if second_sheet:
        wb.create_sheet("Afmeldingen").append([_storable(v) for v in data.draw(st.lists(_CELL, max_size=3))])
    buf = io.BytesIO()
    wb.save(buf)
    content = buf.getvalue()
    if corrupt == "truncate":       # (a fraction: a saved workbook's length varies with its time stamp)
        content = content[: len(content) * data.draw(st.integers(0, 1000)) // 1000]
    elif corrupt == "sheet-xml":
        content = _corrupt_sheet(content, data.draw)
    path = tmp_path_factory.mktemp("book") / "lijst.xlsx"
    path.write_bytes(content)
    personal = [i for i, h in enumerate(headers[: len(headers) - drop]) if ATTENDANCE.column_for_header(h).personal]
    elsewhere = {v for r in rows for i, v in enumerate(r) if i not in personal}   # may be shown there
    names = tuple(r[i] for r in rows for i in personal if i < len(r) and isinstance(r[i], str)
                  and r[i].startswith("Xq") and len(r[i]) > 14 and r[i] not in elsewhere)
    result = read_or_refuse(path, ATTENDANCE, secrets=names)
    if result is not None and corrupt is None:
        assert not kinds, "a workbook with a formula without value or an error value was read"


def _corrupt_sheet(content: bytes, draw) -> bytes:
    """The first sheet's XML with one thing changed the way other writers (or damage) do it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                old, new = draw(st.sampled_from([
                    (b"<v>", b"<v>abc"), (b't="n"', b't="e"'), (b't="n"', b't="s"'), (b't="n"', b't="d"'),
                    (b'r="A', b'r="XFD'), (b"</row>", b""), (b'<c r="A2"', b'<c'), (b"<v>", b"<v>1e400"),
                    (b"<is><t>", b"<is><t>\xc3"), (b'<row r="2"', b'<row r="99999999"'),
                ]))
                part = part.replace(old, new, draw(st.integers(1, 3)))
            dst.writestr(item, part)
    return out.getvalue()


@FUZZ
@given(shipped=st.sampled_from(SHIPPED_XLSX), data=st.data())
def test_shipped_workbooks_damaged(tmp_path_factory, shipped, data):
    content = shipped.read_bytes()
    content = _corrupt_sheet(content, data.draw) if data.draw(st.booleans()) \
        else content[: data.draw(st.integers(0, len(content)))]
    path = tmp_path_factory.mktemp("damaged") / shipped.name
    path.write_bytes(content)
    read_or_refuse(path, ATTENDANCE)


def test_the_values_of_a_workbook_are_those_of_its_cells(tmp_path):
    """Sanity of the generator above: an ordinary generated workbook is read, with its values."""
    wb = openpyxl.Workbook()
    wb.active.append(_HEADERS)
    wb.active.append([1, "Xq Zwavelpoot1", "Gemeente Oss", "wethouder", "Oss", "x@y.example", "x"])
    wb.active.append([2, "Xq Zwavelpoot2", 3.5, datetime(2009, 1, 2, 3, 4, 5), time(10, 30), None, True])
    wb.save(tmp_path / "l.xlsx")
    rows = read_or_refuse(tmp_path / "l.xlsx", ATTENDANCE).rows
    assert [(r["organisation"], r["function"], r["municipality_text"], r["signature"]) for r in rows] == [
        ("Gemeente Oss", "wethouder", "Oss", "x"), ("3.5", "2009-01-02 03:04:05", "10:30:00", "TRUE")]
