"""Dagster metadata that describes a warehouse table: name, row count and column schema."""

import warnings
from pathlib import Path

import dagster as dg
import duckdb

# Code references are a beta API that the UI shows well; we accept that and keep logs clean.
warnings.filterwarnings("ignore", category=dg.BetaWarning,
                        message=".*(CodeReferences|LocalFileCodeReference|with_source_code_references).*")


def describe_table(conn: duckdb.DuckDBPyConnection, table: str) -> dict:
    """Standard `dagster/*` metadata for `schema.table`, read from the warehouse."""
    columns = conn.execute(f"DESCRIBE {table}").fetchall()
    row_count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    schema = dg.TableSchema(columns=[
        dg.TableColumn(name=name, type=str(col_type), constraints=dg.TableColumnConstraints(nullable=(null == "YES")))
        for name, col_type, null, *_ in columns
    ])
    return {
        "dagster/table_name": f"gia.{table}",
        "dagster/column_schema": dg.MetadataValue.table_schema(schema),
        "dagster/row_count": dg.MetadataValue.int(row_count),
    }


def code_reference(path: Path, line: int = 1) -> dict:
    """A `dagster/code_references` entry pointing at a file in the repository."""
    return {"dagster/code_references": dg.CodeReferencesMetadataValue(
        code_references=[dg.LocalFileCodeReference(file_path=str(path), line_number=line)])}


def follows_parents() -> dg.AutomationCondition:
    """Declarative refresh for derived assets: materialise when a parent was updated, but only
    once every blocking check of the parents passed (a bad input never flows downstream)."""
    return dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed()
