"""A JSON file of cached results (column lineage, the columns of SQL models, the report's charts): read whole, written
whole and atomically. A cache that cannot be read is empty; one that cannot be written only costs
time on the next run."""

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def code_hash(*files: str | Path, extra: str = "") -> str:
    """A hash of the code that computes cached results (and of `extra`, e.g. a library version):
    part of every key, so a changed computation never reads what the old one cached."""
    digest = hashlib.sha256(extra.encode())
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


def remembered(memory: dict, cache_file: Path | None, key: str, compute: Callable[[], Any],
               decode: Callable[[Any], Any] = lambda value: value, keep: int | None = None) -> Any:
    """The value of `key`: from `memory` (this process), else from `cache_file` (decoded from its
    JSON), else computed and written there (keeping the `keep` newest entries, or all)."""
    if key in memory:
        return memory[key]
    cache = load(cache_file)
    if key in cache:
        value = decode(cache[key])
    else:
        value = compute()
        if cache_file is not None:
            cache[key] = value
            save(cache_file, dict(list(cache.items())[-keep:]) if keep else cache)
    memory[key] = value
    return value


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
