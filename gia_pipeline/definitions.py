"""The one `Definitions` object: every asset, check, job, schedule and resource of the project."""

import dagster as dg

from gia_pipeline import layers, paths
from gia_pipeline import contract
from gia_pipeline.assets.raw import RAW_SOURCES, build_raw_assets
from gia_pipeline.assets.reference import reference_assets
from gia_pipeline.assets.staging import staging_assets
from gia_pipeline.expectations import discover as discover_expectations
from gia_pipeline.expectations import from_contract
from gia_pipeline.gx_checks import build_gx_checks
from gia_pipeline.resources import SourceFiles, Warehouse
from gia_pipeline.sql_assets import build_sql_asset
from gia_pipeline.sql_models import discover as discover_sql_models

python_assets = [*reference_assets, *build_raw_assets(), *staging_assets]
python_tables = {tuple(key.path) for a in python_assets for key in a.keys}

sql_models = discover_sql_models(paths.SQL_DIR, layers.SCHEMAS, external=python_tables)
sql_assets = [build_sql_asset(model) for model in sql_models]

expectation_checks = build_gx_checks([
    *(e for source in RAW_SOURCES for e in from_contract(contract.load(source.contract), layers.RAW, source.table)),
    *discover_expectations(paths.SQL_DIR, python_tables | {m.key_path for m in sql_models}),
])

refresh_all = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    description="Refresh the whole warehouse: reference data, raw files, staging, marts and reports, with all checks.",
)



def build_definitions(warehouse: Warehouse | None = None,
                      source_files: SourceFiles | None = None) -> dg.Definitions:
    """The project's definitions; tests pass their own warehouse and source folders."""
    return dg.Definitions(
        assets=[*python_assets, *sql_assets],
        asset_checks=expectation_checks,
        jobs=[refresh_all],
        resources={"warehouse": warehouse or Warehouse(), "source_files": source_files or SourceFiles()},
        executor=dg.in_process_executor,
    )


defs = build_definitions()
