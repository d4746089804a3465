"""The command-line refresh's event log (lib/event_log_storage.py): the same SQLite files as
Dagster's stock storage, written through kept connections; and what a refresh writes into it."""

import shutil

import dagster as dg

from gia_pipeline.lib import paths
from gia_pipeline.lib.event_log_storage import PooledSqliteEventLogStorage


@dg.asset(check_specs=[dg.AssetCheckSpec("positive", asset="numbers")])
def numbers():
    yield dg.MaterializeResult()
    yield dg.AssetCheckResult(check_name="positive", passed=True)


def test_pooled_storage_writes_what_the_stock_storage_reads(tmp_path):
    shutil.copy(paths.INSTANCE_YAML, tmp_path / "dagster.yaml")
    job = dg.Definitions(assets=[numbers], jobs=[dg.define_asset_job("j")]).resolve_job_def("j")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert PooledSqliteEventLogStorage.adopt(instance)
        first = job.execute_in_process(instance=instance)
        second = job.execute_in_process(instance=instance)   # the index is reused, a new run database
        assert first.success and second.success
        # the connections stayed open: the stock storage closes the last one after every write,
        # which checkpoints the WAL and deletes it
        assert list((tmp_path / "history").rglob("index.db-wal")), "no connection was kept"
        instance.event_log_storage.release()
        expected = [len(instance.all_logs(r.run_id)) for r in (first, second)]
    assert not list((tmp_path / "history").rglob("*-wal")), "release checkpoints and closes every database"

    with dg.DagsterInstance.from_config(str(tmp_path)) as stock:   # a fresh process, e.g. the UI
        assert type(stock.event_log_storage) is not PooledSqliteEventLogStorage
        assert [len(stock.all_logs(r.run_id)) for r in (first, second)] == expected
        assert stock.get_latest_materialization_event(dg.AssetKey("numbers")).run_id == second.run_id
        check = stock.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("numbers"), "positive")])
        assert next(iter(check.values())).run_id == second.run_id


def test_adopt_leaves_other_storages_alone():
    with dg.DagsterInstance.ephemeral() as instance:
        assert not PooledSqliteEventLogStorage.adopt(instance)


def test_a_tables_metadata_is_stored_once_per_refresh(refreshed):
    """A table's metadata (column schema, lineage: most of a refresh's event bytes) is on its
    materialization, not a second time on the run's step-output event."""
    outputs = {e.event_specific_data.step_output_handle.output_name: e.event_specific_data.metadata
               for e in refreshed.result.all_events if e.event_type_value == "STEP_OUTPUT"}
    tables = {key: meta for key, meta in refreshed.materializations().items() if "dagster/column_schema" in meta}
    assert len(tables) > 40
    assert {key: sorted(outputs[key.replace("/", "__")]) for key in tables
            if outputs[key.replace("/", "__")]} == {}
