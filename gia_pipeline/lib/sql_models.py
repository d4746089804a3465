"""Discovery of the dbt-like SQL models in `dbt_like_sql/<layer>/<name>.sql`.

Each file is one model, materialised as table `<layer>.<name>`. Its dependencies are the
schema-qualified tables its SELECT reads, found with sqlglot; its description is the file's
leading comment. Everything that can be wrong with a model set is found here, at definitions
load time, and reported with the file's path: an unknown reference, a dependency cycle, a file
that is not a single SELECT, two files with the same name, a missing header comment.

Parsing every model with sqlglot took about 0.4 s of a 2.3 s definitions load here, paid by every
process that loads them (the CLI, the code server, each run the UI launches, `dg check`). What
a model reads changes only with its text: the tables found for a text are cached in the project's
cache folder (`paths.cache_dir()`), keyed by a hash of the text, of the sqlglot version and of
this module's code. Only files that parse are cached: a bad file is parsed, and refused, again.
"""

import graphlib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp

from gia_pipeline.lib import json_cache, paths

DIALECT = "duckdb"
#: part of every cache key: another sqlglot or a change to the parsing below parses again
_THIS_CODE = json_cache.code_hash(__file__, extra=sqlglot.__version__)
_READS: dict[str, list] = {}   # this process's share of the cache
_KEEP = 1000                   # the newest files' results kept in the cache file (some 20 versions of each model)


def cache_file() -> Path:
    return paths.cache_dir() / "sql_model_reads.json"


class SqlModelError(Exception):
    """A model file that cannot become an asset. The message names the file."""


@dataclass(frozen=True)
class SqlModel:
    layer: str
    name: str
    path: Path
    sql: str
    description: str
    deps: tuple[tuple[str, str], ...]

    @property
    def table(self) -> str:
        return f"{self.layer}.{self.name}"

    @property
    def key_path(self) -> tuple[str, str]:
        return (self.layer, self.name)


_LINE_COMMENT = re.compile(r"^\s*--\s?(.*)$")


def header_comment(text: str) -> str:
    """The comment block at the top of a file: `--` lines or one `/* */` block."""
    stripped = text.lstrip()
    if stripped.startswith("/*"):
        end = stripped.find("*/")
        return "" if end < 0 else _dedent(stripped[2:end])
    lines = []
    for line in text.splitlines():
        m = _LINE_COMMENT.match(line)
        if m is None:
            if line.strip():
                break
            if lines:
                lines.append("")
            continue
        lines.append(m.group(1).rstrip())
    return "\n".join(lines).strip()


def _dedent(block: str) -> str:
    return "\n".join(line.strip(" *") for line in block.splitlines()).strip()


def model_sql(text: str) -> str:
    """The SELECT of a model file as it is materialised (no trailing semicolon)."""
    return text.strip().rstrip(";").strip()


def parse_model(path: Path, layer: str) -> SqlModel:
    """Parse one model file; raises SqlModelError naming the file."""
    return _parse_text(path, layer, path.read_text(encoding="utf-8"))


def _parse_text(path: Path, layer: str, text: str) -> SqlModel:
    description = header_comment(text)
    if not description:
        raise SqlModelError(f"{path}: no header comment; the leading comment is the model's description")
    key = hashlib.sha256(f"{_THIS_CODE}\n{text}".encode()).hexdigest()
    reads = json_cache.remembered(_READS, cache_file(), key, lambda: sorted(map(list, _reads(path, text))),
                                  keep=_KEEP)
    return SqlModel(layer=layer, name=path.stem, path=path, sql=model_sql(text),
                    description=description, deps=tuple(tuple(table) for table in reads))


def _reads(path: Path, text: str) -> set[tuple[str, str]]:
    """The (schema, table) pairs the file's single SELECT reads; raises SqlModelError naming the file."""
    try:
        statements = [s for s in sqlglot.parse(text, read=DIALECT) if s is not None]
    except sqlglot.errors.ParseError as e:
        raise SqlModelError(f"{path}: SQL does not parse: {e}") from e
    if len(statements) != 1:
        raise SqlModelError(f"{path}: expected exactly one SELECT statement, found {len(statements)} statements")
    query = statements[0]
    if not isinstance(query, exp.Query):
        raise SqlModelError(f"{path}: expected a single SELECT, found a {query.key.upper()} statement")
    return _references(query, path)


def _references(query: exp.Expression, path: Path) -> set[tuple[str, str]]:
    ctes = {cte.alias_or_name.lower() for cte in query.find_all(exp.CTE)}
    refs = set()
    for table in query.find_all(exp.Table):
        name = table.name
        if not name:  # a table function such as read_csv(...)
            continue
        if not table.db:
            if name.lower() in ctes:
                continue
            raise SqlModelError(
                f"{path}: table reference '{name}' is not schema-qualified; write <layer>.{name}")
        refs.add((table.db.lower(), name.lower()))
    return refs


def load_layer(folder: Path, layer: str) -> list[SqlModel]:
    """The models of one layer folder, in dependency order within the folder. References to other
    layers are checked once the whole project is loaded (`check_references`)."""
    models: dict[tuple[str, str], SqlModel] = {}
    by_name: dict[str, Path] = {}
    for path in sorted(folder.glob("*.sql")):
        if path.stem.lower() in by_name:
            raise SqlModelError(f"{path}: a model named '{path.stem}' already exists in {by_name[path.stem.lower()]}")
        by_name[path.stem.lower()] = path
        model = parse_model(path, layer)
        models[model.key_path] = model
    return _in_dependency_order(models)


def _in_dependency_order(models: dict[tuple[str, str], SqlModel]) -> list[SqlModel]:
    sorter = graphlib.TopologicalSorter(
        {key: [d for d in m.deps if d in models] for key, m in models.items()})
    try:
        order = list(sorter.static_order())
    except graphlib.CycleError as e:
        cycle = e.args[1]
        files = " -> ".join(str(models[k].path) for k in cycle)
        raise SqlModelError(f"dependency cycle between models: {files}") from e
    return [models[k] for k in order]


def check_references(models: list[SqlModel], known: set[tuple[str, str]]) -> None:
    """Every table a model reads must be produced by some asset of the project."""
    for model in models:
        for dep in model.deps:
            if dep not in known:
                raise SqlModelError(f"{model.path}: references {dep[0]}.{dep[1]}, which no asset produces")


def discover(sql_dir: Path, layers: tuple[str, ...], external: set[tuple[str, str]]) -> list[SqlModel]:
    """All models under `sql_dir/<layer>/`, validated against each other and against `external`
    (tables produced by non-SQL assets). Returned in dependency order."""
    models: dict[tuple[str, str], SqlModel] = {}
    by_name: dict[str, Path] = {}
    for layer_dir in sorted(p for p in sql_dir.iterdir() if p.is_dir()):
        for path in sorted(layer_dir.glob("*.sql")):
            if layer_dir.name not in layers:
                raise SqlModelError(f"{path}: folder '{layer_dir.name}' is not a layer ({', '.join(layers)})")
            if path.stem.lower() in by_name:
                raise SqlModelError(f"{path}: a model named '{path.stem}' already exists in {by_name[path.stem.lower()]}")
            by_name[path.stem.lower()] = path
        for model in load_layer(layer_dir, layer_dir.name):
            if model.key_path in external:
                raise SqlModelError(f"{model.path}: table {model.table} is already produced by a Python asset")
            models[model.key_path] = model
    check_references(list(models.values()), set(models) | external)
    return _in_dependency_order(models)
