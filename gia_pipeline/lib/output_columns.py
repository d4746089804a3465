"""The columns a SQL model's table will have, known when the definitions load — before anything
runs — so that a model whose documentation (columns.yaml) does not fit it fails to load.

sqlglot qualifies the model's SELECT against the columns of the tables it reads (expanding `*`,
`EXCLUDE`, `REPLACE`, CTEs and subqueries) and its named selects are the table's columns. The
inputs' columns come from whatever builds them: a raw table from its contract, a reference file
from its CSV header, a Python-built table from its declared Arrow schema, a model from this same
derivation, in dependency order. Qualifying every model costs about 1 s (with the optimizer's
import), and the result changes only with the SQL or an input's columns: it is cached in the
project's cache folder (`paths.cache_dir()`), keyed by a hash of both, of the sqlglot version and
of this module's code.
"""

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import sqlglot

from gia_pipeline.lib import json_cache
from gia_pipeline.lib.sql_models import DIALECT

Key = tuple[str, str]
#: part of every cache key: a change to the derivation below invalidates what it cached
_THIS_CODE = json_cache.code_hash(__file__)


def _cache_key(sql: str, inputs: dict[Key, list[str]]) -> str:
    payload = [sqlglot.__version__, _THIS_CODE, sql, sorted([".".join(k), cols] for k, cols in inputs.items())]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def _qualified_columns(sql: str, inputs: dict[Key, list[str]]) -> list[str]:
    from sqlglot.optimizer.qualify import qualify   # only on a cache miss: the optimizer costs its import

    schema: dict = {}
    for (layer, table), columns in inputs.items():
        schema.setdefault(layer, {})[table] = {c: "TEXT" for c in columns}   # names are all it needs
    parsed = sqlglot.parse_one(sql, read=DIALECT)
    return list(qualify(parsed, schema=schema, dialect=DIALECT, validate_qualify_columns=False,
                        quote_identifiers=False).named_selects)


def derive(models: Iterable[tuple[Key, str, tuple[Key, ...], Path]], known: dict[Key, list[str]],
           cache_file: Path | None = None) -> dict[Key, list[str]]:
    """Columns of each model, given as (key, sql, deps, path) in dependency order; `known` holds the
    columns of every table not built by a model. Raises ValueError naming the file when sqlglot
    cannot qualify a model or an input's columns are unknown."""
    columns = dict(known)
    cache = json_cache.load(cache_file)
    fresh: dict[str, list[str]] = {}
    for key, sql, deps, path in models:
        missing = [".".join(d) for d in deps if d not in columns]
        if missing:
            raise ValueError(f"{path}: the columns of {', '.join(missing)} are unknown")
        inputs = {d: columns[d] for d in deps}
        digest = _cache_key(sql, inputs)
        if digest in cache:
            fresh[digest] = cache[digest]
        else:
            try:
                fresh[digest] = _qualified_columns(sql, inputs)
            except Exception as e:   # sqlglot raises many types; name the file whatever it was
                raise ValueError(f"{path}: the model's columns could not be derived: {type(e).__name__}: {e}") from e
        columns[key] = fresh[digest]
    if cache_file is not None and fresh != cache:
        json_cache.save(cache_file, fresh)   # new results, and only what this project still uses
    return {key: columns[key] for key, *_ in models}

