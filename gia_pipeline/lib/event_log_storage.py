"""Dagster's SQLite event log storage, keeping its connections open (the command-line refresh).

The stock `SqliteEventLogStorage` opens a new SQLAlchemy engine and SQLite connection for every
write and closes it after: each of a refresh's ~500 events (and the index copy of its ~300 asset
and check events) pays an engine, a recompiled INSERT (SQLAlchemy's statement cache lives on the
engine), and, since the closing connection is the database's last, a WAL checkpoint, two or three
fsyncs and the deletion of the `-wal`/`-shm` files. `benchmarks/orchestration_floor.py` spent about
80% of its run there.

This subclass changes only how connections are obtained: one engine per database file (the index
and the most recently used run databases), whose pooled connection stays open, so a write is an
INSERT and a commit. The files, schema, what is stored and what the UI reads are those of the stock
storage: the same DAGSTER_HOME, read by the UI as before.

`synchronous` (optional) sets SQLite's `PRAGMA synchronous` on every connection. The databases are
in WAL mode, where `NORMAL` cannot corrupt them but may lose the last events written before an OS
crash or power cut (not before a crash of the process); SQLite's default, `FULL`, syncs the WAL at
every commit.
"""

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

#: run databases whose engine is kept beside the index's (a long-lived process such as the UI
#: reads many runs; each kept engine holds one open connection and the file's -wal/-shm)
KEPT_RUN_ENGINES = 4
_SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")
#: what this class relies on in the stock storage (Dagster 1.13.27, pinned in pyproject.toml)
_STOCK_INTERNALS = ("_db_lock", "_initialized_dbs", "_initdb", "conn_string_for_shard", "_connect", "has_table")


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Not named in dagster.yaml: a custom storage class there cannot default its folder to
    DAGSTER_HOME's `history/runs` (the stock one gets it from the instance). `adopt` turns the
    instance's own stock storage into this one instead, for this process only."""

    _synchronous: str | None
    _engines: "OrderedDict[str, Engine]"
    _tables_seen: set[str]

    @classmethod
    def adopt(cls, instance, synchronous: str | None = None) -> bool:
        """Make `instance`'s event log storage reuse its connections, when it is the stock SQLite
        one (not e.g. Postgres or an ephemeral instance's). Returns whether it did."""
        storage = instance.event_log_storage
        if type(storage) is not SqliteEventLogStorage:
            return isinstance(storage, cls)
        if not all(hasattr(storage, name) for name in _STOCK_INTERNALS):
            return False           # another Dagster than the pinned one: the stock storage, slower

        if synchronous is not None and synchronous.upper() not in _SYNCHRONOUS:
            raise ValueError(f"synchronous must be one of {', '.join(_SYNCHRONOUS)}, not {synchronous!r}")
        with storage._db_lock:
            storage.__class__ = cls
            storage._synchronous = synchronous.upper() if synchronous else None
            storage._engines = OrderedDict()
            storage._tables_seen = set()
        return True

    def _engine(self, shard: str) -> Engine:
        """The shard's engine (called with `_db_lock` held, so no connection is checked out)."""
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = create_engine(self.conn_string_for_shard(shard),
                               connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
                               pool_size=1, max_overflow=4)
        if self._synchronous:
            event.listen(engine, "connect", self._set_synchronous)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        run_shards = [name for name in self._engines if name != INDEX_SHARD_NAME]
        for name in run_shards[:-KEPT_RUN_ENGINES]:
            self._engines.pop(name).dispose()
        return engine

    def _set_synchronous(self, dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA synchronous={self._synchronous}")

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock, self._engine(shard).connect() as conn, conn.begin():
            yield conn

    def has_table(self, table_name: str) -> bool:
        """Asked before every asset check event (`supports_asset_checks`); a table once there stays."""
        if table_name in self._tables_seen:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables_seen.add(table_name)
        return found

    def release(self) -> None:
        """Close the kept connections (the last one to close checkpoints the WAL into the file)."""
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self.release()
        self._tables_seen = set()
        super().wipe()

    def dispose(self) -> None:
        self.release()
        super().dispose()
