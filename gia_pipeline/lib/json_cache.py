"""A JSON file of cached results (column lineage, the columns of SQL models, the report's charts): read whole, written
whole and atomically. A cache that cannot be read is empty; one that cannot be written only costs
time on the next run. A process parses a file once while no other process replaces it (a refresh
looks up one key per SQL model), and a caller that passes `keep` bounds the file's size."""

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


#: file -> (its stamp when parsed or written here, its content): read again only when replaced
_PARSED: dict[Path, tuple[tuple[int, int, int], dict]] = {}


def _stamp(cache_file: Path) -> tuple[int, int, int]:
    # writers replace the file (os.replace): a new inode and mtime. Were a replacement ever missed,
    # it would only cost time: every key is a hash of what its value was computed from.
    st = cache_file.stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


def load(cache_file: Path | None) -> dict:
    """The file's content, or {} when absent or unreadable: a dict the caller may change, whose
    values it must not (they are this process's parsed copy, shared by every later call)."""
    if cache_file is None:
        return {}
    try:
        stamp = _stamp(cache_file)
        if cache_file not in _PARSED or _PARSED[cache_file][0] != stamp:
            _PARSED[cache_file] = (stamp, json.loads(cache_file.read_text()))
        return dict(_PARSED[cache_file][1])
    except (OSError, ValueError):
        return {}


def save(cache_file: Path, cache: dict) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache))
        os.replace(tmp, cache_file)
        _PARSED[cache_file] = (_stamp(cache_file), dict(cache))
    except OSError:
        pass
