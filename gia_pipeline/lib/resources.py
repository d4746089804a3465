"""The DuckDB warehouse resource and the input folders.

A run never writes the warehouse file in place. The resource, when a run starts, takes the
writer lock (`<warehouse>.lock`; a second refresh waits for it, up to `lock_timeout_s`, then fails
with a clear message), copies the warehouse to a run-private working file and points every
connection of the run at it. When the run ends without a failed step, the working file replaces
the warehouse in one atomic rename; otherwise it is deleted. So a failed, killed or out-of-disk
run leaves the last good warehouse exactly as it was, and readers of the warehouse never see a
half-refreshed state.
"""

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import duckdb
from dagster import ConfigurableResource, DagsterEventType, InitResourceContext
from dagster._utils.backoff import backoff
from pydantic import Field, PrivateAttr

from gia_pipeline.lib import layers, paths

#: never reach for the network: only the extensions built into the wheel are used
OFFLINE_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
#: DuckDB's memory limit unless GIA_DUCKDB_MEMORY_LIMIT says otherwise (README "Performance": at
#: ×1000 the refresh then peaks at a fraction of what DuckDB's own default, 80% of RAM, lets it take)
DEFAULT_MEMORY_LIMIT = "1GB"


def duckdb_memory_limit() -> str:
    """DuckDB's memory limit for the warehouse: GIA_DUCKDB_MEMORY_LIMIT, else DEFAULT_MEMORY_LIMIT
    (the benchmark's floors use it too, so they compare like with like)."""
    return os.environ.get("GIA_DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
WORKING_SUFFIX = ".run-"
#: the log line of a promotion (tests count them: exactly one per successful run)
PROMOTED = "warehouse promoted"
#: the Dagster pool of every op that touches the warehouse; with run granularity and a limit of 1
#: (scripts/dagster.yaml) the run queue launches one warehouse run at a time, however launched
POOL = "warehouse"


def ensure_writer_pool(instance) -> None:
    """Give the pool its limit in the instance's storage now. Dagster creates a pool's limit from
    `default_limit` only when it first sees a queued run that uses the pool, after the run queue
    has read the configured pools — so on a fresh instance the first two runs could both start.
    Called before `dg dev` starts (scripts/dev.sh) and at the start of every run."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits or POOL in storage.get_concurrency_keys():
        return
    if not storage.initialize_concurrency_limit_to_default(POOL):
        storage.set_concurrency_slots(POOL, 1)


class WarehouseBusyError(RuntimeError):
    """Another refresh holds the warehouse's writer lock."""


class Warehouse(ConfigurableResource):
    """The embedded DuckDB warehouse (one file, one writer).

    `database` defaults to `GIA_WAREHOUSE_PATH` or data/warehouse/gia.duckdb. Every connection is
    offline (no extension downloads) and finds the layer schemas in place. Inside a run the
    connections go to the run's working copy (see the module docstring).
    """

    database: str = Field(default_factory=paths.warehouse_path,
                          description="Path of the DuckDB file (env GIA_WAREHOUSE_PATH).")
    connection_config: dict[str, Any] = Field(default_factory=lambda: dict(OFFLINE_CONFIG))
    lock_timeout_s: float = Field(default=float(os.environ.get("GIA_LOCK_TIMEOUT_S", "900")),
                                  description="How long a refresh waits for another one to finish.")
    memory_limit: str = Field(
        default_factory=duckdb_memory_limit,
        description="DuckDB's memory_limit for the warehouse's connections (env GIA_DUCKDB_MEMORY_LIMIT): "
                    "beyond it DuckDB spills joins, aggregates and sorts to a temporary folder beside the "
                    "database instead of taking up to 80% of the machine's memory.")
    _working_path: str | None = PrivateAttr(default=None)
    _run_connection: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path:
        """Where connections go: the run's working copy inside a run, else the warehouse."""
        return Path(self._working_path or self.database)

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._run_connection is not None:    # inside a run: a cursor on the run's one connection
            cursor = self._run_connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        config = {**OFFLINE_CONFIG, "memory_limit": self.memory_limit, **self.connection_config}
        conn = backoff(
            fn=duckdb.connect,
            retry_on=(duckdb.IOException,),
            kwargs={"database": str(self.path), "read_only": False, "config": config},
            max_retries=10,
        )
        try:
            for schema in layers.SCHEMAS:
                conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            yield conn
        finally:
            conn.close()

    # -- run lifecycle: writer lock, working copy, atomic promotion ---------------------------

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator["Warehouse"]:
        # Outside a run (a sensor), or for a run that already finished — `dagster job execute` and
        # `execute_job` initialise the resources once more after RUN_SUCCESS to offer the run's
        # outputs — there is nothing to write: no lock, no working copy, no second promotion.
        if context.dagster_run is None or _run_finished(context):
            yield self
            return
        ensure_writer_pool(context.instance)
        main = Path(self.database)
        main.parent.mkdir(parents=True, exist_ok=True)
        with self._writer_lock(main, context):
            _remove_stale_working_copies(main)
            working = main.with_name(f"{main.name}{WORKING_SUFFIX}{context.run_id[:8]}")
            if main.exists():
                try:
                    shutil.copy2(main, working)
                except BaseException:     # e.g. a full disk: leave no half-copied working file behind
                    working.unlink(missing_ok=True)
                    raise
            self._working_path = str(working)
            try:
                # one connection for the whole run (opening the file per step costs ~25 ms each)
                with self.get_connection() as conn:
                    self._run_connection = conn
                    try:
                        yield self
                    finally:
                        self._run_connection = None
            finally:
                self._working_path = None
                failed = _run_has_failures(context)
                if working.exists() and not failed:
                    _fsync(working)
                    os.replace(working, main)         # atomic: readers see old or new, never half
                    context.log.info(f"{PROMOTED}: warehouse {main} replaced by this run's working copy")
                else:
                    for leftover in (working, working.with_name(working.name + ".wal")):
                        leftover.unlink(missing_ok=True)
                    context.log.warning(f"run had failures: warehouse {main} left at its last good state")

    @contextmanager
    def _writer_lock(self, main: Path, context: InitResourceContext):
        lock_path = main.with_name(main.name + ".lock")
        with lock_path.open("a+") as lock:
            deadline = time.monotonic() + self.lock_timeout_s
            waited = False
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        lock.seek(0)
                        holder = lock.read().strip() or "another process"
                        raise WarehouseBusyError(
                            f"warehouse {main} is being refreshed by {holder}; gave up after "
                            f"{self.lock_timeout_s:.0f} s (GIA_LOCK_TIMEOUT_S)") from None
                    if not waited:
                        context.log.info(f"warehouse {main} is busy: waiting for the other refresh to finish")
                        waited = True
                    time.sleep(0.2)
            lock.seek(0)
            lock.truncate()
            lock.write(f"run {context.run_id} (pid {os.getpid()})\n")
            lock.flush()
            try:
                yield
            finally:
                lock.seek(0)
                lock.truncate()
                fcntl.flock(lock, fcntl.LOCK_UN)


def _run_finished(context: InitResourceContext) -> bool:
    run = context.instance.get_run_by_id(context.run_id)
    return run is not None and run.is_finished


def _run_has_failures(context: InitResourceContext) -> bool:
    records = context.instance.get_records_for_run(
        context.run_id, of_type=DagsterEventType.STEP_FAILURE, limit=1).records
    return bool(records)


def _remove_stale_working_copies(main: Path) -> None:
    """Working copies left by a killed run (we hold the lock, so none is in use), with their WAL and
    DuckDB's spill folder (`<working copy>.tmp/`)."""
    for stale in main.parent.glob(f"{main.name}{WORKING_SUFFIX}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


class SourceFiles(ConfigurableResource):
    """Where the pipeline reads its inputs: the reference files and the raw landing folder."""

    reference_dir: str = Field(default_factory=paths.reference_dir,
                               description="Reference files (env GIA_REFERENCE_DIR).")
    raw_dir: str = Field(default_factory=paths.raw_dir,
                         description="Landing folder of the raw exports (env GIA_RAW_DIR).")

    def reference_file(self, name: str) -> Path:
        return Path(self.reference_dir) / name

    def raw_path(self) -> Path:
        return Path(self.raw_dir)


class Outputs(ConfigurableResource):
    """Where the pipeline writes for people: the HTML report and the analysts' snapshot."""

    reports_dir: str = Field(default_factory=paths.reports_dir,
                             description="HTML report folder (env GIA_REPORTS_DIR).")
    reports_url: str = Field(default_factory=paths.reports_url,
                             description="Where that folder is served over http (env GIA_REPORTS_URL; scripts/dev.sh).")
    published_dir: str = Field(default_factory=paths.published_dir,
                               description="Published read-only snapshot (env GIA_PUBLISHED_DIR).")
