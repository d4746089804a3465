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

from gia_pipeline.definitions import build_definitions, sql_models  # noqa: E402
from gia_pipeline.resources import Outputs, SourceFiles, Warehouse  # noqa: E402

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
    t0 = time.perf_counter()
    result = job.execute_in_process(instance=dg.DagsterInstance.get(), raise_on_error=False)
    t1 = time.perf_counter()
    sql_steps = {"__".join(m.key_path) for m in sql_models}
    durations = {}
    for event in result.all_events:
        if event.event_type_value == "STEP_SUCCESS":
            durations[event.step_key] = event.event_specific_data.duration_ms / 1000
    print(json.dumps({
        "success": result.success,
        "load_s": t_loaded - t_start,
        "run_s": t1 - t0,
        "steps": len(durations),
        "sql_models_s": sum(v for k, v in durations.items() if k in sql_steps),
        "checks_s": sum(v for k, v in durations.items() if k.startswith("gx_")),
        "slowest": sorted(durations.items(), key=lambda kv: -kv[1])[:5],
    }))


if __name__ == "__main__":
    os.environ.setdefault("GIA_PSEUDONYM_KEY", "benchmark")
    main()
