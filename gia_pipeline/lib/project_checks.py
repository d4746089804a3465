"""Checks over the whole loaded project, run when the definitions load: things no single
component can see. Each error names the file to fix."""

import graphlib
from pathlib import Path

import dagster as dg

from gia_pipeline.lib import column_docs, expectations, layers, output_columns, paths
from gia_pipeline.lib.sql_models import SqlModelError, model_sql
from gia_pipeline.lib.table_asset import COLUMNS_METADATA

#: asset metadata naming the SQL file of a model (set by the SqlModels component)
SQL_FILE_METADATA = "gia/sql_file"


def asset_specs(defs: dg.Definitions) -> list[dg.AssetSpec]:
    """The asset specs of unresolved definitions (resolving would need the resources)."""
    return [spec for asset in defs.assets or []
            for spec in (asset.specs if isinstance(asset, dg.AssetsDefinition) else [asset])]


def check_project(defs: dg.Definitions) -> None:
    specs = asset_specs(defs)
    produced = {spec.key for spec in specs}
    for spec in specs:
        for dep in spec.deps:
            if dep.asset_key not in produced:
                where = spec.metadata.get(SQL_FILE_METADATA)
                where = where.value if where is not None else f"asset {spec.key.to_user_string()}"
                raise SqlModelError(f"{where}: references {'.'.join(dep.asset_key.path)}, which no asset produces")
    # a declared expectation for a table nobody builds would otherwise be silently ignored
    expectations.discover(paths.SQL_DIR, {tuple(key.path) for key in produced})
    check_model_columns(specs)
    for layer in layers.SCHEMAS:
        stray = column_docs.undocumented_tables(layer, {key.path[1] for key in produced if key.path[0] == layer})
        if stray:
            raise column_docs.ColumnDocsError(
                f"{column_docs.layer_file(layer)}: documents table(s) {', '.join(stray)}, which no asset builds")


def output_columns_cache() -> Path:
    return paths.cache_dir() / "output_columns.json"


def check_model_columns(specs: list[dg.AssetSpec]) -> None:
    """Every SQL model's columns — derived from its SELECT and the columns of what it reads, in
    dependency order — against its documentation in columns.yaml. (Python-built tables declare
    theirs and are checked where they are defined, lib/table_asset.py.)"""
    known = {tuple(s.key.path): list(s.metadata[COLUMNS_METADATA].value) for s in specs if COLUMNS_METADATA in s.metadata}
    models = {tuple(s.key.path): s for s in specs if SQL_FILE_METADATA in s.metadata}
    order = graphlib.TopologicalSorter(
        {key: [tuple(d.asset_key.path) for d in s.deps if tuple(d.asset_key.path) in models] for key, s in models.items()})
    inputs = []
    for key in order.static_order():
        path = Path(models[key].metadata[SQL_FILE_METADATA].value)
        inputs.append((key, model_sql(path.read_text(encoding="utf-8")),
                       tuple(tuple(d.asset_key.path) for d in models[key].deps), path))
    try:
        derived = output_columns.derive(inputs, known, output_columns_cache())
    except ValueError as e:
        raise SqlModelError(str(e)) from e
    for (layer, table), columns in derived.items():
        column_docs.for_table(layer, table).check(f"{layer}.{table}", columns)
