"""Reading raw export files by their contract: encodings, delimiters, title rows, header
variants, value checks. Every data row of a file becomes a raw row with its lineage (file, row
number as a spreadsheet shows it, content hash); a file that breaks the contract is refused with
a `RawFileError` naming file, row and column. Nothing is dropped: blank rows are kept (staging
excludes them with a reason).
"""

import codecs
import csv
import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa

from gia_pipeline.lib import xlsx_cells
from gia_pipeline.lib.contract import Column, Contract, normalise_header

LINEAGE_FIELDS = ("_source_file", "_source_row", "_file_sha256", "_blank", "_invalid_fields", "_issues")
_MAX_ERRORS_SHOWN = 10
_FIELD_LIMIT = 1_000_000  # characters in one cell; more is refused, not read into memory silently
_SHEET_CELL_LIMIT = 20_000_000  # cells of an xlsx sheet's used range (rows x columns), held densely in memory


class RawFileError(Exception):
    """A raw file the pipeline refuses. The message names file, row and column where known."""


@dataclass
class ReadResult:
    """A file's rows, column by column (a million rows as dicts would cost gigabytes)."""

    data: dict[str, list | pa.Array]     # lists (precise path) or Arrow arrays (fast path)
    extra_columns: list[str] = field(default_factory=list)
    header_row: int = 1
    encoding: str | None = None

    @property
    def n_rows(self) -> int:
        return len(self.data["_source_row"])

    @property
    def columns(self) -> dict[str, list]:
        """The columns as Python lists (convenient for small files and tests)."""
        return {name: v if isinstance(v, list) else v.to_pylist() for name, v in self.data.items()}

    @property
    def rows(self) -> list[dict]:
        """The rows as dicts (convenient for small files and tests)."""
        columns = self.columns
        return [dict(zip(columns, values)) for values in zip(*columns.values())]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ----------------------------------------------------------------------------- decoding

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
_AFTER_BOM = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}


_BYTE_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lenient_cells(line: bytes, delimiter: str) -> list[str]:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = line.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = line.decode("latin-1")
    try:
        return next(csv.reader([text.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:       # an unbalanced quote, a stray line break: cells as split by the delimiter
        return text.split(delimiter)


def _header_guess(data: bytes, contract: Contract) -> list[str]:
    """The cells of the line most likely to be the header, decoded leniently (only to name a
    column in an error message): of the first lines a header may be on, the one holding the most
    known headers; the first line when none holds one."""
    known = {normalise_header(h) for c in contract.columns for h in c.headers}
    best, best_hits = None, 0
    for line, _ in zip(_BYTE_LINE.finditer(data), range(contract.max_title_rows + 1)):
        cells = _lenient_cells(line.group(), contract.delimiter)
        hits = sum(normalise_header(c) in known for c in cells)
        if best is None or hits > best_hits:
            best, best_hits = cells, hits
    return best or []


def _cells_before(line_prefix: str, delimiter: str) -> int:
    """How many cells end before the end of `line_prefix` (delimiters outside quotes)."""
    count, quoted, at_start, i = 0, False, True, 0
    while i < len(line_prefix):
        ch = line_prefix[i]
        if quoted:
            if ch == '"':
                if line_prefix[i + 1:i + 2] == '"':
                    i += 1                      # an escaped quote inside the cell
                else:
                    quoted = False
        elif ch == '"' and at_start:
            quoted = True
        elif ch == delimiter:
            count += 1
            at_start = True
            i += 1
            continue
        at_start = False
        i += 1
    return count


def _column_label(header: list[str], index: int) -> str:
    name = header[index].strip() if index < len(header) else ""
    return f"column '{name}'" if name else f"column {index + 1}"


def _locate(data: bytes, offset: int, contract: Contract) -> tuple[str, bool]:
    """('row N, column X', whether the cell's value may be quoted) for byte `offset` of a csv file
    (N is the physical line). A value is quoted only in a column the contract knows and does not
    mark personal: an unknown column might hold anything."""
    # physical lines as the csv parser counts them: CRLF, LF or a lone CR (old Mac files) ends one
    row = data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset) + 1
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    index = _cells_before(data[line_start:offset].decode("latin-1"), contract.delimiter)
    header = _header_guess(data, contract)
    column = contract.column_for_header(header[index]) if index < len(header) else None
    return f"row {row}, {_column_label(_labels(header, contract), index)}", column is not None and not column.personal


def _labels(cells: list[str], contract: Contract) -> list[str]:
    """The cells of a guessed header row that may name a column in a message. Without a found
    header the guess may be a row of data: in a source with personal columns only cells that are
    known headers name a column (the others are given by number)."""
    if not contract.personal_fields:
        return cells
    return [c if contract.column_for_header(c) is not None else "" for c in cells]


# a character written as UTF-8: a lead byte and its continuation bytes (validated on decoding);
# searched from a lead byte followed by a continuation byte, a pattern the engine scans fast
_UTF8_START = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _first_utf8_character(data: bytes) -> tuple[int, int] | None:
    """(start, end) of the first valid UTF-8 multi-byte character in `data`, if any."""
    for start in _UTF8_START.finditer(data):
        match = _UTF8_SEQUENCE.match(data, start.start())
        if match is None:
            continue
        try:
            match.group().decode("utf-8")
        except UnicodeDecodeError:
            continue
        return match.span()
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(path: Path, data: bytes, contract: Contract) -> tuple[str, str]:
    """Text of a csv file in the first accepted encoding that decodes it strictly.

    A byte-order mark decides first (refused when its encoding is not accepted). Without one,
    UTF-8 is accepted only when the contract's first encoding is UTF-8: a source read as cp1252
    would silently turn `ë` into `Ã«`, so a file that holds UTF-8 characters is refused there,
    wholly UTF-8 or mixed (UTF-8 lines pasted into a cp1252 export).
    """
    encodings = contract.encodings
    accepted = {codecs.lookup(e).name for e in encodings}
    for bom, name, label in _BOMS:
        if data.startswith(bom):
            if codecs.lookup(name).name not in accepted and not (name == "utf-8-sig" and "utf-8" in accepted):
                raise RawFileError(f"{path}: row 1: the file starts with a {label} byte-order mark, so it is "
                                   f"{label}, but the contract accepts only {', '.join(encodings)}; "
                                   f"save it as {encodings[0]}")
            try:
                return data[len(bom):].decode(_AFTER_BOM[bom]), name
            except UnicodeDecodeError as e:      # the mark says UTF-8, a byte says otherwise
                where, quotable = _locate(data, len(bom) + e.start, contract)
                byte = f"byte 0x{data[len(bom) + e.start]:02x}" if quotable else "a byte (the value of this column is not shown)"
                raise RawFileError(f"{path}: {where}: {byte} is not valid {label}, although the file starts with "
                                   f"a {label} byte-order mark (Windows-1252 text such as 'é' pasted in?); save "
                                   f"the whole file as {label}") from None
    if codecs.lookup(encodings[0]).name != "utf-8":
        span = _first_utf8_character(data)
        if span is not None:
            where, quotable = _locate(data, span[0], contract)
            written = data[span[0]:span[1]]
            what = (f"'{written.decode('utf-8')}' is written as the bytes {written.hex(' ')}" if quotable
                    else "a character written as UTF-8; the value of this column is not shown")
            save = f"save it as {encodings[0]}" + (" or as UTF-8 with a byte-order mark" if "utf-8" in accepted else "")
            if _is_utf8(data):
                raise RawFileError(f"{path}: {where}: the file is UTF-8 without a byte-order mark ({what}), but "
                                   f"the contract reads it as {encodings[0]}; {save}")
            raise RawFileError(f"{path}: {where}: mixed encodings: this cell holds UTF-8 text ({what}), while "
                               f"the rest of the file is not UTF-8; read as {encodings[0]} it would be garbled. "
                               f"Were rows pasted in from another file? {save[0].upper()}{save[1:]}, as a whole")
    errors = []
    for enc in encodings:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as e:
            where, quotable = _locate(data, e.start, contract)
            errors.append(f"{where}: " + (f"byte 0x{data[e.start]:02x} is not valid {enc}" if quotable
                                         else f"a byte that is not valid {enc} (the value of this column is not shown)"))
    hint = " (Windows-1252 text such as '€' or 'ë'?)" if "utf-8" in accepted else ""
    raise RawFileError(f"{path}: not readable in the accepted encodings{hint}: {'; '.join(errors)}")


# ----------------------------------------------------------------------------- grids

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str):
    """The physical lines of `text` with their line breaks, one at a time (as the csv module
    counts them: CRLF, CR or LF), so a large file is never copied as a whole."""
    for match in _LINE.finditer(text):
        yield match.group()


def _csv_grid(path: Path, contract: Contract) -> tuple[list[tuple[int, list[str]]], str]:
    data = path.read_bytes()
    if not data or data.isspace():
        raise RawFileError(f"{path}: file is empty")
    text, encoding = decode(path, data, contract)
    del data
    if not text.lstrip("\ufeff").strip():
        raise RawFileError(f"{path}: file is empty (nothing but a byte-order mark and white space)")
    first = _LINE.match(text.lstrip("\ufeff")).group().rstrip("\r\n") if not text.isspace() else ""
    if contract.delimiter not in first:
        found = next((d for d in (",", ";", "\t", "|") if d in first), None)
        raise RawFileError(f"{path}: row 1: expected '{contract.delimiter}' as delimiter"
                           + (f", found '{found}'" if found else ", found no delimiter"))
    # the cell limit stops the parser inside an oversized cell: it is refused, not read whole
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(_lines(text), delimiter=contract.delimiter, strict=True)
    grid = []
    start = 1
    try:
        for cells in reader:
            grid.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        head = grid[: contract.max_title_rows + 1]
        header = max(head, key=lambda r: sum(bool(c.strip()) for c in r[1]))[1] if head else []
        raise RawFileError(f"{path}: {_csv_error(text, start, _labels(header, contract), contract.delimiter, e)}") \
            from e
    return grid, encoding


def _line_offset(text: str, line: int) -> int:
    """Offset in `text` of physical line `line` (1-based, line breaks as the csv module counts them)."""
    offset = 0
    for number, match in enumerate(_LINE.finditer(text), 1):
        if number == line:
            return match.start()
        offset = match.end()
    return offset


def _scan_line(text: str, offset: int, delimiter: str) -> tuple[int | None, int | None]:
    """Walk one physical line of csv from `offset`, cell by cell, without building the cells:
    (index of the first cell longer than the cell limit, index of the cell whose opening quote is
    still open at the end of the line). Stops at the first oversized cell."""
    cell, length, quoted, at_start, opened_in = 0, 0, False, True, None
    i, n = offset, len(text)
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if text[i + 1:i + 2] == '"':
                    i += 1                      # an escaped quote inside the cell
                else:
                    quoted = False
        elif ch in "\r\n":
            break
        elif ch == '"' and at_start:
            quoted, opened_in = True, cell
        elif ch == delimiter:
            cell, length, at_start = cell + 1, 0, True
            i += 1
            continue
        at_start = False
        length += 1
        if length > _FIELD_LIMIT:
            return cell, None
        i += 1
    return None, (opened_in if quoted else None)


def _csv_error(text: str, line: int, header: list[str], delimiter: str, error: csv.Error) -> str:
    """'row N, column X: what is wrong' for the record (starting on physical line `line`) that
    the csv parser gave up on."""
    oversized, unclosed = _scan_line(text, _line_offset(text, line), delimiter)
    if oversized is not None:
        return (f"row {line}, {_column_label(header, oversized)}: a cell is longer than the limit of "
                f"{_FIELD_LIMIT:,} characters; the file is refused, not read further")
    if unclosed is not None:
        return (f"row {line}, {_column_label(header, unclosed)}: a quote (\") opens this cell and is never "
                f"closed (malformed csv: {error})")
    if "field larger than field limit" in str(error):
        return (f"row {line}: a cell that starts on this row is longer than the limit of {_FIELD_LIMIT:,} "
                "characters (a quote left open?); the file is refused, not read further")
    return f"row {line}: malformed csv ({error}); check for an unbalanced quote"


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):     # Excel's TRUE/FALSE is no number: as 1/0 it passed as a grade or a line number
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if (value.hour, value.minute, value.second) != (0, 0, 0) \
            else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx_grid(path: Path, contract: Contract) -> list[tuple[int, list[str]]]:
    name, rows = _xlsx_sheet(path, contract)
    grid = [(i, [_xlsx_cell(c) for c in r]) for i, r in enumerate(rows, 1)]
    for line, cells in grid:    # the csv parser's cell limit, for xlsx too
        if cells and max(map(len, cells)) > _FIELD_LIMIT:
            pos = next(i for i, cell in enumerate(cells) if len(cell) > _FIELD_LIMIT)
            raise RawFileError(f"{path}: sheet '{name}', cell {_column_letter(pos)}{line} (row {line}, "
                               f"column {_column_letter(pos)}): a cell is longer than the limit of "
                               f"{_FIELD_LIMIT:,} characters; the file is refused")
    return grid


def _xlsx_sheet(path: Path, contract: Contract) -> tuple[str, list[list]]:
    """(name, rows of calamine's values from A1) of the workbook's one used sheet; RawFileError
    for a workbook the contract refuses (not xlsx, cells without a readable value, too large,
    data on several sheets or none)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        workbook = xlsx_cells.scan(path)
        for name, (rows, columns) in workbook.extents.items():
            if rows * columns > _SHEET_CELL_LIMIT:
                raise RawFileError(f"{path}: sheet '{name}': its cells reach row {rows:,} and column "
                                   f"{_column_letter(columns - 1)} ({rows * columns:,} cells, more than the limit of "
                                   f"{_SHEET_CELL_LIMIT:,}); a stray value far below or to the right of the data?")
        sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]
    except RawFileError:
        raise
    except Exception as e:  # calamine raises its own error types for non-xlsx content
        if not contract.personal_fields:
            raise RawFileError(f"{path}: not a readable xlsx workbook ({type(e).__name__}: {_short(str(e), 200)})") from e
        # calamine may quote a cell ("Unsupported cell error value '…'"): not from a source with
        # personal columns, neither in the message nor in the chained exception
        detail = _short(re.sub(r"'[^']*(?:'|$)|\"[^\"]*(?:\"|$)|`[^`]*(?:`|$)", "'…'", str(e)), 200)
        raise RawFileError(f"{path}: not a readable xlsx workbook ({type(e).__name__}: {detail}; quoted "
                           "parts not shown, as the source holds personal data)") from None
    if workbook.hidden:
        _refuse_hidden_cells(path, workbook.hidden, sheets, contract)
    used = [(name, rows) for name, rows in sheets if any(any(c not in (None, "") for c in r) for r in rows)]
    if len(used) > 1:
        raise RawFileError(f"{path}: workbook has data on {len(used)} sheets ({', '.join(n for n, _ in used)}); "
                           "the contract accepts one sheet")
    if not used:
        raise RawFileError(f"{path}: file is empty (no cell of the workbook holds a value)")
    name, rows = used[0]
    _refuse_what_the_sheet_hides(path, name, rows, workbook, contract)
    return name, _fill_merged_down(rows, workbook.merged.get(name, []))


def _refuse_what_the_sheet_hides(path: Path, name: str, rows: list[list], workbook: xlsx_cells.WorkbookScan,
                                 contract: Contract) -> None:
    """A row hidden in the sheet, or a cell struck through, shows something else than its values:
    a hidden line is not on the list people see, a crossed-out name is how a cancelled line is
    marked, yet both would be read as any other row. Neither is guessed: refused, named by sheet,
    row and column (never the value)."""
    def filled(r: int, c: int | None = None) -> bool:
        if r > len(rows):
            return False
        cells = rows[r - 1] if c is None else rows[r - 1][c:c + 1]
        return any(v not in (None, "") for v in cells)
    hidden = [r for r in workbook.hidden_rows.get(name, []) if filled(r)]
    struck = [(r, c) for r, c in workbook.struck.get(name, []) if filled(r, c)]
    if not hidden and not struck:
        return
    grid = [(i, [_xlsx_cell(c) for c in r]) for i, r in enumerate(rows[: contract.max_title_rows + 1], 1)]
    try:
        header = grid[_find_header(path, grid, contract)][1]
    except (RawFileError, IndexError):
        header = []
    lines = [f"sheet '{name}', row {r}: hidden, but it holds values (a hidden line is not on the list as "
             "people see it, yet it would be read)" for r in hidden]
    lines += [f"sheet '{name}', cell {_column_letter(c)}{r} (row {r}, {_xlsx_column(header, c)}): struck through "
              "(a crossed-out line is how a cancellation is marked)" for r, c in struck]
    more = f"\n  … and {len(lines) - _MAX_ERRORS_SHOWN} more" if len(lines) > _MAX_ERRORS_SHOWN else ""
    raise RawFileError(f"{path}: {len(lines)} row(s) or cell(s) show something else than their values; "
                       "unhide or delete the rows, and write a cancellation in the row (e.g. 'afgemeld') "
                       "instead of striking it through:\n  " + "\n  ".join(lines[:_MAX_ERRORS_SHOWN]) + more)


def _fill_merged_down(rows: list[list], merged: list[xlsx_cells.MergedRange]) -> list[list]:
    """A cell merged over several rows of one column (`Gemeente Oss` beside three persons) holds
    its value for each of them, as the sheet shows it; calamine gives it to the first row only,
    and the others would read as empty: an organisation or function lost, a category changed. A
    range over several columns is left as it is (its value belongs to one column; a header merged
    over two columns is refused where the header is read)."""
    for m in merged:
        if m.first_column != m.last_column or m.first_row >= m.last_row or m.first_row > len(rows):
            continue
        col = m.first_column
        top = rows[m.first_row - 1]
        value = top[col] if col < len(top) else None
        if value in (None, ""):
            continue
        for r in range(m.first_row, min(m.last_row, len(rows))):
            if col < len(rows[r]) and rows[r][col] in (None, ""):
                rows[r][col] = value
    return rows


def _xlsx_column(header: list[str], index: int) -> str:
    name = header[index].strip() if index < len(header) else ""
    return f"column {_column_letter(index)}" + (f" '{name}'" if name else "")


def _refuse_hidden_cells(path: Path, hidden: list[xlsx_cells.HiddenCell], sheets, contract: Contract) -> None:
    """Error values and formulas without a value are refused, never read as empty: named by
    sheet, cell, row and column (the header's name where the sheet's header is found)."""
    headers = {}
    for name, rows in sheets:
        grid = [(i, [_xlsx_cell(c) for c in r]) for i, r in enumerate(rows[: contract.max_title_rows + 1], 1)]
        try:
            headers[name] = grid[_find_header(path, grid, contract)][1]
        except (RawFileError, IndexError):
            headers[name] = []
    lines = [f"sheet '{h.sheet}', cell {h.ref} (row {h.row}, {_xlsx_column(headers.get(h.sheet, []), h.column)}): "
             f"{h.what}" for h in hidden[:_MAX_ERRORS_SHOWN]]
    more = f"\n  … and {len(hidden) - _MAX_ERRORS_SHOWN} more" if len(hidden) > _MAX_ERRORS_SHOWN else ""
    raise RawFileError(f"{path}: {len(hidden)} cell(s) hold no readable value (a reader would see them as "
                       "empty); fix the cells, or save the workbook with a spreadsheet program that computes formulas:\n  "
                       + "\n  ".join(lines) + more)


# ----------------------------------------------------------------------------- values
#
# One parser per type: `parse_cell` is the only code that turns a cell's text into the value it
# stands for. The reader stores that value next to the text (`<field>__value`, NULL when the cell
# is empty or flagged) and staging reads it; nothing downstream parses text again.

TYPED_SUFFIX = "__value"
_ARROW_TYPES = {"integer": pa.int64(), "decimal": pa.float64(), "date": pa.date32(), "datetime": pa.timestamp("us")}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")     # one decimal separator, no grouping, no exponent
_INT64 = (-(2 ** 63), 2 ** 63 - 1)
# characters that never occur in a sound cell: the replacement character (text a converter could not
# decode), C0/C1 control characters other than tab and line breaks
_GARBLED = re.compile(r"[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# UTF-8 read as Windows-1252 shows as the cp1252 characters of its bytes: the lead byte of an
# accented Latin letter or of punctuation followed by its continuation bytes ('Ã«' for 'ë',
# 'â€™' for '’'); found in the cp1252 bytes of the text (other characters become '?')
_DOUBLE_ENCODED = re.compile(rb"[\xc2-\xc9][\x80-\xbf]|\xe2[\x80-\x84][\x80-\xbf]")


def typed_field(field: str) -> str:
    """The raw-table column that holds the parsed value of a typed field."""
    return field + TYPED_SUFFIX


def typed_columns(contract: Contract) -> list[Column]:
    """The columns whose parsed value the raw table stores (every non-string type)."""
    return [c for c in contract.columns if c.type in _ARROW_TYPES]


def _garbled(text: str) -> str | None:
    """Why a text is damaged, without quoting it (it may be personal data), or None."""
    bad = _GARBLED.search(text)
    if bad:
        return ("contains the replacement character U+FFFD (text damaged by a wrong encoding)"
                if bad.group() == "\ufffd" else f"contains the control character U+{ord(bad.group()):04X}")
    if _DOUBLE_ENCODED.search(text.encode("cp1252", errors="replace")):
        return "holds UTF-8 text read as Windows-1252 (double-encoded, e.g. 'Ã«' for 'ë')"
    return None


def _parse_number(t: str, kind: str):
    if not (_INTEGER if kind == "integer" else _DECIMAL).fullmatch(t):
        raise ValueError
    if kind == "integer":
        number = int(t)
        if not _INT64[0] <= number <= _INT64[1]:
            raise ValueError
        return number
    number = float(t.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError
    return number


def _date_formats(column: Column) -> tuple[str, ...]:
    always = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d") if column.type == "datetime" else ("%Y-%m-%d",)
    return column.formats + tuple(f for f in always if f not in column.formats)


def parse_cell(column: Column, text: str) -> tuple[object, str | None]:
    """(the value a non-empty cell stands for, None), or (None, why it breaks the column's rules).

    The one parser of every contract type: integer = optional sign and ASCII digits; decimal = the
    same with one decimal comma or dot; date/datetime = one of the column's formats (`yyyy-mm-dd
    [HH:MM:SS]`, the form of a date cell, always), ASCII digits only; string = any text that is not
    garbled; a value set compares the text exactly. Surrounding whitespace (tabs, non-breaking
    spaces) is not part of the value.
    """
    t = text.strip()
    if column.allowed is not None and t not in column.allowed:
        return None, f"'{_short(t)}' is not one of the allowed values"
    if column.type == "string":
        garbled = _garbled(t)
        return (None, garbled) if garbled else (t, None)
    if column.type in ("integer", "decimal"):
        try:
            number = _parse_number(t, column.type)
        except ValueError:
            return None, f"'{_short(t)}' is not a{'n integer' if column.type == 'integer' else ' number'}"
        if column.min is not None and number < column.min:
            return None, f"{number} is below the minimum {column.min}"
        if column.max is not None and number > column.max:
            return None, f"{number} is above the maximum {column.max}"
        return number, None
    formats = _date_formats(column)
    for fmt in formats if t.isascii() else ():    # strptime's %d would take other scripts' digits
        try:
            value = datetime.strptime(t, fmt)
        except ValueError:
            continue
        if column.min is not None and value < column.min:
            return None, f"'{_short(t)}' is before the earliest accepted date {column.min:%Y-%m-%d}"
        if column.max is not None and value > column.max:
            return None, f"'{_short(t)}' is after the latest accepted date {column.max:%Y-%m-%d}"
        return (value.date() if column.type == "date" else value), None
    return None, f"'{_short(t)}' is not a {column.type} in the formats {', '.join(formats)}"


def check_value(column: Column, text: str) -> str | None:
    """None when `text` (non-empty) satisfies the column, else the reason."""
    return parse_cell(column, text)[1]


def typed_value(column: Column, text: str | None):
    """The value a cell stands for, by the column's type (for comparing exports of different
    formats: `08-10-2009 08:32:04` in csv and a date-time cell in xlsx are the same value); the
    text itself when it is empty or invalid."""
    if text is None:
        return None
    value, reason = parse_cell(column, text)
    return text if reason else value


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"


# ----------------------------------------------------------------------------- reading

def _find_header(path: Path, grid, contract: Contract):
    required = [c for c in contract.columns if c.required]
    best = (None, -1, [])
    for idx, (line, cells) in enumerate(grid[: contract.max_title_rows + 1]):
        present = {normalise_header(c) for c in cells if c.strip()}
        missing = [c for c in required if not any(normalise_header(h) in present for h in c.headers)]
        if not missing:
            return idx
        if len(required) - len(missing) > best[1]:
            best = (line, len(required) - len(missing), missing)
    if not grid:
        raise RawFileError(f"{path}: file has no rows")
    line, _, missing = best
    cells = next(cells for row, cells in grid if row == line)
    unknown = [(i, c.strip()) for i, c in enumerate(cells) if c.strip() and contract.column_for_header(c) is None]
    if not unknown:
        found = ""
    elif contract.personal_fields:
        # the row may be a data row: with personal columns in the contract no cell of it is quoted
        found = (f"; that row has {len(unknown)} filled cell(s) that are no known header (column(s) "
                 f"{', '.join(_column_letter(i) for i, _ in unknown[:10])}{', …' if len(unknown) > 10 else ''}; "
                 "not shown, as the source holds personal data)")
    else:
        found = (f"; that row has unknown column(s) {', '.join(repr(u) for _, u in unknown[:5])}"
                 " (renamed?)")
    raise RawFileError(f"{path}: row {line}: no header row with every required column; missing "
                       + ", ".join(f"'{c.headers[0]}' ({c.field})" for c in missing) + found)


def quote_value(column: Column, text: str | None) -> str:
    """A cell's value for a message: quoted, except in a personal column."""
    if column.personal:
        return "the value (personal data, not shown)"
    return f"'{_short(text or '')}'"


def _redacted(column: Column, text: str, reason: str | None) -> str | None:
    """A parser's reason without the value when the column is personal (the reason goes into error
    messages and into the raw `_issues` column, which staging reads)."""
    if reason is None or not column.personal:
        return reason
    redacted = reason.replace(f"'{_short(text)}'", "the value (personal data, not shown)")
    return redacted if text.strip() not in redacted else "the value (personal data, not shown) is not valid here"


def read_cell(col: Column, text: str, blank: bool) -> tuple[object, str | None]:
    """(value, reason) of one trimmed cell of a row (`blank`: no cell of the row is filled): the
    value the typed column holds (None when empty or flagged) and why the cell breaks the
    contract, without the value where the column is personal."""
    value, reason = (None, None) if blank else \
        (None, "empty, but the column may not be empty" if not col.nullable else None) if not text \
        else parse_cell(col, text)
    return value, _redacted(col, text, reason)


def header_positions(path: Path, contract: Contract, header: list[str], header_line: int) -> tuple[dict[str, int], list[str]]:
    """(field -> position in the header row, names of the header cells no column maps)."""
    lookup = {normalise_header(h): c for c in contract.columns for h in c.headers}
    positions: dict[str, int] = {}
    extra = []
    for pos, name in enumerate(header):
        col = lookup.get(normalise_header(name))
        if col is None:
            if name.strip():
                extra.append(name.strip())
            continue
        if col.field in positions:
            raise RawFileError(f"{path}: row {header_line}: column '{name}' maps to {col.field}, "
                               f"which an earlier column already provides")
        positions[col.field] = pos
    if extra and contract.extra_columns == "refuse":
        raise RawFileError(f"{path}: row {header_line}: unknown columns {extra}")
    return positions, extra


def unique_groups(contract: Contract) -> list[tuple[str, ...]]:
    """The field groups whose values may occur only once in a file: the row key, `unique` columns."""
    return ([tuple(contract.row_key)] if contract.row_key else []) \
        + [(c.field,) for c in contract.columns if c.unique and (c.field,) != tuple(contract.row_key)]


def read_file(path: Path, contract: Contract, relative_to: Path | None = None) -> ReadResult:
    """Read one file of `contract`'s source. Raises RawFileError on anything the contract refuses.

    The vectorised fast path (fast_reader.py) reads the file when it can vouch that its result is
    the precise path's; on any doubt — and for every file the contract refuses — the precise path
    below reads it, so every outcome and message is the precise path's."""
    from gia_pipeline.lib import fast_reader     # it builds on this module

    return fast_reader.read_file(path, contract, relative_to) or read_file_precise(path, contract, relative_to)


def read_file_precise(path: Path, contract: Contract, relative_to: Path | None = None) -> ReadResult:
    """The precise path: cell by cell, every problem named by file, row and column."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid, encoding = _csv_grid(path, contract)
    elif suffix == ".xlsx":
        grid, encoding = _xlsx_grid(path, contract), None
    else:
        raise RawFileError(f"{path}: unsupported file type '{suffix}' (csv or xlsx)")
    header_idx = _find_header(path, grid, contract)
    header_line, header = grid[header_idx]

    positions, extra = header_positions(path, contract, header, header_line)

    data_rows = grid[header_idx + 1:]
    if not any(any(c.strip() for c in cells) for _, cells in data_rows):
        raise RawFileError(f"{path}: no data rows below the header (row {header_line})")
    _refuse_unnamed_columns(path, header_line, header, data_rows)
    groups = unique_groups(contract)
    first_seen: dict[tuple, dict[tuple, int]] = {group: {} for group in groups}

    def label(field_name: str) -> str:
        pos = positions.get(field_name)
        return header[pos] if pos is not None else contract.column(field_name).headers[0]

    sha = file_sha256(path)
    name = str(path.relative_to(relative_to)) if relative_to else path.name
    typed = {c.field for c in typed_columns(contract)}
    columns: dict[str, list] = {name: [] for name in (*contract.fields, *map(typed_field, sorted(typed)),
                                                      *LINEAGE_FIELDS)}
    errors = []
    for line, cells in data_rows:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            errors.append(f"row {line}: {len(cells)} cells but the header has {len(header)}")
            continue
        blank = not any(c.strip() for c in cells)
        if not blank and len(cells) < len(header) and suffix == ".csv":
            errors.append(f"row {line}: {len(cells)} cells but the header has {len(header)} (truncated line?)")
            continue
        row = {"_source_file": name, "_source_row": line, "_file_sha256": sha, "_blank": blank}
        invalid, issues = [], []
        for col in contract.columns:
            pos = positions.get(col.field)
            text = cells[pos].strip() if pos is not None and pos < len(cells) else ""
            row[col.field] = text or None
            value, reason = read_cell(col, text, blank)
            if col.field in typed:
                row[typed_field(col.field)] = value    # None when empty or flagged (a refusal stops the file)
            if reason:
                if col.on_invalid == "refuse":
                    errors.append(f"row {line}, column '{header[pos] if pos is not None else col.headers[0]}': {reason}")
                else:
                    invalid.append(col.field)
                    issues.append(f"{col.field}: {reason}")
        for col in contract.columns:     # rules across cells, in contract order (a routing chain)
            reason = _cross_field_reason(contract, col, row, invalid, label)
            if reason is None:
                continue
            if col.on_invalid == "refuse":
                errors.append(f"row {line}, column '{label(col.field)}': {reason}")
            else:
                if col.field in typed:
                    row[typed_field(col.field)] = None
                invalid.append(col.field)
                issues.append(f"{col.field}: {reason}")
        row["_invalid_fields"] = invalid
        row["_issues"] = "; ".join(issues) or None
        for key, value in row.items():
            columns[key].append(value)
        if blank:
            continue
        for col in contract.columns:
            if col.empty_iff is None:
                continue
            other, value = col.empty_iff
            should_be_empty = row[other] == value
            if should_be_empty != (row[col.field] is None):
                errors.append(f"row {line}, column '{label(col.field)}': "
                              + (f"{quote_value(col, row[col.field])} must be empty when '{label(other)}' is '{value}'"
                                 if should_be_empty else
                                 f"empty, but it may only be empty when '{label(other)}' is '{value}' "
                                 f"(it is {quote_value(contract.column(other), row[other])})"))
        for group in groups:
            # compared by value, as staging sees them: '7' and '07' are the same respondent
            key = tuple(row[typed_field(f)] if f in typed else row[f] for f in group)
            if None in key:
                continue
            if key in first_seen[group]:
                what = "row key " + "+".join(group) if len(group) > 1 else group[0]
                shown = " / ".join(quote_value(contract.column(f), row[f]) for f in group)
                errors.append(f"row {line}, column '{label(group[-1])}': {shown} repeats the "
                              f"{what} of row {first_seen[group][key]} (must be unique in the file)")
            else:
                first_seen[group][key] = line
    if errors:
        shown = "\n  ".join(errors[:_MAX_ERRORS_SHOWN])
        more = f"\n  … and {len(errors) - _MAX_ERRORS_SHOWN} more" if len(errors) > _MAX_ERRORS_SHOWN else ""
        raise RawFileError(f"{path}: {len(errors)} value(s) break the contract:\n  {shown}{more}")
    return ReadResult(data=columns, extra_columns=extra, header_row=header_line, encoding=encoding)


def _cross_field_reason(contract: Contract, col: Column, row: dict, invalid: list[str], label) -> str | None:
    """Why a cell of a read row breaks a rule across cells, or None: an end before its start
    (`not_before`: no date a rule may rank on), an answer to a question the row was not asked
    (`asked_when`: routing; a flagged condition asks nothing)."""
    if col.field in invalid or row[col.field] is None:
        return None
    if col.not_before is not None:
        value, start = row.get(typed_field(col.field)), row.get(typed_field(col.not_before))
        day_only = ":" not in row[col.field] or ":" not in (row[col.not_before] or ":")
        if isinstance(value, datetime) and isinstance(start, datetime) and day_only:
            value, start = value.date(), start.date()    # one of them is known to the day only
        if value is not None and start is not None and value < start:
            return (f"{quote_value(col, row[col.field])} lies before '{label(col.not_before)}' "
                    f"({quote_value(contract.column(col.not_before), row[col.not_before])}) of the same row")
    if col.asked_when and not any(row[f] is not None and f not in invalid and (v is None or row[f] == v)
                                  for f, v in col.asked_when):
        return "answered, but asked only when " + " or ".join(
            f"{f} is answered" if v is None else f"{f} is '{_short(v)}'" for f, v in col.asked_when)
    return None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _refuse_unnamed_columns(path: Path, header_line: int, header: list[str], data_rows) -> None:
    """A column that holds values but has no header cannot be mapped by the contract (often a
    merged header cell spanning two columns): refuse instead of silently dropping its values."""
    for pos, name in enumerate(header):
        if name.strip():
            continue
        filled = [line for line, cells in data_rows if pos < len(cells) and cells[pos].strip()]
        if filled:
            raise RawFileError(f"{path}: row {header_line}, column {pos + 1} ({_column_letter(pos)}): the header "
                               f"cell is empty but {len(filled)} row(s) below hold values there (first: row "
                               f"{filled[0]}); a merged header cell? Give every column with values its own header")


def arrow_schema(contract: Contract, extra_fields: tuple[tuple[str, pa.DataType], ...] = ()) -> pa.Schema:
    """Raw tables keep every contract field as text (as delivered, trimmed), the parsed value of
    every typed field (`<field>__value`), and lineage."""
    return pa.schema(
        [(c.field, pa.string()) for c in contract.columns]
        + [(typed_field(c.field), _ARROW_TYPES[c.type]) for c in sorted(typed_columns(contract), key=lambda c: c.field)]
        + [("_source_file", pa.string()), ("_source_row", pa.int64()), ("_file_sha256", pa.string()),
           ("_blank", pa.bool_()), ("_invalid_fields", pa.list_(pa.string())), ("_issues", pa.string())]
        + list(extra_fields))


def to_arrow(columns: dict[str, list | pa.Array], contract: Contract, extra_fields=()) -> pa.Table:
    """One file's columns (plus derived ones named in extra_fields) as an Arrow table."""
    schema = arrow_schema(contract, extra_fields)
    return pa.Table.from_pydict({name: columns[name] for name in schema.names}, schema=schema)
