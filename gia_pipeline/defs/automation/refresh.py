"""The full refresh: a job over every asset and check, and a weekday schedule for it (off by default)."""

import dagster as dg

refresh_all = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    description="Refresh the whole warehouse: reference data, raw files, staging, marts and reports, with all checks.",
)

refresh_all_weekdays = dg.ScheduleDefinition(
    name="refresh_all_weekdays",
    job=refresh_all,
    cron_schedule="0 6 * * 1-5",
    execution_timezone="Europe/Amsterdam",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Full refresh at 06:00 on weekdays. Off by default: turn it on in the UI (Automation) "
                "or with `dg launch`-style tooling (`dagster schedule start refresh_all_weekdays`).",
)
