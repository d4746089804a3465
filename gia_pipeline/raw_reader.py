"""Reading raw export files by their contract: encodings, delimiters, title rows, header
variants, value checks. Every data row of a file becomes a raw row with its lineage (file, row
number as a spreadsheet shows it, content hash); a file that breaks the contract is refused with
a `RawFileError` naming file, row and column. Nothing is dropped: blank rows are kept (staging
excludes them with a reason).
"""

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa

from gia_pipeline.contract import Column, Contract, normalise_header

LINEAGE_FIELDS = ("_source_file", "_source_row", "_file_sha256", "_blank", "_invalid_fields", "_issues")
_MAX_ERRORS_SHOWN = 10
_FIELD_LIMIT = 1_000_000  # characters in one cell; more is refused, not read into memory silently


class RawFileError(Exception):
    """A raw file the pipeline refuses. The message names file, row and column where known."""


@dataclass
class ReadResult:
    rows: list[dict]
    extra_columns: list[str] = field(default_factory=list)
    header_row: int = 1
    encoding: str | None = None


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ----------------------------------------------------------------------------- decoding

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(path: Path, data: bytes, encodings: tuple[str, ...]) -> tuple[str, str]:
    """Text of a csv file in the first accepted encoding that decodes it strictly."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            accepted = {codecs.lookup(e).name for e in encodings}
            if codecs.lookup(name).name not in accepted and not (name == "utf-8-sig" and "utf-8" in accepted):
                raise RawFileError(f"{path}: file is {name.upper()} (byte-order mark) but the contract accepts "
                                   f"only {', '.join(encodings)}")
            return data.decode(name), name
    errors = []
    for enc in encodings:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            errors.append(f"{enc}: byte 0x{data[e.start]:02x} at line {line} cannot be decoded")
    raise RawFileError(f"{path}: not readable in the accepted encodings ({'; '.join(errors)})")


# ----------------------------------------------------------------------------- grids

def _csv_grid(path: Path, contract: Contract) -> tuple[list[tuple[int, list[str]]], str]:
    data = path.read_bytes()
    if not data.strip():
        raise RawFileError(f"{path}: file is empty")
    text, encoding = decode(path, data, contract.encodings)
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if contract.delimiter not in first:
        found = next((d for d in (",", ";", "\t", "|") if d in first), None)
        raise RawFileError(f"{path}: row 1: expected '{contract.delimiter}' as delimiter"
                           + (f", found '{found}'" if found else ", found no delimiter"))
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=contract.delimiter, strict=True)
    grid = []
    try:
        start = 1
        for cells in reader:
            grid.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        raise RawFileError(f"{path}: row {reader.line_num}: malformed csv ({e}); "
                           "check for an unbalanced quote or an oversized cell") from e
    return grid, encoding


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if (value.hour, value.minute, value.second) != (0, 0, 0) \
            else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx_grid(path: Path) -> list[tuple[int, list[str]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error types for non-xlsx content
        raise RawFileError(f"{path}: not a readable xlsx workbook ({type(e).__name__}: {e})") from e
    sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]
    used = [(name, rows) for name, rows in sheets if any(any(c not in (None, "") for c in r) for r in rows)]
    if len(used) > 1:
        raise RawFileError(f"{path}: workbook has data on {len(used)} sheets ({', '.join(n for n, _ in used)}); "
                           "the contract accepts one sheet")
    rows = used[0][1] if used else []
    return [(i, [_xlsx_cell(c) for c in r]) for i, r in enumerate(rows, 1)]


# ----------------------------------------------------------------------------- values

def _parse_number(text: str, kind: str):
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", t):
            raise ValueError("not a whole number")
        return int(t)
    if "," in t and "." in t:   # 1.234,5 (Dutch) or 1,234.5
        t = t.replace(".", "").replace(",", ".") if t.rfind(",") > t.rfind(".") else t.replace(",", "")
    return float(t.replace(",", "."))


def check_value(column: Column, text: str) -> str | None:
    """None when `text` (non-empty) satisfies the column, else the reason."""
    if column.allowed is not None and text not in column.allowed:
        return f"'{_short(text)}' is not one of the allowed values"
    if column.type in ("integer", "decimal"):
        try:
            number = _parse_number(text, column.type)
        except ValueError:
            return f"'{_short(text)}' is not a{'n integer' if column.type == 'integer' else ' number'}"
        if column.min is not None and number < column.min:
            return f"{number} is below the minimum {column.min}"
        if column.max is not None and number > column.max:
            return f"{number} is above the maximum {column.max}"
    if column.type in ("date", "datetime"):
        formats = column.formats + (("%Y-%m-%d %H:%M:%S", "%Y-%m-%d") if column.type == "datetime" else ("%Y-%m-%d",))
        for fmt in formats:
            try:
                datetime.strptime(text.strip(), fmt)
                return None
            except ValueError:
                continue
        return f"'{_short(text)}' is not a {column.type} in the formats {', '.join(formats)}"
    return None


def typed_value(column: Column, text: str | None):
    """The value a cell stands for, by the column's type (for comparing exports of different
    formats: `08-10-2009 08:32:04` in csv and a date-time cell in xlsx are the same value)."""
    if text is None or check_value(column, text) is not None:
        return text
    if column.type in ("integer", "decimal"):
        return _parse_number(text, column.type)
    if column.type in ("date", "datetime"):
        for fmt in column.formats + ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
            try:
                return datetime.strptime(text.strip(), fmt)
            except ValueError:
                continue
    return text


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
    raise RawFileError(f"{path}: row {line}: no header row with every required column; missing "
                       + ", ".join(f"'{c.headers[0]}' ({c.field})" for c in missing))


def read_file(path: Path, contract: Contract, relative_to: Path | None = None) -> ReadResult:
    """Read one file of `contract`'s source. Raises RawFileError on anything the contract refuses."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid, encoding = _csv_grid(path, contract)
    elif suffix == ".xlsx":
        grid, encoding = _xlsx_grid(path), None
    else:
        raise RawFileError(f"{path}: unsupported file type '{suffix}' (csv or xlsx)")
    header_idx = _find_header(path, grid, contract)
    header_line, header = grid[header_idx]

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

    data_rows = grid[header_idx + 1:]
    if not any(any(c.strip() for c in cells) for _, cells in data_rows):
        raise RawFileError(f"{path}: no data rows below the header (row {header_line})")

    sha = file_sha256(path)
    name = str(path.relative_to(relative_to)) if relative_to else path.name
    rows, errors = [], []
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
            if blank:
                continue
            reason = ("empty, but the column may not be empty" if not col.nullable else None) if not text \
                else check_value(col, text)
            if reason:
                if col.on_invalid == "refuse":
                    errors.append(f"row {line}, column '{header[pos] if pos is not None else col.headers[0]}': {reason}")
                else:
                    invalid.append(col.field)
                    issues.append(f"{col.field}: {reason}")
        row["_invalid_fields"] = invalid
        row["_issues"] = "; ".join(issues) or None
        rows.append(row)
    if errors:
        shown = "\n  ".join(errors[:_MAX_ERRORS_SHOWN])
        more = f"\n  … and {len(errors) - _MAX_ERRORS_SHOWN} more" if len(errors) > _MAX_ERRORS_SHOWN else ""
        raise RawFileError(f"{path}: {len(errors)} value(s) break the contract:\n  {shown}{more}")
    return ReadResult(rows=rows, extra_columns=extra, header_row=header_line, encoding=encoding)


def arrow_schema(contract: Contract, extra_fields: tuple[tuple[str, pa.DataType], ...] = ()) -> pa.Schema:
    """Raw tables keep every contract field as text (as delivered) plus lineage."""
    return pa.schema(
        [(c.field, pa.string()) for c in contract.columns]
        + [("_source_file", pa.string()), ("_source_row", pa.int64()), ("_file_sha256", pa.string()),
           ("_blank", pa.bool_()), ("_invalid_fields", pa.list_(pa.string())), ("_issues", pa.string())]
        + list(extra_fields))


def to_arrow(rows: list[dict], contract: Contract, extra_fields=()) -> pa.Table:
    schema = arrow_schema(contract, extra_fields)
    return pa.Table.from_pylist(rows, schema=schema)
