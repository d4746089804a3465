"""The published read-only snapshot: Parquet files plus a DuckDB file holding the same tables,
swapped in atomically, that opens wherever its folder is copied (gia_pipeline/lib/publish.py)."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from gia_pipeline.lib import publish
from gia_pipeline.lib.publish import OFFLINE_CONFIG, publish_snapshot


@pytest.fixture
def warehouse(tmp_path):
    conn = duckdb.connect(str(tmp_path / "warehouse.duckdb"), config=OFFLINE_CONFIG)
    conn.execute("CREATE SCHEMA marts; CREATE SCHEMA staging")
    conn.execute("""CREATE TABLE marts.evaluation_tables AS SELECT * FROM (VALUES
        ('read_handreiking', 'Ja', 'total', 48, 141, 100.0 * 48 / 141),
        ('read_handreiking', 'Nee', 'total', 93, 141, 100.0 * 93 / 141)) t(table_id, row_key, col_key, count, n, value)""")
    conn.execute("CREATE TABLE marts.attendance AS SELECT range AS meeting, 10 + range AS listed FROM range(21)")
    conn.execute("CREATE TABLE staging.secret AS SELECT 'not published' AS x")
    yield conn
    conn.close()


def _snapshots(published: Path) -> list[str]:
    return sorted(p.name for p in (published / "snapshots").iterdir())


def _temp_files(published: Path) -> list[Path]:
    return [p for p in published.rglob("*") if p.name.startswith(".") or p.name.endswith((".tmp", ".wal"))]


def _read(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True, config=OFFLINE_CONFIG) as conn:
        return conn.execute(sql).fetchall()


def _read_in_new_process(db: Path, sql: str) -> list:
    """What an analyst's fresh process sees (in-process connections to the same path share one
    cached database instance, so a separate process is the honest 'new reader')."""
    script = textwrap.dedent(f"""
        import duckdb, json
        with duckdb.connect({str(db)!r}, read_only=True, config={OFFLINE_CONFIG!r}) as c:
            print(json.dumps(c.execute({sql!r}).fetchall()))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout)


def test_publish_exports_marts_and_builds_the_database(warehouse, tmp_path):
    published = tmp_path / "published"
    result = publish_snapshot(warehouse, published)

    assert result.db_path == (published / "gia.duckdb").resolve()
    assert result.snapshot_dir.parent == (published / "snapshots").resolve()
    assert result.snapshot_dir.name == result.snapshot_id
    assert result.table_names == ["marts.attendance", "marts.evaluation_tables"]
    assert result.row_counts == {"marts.attendance": 21, "marts.evaluation_tables": 2}
    for t in result.tables:
        assert t.parquet_path == result.snapshot_dir / "marts" / f"{t.name}.parquet"
        assert t.parquet_path.is_file()
    assert result.source_path == str((tmp_path / "warehouse.duckdb").resolve())

    db = published / "gia.duckdb"
    assert _read(db, "SELECT row_key, count, n FROM marts.evaluation_tables ORDER BY row_key") == [
        ("Ja", 48, 141), ("Nee", 93, 141)]
    assert _read(db, "SELECT sum(listed) FROM marts.attendance") == [(sum(10 + i for i in range(21)),)]
    # only the requested schemas
    schemas = {r[0] for r in _read(db, "SELECT table_schema FROM information_schema.tables")}
    assert schemas == {"marts", "meta"}
    snap = _read(db, "SELECT snapshot_id, snapshot_dir, source_warehouse, tables FROM meta.snapshot")
    assert snap[0][:3] == (result.snapshot_id, f"snapshots/{result.snapshot_id}", result.source_path)
    assert {(t["table_name"], t["row_count"]) for t in snap[0][3]} == {("attendance", 21), ("evaluation_tables", 2)}
    assert _read(db, "SELECT count(*) FROM meta.tables") == [(2,)]
    assert publish.current_snapshot_dir(published) == result.snapshot_dir
    assert _temp_files(published) == []


def test_publish_other_schemas(warehouse, tmp_path):
    result = publish_snapshot(warehouse, tmp_path / "pub", schemas=("marts", "staging"))
    assert "staging.secret" in result.table_names
    assert _read(result.db_path, "SELECT x FROM staging.secret") == [("not published",)]


def test_reader_keeps_old_snapshot_while_new_one_is_published(warehouse, tmp_path):
    published = tmp_path / "published"
    db = published / "gia.duckdb"
    first = publish_snapshot(warehouse, published)

    reader = duckdb.connect(str(db), read_only=True, config=OFFLINE_CONFIG)
    try:
        assert reader.execute("SELECT count(*) FROM marts.attendance").fetchone() == (21,)

        # the warehouse changes, a refresh publishes again while the reader holds the old file
        warehouse.execute("DELETE FROM marts.attendance WHERE meeting >= 19")
        warehouse.execute("UPDATE marts.evaluation_tables SET count = 50 WHERE row_key = 'Ja'")
        second = publish_snapshot(warehouse, published)
        assert second.snapshot_id != first.snapshot_id
        assert second.row_counts["marts.attendance"] == 19

        # the open reader still works and still sees snapshot 1, consistently across tables
        assert reader.execute("SELECT count(*) FROM marts.attendance").fetchone() == (21,)
        assert reader.execute("SELECT count FROM marts.evaluation_tables WHERE row_key = 'Ja'").fetchone() == (48,)
        assert reader.execute("SELECT snapshot_id FROM meta.snapshot").fetchone() == (first.snapshot_id,)
        assert first.snapshot_dir.is_dir()

        # a new reader sees snapshot 2
        assert _read_in_new_process(db, "SELECT count(*) FROM marts.attendance") == [[19]]
        assert _read_in_new_process(db, "SELECT snapshot_id FROM meta.snapshot") == [[second.snapshot_id]]
        assert _read_in_new_process(
            db, "SELECT count FROM marts.evaluation_tables WHERE row_key = 'Ja'") == [[50]]
    finally:
        reader.close()
    # and so does a new connection of this process once the old one is gone
    assert _read(db, "SELECT count(*) FROM marts.attendance") == [(19,)]
    assert _temp_files(published) == []


def test_old_snapshots_pruned_to_keep(warehouse, tmp_path):
    published = tmp_path / "published"
    results = [publish_snapshot(warehouse, published, keep=2) for _ in range(5)]
    assert _snapshots(published) == sorted(r.snapshot_id for r in results[-2:])
    assert [r.snapshot_id for r in results] == sorted(r.snapshot_id for r in results)   # names sort by time
    assert results[-1].pruned == (results[-3].snapshot_dir,)
    assert _read(published / "gia.duckdb", "SELECT snapshot_id FROM meta.snapshot") == [(results[-1].snapshot_id,)]


def test_keep_one_still_spares_the_previous_snapshot(warehouse, tmp_path):
    published = tmp_path / "published"
    first = publish_snapshot(warehouse, published, keep=1)
    second = publish_snapshot(warehouse, published, keep=1)
    # the previous gia.duckdb pointed at snapshot 1: an open reader may still use it
    assert _snapshots(published) == sorted([first.snapshot_id, second.snapshot_id])
    third = publish_snapshot(warehouse, published, keep=1)
    assert _snapshots(published) == sorted([second.snapshot_id, third.snapshot_id])


def test_a_copied_snapshot_folder_opens_anywhere(warehouse, tmp_path):
    """Copy data/published/ elsewhere, remove the original: the copy opens and answers, and its
    meta tables point at the copy's own Parquet files (paths relative to the folder)."""
    import shutil

    published = tmp_path / "published"
    publish_snapshot(warehouse, published)
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(published, moved)
    shutil.rmtree(published)
    db = moved / "gia.duckdb"
    assert _read_in_new_process(db, "SELECT sum(listed) FROM marts.attendance") == [[sum(10 + i for i in range(21))]]
    (parquet,) = _read(db, "SELECT parquet_path FROM meta.tables WHERE table_name = 'attendance'")[0]
    assert not Path(parquet).is_absolute() and (moved / parquet).is_file()
    assert publish.current_snapshot_dir(moved).parent == moved / "snapshots"


def test_failure_while_building_the_database_leaves_previous_snapshot(warehouse, tmp_path, monkeypatch):
    published = tmp_path / "published"
    db = published / "gia.duckdb"
    first = publish_snapshot(warehouse, published)
    before = db.read_bytes()

    real_build = publish._build_database

    def broken_build(db_path, *args, **kwargs):
        real_build(db_path, *args, **kwargs)      # a complete temp file exists, then it fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(publish, "_build_database", broken_build)
    warehouse.execute("DELETE FROM marts.attendance")
    with pytest.raises(RuntimeError, match="disk full"):
        publish_snapshot(warehouse, published)

    assert db.read_bytes() == before
    assert _read(db, "SELECT count(*) FROM marts.attendance") == [(21,)]
    assert _read(db, "SELECT snapshot_id FROM meta.snapshot") == [(first.snapshot_id,)]
    assert _snapshots(published) == [first.snapshot_id]
    assert _temp_files(published) == []


def test_failure_while_exporting_leaves_no_partial_snapshot(warehouse, tmp_path, monkeypatch):
    published = tmp_path / "published"
    first = publish_snapshot(warehouse, published)
    real_export = publish._export_tables

    def broken_export(conn, tables, target, final):
        real_export(conn, tables[:1], target, final)    # one file written, then it fails
        raise OSError("no space left on device")

    monkeypatch.setattr(publish, "_export_tables", broken_export)
    with pytest.raises(OSError):
        publish_snapshot(warehouse, published)
    assert _snapshots(published) == [first.snapshot_id]
    assert _temp_files(published) == []
    assert _read(published / "gia.duckdb", "SELECT count(*) FROM marts.evaluation_tables") == [(2,)]


def test_nothing_to_publish_raises_and_changes_nothing(tmp_path):
    published = tmp_path / "published"
    with duckdb.connect(str(tmp_path / "empty.duckdb"), config=OFFLINE_CONFIG) as conn:
        conn.execute("CREATE SCHEMA marts")
        with pytest.raises(ValueError, match="no tables"):
            publish_snapshot(conn, published)
    assert not (published / "gia.duckdb").exists()


def test_keep_must_be_positive(warehouse, tmp_path):
    with pytest.raises(ValueError, match="keep"):
        publish_snapshot(warehouse, tmp_path / "pub", keep=0)
