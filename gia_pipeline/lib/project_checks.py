"""Checks over the whole loaded project, run when the definitions load: things no single
component can see. Each error names the file to fix."""

import dagster as dg

from gia_pipeline.lib import expectations, paths
from gia_pipeline.lib.sql_models import SqlModelError

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
