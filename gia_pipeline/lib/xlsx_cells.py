"""What the raw reader must know about an xlsx workbook before python-calamine loads it:

- cells a reader would see as empty although they are not: error values (`#N/A`, `#DIV/0!`, …)
  and formulas without a computed (cached) value; calamine returns both as an empty string;
- how far each sheet's used range reaches: calamine holds a sheet as a dense grid from A1 to its
  last cell, so one stray value in XFD1048576 would ask for 17 billion cells;
- which cells are merged: calamine gives a merged range's value to its first cell only, and the
  others read as empty although the sheet shows the value over all of them;
- what the sheet shows differently from its values: hidden rows (not shown, but read) and cells
  struck through (shown crossed out, as people mark a cancelled line; calamine reads no format).

The worksheets' XML is searched with byte patterns; only a sheet that holds a formula or an error
value is parsed cell by cell, so an ordinary export costs a few scans.
"""

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

# a formula element (<f>, or <x:f> with a namespace prefix) or an error cell; one pattern each,
# as each literal is found fast and an alternation is not
_CANDIDATES = (re.compile(rb"<f[\s>/]"), re.compile(rb":f[\s>/]"), re.compile(rb"\st=\"e\""))
_REF = re.compile(r"([A-Z]{1,3})(\d+)$")
_ROW_NUMBER = re.compile(rb"<row\b[^>]*?\sr=\"(\d+)\"")
_WIDE_COLUMN = re.compile(rb" r=\"([A-Z]{2,3})\d")        # a cell reference beyond column Z
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_ATTR = re.compile(rb"\b(r|s|hidden)=\"([^\"]*)\"")
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\sref=\"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\"")
#: Excel's error values; anything else in an error cell is not quoted (it could be any text)
_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
           "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!"}


class NotAnXlsxWorkbook(Exception):
    """The file is no OOXML workbook (a zip with xl/workbook.xml)."""


@dataclass(frozen=True)
class HiddenCell:
    sheet: str
    row: int          # 1-based, as the spreadsheet shows it
    column: int       # 0-based
    what: str

    @property
    def ref(self) -> str:
        letters, n = "", self.column + 1
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("A") + rest) + letters
        return f"{letters}{self.row}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (r:id, Id, …)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _sheet_parts(book: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name in the zip) of every worksheet, in workbook order."""
    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError) as e:
        raise NotAnXlsxWorkbook(str(e)) from e
    targets = {_attr(r, "Id"): _attr(r, "Target") for r in rels.iter() if _local(r.tag) == "Relationship"}
    parts = []
    for sheet in (e for e in workbook.iter() if _local(e.tag) == "sheet"):
        target = targets.get(_attr(sheet, "id"))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts.append((_attr(sheet, "name") or "?", part))
    return parts


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def _scan_sheet(name: str, data: bytes) -> list[HiddenCell]:
    found = []
    row, column = 0, -1
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                row = int(element.get("r") or row + 1)
                column = -1
            continue
        if tag != "c":
            if tag == "row":
                element.clear()
            continue
        ref = _REF.match(element.get("r") or "")
        if ref:
            column, row = _column_index(ref.group(1)), int(ref.group(2))
        else:
            column += 1
        kind = element.get("t")
        children = {_local(child.tag): child for child in element}
        value = children.get("v")
        if kind == "e":
            shown = (value.text or "").strip() if value is not None else ""
            found.append(HiddenCell(name, row, column, f"an error value ({shown})" if shown in _ERRORS
                                    else "an error value"))
        elif "f" in children and kind != "str" and (value is None or not (value.text or "").strip()):
            found.append(HiddenCell(name, row, column, "a formula without a computed value"))
    return found


@dataclass(frozen=True)
class MergedRange:
    first_row: int      # 1-based, as the spreadsheet shows it
    last_row: int
    first_column: int   # 0-based
    last_column: int


@dataclass(frozen=True)
class WorkbookScan:
    hidden: list[HiddenCell]                  # every error value and formula without a value
    extents: dict[str, tuple[int, int]]       # sheet -> (last row, number of columns), upper bounds
    merged: dict[str, list[MergedRange]]      # sheet -> its merged ranges (sheets with none absent)
    hidden_rows: dict[str, list[int]]         # sheet -> rows hidden in it (1-based)
    struck: dict[str, list[tuple[int, int]]]  # sheet -> (row 1-based, column 0-based) of cells struck through


def _hidden_rows(data: bytes) -> list[int]:
    rows = []
    for attrs in _ROW_TAG.findall(data):
        found = dict(_ATTR.findall(attrs))
        if found.get(b"hidden") in (b"1", b"true") and found.get(b"r", b"").isdigit():
            rows.append(int(found[b"r"]))
    return rows


def _struck_styles(book: zipfile.ZipFile) -> set[int]:
    """The cell formats (indexes into cellXfs) whose font is struck through."""
    try:
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return set()
    except ElementTree.ParseError as e:
        raise NotAnXlsxWorkbook(f"xl/styles.xml: {e}") from e
    struck_fonts = set()
    for section in (e for e in styles if _local(e.tag) == "fonts"):
        for i, font in enumerate(e for e in section if _local(e.tag) == "font"):
            strike = next((e for e in font if _local(e.tag) == "strike"), None)
            if strike is not None and (_attr(strike, "val") or "1") in ("1", "true"):
                struck_fonts.add(i)
    formats = set()
    for section in (e for e in styles if _local(e.tag) == "cellXfs"):
        for i, xf in enumerate(e for e in section if _local(e.tag) == "xf"):
            if (_attr(xf, "fontId") or "0").isdigit() and int(_attr(xf, "fontId") or "0") in struck_fonts:
                formats.add(i)
    return formats


def _struck_cells(data: bytes, formats: set[int]) -> list[tuple[int, int]]:
    """Cells with content whose format is one of `formats` (an empty `<c …/>` shows nothing)."""
    cells = []
    for attrs, empty in _CELL_TAG.findall(data):
        if empty:
            continue
        found = dict(_ATTR.findall(attrs))
        style, ref = found.get(b"s", b""), _REF.match(found.get(b"r", b"").decode())
        if style.isdigit() and int(style) in formats and ref:
            cells.append((int(ref.group(2)), _column_index(ref.group(1))))
    return cells


def _merged(data: bytes) -> list[MergedRange]:
    return [MergedRange(int(r1), int(r2), _column_index(c1.decode()), _column_index(c2.decode()))
            for c1, r1, c2, r2 in _MERGE_CELL.findall(data)]


def _extent(data: bytes) -> tuple[int, int]:
    """(last row, columns) of a sheet's used range, as upper bounds: the last row element's number
    (rows are in order) or the count of rows, and the widest column reference."""
    last = data.rfind(b"<row ")
    numbered = _ROW_NUMBER.match(data, last) if last >= 0 else None
    rows = int(numbered.group(1)) if numbered else data.count(b"<row")
    wide = set(_WIDE_COLUMN.findall(data))        # beyond Z; none in an ordinary list
    columns = max((_column_index(c.decode()) + 1 for c in wide), default=26)
    return rows, columns


def scan(path) -> WorkbookScan:
    """Every error value and every formula without a cached value, on any sheet, each sheet's
    extent, its merged ranges, hidden rows and cells struck through."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise NotAnXlsxWorkbook(str(e)) from e
    with book:
        found, extents, merged, hidden_rows, struck = [], {}, {}, {}, {}
        struck_formats = _struck_styles(book)
        for name, part in _sheet_parts(book):
            try:
                data = book.read(part)
            except KeyError as e:
                raise NotAnXlsxWorkbook(f"sheet '{name}' has no part {part}") from e
            extents[name] = _extent(data)
            if b"mergeCell" in data:
                merged[name] = _merged(data)
            if b"hidden=" in data:
                hidden_rows[name] = _hidden_rows(data)
            if struck_formats:
                struck[name] = _struck_cells(data, struck_formats)
            if any(pattern.search(data) for pattern in _CANDIDATES):
                try:
                    found.extend(_scan_sheet(name, data))
                except ElementTree.ParseError as e:
                    raise NotAnXlsxWorkbook(f"sheet '{name}': {e}") from e
        return WorkbookScan(found, extents, merged, hidden_rows, struck)
