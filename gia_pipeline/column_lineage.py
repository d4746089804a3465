"""Column-level lineage of a SQL model, computed with sqlglot from the model's SELECT and the
schemas of the tables it reads (taken from the warehouse after materialisation)."""

import dagster as dg
import sqlglot
from sqlglot import exp
from sqlglot.lineage import lineage

from gia_pipeline.sql_models import DIALECT, SqlModel


def _schema(conn, deps) -> dict:
    schema: dict = {}
    for db, table in deps:
        cols = conn.execute(f"DESCRIBE {db}.{table}").fetchall()
        schema.setdefault(db, {})[table] = {name: str(kind) for name, kind, *_ in cols}
    return schema


def compute(conn, model: SqlModel, output_columns: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """output column -> [(schema, table, column)] of the source columns it is computed from."""
    schema = _schema(conn, model.deps)
    parsed = sqlglot.parse_one(model.sql, read=DIALECT)
    result = {}
    for column in output_columns:
        try:
            node = lineage(column, parsed, schema=schema, dialect=DIALECT)
        except Exception:  # sqlglot can't trace some constructs (e.g. PIVOT); leave the column out
            continue
        sources = set()
        for n in node.walk():
            if n.downstream:
                continue
            if isinstance(n.source, exp.Table) and n.source.db:
                sources.add((n.source.db, n.source.name, n.name.split(".")[-1]))
        result[column] = sorted(sources)
    return result


def as_metadata(lineage_map: dict[str, list[tuple[str, str, str]]]) -> dict:
    if not lineage_map:
        return {}
    deps_by_column = {
        col: [dg.TableColumnDep(asset_key=dg.AssetKey([db, table]), column_name=src) for db, table, src in srcs]
        for col, srcs in lineage_map.items()}
    return {"dagster/column_lineage": dg.TableColumnLineage(deps_by_column=deps_by_column)}
