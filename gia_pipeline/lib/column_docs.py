"""What every column of every warehouse table means, declared beside the code that builds it.

- `dbt_like_sql/<layer>/columns.yaml` documents every table of that layer — its SQL models and
  the tables Python builds there (reference CSV files, municipality and person resolution,
  refresh_changes) — the way dbt keeps `schema.yml`:

      stg_meetings:
        meeting_id: The register's meeting identifier (RB01 ...).
        meeting_date: ...

- A raw table is documented by its contract: each field's `description` (and, for a typed field,
  the `<field>__value` column holding the reader's parse of it), the lineage columns the reader
  adds (`RAW_LINEAGE` below) and the derived columns of its `defs.yaml`.

The definitions fail to load when a table has a column without a description or documents a
column it does not have (lib/project_checks.py, with the columns each table will have); a run
fails the same way if a built table differs from its documentation. After a table is built its
descriptions become `COMMENT ON COLUMN` in the warehouse (analysts see them in `duckdb_columns()`)
and the descriptions of the `dagster/column_schema` the UI shows.
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import dagster as dg

from gia_pipeline.lib import paths, yaml_io

DOCS_FILE = "columns.yaml"

#: the columns every raw table gets beside its contract's fields (lib/raw_reader.py, lib/raw_sources.py)
RAW_LINEAGE: dict[str, str] = {
    "_source_file": "The file the row comes from, relative to the landing folder (e.g. attendance/RB05.xlsx).",
    "_source_row": "The row's number in its file as a spreadsheet shows it (the header row counted).",
    "_file_sha256": "SHA-256 of the whole file's bytes: which version of the file the row was read from.",
    "_blank": "True for a row with no cell filled; kept in raw, excluded in staging (`lege regel`).",
    "_invalid_fields": "The fields of this row whose value breaks the contract and is flagged (on_invalid: flag); "
                       "staging treats those values as missing.",
    "_issues": "What is wrong with each flagged field of the row, in words; NULL when nothing is.",
    "_loaded_at": "When the refresh read the file (UTC).",
}


class ColumnDocsError(Exception):
    """A table whose columns and documentation disagree, or a malformed columns.yaml. The
    message names the file to fix and the table."""


@dataclass(frozen=True)
class ColumnDocs:
    """The descriptions of one table's columns and the file that declares them."""

    source: Path
    columns: dict[str, str] = field(default_factory=dict, hash=False)

    def check(self, table: str, columns: list[str]) -> None:
        """Raise unless `columns` (the table's, in order) are exactly the documented ones."""
        undocumented = [c for c in columns if c not in self.columns]
        extra = [c for c in self.columns if c not in columns]
        problems = []
        if undocumented:
            problems.append(f"undocumented column(s) {', '.join(undocumented)}")
        if extra:
            problems.append(f"documents column(s) {', '.join(extra)} that the table does not have")
        if problems:
            raise ColumnDocsError(f"{self.source}: table {table}: {'; '.join(problems)}")


def layer_file(layer: str) -> Path:
    return paths.SQL_DIR / layer / DOCS_FILE


@cache
def layer_docs(layer: str) -> dict[str, dict[str, str]]:
    """table -> column -> description, from `dbt_like_sql/<layer>/columns.yaml` ({} without one)."""
    path = layer_file(layer)
    if not path.is_file():
        return {}
    doc = yaml_io.load_mapping(path, ColumnDocsError, "mappings of column -> description")
    tables: dict[str, dict[str, str]] = {}
    for table, columns in doc.items():
        if not isinstance(columns, dict) or not columns:
            raise ColumnDocsError(f"{path}: table {table}: expected a mapping of column -> description")
        for column, text in columns.items():
            if not isinstance(text, str) or not text.strip():
                raise ColumnDocsError(f"{path}: table {table}: column {column} has no description")
        tables[str(table)] = {str(c): " ".join(t.split()) for c, t in columns.items()}
    return tables


def for_table(layer: str, table: str) -> ColumnDocs:
    """The documentation of a SQL model or Python-built table of a layer."""
    return ColumnDocs(layer_file(layer), layer_docs(layer).get(table, {}))


def for_raw(contract, derived: dict[str, str]) -> ColumnDocs:
    """A raw table's documentation: its contract's fields, the lineage columns, and `derived`
    (column -> description, declared in the source's defs.yaml)."""
    from gia_pipeline.lib.raw_reader import typed_columns, typed_field

    columns = {c.field: " ".join(c.description.split()) for c in contract.columns if c.description.strip()}
    # the reader's one parse of each typed field, stored beside the text (what staging reads)
    parsed = {typed_field(c.field): f"{c.field} parsed as {c.type} by the reader (the contract's one parser for "
                                    f"the type); NULL when the cell is empty or flagged invalid."
              for c in typed_columns(contract) if c.field in columns}
    return ColumnDocs(contract.path, {**columns, **parsed, **RAW_LINEAGE, **derived})


def undocumented_tables(layer: str, built: set[str]) -> list[str]:
    """Tables that the layer's columns.yaml documents but no asset builds."""
    return sorted(set(layer_docs(layer)) - built)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def apply(conn, table: str, docs: ColumnDocs, metadata: dict, description: str | None = None) -> None:
    """Check the built `schema.table` against its documentation, write the descriptions as DuckDB
    comments, and put them into the table's `dagster/column_schema` in `metadata`."""
    columns = [name for name, *_ in conn.execute(f"DESCRIBE {table}").fetchall()]
    docs.check(table, columns)
    conn.execute("BEGIN TRANSACTION")   # one commit for all of a table's comments: half the time of one each
    try:
        if description:
            conn.execute(f"COMMENT ON TABLE {table} IS {_literal(description)}")
        for name in columns:
            conn.execute(f'COMMENT ON COLUMN {table}."{name}" IS {_literal(docs.columns[name])}')
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    schema = metadata.get("dagster/column_schema")
    if schema is not None:
        metadata["dagster/column_schema"] = dg.MetadataValue.table_schema(dg.TableSchema(columns=[
            dg.TableColumn(name=c.name, type=c.type, description=docs.columns.get(c.name), constraints=c.constraints)
            for c in schema.value.columns]))
