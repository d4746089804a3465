"""Publish the marts as a consistent, read-only snapshot for analysts.

DuckDB allows one writer process per database file, and a reader that opens the warehouse while
a refresh writes gets a lock error. So after every successful refresh the pipeline exports the
published schemas to Parquet files in a new snapshot directory (for other tools) and builds a
small DuckDB database holding the same tables, which it swaps in atomically::

    published_dir/
      gia.duckdb                                   tables marts.<t> of the current snapshot
      snapshots/20100215T120000123456Z-1a2b3c4d/   one directory per snapshot
        marts/<t>.parquet

The database holds its data itself and records the snapshot's paths relative to
``published_dir``, so a copy of the folder opens anywhere (a view over an absolute Parquet path
would break when the folder moves, and DuckDB resolves relative paths against the reader's working
directory, not the database). Readers open ``published_dir/gia.duckdb`` (read-only); a reader that
holds the old file open keeps reading the old snapshot, and a new connection sees the new one. If
anything fails, the previous database and its snapshot stay as they were and the temporary files
are removed.

Pure Python and DuckDB: no Dagster import, so that the module is easy to test; the Dagster
asset that calls it lives elsewhere.
"""

import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import duckdb

#: never reach for the network: Parquet is built into the wheel
OFFLINE_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}

DB_NAME = "gia.duckdb"
SNAPSHOTS = "snapshots"
META_SCHEMA = "meta"
_TMP_PREFIX = ".tmp-"
_SNAPSHOT_NAME = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{8}$")


@dataclass(frozen=True)
class PublishedTable:
    schema: str
    name: str
    row_count: int
    parquet_path: Path
    comment: str | None = None                                              # COMMENT ON TABLE
    column_comments: tuple[tuple[str, str], ...] = field(default=(), hash=False)   # COMMENT ON COLUMN

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class PublishResult:
    """What one call of :func:`publish_snapshot` published."""

    snapshot_id: str
    snapshot_dir: Path
    db_path: Path
    published_at: datetime                     # UTC, naive in meta.snapshot
    source_path: str | None                    # the warehouse file (None for in-memory)
    tables: tuple[PublishedTable, ...]
    pruned: tuple[Path, ...] = field(default=())

    @property
    def table_names(self) -> list[str]:
        return [t.qualified_name for t in self.tables]

    @property
    def row_counts(self) -> dict[str, int]:
        return {t.qualified_name: t.row_count for t in self.tables}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list_tables(conn: duckdb.DuckDBPyConnection, schemas: Sequence[str]) -> list[tuple[str, str]]:
    """(schema, table) of every table and view of the given schemas in the connection's own
    database, in schema order, then by name."""
    rows = conn.execute(
        """SELECT table_schema, table_name FROM information_schema.tables
           WHERE table_catalog = current_database() AND list_contains(?, table_schema)
             AND table_type IN ('BASE TABLE', 'VIEW')
           ORDER BY table_name""", [list(schemas)]).fetchall()
    order = {s: i for i, s in enumerate(schemas)}
    return sorted(rows, key=lambda r: (order[r[0]], r[1]))


def _source_path(conn: duckdb.DuckDBPyConnection) -> str | None:
    row = conn.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return str(Path(row[0]).resolve()) if row and row[0] else None


def _export_tables(conn: duckdb.DuckDBPyConnection, tables: Sequence[tuple[str, str]],
                   target: Path, final: Path) -> list[PublishedTable]:
    """COPY each table to ``target/<schema>/<table>.parquet`` inside one read transaction (a
    consistent cut across tables: what the warehouse had committed). The returned paths point
    into ``final``, where ``target`` is renamed once complete."""
    cur = conn.cursor()                 # own transaction state, same database
    try:
        cur.begin()
        published = []
        for schema, name in tables:
            (target / schema).mkdir(parents=True, exist_ok=True)
            out = target / schema / f"{name}.parquet"
            cur.execute(f"COPY (SELECT * FROM {_ident(schema)}.{_ident(name)}) TO {_literal(str(out))} "
                        "(FORMAT parquet, COMPRESSION zstd)")
            count = cur.execute(f"SELECT count(*) FROM read_parquet({_literal(str(out))})").fetchone()[0]
            comment, = cur.execute("SELECT comment FROM duckdb_tables() WHERE database_name = current_database() "
                                   "AND schema_name = ? AND table_name = ?", [schema, name]).fetchone() or (None,)
            columns = cur.execute("SELECT column_name, comment FROM duckdb_columns() WHERE database_name = current_database() "
                                  "AND schema_name = ? AND table_name = ? AND comment IS NOT NULL ORDER BY column_index",
                                  [schema, name]).fetchall()
            published.append(PublishedTable(schema, name, int(count), final / schema / f"{name}.parquet",
                                             comment, tuple(columns)))
        cur.rollback()                  # read only: nothing to commit
        return published
    finally:
        cur.close()


def _build_database(db_path: Path, snapshot_id: str, published_at: datetime, source_path: str | None,
                    snapshot_dir: Path, tables: Sequence[PublishedTable], schemas: Sequence[str]) -> None:
    """Create the DuckDB file holding the snapshot's tables (loaded from its Parquet files, so the
    database and the files hold the same rows), plus ``meta.snapshot`` (one row) and
    ``meta.tables`` (one row per published table); paths relative to the published folder."""
    conn = duckdb.connect(str(db_path), config=OFFLINE_CONFIG)
    home = db_path.parent
    try:
        conn.execute("BEGIN TRANSACTION")   # one commit for the whole file, not one per statement
        for schema in schemas:
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {_ident(schema)}")
        for t in tables:
            table = f"{_ident(t.schema)}.{_ident(t.name)}"
            conn.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet({_literal(str(t.parquet_path))})")
            seen = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if seen != t.row_count:
                raise RuntimeError(f"{t.qualified_name}: {seen} rows loaded, {t.row_count} exported")
            # what the tables and columns mean, as in the warehouse (analysts: duckdb_columns())
            if t.comment:
                conn.execute(f"COMMENT ON TABLE {table} IS {_literal(t.comment)}")
            for column, comment in t.column_comments:
                conn.execute(f"COMMENT ON COLUMN {table}.{_ident(column)} IS {_literal(comment)}")
        conn.execute(f"CREATE SCHEMA {META_SCHEMA}")
        conn.execute(f"""CREATE TABLE {META_SCHEMA}.tables (
            table_schema VARCHAR, table_name VARCHAR, row_count BIGINT, parquet_path VARCHAR)""")
        conn.executemany(f"INSERT INTO {META_SCHEMA}.tables VALUES (?, ?, ?, ?)",
                         [[t.schema, t.name, t.row_count, str(t.parquet_path.relative_to(home))] for t in tables])
        conn.execute(f"""CREATE TABLE {META_SCHEMA}.snapshot AS SELECT
            ?::VARCHAR AS snapshot_id, ?::TIMESTAMP AS published_at, ?::VARCHAR AS snapshot_dir,
            ?::VARCHAR AS source_warehouse,
            (SELECT list({{'table_schema': table_schema, 'table_name': table_name, 'row_count': row_count}}
                         ORDER BY table_schema, table_name) FROM {META_SCHEMA}.tables) AS tables""",
                     [snapshot_id, published_at.replace(tzinfo=None), str(snapshot_dir.relative_to(home)),
                      source_path])
        conn.execute("COMMIT")
        conn.execute("CHECKPOINT")
    finally:
        conn.close()


def current_snapshot_dir(published_dir: Path) -> Path | None:
    """The snapshot directory that ``published_dir/gia.duckdb`` points at, or None when there is
    no published database or it cannot be read."""
    db_path = Path(published_dir) / DB_NAME
    if not db_path.exists():
        return None
    try:
        with duckdb.connect(str(db_path), read_only=True, config=OFFLINE_CONFIG) as conn:
            row = conn.execute(f"SELECT snapshot_dir FROM {META_SCHEMA}.snapshot").fetchone()
    except duckdb.Error:
        return None
    return Path(published_dir) / row[0] if row and row[0] else None   # relative, or absolute (older)


def _snapshot_dirs(snapshots_dir: Path) -> list[Path]:
    """Complete snapshot directories, newest first (their names sort by time)."""
    if not snapshots_dir.is_dir():
        return []
    return sorted((p for p in snapshots_dir.iterdir() if p.is_dir() and _SNAPSHOT_NAME.match(p.name)),
                  key=lambda p: p.name, reverse=True)


def _prune(snapshots_dir: Path, keep: int, protect: Iterable[Path | None]) -> list[Path]:
    protected = {p.resolve() for p in protect if p is not None}
    pruned = []
    for old in _snapshot_dirs(snapshots_dir)[keep:]:
        if old.resolve() in protected:
            continue
        shutil.rmtree(old, ignore_errors=True)
        pruned.append(old)
    return pruned


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def publish_snapshot(warehouse: duckdb.DuckDBPyConnection, published_dir: Path,
                     schemas: Sequence[str] = ("marts",), keep: int = 3,
                     source_path: str | None = None) -> PublishResult:
    """Export every table of ``schemas`` to a new Parquet snapshot and atomically swap in a new
    ``published_dir/gia.duckdb`` holding the same tables; keep the ``keep`` newest snapshots (and the
    one the previous database pointed at). ``source_path`` is the warehouse recorded in
    ``meta.snapshot`` (default: the file ``warehouse`` is connected to; a refresh passes the real
    warehouse, not its run's working copy).

    Raises (leaving the previous database and snapshot untouched, temporary files removed) when
    the schemas hold no table or any step fails.
    """
    if isinstance(schemas, str):
        schemas = (schemas,)
    schemas = tuple(dict.fromkeys(schemas))
    if not schemas:
        raise ValueError("publish_snapshot: no schema to publish")
    if keep < 1:
        raise ValueError(f"publish_snapshot: keep must be >= 1, got {keep}")

    published_dir = Path(published_dir).resolve()
    snapshots_dir = published_dir / SNAPSHOTS
    snapshots_dir.mkdir(parents=True, exist_ok=True)
    db_path = published_dir / DB_NAME

    tables = _list_tables(warehouse, schemas)
    if not tables:
        raise ValueError(f"publish_snapshot: no tables in schema(s) {', '.join(schemas)}; nothing published")
    source_path = source_path or _source_path(warehouse)
    previous = current_snapshot_dir(published_dir)
    previous_readable = previous is not None or not db_path.exists()

    published_at = datetime.now(timezone.utc)
    token = uuid.uuid4().hex[:8]
    snapshot_id = f"{published_at:%Y%m%dT%H%M%S%fZ}-{token}"
    tmp_dir = snapshots_dir / f"{_TMP_PREFIX}{snapshot_id}"
    snapshot_dir = snapshots_dir / snapshot_id
    tmp_db = published_dir / f".{DB_NAME}.{token}.tmp"
    leftovers = [tmp_dir, snapshot_dir, tmp_db, Path(f"{tmp_db}.wal")]

    try:
        tmp_dir.mkdir()
        exported = _export_tables(warehouse, tables, tmp_dir, snapshot_dir)
        os.rename(tmp_dir, snapshot_dir)
        _fsync_dir(snapshots_dir)
        _build_database(tmp_db, snapshot_id, published_at, source_path,
                        snapshot_dir, exported, schemas)
        Path(f"{tmp_db}.wal").unlink(missing_ok=True)   # checkpointed on close; never swap a WAL in
        os.replace(tmp_db, db_path)                        # the atomic step
    except BaseException:
        for path in leftovers:
            _remove(path)
        raise
    _fsync_dir(published_dir)

    # a previous database we could not read may point anywhere: prune nothing this time
    pruned = _prune(snapshots_dir, keep, [snapshot_dir, previous]) if previous_readable else []
    return PublishResult(snapshot_id=snapshot_id, snapshot_dir=snapshot_dir, db_path=db_path,
                         published_at=published_at, source_path=source_path,
                         tables=tuple(exported), pruned=tuple(pruned))
