"""Refreshes on arrival and declarative follow-up.

`raw_landing_sensor` (off by default) watches the raw landing folder. A new or changed file of a
source starts a run of exactly the assets it affects — that source's raw asset and everything
downstream — plus any upstream asset that was never materialised (on a fresh deployment the first
run therefore builds the reference data and the other sources too, instead of failing for want of
them). A file is read only once it is settled (modification time at least `GIA_SETTLE_SECONDS`,
default 30 s, old); names starting with `.` or `~$` or ending in `.tmp`/`.part` are never read.

The cursor advances on success, not on request: a file counts as loaded only when the run that
read it succeeded. A failed run is retried as soon as anything it depends on changes — any file of
the landing or reference folder, or the project's code (the run key hashes all of them) — and, for
failures that heal by themselves (a full disk, a killed process), after `GIA_RETRY_SECONDS`
(default 3600) without any change. Until then every tick says which files are not loaded and why.
A requested run that does not exist `VANISHED_SECONDS` after the request (deleted from the UI
while queued, say) no longer holds its files back: they are requested again, with a warning.

`automation` (on by default) evaluates the assets' automation conditions (`eager()` once the
parents' blocking checks passed): a raw asset materialised on its own, e.g. from the UI, is
followed by the staging, marts and reports it feeds.
"""

import hashlib
import json
import os
import time
from functools import cache
from pathlib import Path

import dagster as dg

from gia_pipeline.lib import layers, paths
from gia_pipeline.lib.landing import list_source
from gia_pipeline.lib.raw_reader import file_sha256
from gia_pipeline.lib.raw_sources import sources_of
from gia_pipeline.lib.resources import SourceFiles

SENSOR_NAME = "raw_landing_sensor"
_RUN_KEY_TAG = "dagster/run_key"
_SENSOR_TAG = "dagster/sensor_name"
_FINISHED = (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED)
#: the daemon creates a tick's runs right after it (a queued run exists too); a run still missing
#: this long after its request was deleted, or never created
VANISHED_SECONDS = 300.0


def settle_seconds() -> float:
    return float(os.environ.get("GIA_SETTLE_SECONDS", "30"))


def retry_seconds() -> float:
    return float(os.environ.get("GIA_RETRY_SECONDS", "3600"))


def scan(raw_dir: Path, sources, now: float, settle: float) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Settled files per source table {table: {relative path: sha256}}, and the files still settling."""
    found: dict[str, dict[str, str]] = {}
    settling = []
    for source in sources:
        listing = list_source(raw_dir, source.contract)
        # a refused link is never read here either; it starts a run that fails naming it
        entries = [(p, None) for p in listing.files] + list(listing.refused.items())
        for path, refused in entries:
            rel = str(path.relative_to(raw_dir))
            if now - path.lstat().st_mtime < settle:
                settling.append(rel)
                continue
            found.setdefault(source.table, {})[rel] = (
                file_sha256(path) if refused is None else "refused:" + hashlib.sha256(refused.encode()).hexdigest())
    return found, settling


@cache
def code_fingerprint() -> str:
    """A hash of the project's code and declarations (SQL, contracts, rules, Python): a run that
    failed is retried once the code that failed changes, even when no file did."""
    h = hashlib.sha256()
    for folder in (paths.PACKAGE_DIR, paths.SQL_DIR):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".sql", ".yaml", ".csv") and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(paths.PROJECT_ROOT)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _inputs_digest(found: dict[str, dict[str, str]], reference_dir: Path) -> str:
    h = hashlib.sha256(code_fingerprint().encode())
    for table in sorted(found):
        for rel, sha in sorted(found[table].items()):
            h.update(f"{rel}:{sha}\n".encode())
    for path in sorted(p for p in reference_dir.glob("*") if p.is_file()):
        h.update(f"{path.name}:{file_sha256(path)}\n".encode())
    return h.hexdigest()[:16]


def _run_outcomes(instance: dg.DagsterInstance, run_keys: list[str]) -> dict[str, dg.DagsterRunStatus]:
    outcomes = {}
    for key in run_keys:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={_RUN_KEY_TAG: key, _SENSOR_TAG: SENSOR_NAME}), limit=1)
        if runs:
            outcomes[key] = runs[0].status
    return outcomes


def _never_materialised(instance: dg.DagsterInstance, keys) -> set[dg.AssetKey]:
    return {k for k in keys if instance.get_latest_materialization_event(k) is None}


@dg.sensor(
    name=SENSOR_NAME,
    description="Starts a refresh of the affected assets (plus any upstream asset never built) when a settled file "
                "in the raw landing folder (GIA_RAW_DIR) is new or changed. A file counts as loaded once its run "
                "succeeded; a failed run is retried when any input or the code changes.",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
    asset_selection=dg.AssetSelection.all(),
)
def raw_landing_sensor(context: dg.SensorEvaluationContext, source_files: SourceFiles):
    now = time.time()
    state = json.loads(context.cursor) if context.cursor else {}
    loaded: dict[str, str] = state.get("loaded", {})         # file -> sha256 in the warehouse
    pending: dict[str, dict] = state.get("pending", {})      # run key -> {"inputs", "files"} requested
    failed: dict[str, dict] = state.get("failed", {})        # inputs key -> {"files", "at", "attempts"}

    # 1. what became of the runs requested earlier
    outcomes = _run_outcomes(context.instance, list(pending))
    for run_key in [k for k in pending if k not in outcomes]:
        requested = pending[run_key].setdefault("at", now)      # cursors written before "at" start now
        if now - requested >= VANISHED_SECONDS:
            files = sorted(pending.pop(run_key)["files"])
            context.log.warning(f"no run {run_key} exists {now - requested:.0f} s after it was requested "
                                f"(deleted?); its files are requested again: {', '.join(files)}")
    for run_key, status in outcomes.items():
        request = pending.pop(run_key) if status in _FINISHED else None
        if status == dg.DagsterRunStatus.SUCCESS:
            loaded.update(request["files"])
            failed.pop(request["inputs"], None)
        elif request is not None:
            attempts = failed.get(request["inputs"], {}).get("attempts", 0) + 1
            failed[request["inputs"]] = {"files": sorted(request["files"]), "at": now, "attempts": attempts}
    waiting = {f for request in pending.values() for f in request["files"]}

    # 2. settled files whose content is not in the warehouse yet
    graph = context.repository_def.asset_graph
    found, settling = scan(source_files.raw_path(), sources_of(graph.asset_nodes), now, settle_seconds())
    changed = {table: {f: sha for f, sha in files.items() if loaded.get(f) != sha and f not in waiting}
               for table, files in found.items()}
    changed = {table: files for table, files in changed.items() if files}
    if settling:
        context.log.info(f"waiting for files to settle: {', '.join(settling)}")

    # 3. one run per changed source; when an upstream asset was never built (a fresh deployment,
    #    a new source or model), one run for all of them that builds what is missing too
    digest = _inputs_digest(found, Path(source_files.reference_dir))
    selections = {table: dg.AssetSelection.assets(dg.AssetKey([layers.RAW, table])).downstream().resolve(graph)
                  for table in changed}
    missing = _never_materialised(context.instance, graph.get_all_asset_keys()) if changed else set()
    needed = {k for keys in selections.values() for k in dg.AssetSelection.assets(*keys).upstream().resolve(graph)} & missing
    if needed:
        needed |= dg.AssetSelection.assets(*needed).downstream().resolve(graph) & missing
        selections = {"+".join(sorted(changed)): set().union(needed, *selections.values())}
    requests, held_back = [], []
    for trigger, keys in sorted(selections.items()):
        files = {f: sha for table in trigger.split("+") for f, sha in changed[table].items()}
        inputs = f"{trigger}:{digest}"
        earlier = failed.get(inputs)
        if earlier and now - earlier["at"] < retry_seconds():
            held_back.append(f"{', '.join(sorted(files))} (run failed; retried when an input or the code "
                             f"changes, or after {retry_seconds():.0f} s)")
            continue
        run_key = inputs if not earlier else f"{inputs}:retry{earlier['attempts']}"
        pending[run_key] = {"inputs": inputs, "files": files, "at": now}
        requests.append(dg.RunRequest(
            run_key=run_key, asset_selection=sorted(keys),
            tags={"gia/trigger": trigger, "gia/files": ", ".join(sorted(files))[:200]}))

    cursor = json.dumps({"loaded": loaded, "pending": pending, "failed": failed}, sort_keys=True)
    if requests:
        return dg.SensorResult(run_requests=requests, cursor=cursor)
    message = (f"{len(held_back)} source(s) not loaded: " + "; ".join(held_back)) if held_back \
        else "no new or changed settled files"
    if settling:
        message += f" ({len(settling)} settling)"
    if waiting:
        message += f" ({len(waiting)} file(s) in runs still going)"
    return dg.SensorResult(skip_reason=dg.SkipReason(message), cursor=cursor)


automation = dg.AutomationConditionSensorDefinition(
    "automation",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Evaluates the assets' automation conditions: derived assets follow a parent that was updated "
                "on its own, once the parent's blocking checks passed.",
)
