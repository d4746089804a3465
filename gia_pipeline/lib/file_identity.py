"""Identity across the files of one source: nothing may be counted twice, and no number may point
at two rows.

- **The same content twice**: two files of a source that hold the same rows — byte for byte (the
  same content hash), or the same values in another format or order (a csv and an xlsx of one
  export; one attendance list under two names, or registered for two meetings) — are refused,
  naming both files. Values are compared as the contract types them (`08-10-2009 08:32:04` in a
  csv and a date-time cell in an xlsx are one value).
- **Row keys across files**: where the contract says its row key identifies a row in the whole
  source (`row_key_scope: source`; e.g. `Respondentnummer`, which the audit columns
  `vervangen door respondent …` refer to), a key, or a `unique` column's value, that occurs in
  two files is refused, naming both files and rows.
"""

from pathlib import Path

import pyarrow as pa

from gia_pipeline.lib.contract import Contract
from gia_pipeline.lib.raw_reader import RawFileError, quote_value, typed_value


def _typed_rows(table: pa.Table, contract: Contract) -> list[tuple]:
    """The non-blank rows as tuples of typed values, sorted: a file's content whatever its order."""
    columns = [table.column(c.field).to_pylist() for c in contract.columns]
    blank = table.column("_blank").to_pylist()
    rows = [tuple(typed_value(c, v) for c, v in zip(contract.columns, values))
            for values, is_blank in zip(zip(*columns), blank) if not is_blank]
    return sorted(rows, key=repr)


def _same_content(files: list[tuple[Path, pa.Table]], contract: Contract) -> list[str]:
    errors = []
    by_count: dict[int, list[int]] = {}
    for i, (_, table) in enumerate(files):
        by_count.setdefault(table.num_rows - sum(table.column("_blank").to_pylist()), []).append(i)
    typed: dict[int, list[tuple]] = {}
    for group in by_count.values():
        for pos, j in enumerate(group):
            for i in group[:pos]:
                (first, a), (second, b) = files[i], files[j]
                same_bytes = a.num_rows and b.num_rows and a.column("_file_sha256")[0] == b.column("_file_sha256")[0]
                if not same_bytes:
                    for k in (i, j):
                        if k not in typed:
                            typed[k] = _typed_rows(files[k][1], contract)
                if same_bytes or typed[i] == typed[j]:
                    how = "byte for byte: the same content hash" if same_bytes else "the same values"
                    errors.append(f"{second}: holds the same rows as {first} ({how}): the same {contract.source} "
                                  "file delivered twice (e.g. as csv and xlsx, or under two names) would be "
                                  "counted twice; remove one of them")
                    break
    return errors


def _keys_across_files(files: list[tuple[Path, pa.Table]], contract: Contract) -> list[str]:
    groups = ([tuple(contract.row_key)] if contract.row_key else []) \
        + [(c.field,) for c in contract.columns if c.unique and (c.field,) != tuple(contract.row_key)]
    errors = []
    for group in groups:
        seen: dict[tuple, tuple[Path, int]] = {}
        columns = [contract.column(f) for f in group]
        for path, table in files:
            values = zip(*(table.column(f).to_pylist() for f in group))
            clashes = []
            for row, raw in zip(table.column("_source_row").to_pylist(), values):
                if None in raw:
                    continue
                key = tuple(typed_value(c, v) for c, v in zip(columns, raw))
                if key in seen and seen[key][0] != path:
                    clashes.append((row, raw, seen[key]))
                else:
                    seen.setdefault(key, (path, row))
            if clashes:
                row, raw, (other, other_row) = clashes[0]
                shown = " / ".join(quote_value(c, v) for c, v in zip(columns, raw))
                header = " + ".join(f"'{c.headers[0]}'" for c in columns)
                errors.append(f"{path}: row {row}, column {header}: {shown} is also in {other} (row {other_row}); "
                              f"{len(clashes)} row(s) of this file repeat a {header} of another file. It must be "
                              f"unique across all {contract.source} files (one export delivered twice, or two "
                              "exports that overlap?); remove the repeated rows or the file")
    return errors


def check_identity(files: list[tuple[Path, pa.Table]], contract: Contract) -> None:
    """Refuse the source when two of its files hold the same content, or (for a source-wide row
    key) share a key. `files` are the read files, each with its raw table."""
    if len(files) < 2:
        return
    errors = _same_content(files, contract)
    if not errors and contract.row_key_scope == "source":
        errors = _keys_across_files(files, contract)
    if errors:
        raise RawFileError("\n".join(errors))
