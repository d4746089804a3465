"""The one `Definitions` object: every asset, check, job, schedule and resource of the project."""

import dagster as dg

from gia_pipeline import gc_tuning, layers, paths
from gia_pipeline.assets.raw import build_raw_assets
from gia_pipeline.assets.reference import reference_assets
from gia_pipeline.assets.reports import build_report_assets
from gia_pipeline.assets.staging import staging_assets
from gia_pipeline.expectations import discover as discover_expectations
from gia_pipeline.resources import Outputs, SourceFiles, Warehouse
from gia_pipeline.sensors import WRITER_TAGS, raw_landing_sensor
from gia_pipeline.sql_assets import build_sql_asset
from gia_pipeline.sql_models import discover as discover_sql_models

python_assets = [*reference_assets, *build_raw_assets(), *staging_assets]
python_tables = {tuple(key.path) for a in python_assets for key in a.keys}

sql_models = discover_sql_models(paths.SQL_DIR, layers.SCHEMAS, external=python_tables)
sql_assets = [build_sql_asset(model) for model in sql_models]
report_assets = build_report_assets([dg.AssetKey(list(m.key_path)) for m in sql_models if m.layer == layers.MARTS])

# the table assets carry their declared checks; a declaration for a table no asset builds is an error
discover_expectations(paths.SQL_DIR, python_tables | {m.key_path for m in sql_models})

refresh_all = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    description="Refresh the whole warehouse: reference data, raw files, staging, marts and reports, with all checks.",
    tags=WRITER_TAGS,
)

refresh_all_schedule = dg.ScheduleDefinition(
    name="refresh_all_weekdays",
    job=refresh_all,
    cron_schedule="0 6 * * 1-5",
    execution_timezone="Europe/Amsterdam",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Full refresh at 06:00 on weekdays. Off by default: turn it on in the UI (Automation) "
                "or with `dagster schedule start refresh_all_weekdays -m gia_pipeline.definitions`.",
)



def build_definitions(warehouse: Warehouse | None = None, source_files: SourceFiles | None = None,
                      outputs: Outputs | None = None) -> dg.Definitions:
    """The project's definitions; tests pass their own warehouse, source and output folders."""
    return dg.Definitions(
        assets=dg.with_source_code_references([*python_assets, *sql_assets, *report_assets]),
        jobs=[refresh_all],
        schedules=[refresh_all_schedule],
        sensors=[raw_landing_sensor],
        resources={"warehouse": warehouse or Warehouse(), "source_files": source_files or SourceFiles(),
                   "outputs": outputs or Outputs()},
        executor=dg.in_process_executor,
    )


defs = build_definitions()
gc_tuning.apply()   # after the definitions are built: see gc_tuning.py
