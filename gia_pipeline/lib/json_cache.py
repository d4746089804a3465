"""A JSON file of cached results (column lineage, the columns of SQL models, the report's charts): read whole, written
whole and atomically. A cache that cannot be read is empty; one that cannot be written only costs
time on the next run."""

import json
import os
from pathlib import Path


def load(cache_file: Path | None) -> dict:
    try:
        return json.loads(cache_file.read_text()) if cache_file and cache_file.exists() else {}
    except (OSError, ValueError):
        return {}


def save(cache_file: Path, cache: dict) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache))
        os.replace(tmp, cache_file)
    except OSError:
        pass
