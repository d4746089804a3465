"""Orchestration alone: the project's asset graph (the same assets, dependencies and check specs)
with every asset and check a no-op, run in-process against a persistent Dagster instance like the
real refresh (`scripts/refresh.sh`, whose event log keeps its connections open:
gia_pipeline/lib/event_log_storage.py). What any implementation of this graph pays Dagster
and its SQLite event log before it does any work. Prints a JSON line. Used by benchmarks/run.py.

    DAGSTER_HOME=... python benchmarks/orchestration_floor.py
"""

import json
import time

t_start = time.perf_counter()
import dagster as dg  # noqa: E402

from gia_pipeline.definitions import defs  # noqa: E402
from gia_pipeline.lib.event_log_storage import PooledSqliteEventLogStorage  # noqa: E402


def noop_copy(assets_def: dg.AssetsDefinition) -> dg.AssetsDefinition:
    """The same asset and check specs, subsettable like the original (Dagster splits a layer's
    step around the Python steps in between), every output a no-op."""
    specs, check_specs = list(assets_def.specs), list(assets_def.check_specs)

    @dg.multi_asset(name=assets_def.node_def.name, specs=specs, check_specs=check_specs, can_subset=True)
    def _noop(context: dg.AssetExecutionContext):
        for spec in specs:
            if spec.key in context.selected_asset_keys:
                yield dg.MaterializeResult(asset_key=spec.key)
        for check in check_specs:
            if check.key in context.selected_asset_check_keys:
                yield dg.AssetCheckResult(asset_key=check.asset_key, check_name=check.name, passed=True)

    return _noop


def main() -> None:
    graph = dg.Definitions(assets=[noop_copy(a) for a in defs.assets],
                           jobs=[dg.define_asset_job("refresh_all", selection=dg.AssetSelection.all())],
                           executor=dg.in_process_executor)
    job = graph.resolve_job_def("refresh_all")
    instance = dg.DagsterInstance.get()
    PooledSqliteEventLogStorage.adopt(instance)  # as the command-line refresh does
    t0 = time.perf_counter()
    result = job.execute_in_process(instance=instance)
    t1 = time.perf_counter()
    instance.event_log_storage.release()
    print(json.dumps({"success": result.success, "run_s": t1 - t0, "startup_s": t0 - t_start,
                      "steps": len(result.get_step_success_events()),
                      "checks": len(result.get_asset_check_evaluations())}))


if __name__ == "__main__":
    main()
