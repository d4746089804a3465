"""One full refresh through Dagster, as a user runs it: the project's `refresh_all` job (every
asset and check, raw files to report) executed in-process against a persistent instance
(DAGSTER_HOME). Prints a JSON line with the run's timings. Used by benchmarks/run.py."""

import argparse
import json
import os
import time
from pathlib import Path

t_start = time.perf_counter()
import dagster as dg  # noqa: E402

from gia_pipeline.definitions import build_definitions  # noqa: E402
from gia_pipeline.lib.project_checks import SQL_FILE_METADATA  # noqa: E402
from gia_pipeline.lib.resources import Outputs, SourceFiles, Warehouse  # noqa: E402

t_loaded = time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    defs = build_definitions(Warehouse(database=str(args.workdir / "gia.duckdb")),
                             SourceFiles(raw_dir=str(args.raw_dir)),
                             Outputs(reports_dir=str(args.workdir / "reports"),
                                     published_dir=str(args.workdir / "published")))
    job = defs.resolve_job_def("refresh_all")
    instance = dg.DagsterInstance.get()
    t0 = time.perf_counter()
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    t1 = time.perf_counter()
    # per step, from the run's event log: start, materialization (the table is built, its checks
    # start) and success (its checks are done)
    at: dict[str, dict[str, float]] = {}
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is not None and event.step_key and event.event_type_value in (
                "STEP_START", "ASSET_MATERIALIZATION", "STEP_SUCCESS"):
            at.setdefault(event.step_key, {})[event.event_type_value] = entry.timestamp
    done = {k: v for k, v in at.items() if "STEP_SUCCESS" in v}
    built = {k: v["ASSET_MATERIALIZATION"] - v["STEP_START"] for k, v in done.items() if "ASSET_MATERIALIZATION" in v}
    sql_steps = {"__".join(s.key.path) for s in defs.resolve_all_asset_specs() if SQL_FILE_METADATA in s.metadata}
    print(json.dumps({
        "success": result.success,
        "load_s": t_loaded - t_start,
        "run_s": t1 - t0,
        "steps": len(done),
        # the SQL-model steps up to their materialization: what `dbt run` does for the same models
        # (orchestration included, the checks that follow in the same step not)
        "sql_models_s": sum(v for k, v in built.items() if k in sql_steps),
        # every step's time after its materialization: its GX checks and their events
        "checks_s": sum(v["STEP_SUCCESS"] - v.get("ASSET_MATERIALIZATION", v["STEP_SUCCESS"]) for v in done.values()),
        "slowest": sorted(((k, v["STEP_SUCCESS"] - v["STEP_START"]) for k, v in done.items()), key=lambda kv: -kv[1])[:5],
    }))


if __name__ == "__main__":
    os.environ.setdefault("GIA_PSEUDONYM_KEY", "benchmark")
    main()
