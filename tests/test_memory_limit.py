"""The warehouse's DuckDB memory limit: set on every connection (1GB unless GIA_DUCKDB_MEMORY_LIMIT
says otherwise), and a model that cannot finish within it fails the run by name, says how to raise
the limit, and leaves the last good warehouse and no spill files behind."""

import shutil

import duckdb

from conftest import Sandbox
from gia_pipeline.lib.resources import DEFAULT_MEMORY_LIMIT, Warehouse


def _duckdb_shows(limit: str) -> str:
    """How DuckDB itself reports a memory_limit it was given (e.g. 1GB -> '953.6 MiB')."""
    with duckdb.connect(config={"memory_limit": limit}) as conn:
        return conn.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def _setting(warehouse: Warehouse) -> str:
    with warehouse.get_connection() as conn:
        return conn.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_every_connection_has_the_limit_default_or_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("GIA_DUCKDB_MEMORY_LIMIT", raising=False)
    with duckdb.connect() as plain:
        duckdbs_own = plain.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert _setting(Warehouse(database=str(tmp_path / "a.duckdb"))) == _duckdb_shows(DEFAULT_MEMORY_LIMIT) != duckdbs_own
    monkeypatch.setenv("GIA_DUCKDB_MEMORY_LIMIT", "300MB")
    assert _setting(Warehouse(database=str(tmp_path / "b.duckdb"))) == _duckdb_shows("300MB")


def test_a_model_out_of_memory_fails_the_run_by_name_and_keeps_the_last_good_warehouse(refreshed, tmp_path, monkeypatch):
    box = Sandbox(tmp_path)
    shutil.copytree(refreshed.reference_dir, box.reference_dir)
    shutil.copytree(refreshed.raw_dir, box.raw_dir)
    box.warehouse.parent.mkdir(parents=True)
    shutil.copy(refreshed.warehouse, box.warehouse)
    before = box.query("SELECT count(*) FROM marts.figure_provenance")
    monkeypatch.setenv("GIA_DUCKDB_MEMORY_LIMIT", "1MB")
    result = box.refresh("marts/figure_provenance")
    assert not result.success
    failure, = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    message = failure.event_specific_data.error.message
    assert "figure_provenance.sql: OutOfMemoryException" in message
    assert "memory_limit is 1MB: raise it with GIA_DUCKDB_MEMORY_LIMIT" in message
    assert box.query("SELECT count(*) FROM marts.figure_provenance") == before
    assert sorted(p.name for p in box.warehouse.parent.iterdir() if p.name.startswith("gia.duckdb")) == \
        ["gia.duckdb", "gia.duckdb.lock"]     # no working copy, WAL or spill folder left
