"""Every column of every table is documented (dbt_like_sql/<layer>/columns.yaml, the raw contracts):
the definitions refuse to load otherwise, the derived columns are the real ones, and the
descriptions reach the warehouse, the published snapshot and the UI's column schema."""

import re
import shutil

import dagster as dg
import duckdb
import pytest

from gia_pipeline.lib import column_docs, layers, output_columns, paths
from gia_pipeline.lib.project_checks import check_project
from gia_pipeline.lib.publish import OFFLINE_CONFIG
from gia_pipeline.lib.sql_models import discover

LAYERS = ("raw", "reference", "staging", "marts")


def _comments(conn) -> list[tuple]:
    return conn.execute(
        "SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() "
        f"WHERE schema_name IN {LAYERS} ORDER BY ALL").fetchall()


def test_every_column_of_every_table_has_a_description(refreshed):
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        columns = _comments(conn)
        tables = conn.execute(f"SELECT count(*) FROM duckdb_tables() WHERE schema_name IN {LAYERS}").fetchone()[0]
        undescribed_tables = conn.execute(
            f"SELECT table_name FROM duckdb_tables() WHERE schema_name IN {LAYERS} AND comment IS NULL").fetchall()
    assert tables > 40 and len(columns) > 400
    assert [c[:3] for c in columns if not (c[3] or "").strip()] == []
    assert undescribed_tables == []


def test_descriptions_reach_the_published_snapshot(refreshed):
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        marts = [c for c in _comments(conn) if c[0] == layers.MARTS]
    with duckdb.connect(str(refreshed.root / "published" / "gia.duckdb"), read_only=True, config=OFFLINE_CONFIG) as conn:
        published = [c for c in _comments(conn) if c[0] == layers.MARTS]
    assert published == marts and all(c[3] for c in published)


def test_descriptions_are_in_the_column_schema_the_ui_shows(refreshed):
    for key, meta in refreshed.materializations().items():
        if "dagster/column_schema" not in meta:
            continue
        columns = meta["dagster/column_schema"].value.columns
        assert all(c.description for c in columns), key
    stg = refreshed.materializations()["staging/stg_meetings"]["dagster/column_schema"].value.columns
    assert next(c for c in stg if c.name == "reported_headcount").description.startswith("Number of attendees")


def test_derived_columns_are_the_columns_each_model_builds(refreshed):
    """What the load-time derivation (sqlglot) predicts is what DuckDB builds, model by model."""
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        actual: dict[tuple, list[str]] = {}
        for schema, table, column in conn.execute(
                "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
                f"WHERE schema_name IN {LAYERS} ORDER BY schema_name, table_name, column_index").fetchall():
            actual.setdefault((schema, table), []).append(column)
    sql_tables = {(p.parent.name, p.stem) for p in paths.SQL_DIR.glob("*/*.sql")}
    models = discover(paths.SQL_DIR, layers.SCHEMAS, set(actual) - sql_tables)
    known = {k: v for k, v in actual.items() if k not in sql_tables}
    derived = output_columns.derive([(m.key_path, m.sql, m.deps, m.path) for m in models], known)
    assert derived == {m.key_path: actual[m.key_path] for m in models}


def test_derived_columns_are_cached_by_sql_and_input_columns(tmp_path, monkeypatch):
    models = [(("marts", "m"), "SELECT a, b AS c FROM staging.s", (("staging", "s"),), tmp_path / "m.sql")]
    cache = tmp_path / "cache.json"
    assert output_columns.derive(models, {("staging", "s"): ["a", "b"]}, cache) == {("marts", "m"): ["a", "c"]}
    assert cache.is_file()

    def refuse(*args):
        raise AssertionError("derived again although cached")
    monkeypatch.setattr(output_columns, "_qualified_columns", refuse)
    assert output_columns.derive(models, {("staging", "s"): ["a", "b"]}, cache) == {("marts", "m"): ["a", "c"]}
    with pytest.raises(ValueError, match="derived again"):       # an input's columns changed: derived anew
        output_columns.derive(models, {("staging", "s"): ["a", "b", "x"]}, cache)


@pytest.fixture
def docs_copy(tmp_path, monkeypatch):
    """The project's SQL folder copied (columns.yaml and expectations) and made the one the checks read."""
    copy = tmp_path / "dbt_like_sql"
    shutil.copytree(paths.SQL_DIR, copy)
    monkeypatch.setattr(paths, "SQL_DIR", copy)
    column_docs.layer_docs.cache_clear()
    yield copy
    column_docs.layer_docs.cache_clear()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load_and_check():
    check_project(dg.load_from_defs_folder(path_within_project=paths.PROJECT_ROOT))


def _error_text(excinfo) -> str:
    parts, e = [], excinfo.value
    while e is not None:
        parts.append(str(e))
        e = e.__cause__ or e.__context__
    return "\n".join(parts)


def test_an_undocumented_model_column_fails_the_load(docs_copy):
    docs = docs_copy / "staging" / "columns.yaml"
    _edit(docs, "  theme: Theme of the meeting.\n", "")
    with pytest.raises(column_docs.ColumnDocsError) as excinfo:
        _load_and_check()
    assert str(excinfo.value) == f"{docs}: table staging.stg_meetings: undocumented column(s) theme"


def test_a_documented_column_the_model_lacks_fails_the_load(docs_copy):
    docs = docs_copy / "marts" / "columns.yaml"
    _edit(docs, "  g31: Of those, G31 municipalities.\n", "  g31: Of those, G31 municipalities.\n  g32: No such column.\n")
    with pytest.raises(column_docs.ColumnDocsError, match=re.escape(
            f"{docs}: table marts.municipalities_by_region: documents column(s) g32 that the table does not have")):
        _load_and_check()


def test_an_undocumented_column_of_a_python_table_fails_the_load(docs_copy):
    docs = docs_copy / "staging" / "columns.yaml"
    _edit(docs, "  name_form: volledig (full name) or initialen (initials only, never merged with another row).\n", "")
    with pytest.raises(Exception) as excinfo:
        _load_and_check()
    assert f"{docs}: table staging.attendance_persons: undocumented column(s) name_form" in _error_text(excinfo)


def test_documenting_a_table_nobody_builds_fails_the_load(docs_copy):
    docs = docs_copy / "reference" / "columns.yaml"
    docs.write_text(docs.read_text(encoding="utf-8") + "\nno_such_table:\n  x: A column.\n", encoding="utf-8")
    with pytest.raises(column_docs.ColumnDocsError, match="documents table\\(s\\) no_such_table, which no asset builds"):
        _load_and_check()


def test_a_built_table_that_differs_from_its_documentation_is_refused(tmp_path):
    """The run-time guard: a table whose columns are not its documented ones fails its step,
    before any comment is written."""
    docs = column_docs.ColumnDocs(tmp_path / "columns.yaml", {"a": "The a.", "b": "The b."})
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("CREATE TABLE t AS SELECT 1 AS a, 2 AS c")
        with pytest.raises(column_docs.ColumnDocsError, match="table t: undocumented column\\(s\\) c; documents column\\(s\\) b"):
            column_docs.apply(conn, "t", docs, {})
        assert conn.execute("SELECT count(comment) FROM duckdb_columns() WHERE table_name = 't'").fetchone() == (0,)
        conn.execute("CREATE OR REPLACE TABLE t AS SELECT 1 AS a, 'x' AS b")
        column_docs.apply(conn, "t", docs, {}, description="It's a table.")
        assert conn.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 't' ORDER BY 1").fetchall() \
            == [("a", "The a."), ("b", "The b.")]
        assert conn.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 't'").fetchone() == ("It's a table.",)
