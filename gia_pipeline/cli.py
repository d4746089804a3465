"""`python -m gia_pipeline.cli refresh` — the full refresh as a command-line tool (scripts/refresh.sh).

It runs the `refresh_all` job in this process against the persistent instance (DAGSTER_HOME, so
the run appears in the UI's run history), loading the definitions once. While it runs it prints
one line per layer as the layer finishes, and any failure the moment it happens; at the end a
summary: assets materialised, checks passed and failed (each failure by name with a one-line
reason), reconciliation with the 2010 report, raw rows staged/excluded/quarantined per source, what
changed since the last good refresh (marts.refresh_changes: figures, raw files), the paths of
warehouse, snapshot and report, and the wall time. `--verbose` streams Dagster's full
event log instead. Exit code 0 on success, 1 when the run failed.

Nothing printed quotes a data value: failures are named by step and check, with counts.
"""

import argparse
import re
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

_EVENT_TYPES = ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED", "ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION")


class Progress:
    """Follows the run's events as the instance stores them (an event listener: no polling
    thread, no reads of the event log while the run writes it) and prints per layer."""

    def __init__(self, instance, run_id: str, out=sys.stdout):
        self.instance, self.run_id, self.out = instance, run_id, out
        self.steps_per_layer: dict[str, set[str]] = {}
        self.done: dict[str, set[str]] = defaultdict(set)
        self.materialised: Counter = Counter()
        self.checks_per_layer: dict[str, Counter] = defaultdict(Counter)
        self.checks: dict[str, list] = {"passed": [], "failed": []}
        self.failed_steps: list[tuple[str, str]] = []
        self.layer_started: dict[str, float] = {}
        self.printed: set[str] = set()
        self.started = time.monotonic()

    def _layer_of(self, step: str) -> str:
        return next((layer for layer, steps in self.steps_per_layer.items() if step in steps), "other")

    def _plan(self) -> bool:
        """Which steps build which layer, from the run's execution plan (a layer's step can be
        split in two by Dagster, e.g. around the Python step in the middle of staging)."""
        run = self.instance.get_run_by_id(self.run_id)
        if run is None or run.execution_plan_snapshot_id is None:
            return False
        plan = self.instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)
        for step in plan.steps:
            for output in step.outputs:
                asset_key = output.properties.asset_key if output.properties else None
                if asset_key is not None:
                    self.steps_per_layer.setdefault(asset_key.path[0], set()).add(step.key)
        return True

    def on_event(self, entry) -> None:
        """Called by the instance with every event of the run, right after storing it."""
        event = entry.dagster_event
        if event is None or event.event_type_value not in _EVENT_TYPES:
            return
        if self.steps_per_layer or self._plan():
            self._handle(event)

    def _handle(self, event) -> None:
        step = event.step_key or ""
        layer = self._layer_of(step)
        self.layer_started.setdefault(layer, time.monotonic())
        kind = event.event_type_value
        if kind == "ASSET_MATERIALIZATION":
            self.materialised[layer] += 1
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            name = f"{evaluation.asset_key.to_user_string()} · {evaluation.check_name}"
            self.checks_per_layer[evaluation.asset_key.path[0]]["passed" if evaluation.passed else "failed"] += 1
            if evaluation.passed:
                self.checks["passed"].append(name)
            else:
                blocking = "blocking" if evaluation.blocking else "non-blocking"
                self.checks["failed"].append((name, blocking, _reason(evaluation.metadata)))
                print(f"  ✗ check failed ({blocking}): {name} — {_reason(evaluation.metadata)}", file=self.out)
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            self.done[layer].add(step)
            if kind == "STEP_FAILURE":
                error = event.event_specific_data.error
                message = (error.message if error else "failed").strip().splitlines()[0]
                if error and error.cls_name:    # "dagster._core.definitions.events.Failure: …" -> "…"
                    message = re.sub(rf"^(?:\w+\.)*{re.escape(error.cls_name)}: ", "", message)
                self.failed_steps.append((step, message))
                print(f"  ✗ step failed: {step} — {message}", file=self.out)
            self._print_finished_layers()

    def _print_finished_layers(self) -> None:
        for layer, steps in self.steps_per_layer.items():
            if layer in self.printed or not steps <= self.done[layer]:
                continue
            self.printed.add(layer)
            seconds = time.monotonic() - self.layer_started.get(layer, self.started)
            checks = self.checks_per_layer[layer]
            verdict = f"{checks['passed']:>3} checks passed" + (f", {checks['failed']} failed" if checks["failed"] else "")
            print(f"  {layer:<10} {self.materialised[layer]:>3} materialised  {verdict:<28}{seconds:6.1f} s", file=self.out)

    def follow(self) -> None:
        self.instance.add_event_listener(self.run_id, self.on_event)


def _reason(metadata) -> str:
    """One line from a check's metadata: GX's counts or observed value, never sample values."""
    def value(key):
        entry = metadata.get(key)
        return None if entry is None else getattr(entry, "value", entry)

    if value("exception"):
        return "GX could not compute it: " + str(value("exception")).splitlines()[0][:120]
    unexpected, total = value("unexpected_count"), value("element_count")
    if unexpected is not None:
        return f"{unexpected} of {total} rows unexpected" if total is not None else f"{unexpected} rows unexpected"
    observed = value("observed_value")
    if isinstance(observed, (int, float)):
        return f"observed {observed}"
    return "see the check in the UI"


#: changes since the last good refresh listed one per line (the rest: marts.refresh_changes)
CHANGES_SHOWN = 6


def _summary_queries(warehouse: Path) -> tuple[dict, list, list]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        statuses = dict(conn.execute(
            "SELECT status, count(*) FROM marts.report_reconciliation GROUP BY ALL").fetchall())
        accounting = conn.execute(
            "SELECT source, raw_rows, staged, excluded, quarantined, unaccounted + multiply_accounted "
            "FROM staging.row_accounting ORDER BY source").fetchall()
        changes = conn.execute(
            "SELECT change, table_id, row_key, col_key, coalesce(old_count::VARCHAR, round(old_value, 1)::VARCHAR, old_note), "
            "coalesce(new_count::VARCHAR, round(new_value, 1)::VARCHAR, new_note), source_file, detail, compared_with "
            "FROM marts.refresh_changes").fetchall()
    return statuses, accounting, changes


_FILE_CHANGE_WORDS = {"bestand toegevoegd": "added", "bestand gewijzigd": "changed", "bestand verwijderd": "removed"}


def _changes_lines(changes: list) -> list[str]:
    """What changed since the last good refresh: a line of totals, then the first few changes."""
    compared = [c for c in changes if c[0] not in ("niet vergeleken", "vergeleken")]
    skipped = [c[7] for c in changes if c[0] == "niet vergeleken"]
    snapshot = next((c[8] for c in changes if c[8]), None)
    if snapshot is None:
        return [f"Since the last good refresh: nothing to compare with — {'; '.join(skipped) or 'no snapshot'}"]
    kinds = Counter(c[0] for c in compared)
    figures = sum(n for kind, n in kinds.items() if kind.startswith("cijfer"))
    files = ", ".join(f"{kinds[kind]} {word}" for kind, word in _FILE_CHANGE_WORDS.items() if kinds[kind])
    lines = [f"Since the last good refresh (snapshot {snapshot}): {figures} figure(s) changed; "
             + (f"raw files {files}" if files else "no raw file changed")]
    lines += [f"  not compared: {detail}" for detail in skipped]
    for change, table_id, row_key, col_key, old, new, source_file, _, _ in compared[:CHANGES_SHOWN]:
        if source_file:
            lines.append(f"  file {_FILE_CHANGE_WORDS[change]}: {source_file}")
        else:
            lines.append(f"  {table_id} / {row_key} / {col_key}: {'–' if old is None else old} → {'–' if new is None else new}")
    if len(compared) > CHANGES_SHOWN:
        lines.append(f"  … {len(compared) - CHANGES_SHOWN} more in marts.refresh_changes")
    return lines


def refresh(verbose: bool = False, out=sys.stdout) -> int:
    started = time.monotonic()
    import dagster as dg

    from gia_pipeline.definitions import defs
    from gia_pipeline.lib import paths
    from gia_pipeline.lib.event_log_storage import PooledSqliteEventLogStorage
    from gia_pipeline.lib.resources import ensure_writer_pool

    instance = dg.DagsterInstance.get()
    ensure_writer_pool(instance)
    # the same event log, written through kept connections: a write is an INSERT and a commit
    # instead of a new engine, connection, WAL checkpoint and fsyncs (lib/event_log_storage.py)
    pooled = PooledSqliteEventLogStorage.adopt(instance)
    job = defs.resolve_job_def("refresh_all")
    run_id = str(uuid.uuid4())
    print(f"GIA refresh: run {run_id[:8]} of refresh_all (DAGSTER_HOME {instance.root_directory})", file=out)
    progress = Progress(instance, run_id, out)
    progress.follow()
    log_level = "DEBUG" if verbose else "CRITICAL"
    result = job.execute_in_process(instance=instance, run_id=run_id, raise_on_error=False,
                                    run_config={"loggers": {"console": {"config": {"log_level": log_level}}}})
    if pooled:
        instance.event_log_storage.release()
    elapsed = time.monotonic() - started
    checks = progress.checks
    failed_checks = checks["failed"]
    print("", file=out)
    if result.success:
        print(f"Result: success — {sum(progress.materialised.values())} assets materialised, "
              f"{len(checks['passed'])} checks passed, {len(failed_checks)} failed", file=out)
    else:
        print(f"Result: FAILED — {sum(progress.materialised.values())} assets materialised before the failure; "
              "the warehouse, snapshot and report keep their last good state", file=out)
    for name, blocking, reason in failed_checks:
        print(f"  ✗ {name} ({blocking}): {reason}", file=out)
    for step, message in progress.failed_steps:
        print(f"  ✗ step {step}: {message}", file=out)
    not_run = [layer for layer in progress.steps_per_layer if layer not in progress.printed]
    if not_run:
        print(f"  not run (upstream failed): {', '.join(not_run)}", file=out)
    warehouse = Path(paths.warehouse_path())
    if result.success:
        statuses, accounting, changes = _summary_queries(warehouse)
        print("Reconciliation with the 2010 report: "
              + " · ".join(f"{statuses.get(s, 0)} {s}" for s in ("match", "rounding", "mismatch")), file=out)
        print("Raw rows per source = staged + excluded + quarantined:", file=out)
        for source, raw, staged, excluded, quarantined, off in accounting:
            print(f"  {source:<18} {raw:>7} = {staged} + {excluded} + {quarantined}"
                  + (f"  ({off} unaccounted!)" if off else ""), file=out)
        for line in _changes_lines(changes):
            print(line, file=out)
    print(f"Warehouse  {warehouse}", file=out)
    written = {e.asset_key.path[-1]: e.materialization.metadata for e in result.get_asset_materialization_events()}
    for label, asset, key in (("Snapshot", "published_snapshot", "database"), ("Report", "evaluation_report", "path")):
        if key in written.get(asset, {}):
            print(f"{label:<10} {written[asset][key].value}", file=out)
    print(f"Run {run_id} — its full event log: `bash scripts/dev.sh`, Runs; or rerun with --verbose", file=out)
    print(f"{'Done' if result.success else 'Failed'} in {elapsed:.1f} s", file=out)
    return 0 if result.success else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gia_pipeline.cli", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("refresh", help="materialise every asset and run every check (the refresh_all job)")
    run.add_argument("--verbose", action="store_true", help="stream Dagster's full event log")
    sub.add_parser("init-instance", help="prepare DAGSTER_HOME's instance: the warehouse pool's limit (scripts/dev.sh)")
    dev_parser = sub.add_parser("dev", help="the UI and daemon (`dg dev`) and, beside it, the reports folder over http "
                                            "(scripts/dev.sh)")
    dev_parser.add_argument("--port", type=int, default=3000, help="the UI's port (default 3000)")
    dev_parser.add_argument("--reports-port", type=int, default=None,
                            help="the reports folder's port (default 3001, or GIA_REPORTS_URL's)")
    args = parser.parse_args(argv)
    if args.command == "init-instance":
        return init_instance()
    if args.command == "dev":
        from gia_pipeline.dev_server import dev
        return dev(args.port, args.reports_port)
    return refresh(verbose=args.verbose)


def init_instance() -> int:
    import dagster as dg

    from gia_pipeline.lib.resources import ensure_writer_pool

    with dg.DagsterInstance.get() as instance:
        ensure_writer_pool(instance)
    return 0


if __name__ == "__main__":
    sys.exit(main())
