"""Refreshes on arrival: a sensor on the raw landing folders.

A new or changed file of a source (survey export, meeting register, attendance list) starts a run
of exactly the assets it affects: that source's raw asset and everything downstream of it. Runs
are keyed on the content hashes of the files that triggered them, so the same content never
triggers twice (a file touched or copied again without changing is ignored). A file is read
only once it is *settled*: its modification time is at least `GIA_SETTLE_SECONDS` (default 30 s)
old, so a file still being written is never picked up half-way; names starting with `.` or `~$`
or ending in `.tmp`/`.part` are never read (copy under such a name, then rename).
"""

import hashlib
import json
import os
import time
from pathlib import Path

import dagster as dg

from gia_pipeline import contract, layers
from gia_pipeline.assets.raw import RAW_SOURCES
from gia_pipeline.landing import list_source
from gia_pipeline.raw_reader import file_sha256
from gia_pipeline.resources import SourceFiles

WRITER_TAGS = {"gia/warehouse": "writer"}


def settle_seconds() -> float:
    return float(os.environ.get("GIA_SETTLE_SECONDS", "30"))


def scan(raw_dir: Path, known: dict[str, str], now: float, settle: float):
    """Settled files whose content is new, per source: {table: [(relative path, sha256)]},
    and the files still settling."""
    changed: dict[str, list[tuple[str, str]]] = {}
    settling = []
    for source in RAW_SOURCES:
        listing = list_source(raw_dir, contract.load(source.contract))
        # a refused link is never read here either; it starts a run that fails naming it
        entries = [(p, None) for p in listing.files] + list(listing.refused.items())
        for path, refused in entries:
            rel = str(path.relative_to(raw_dir))
            if now - path.lstat().st_mtime < settle:
                settling.append(rel)
                continue
            sha = file_sha256(path) if refused is None else "refused:" + hashlib.sha256(refused.encode()).hexdigest()
            if known.get(rel) != sha:
                changed.setdefault(source.table, []).append((rel, sha))
    return changed, settling


@dg.sensor(
    name="raw_landing_sensor",
    description="Starts a refresh of exactly the affected assets when a settled file in the raw landing "
                "folder (GIA_RAW_DIR) is new or changed; keyed on content hash so the same content never "
                "triggers twice.",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
    asset_selection=dg.AssetSelection.groups(layers.RAW).downstream(),
)
def raw_landing_sensor(context: dg.SensorEvaluationContext, source_files: SourceFiles):
    known: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    changed, settling = scan(source_files.raw_path(), known, time.time(), settle_seconds())
    if settling:
        context.log.info(f"waiting for files to settle: {', '.join(settling)}")
    if not changed:
        return dg.SkipReason("no new or changed settled files" + (f" ({len(settling)} settling)" if settling else ""))
    graph = context.repository_def.asset_graph
    requests = []
    for table, files in sorted(changed.items()):
        selection = dg.AssetSelection.assets(dg.AssetKey([layers.RAW, table])).downstream()
        keys = sorted(selection.resolve(graph))
        digest = hashlib.sha256("".join(f"{p}:{s}" for p, s in sorted(files)).encode()).hexdigest()[:16]
        requests.append(dg.RunRequest(
            run_key=f"{table}:{digest}",
            asset_selection=keys,
            tags={**WRITER_TAGS, "gia/trigger": table, "gia/files": ", ".join(p for p, _ in files)[:200]},
        ))
        known.update(dict(files))
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(known, sort_keys=True))
