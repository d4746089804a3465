"""The raw reader's fast path: a whole file at C speed, with the precise path as its referee.

A file is decoded once (the precise path's `decode`), parsed by a C parser into Arrow columns
(pyarrow's csv reader on the decoded text; calamine for xlsx, as the precise path) and validated
with vectorised expressions: trimming, value sets, number and date shapes, ranges, emptiness,
uniqueness. The result must be exactly the precise path's raw table, so the fast path only answers
where it can vouch for that:

- **Structure**: a csv file is parsed here only when its quoting is unambiguous (every `"` belongs
  to a well-formed quoted cell that starts and ends at a cell boundary), it holds no NUL and no
  cell near the size limit, and every data row has the header's width. Title rows and the header
  are found by the precise path's own code on the file's first records.
- **Values**: a cell is typed here only when its shape leaves no doubt (`-?digits` for an integer,
  one decimal separator, a date in the column's first format with every field written in full,
  checked by formatting the parsed value back); every other non-empty cell — and every cell that
  breaks the contract — goes through the precise path's `read_cell`, so each reason is its own.
- **Refusals**: anything that would refuse the file (a value of a `refuse` column, an empty
  mandatory cell, a repeated key, an `empty_iff`, `not_before` or `asked_when` rule, a row of the
  wrong width, a column without header) returns None: the precise path then reads the file and
  raises its exact message (or flags the cell).

`read_file` returns None whenever it cannot vouch; `raw_reader.read_file` then runs the precise
path. tests/test_fast_reader.py compares both paths on the shipped, corpus and generated files.
"""

import csv
import functools
import io
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from gia_pipeline.lib import raw_reader as rr
from gia_pipeline.lib.contract import Column, Contract

#: date and time fields written in full: (width, the Arrow function that reads the field back)
_FIELDS = {"%d": (2, pc.day), "%m": (2, pc.month), "%Y": (4, pc.year), "%H": (2, pc.hour), "%M": (2, pc.minute),
           "%S": (2, pc.second)}
# a string cell needs the precise check when it holds a character `_garbled` looks for: the
# replacement character, a control character, or a character whose Windows-1252 byte can start
# a UTF-8 sequence read as Windows-1252 (Â…É, â)
_STRING_DOUBT = "[\\x{0}-\\x{8}\\x{b}\\x{c}\\x{e}-\\x{1f}\\x{7f}-\\x{9f}\\x{fffd}\\x{c2}-\\x{c9}\\x{e2}]"
#: the same characters for Python's regex engine: a file or column without any needs no cell checked
_DOUBT_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\u00c2-\u00c9\u00e2]")
_INTEGER = "^-?[0-9]{1,15}$"                       # exact as a double too (bounds are compared as doubles)
_DECIMAL = "^[+-]?[0-9]{1,15}(?:[.,][0-9]{1,15})?$"


#: every character `str.strip()` removes (what the precise path trims; tests/test_fast_reader.py
#: checks the list against Python's)
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
              "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def read_file(path: Path, contract: Contract, relative_to: Path | None = None) -> rr.ReadResult | None:
    """The file's raw rows as the precise path would read them, or None where unsure."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        return None
    sha = rr.file_sha256(path)
    parsed = _csv_grid(path, contract) if suffix == ".csv" else _xlsx_grid(path, contract)
    if parsed is None:
        return None
    header_line, header, cells, lines, encoding, clean = parsed
    try:
        positions, extra = rr.header_positions(path, contract, header, header_line)
    except rr.RawFileError:
        return None
    columns = _validate(contract, header, positions, cells, lines, clean)
    if columns is None:
        return None
    n = len(lines)
    columns["_source_file"] = pa.array([str(path.relative_to(relative_to)) if relative_to else path.name] * n,
                                       pa.string()) if n else pa.array([], pa.string())
    columns["_source_row"] = lines
    columns["_file_sha256"] = pa.array([sha] * n, pa.string())
    ordered = {name: columns[name] for name in (*contract.fields, *map(rr.typed_field, sorted(
        c.field for c in rr.typed_columns(contract))), *rr.LINEAGE_FIELDS)}
    return rr.ReadResult(data=ordered, extra_columns=extra, header_row=header_line, encoding=encoding)


# ----------------------------------------------------------------------------- csv

def _quoted_cells(text: str, start: int, delimiter: str) -> list[tuple[int, int]] | None:
    """The quoted cells of `text[start:]` as (start, end) offsets, or None unless every quote
    belongs to a well-formed one: opened at a cell's start, closed at a cell's end, quotes inside
    doubled. Then any csv parser splits the text as Python's does. (A walk from quote to quote:
    the quotes are few.)"""
    boundary = (delimiter, "\r", "\n")
    spans = []
    pos = text.find('"', start)
    while pos != -1:
        if pos > start and text[pos - 1] not in boundary:
            return None                               # a quote inside an unquoted cell
        q = pos + 1
        while True:
            q = text.find('"', q)
            if q == -1:
                return None                           # never closed
            if text.startswith('""', q):
                q += 2                                # a quote inside the cell, doubled
                continue
            break
        end = q + 1
        if end < len(text) and text[end] not in boundary:
            return None                               # text after the closing quote
        spans.append((pos, end))
        pos = text.find('"', end)
    return spans


def _line_breaks_in_records(text: str, start: int, spans: list[tuple[int, int]]) -> dict[int, int]:
    """record index (from `start`) -> line breaks inside its quoted cells, for the records that
    have any: every other line break ends a record. Line breaks as the precise path counts them:
    CRLF, CR or LF, one each (a file without a lone CR needs only its LFs counted)."""
    lone_cr = text.count("\r", start) != text.count("\r\n", start)

    def _breaks(a: int, b: int) -> int:
        if not lone_cr:
            return text.count("\n", a, b)
        return text.count("\n", a, b) + text.count("\r", a, b) - text.count("\r\n", a, b)

    inside: dict[int, int] = {}
    pos, ended = start, 0
    for s, e in spans:
        n = _breaks(s, e)
        if n:
            ended += _breaks(pos, s)
            inside[ended] = inside.get(ended, 0) + n
            pos = e
    return inside


def _head(text: str, contract: Contract) -> tuple[list[tuple[int, list[str]]], list[int]] | None:
    """The first records (as many as may hold title rows and the header) by the precise path's
    csv parser: (line, cells) each, and the line each ends on."""
    csv.field_size_limit(rr._FIELD_LIMIT)
    reader = csv.reader(rr._lines(text), delimiter=contract.delimiter, strict=True)
    head, ends, start = [], [], 1
    try:
        for cells in reader:
            head.append((start, cells))
            ends.append(reader.line_num)
            start = reader.line_num + 1
            if len(head) > contract.max_title_rows:
                break
    except csv.Error:
        return None
    return head, ends


def _csv_grid(path: Path, contract: Contract):
    data = path.read_bytes()
    if not data or data.isspace():
        return None
    try:
        text, encoding = rr.decode(path, data, contract)
    except rr.RawFileError:
        return None
    del data                                  # the file is held once, as text, from here on
    if not text or text.isspace() or text.startswith("\ufeff") or "\x00" in text:
        return None
    first = rr._LINE.match(text).group().rstrip("\r\n")
    if contract.delimiter not in first:
        return None
    found = _head(text, contract)
    if found is None:
        return None
    head, ends = found
    try:
        header_idx = rr._find_header(path, head, contract)
    except rr.RawFileError:
        return None
    header_line, header = head[header_idx]
    data_line = ends[header_idx] + 1
    start = rr._line_offset(text, data_line)
    spans = _quoted_cells(text, start, contract.delimiter)
    if spans is None or len(text) == start:
        return None
    inside = _line_breaks_in_records(text, start, spans)
    clean = _DOUBT_CHARS.search(text, start) is None
    payload = text[start:].encode("utf-8")
    del text
    import pyarrow.csv as pcsv

    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pcsv.read_csv(
            io.BytesIO(payload),
            read_options=pcsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pcsv.ParseOptions(delimiter=contract.delimiter, quote_char='"', double_quote=True,
                                            escape_char=False, newlines_in_values=bool(inside),
                                            ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None                        # a row of another width, an unparsable record: the precise path
    del payload
    cells = [table.column(n).combine_chunks() for n in names]
    del table
    if any(len(c) and pc.max(pc.utf8_length(c)).as_py() >= rr._FIELD_LIMIT for c in cells):
        return None
    # the line each record starts on: the header's next line, plus the line breaks inside the
    # quoted cells of the records before it
    n = len(cells[0]) if cells else 0
    lines = pa.array(range(data_line, data_line + n), pa.int64())
    if inside:
        breaks = [0] * n
        for record, count in inside.items():
            breaks[record] = count
        breaks = pa.array(breaks, pa.int64())
        lines = pc.add(lines, pc.subtract(pc.cumulative_sum(breaks), breaks))
    return header_line, header, cells, lines, encoding, [clean] * len(cells)


# ----------------------------------------------------------------------------- xlsx

def _xlsx_grid(path: Path, contract: Contract):
    """The used sheet as the precise path finds it; its cells made text column by column (a
    column of text cells, the usual case, as it is)."""
    try:
        _, sheet = rr._xlsx_sheet(path, contract)
        head = [(i, [rr._xlsx_cell(c) for c in r]) for i, r in enumerate(sheet[: contract.max_title_rows + 1], 1)]
        header_idx = rr._find_header(path, head, contract)
    except rr.RawFileError:
        return None
    header_line, header = head[header_idx]
    if any(len(c) > rr._FIELD_LIMIT for _, r in head for c in r):
        return None                             # refused by the cell limit
    rows = sheet[header_idx + 1:]
    width = len(header)
    if not rows or any(len(r) != width for r in rows):
        return None
    cells, clean = [], []
    for i in range(width):
        values = [r[i] for r in rows]
        if not all(type(v) is str for v in values):
            values = [rr._xlsx_cell(v) for v in values]
        if max(map(len, values)) > rr._FIELD_LIMIT:
            return None                         # refused by the cell limit
        clean.append(_DOUBT_CHARS.search("\n".join(values)) is None)
        cells.append(pa.array(values, pa.string()))
    lines = pa.array(range(header_line + 1, header_line + 1 + len(rows)), pa.int64())
    return header_line, header, cells, lines, None, clean


# ----------------------------------------------------------------------------- values

def _date_shape(fmt: str) -> tuple[str, list[tuple[int, int, object]]] | None:
    """(a regex of `fmt` with every field written in full, (offset, width, reader) of each field),
    or None when the format has other directives."""
    regex, fields, at = "^", [], 0
    for part in re.split(r"(%.)", fmt):
        if part in _FIELDS:
            width, reader = _FIELDS[part]
            regex += f"[0-9]{{{width}}}"
            fields.append((at, width, reader))
            at += width
        elif part.startswith("%"):
            return None
        else:
            regex += re.escape(part)
            at += len(part)
    return regex + "$", fields


def _masked(values: pa.Array, mask: pa.Array) -> pa.Array:
    """`values` where `mask` (booleans, no nulls, true only where a value is valid) holds, null
    elsewhere: the mask's bits become the validity bitmap, nothing is copied."""
    if values.offset == 0 and mask.offset == 0 and mask.null_count == 0:
        return pa.Array.from_buffers(values.type, len(values), [mask.buffers()[1], *values.buffers()[1:]])
    return pc.if_else(mask, values, pa.scalar(None, values.type))


def _sure_values(col: Column, text: pa.Array, clean: bool) -> tuple[pa.Array, pa.Array]:
    """(mask of the non-empty cells whose value is certain here, their values) for one column;
    `clean`: no cell of the column holds a character `_garbled` looks for."""
    if col.type == "string":
        if col.allowed is not None:      # an allowed value: sure when it is sound itself
            sound = [a for a in col.allowed if rr.parse_cell(col, a)[1] is None]
            return pc.is_in(text, value_set=pa.array(sound, pa.string())), text
        if clean:
            return pa.array([True] * len(text)), text
        return pc.invert(pc.match_substring_regex(text, _STRING_DOUBT)), text
    if col.type == "integer":
        sure = pc.match_substring_regex(text, _INTEGER)
        values = pc.cast(pc.if_else(sure, text, pa.scalar("0")), pa.int64())
    elif col.type == "decimal":
        sure = pc.match_substring_regex(text, _DECIMAL)
        values = pc.cast(pc.replace_substring(pc.if_else(sure, text, pa.scalar("0")), ",", "."), pa.float64())
    else:
        fmt = (col.formats or rr._date_formats(col))[0]
        shape = _date_shape(fmt)
        if shape is None:
            return pa.array([False] * len(text)), pa.nulls(len(text), rr._ARROW_TYPES[col.type])
        pattern, fields = shape
        shaped = pc.match_substring_regex(text, pattern)
        parsed = pc.strptime(pc.if_else(shaped, text, pa.scalar(None, pa.string())), format=fmt, unit="s",
                             error_is_null=True)
        # every field read back as written: a real calendar date and time, not one the parser
        # rolled over (31-02, 24:00, 08:32:60), and a year datetime knows (not 0000)
        sure = shaped
        for at, width, reader in fields:
            written = pc.cast(pc.if_else(shaped, pc.utf8_slice_codeunits(text, at, at + width), "1"), pa.int64())
            sure = pc.and_(sure, pc.fill_null(pc.equal(pc.cast(reader(parsed), pa.int64()), written), False))
            if reader is pc.year:
                sure = pc.and_(sure, pc.greater_equal(written, 1))
        values = pc.cast(parsed, pa.timestamp("us"))
    sure = pc.and_(sure, _within(col, values))
    if col.type == "date":       # the bounds hold for the parsed date-time, as in parse_cell
        values = pc.cast(values, pa.date32())
    return pc.fill_null(sure, False), values


def _within(col: Column, values: pa.Array) -> pa.Array:
    """Whether each value lies within the column's bounds (numbers compared as doubles: exact
    for the shapes typed here)."""
    inside = pa.array([True] * len(values))
    if pa.types.is_timestamp(values.type):
        bound = lambda b: pa.scalar(b, pa.timestamp("us"))  # noqa: E731
    else:
        values = pc.cast(values, pa.float64())
        bound = lambda b: pa.scalar(float(b), pa.float64())  # noqa: E731
    if col.min is not None:
        inside = pc.and_(inside, pc.greater_equal(values, bound(col.min)))
    if col.max is not None:
        inside = pc.and_(inside, pc.less_equal(values, bound(col.max)))
    return inside


def _validate(contract: Contract, header: list[str], positions: dict[str, int], cells: list[pa.Array],
              lines: pa.Array, clean: list[bool]) -> dict[str, pa.Array] | None:
    n = len(lines)
    stripped = [pc.utf8_trim(c, characters=WHITESPACE) for c in cells]
    filled = [pc.not_equal(s, "") for s in stripped]
    any_filled = functools.reduce(pc.or_, filled) if filled else pa.array([False] * n)
    blank = pc.invert(any_filled)
    if not pc.any(any_filled).as_py():
        return None                                        # no data rows: refused
    if any(not name.strip() and pc.any(filled[i]).as_py() for i, name in enumerate(header)):
        return None                                        # values under an empty header cell: refused
    columns: dict[str, pa.Array] = {"_blank": blank}
    reasons: dict[str, dict[int, str]] = {}
    empty = pa.array([""] * n, pa.string())
    for col in contract.columns:
        pos = positions.get(col.field)
        text = stripped[pos] if pos is not None else empty
        is_filled = filled[pos] if pos is not None else pa.array([False] * n)
        columns[col.field] = _masked(text, is_filled)
        sure, values = _sure_values(col, text, clean[pos] if pos is not None else True)
        sure = pc.and_(sure, is_filled)
        # the precise path decides every other filled cell of a non-blank row, and every empty
        # mandatory one
        doubt = pc.or_(pc.and_(is_filled, pc.invert(sure)), pc.invert(is_filled) if not col.nullable
                       else pa.array([False] * n))
        doubt = pc.and_(doubt, any_filled)
        found: dict[int, str] = {}
        fixed: dict[int, object] = {}
        at = pc.indices_nonzero(doubt)
        for i, cell in zip(at.to_pylist(), text.take(at).to_pylist()):
            value, reason = rr.read_cell(col, cell, False)
            if reason:
                found[i] = reason
            elif value is not None:
                fixed[i] = value
        if found and col.on_invalid == "refuse":
            return None
        if found:
            reasons[col.field] = found
        if col.type != "string":
            typed = _masked(values, sure)
            if fixed:
                mask = [False] * n
                for i in fixed:
                    mask[i] = True
                typed = pc.replace_with_mask(typed, pa.array(mask), pa.array([fixed[i] for i in sorted(fixed)],
                                                                             values.type))
            columns[rr.typed_field(col.field)] = typed
    if not _rules_hold(contract, columns, blank, reasons):
        return None
    columns["_invalid_fields"], columns["_issues"] = _issues(contract, reasons, n)
    return columns


def _rules_hold(contract: Contract, columns: dict[str, pa.Array], blank: pa.Array,
                flagged: dict[str, dict[int, str]]) -> bool:
    """No `empty_iff`, `not_before` or `asked_when` rule is broken and no key repeats in a non-blank
    row (else: the precise path refuses or flags the row)."""
    rows = pc.invert(blank)
    n = len(blank)

    @functools.cache
    def accepted(name: str) -> pa.Array:      # filled and not flagged (a routing condition met)
        if not flagged.get(name):
            return pc.is_valid(columns[name])
        mask = [True] * n
        for i in flagged[name]:
            mask[i] = False
        return pc.and_(pc.is_valid(columns[name]), pa.array(mask, pa.bool_()))
    for col in contract.columns:
        if col.empty_iff is None:
            continue
        other, value = col.empty_iff
        should_be_empty = pc.fill_null(pc.equal(columns[other], value), False)
        broken = pc.not_equal(should_be_empty, pc.is_null(columns[col.field]))
        if pc.any(pc.and_(rows, broken)).as_py():
            return False
    for col in contract.columns:   # an end before its start: the precise path refuses or flags it
        if col.not_before is None:
            continue
        before = pc.less(columns[rr.typed_field(col.field)], columns[rr.typed_field(col.not_before)])
        if pc.any(pc.and_(rows, pc.fill_null(before, False))).as_py():
            return False
    for col in contract.columns:   # an answer nobody asked for: the precise path flags or refuses it
        if not col.asked_when:
            continue
        asked = functools.reduce(pc.or_, [
            accepted(f) if v is None else pc.and_(accepted(f), pc.fill_null(pc.equal(columns[f], v), False))
            for f, v in col.asked_when])
        if pc.any(pc.and_(pc.and_(rows, pc.is_valid(columns[col.field])), pc.invert(asked))).as_py():
            return False
    typed = {c.field for c in rr.typed_columns(contract)}
    for group in rr.unique_groups(contract):
        keys = {f: columns[rr.typed_field(f)] if f in typed else columns[f] for f in group}
        # -0.0 and 0.0 are one key, as in Python
        keys = {f: pc.add(k, 0.0) if pa.types.is_floating(k.type) else k for f, k in keys.items()}
        present = functools.reduce(pc.and_, [pc.is_valid(k) for k in keys.values()], rows)
        table = pa.table({f: k.filter(present) for f, k in keys.items()})
        if table.num_rows and table.group_by(list(group)).aggregate([]).num_rows < table.num_rows:
            return False
    return True


def _issues(contract: Contract, reasons: dict[str, dict[int, str]], n: int) -> tuple[pa.Array, pa.Array]:
    """`_invalid_fields` and `_issues` of every row from the flagged cells' reasons."""
    by_row: dict[int, list[tuple[str, str]]] = {}
    for col in contract.columns:        # in the contract's order, as the precise path lists them
        for i, reason in reasons.get(col.field, {}).items():
            by_row.setdefault(i, []).append((col.field, reason))
    counts = [0] * n
    issues: list[str | None] = [None] * n
    fields = []
    for i in sorted(by_row):
        counts[i] = len(by_row[i])
        issues[i] = "; ".join(f"{f}: {reason}" for f, reason in by_row[i])
        fields.extend(f for f, _ in by_row[i])
    offsets = pc.cumulative_sum(pa.array([0] + counts, pa.int32()))
    invalid = pa.ListArray.from_arrays(offsets, pa.array(fields, pa.string()))
    return invalid, pa.array(issues, pa.string())
