"""Column-level lineage of a SQL model, computed with sqlglot from the model's SELECT and the
schemas of the tables it reads (taken from the warehouse after materialisation).

Tracing is the costly part of a small model's materialisation, and its result only changes
when the SQL or an input's schema does: results are cached, keyed by a hash of both (and of the
sqlglot version), in the process and in one JSON file for the project (`paths.LINEAGE_CACHE`),
whichever warehouse a refresh writes: a sandbox, a test or a benchmark traces each model once.
"""

import hashlib
import json
import os
from pathlib import Path

import dagster as dg
import sqlglot
from sqlglot import exp
from sqlglot.lineage import lineage

from gia_pipeline.lib.sql_models import DIALECT, SqlModel


def _schema(conn, deps) -> dict:
    schema: dict = {}
    for db, table in deps:
        cols = conn.execute(f"DESCRIBE {db}.{table}").fetchall()
        schema.setdefault(db, {})[table] = {name: str(kind) for name, kind, *_ in cols}
    return schema


def _sources(node) -> list[tuple[str, str, str]]:
    found = set()
    for n in node.walk():
        if not n.downstream and isinstance(n.source, exp.Table) and n.source.db:
            found.add((n.source.db, n.source.name, n.name.split(".")[-1]))
    return sorted(found)


def compute(conn, model: SqlModel, output_columns: list[str],
            cache_file: Path | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """output column -> [(schema, table, column)] of the source columns it is computed from."""
    schema = _schema(conn, model.deps)
    key = hashlib.sha256(json.dumps([sqlglot.__version__, model.sql, schema, output_columns],
                                    sort_keys=True).encode()).hexdigest()
    if key in _TRACED:
        return _TRACED[key]
    cache = _load(cache_file)
    if key in cache:
        result = {c: [tuple(s) for s in srcs] for c, srcs in cache[key].items()}
    else:
        result = _trace(model, schema, output_columns)
        if cache_file is not None:
            cache[key] = result
            _save(cache_file, cache)
    _TRACED[key] = result
    return result


_TRACED: dict[str, dict[str, list[tuple[str, str, str]]]] = {}   # key -> lineage, in this process


def _load(cache_file: Path | None) -> dict:
    try:
        return json.loads(cache_file.read_text()) if cache_file and cache_file.exists() else {}
    except (OSError, ValueError):
        return {}


def _save(cache_file: Path, cache: dict) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache))
        os.replace(tmp, cache_file)
    except OSError:
        pass   # a cache that cannot be written only costs time


def _trace(model: SqlModel, schema: dict, output_columns: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    parsed = sqlglot.parse_one(model.sql, read=DIALECT)
    try:   # all columns at once: one qualification of the query, shared work between columns
        nodes = lineage(None, parsed, schema=schema, dialect=DIALECT)
    except Exception:
        nodes = {}
        for column in output_columns:   # column by column, leaving out what sqlglot can't trace
            try:
                nodes[column] = lineage(column, parsed, schema=schema, dialect=DIALECT)
            except Exception:
                continue
    return {column: _sources(nodes[column]) for column in output_columns if column in nodes}


def as_metadata(lineage_map: dict[str, list[tuple[str, str, str]]]) -> dict:
    if not lineage_map:
        return {}
    deps_by_column = {
        col: [dg.TableColumnDep(asset_key=dg.AssetKey([db, table]), column_name=src) for db, table, src in srcs]
        for col, srcs in lineage_map.items()}
    return {"dagster/column_lineage": dg.TableColumnLineage(deps_by_column=deps_by_column)}
