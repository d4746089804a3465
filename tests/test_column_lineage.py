"""Column lineage of the SQL models (lib/column_lineage.py): what a refresh stores is what sqlglot
traces, and the cache folder shared by every warehouse of the checkout spares a new warehouse
or process the tracing — but never hands back lineage for another SQL or input schema."""

import dataclasses
import json

import duckdb
import pytest

from gia_pipeline.lib import column_lineage, layers, paths
from gia_pipeline.lib.sql_models import load_layer


@pytest.fixture
def model_and_conn(refreshed):
    (model,) = [m for m in load_layer(paths.SQL_DIR / "marts", "marts") if m.name == "response_rates"]
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        yield model, conn


def test_lineage_stored_by_the_refresh_is_what_tracing_gives(refreshed, model_and_conn):
    model, conn = model_and_conn
    columns = [name for name, *_ in conn.execute(f"DESCRIBE {model.table}").fetchall()]
    traced = column_lineage._trace(model, column_lineage._schema(conn, model.deps), columns)
    assert traced and any(traced.values())
    stored = refreshed.materializations()["marts/response_rates"]["dagster/column_lineage"].value.deps_by_column
    assert {c: sorted((*d.asset_key.path, d.column_name) for d in deps) for c, deps in stored.items()} == \
        {c: sorted(srcs) for c, srcs in traced.items()}


def test_a_new_process_reads_the_cache_folder_instead_of_tracing(model_and_conn, tmp_path, monkeypatch):
    model, conn = model_and_conn
    columns = [name for name, *_ in conn.execute(f"DESCRIBE {model.table}").fetchall()]
    cache = tmp_path / "column_lineage.json"
    monkeypatch.setattr(column_lineage, "_TRACED", {})
    first = column_lineage.compute(conn, model, columns, cache)
    assert cache.is_file()

    def no_tracing(*args):
        raise AssertionError("traced again")
    monkeypatch.setattr(column_lineage, "_trace", no_tracing)
    monkeypatch.setattr(column_lineage, "_TRACED", {})                 # as a new process would
    assert column_lineage.compute(conn, model, columns, cache) == first
    with pytest.raises(AssertionError, match="traced again"):         # other output columns: a new key
        column_lineage.compute(conn, model, columns[:-1], cache)
    edited = dataclasses.replace(model, sql=model.sql + "\n-- edited")
    with pytest.raises(AssertionError, match="traced again"):         # another SQL: a new key
        column_lineage.compute(conn, edited, columns, cache)


def test_the_cache_folder_is_the_projects_unless_moved(monkeypatch):
    monkeypatch.delenv("GIA_CACHE_DIR", raising=False)
    assert column_lineage.cache_file().parent == paths.PROJECT_ROOT / ".cache"
    monkeypatch.setenv("GIA_CACHE_DIR", "/elsewhere")
    assert str(column_lineage.cache_file()) == "/elsewhere/column_lineage.json"


def test_the_reports_one_catalog_query_reads_what_describe_reads(refreshed):
    """The report reads every table's columns in one query (`table_columns`); each model's inputs
    and its lineage come out as the step's DESCRIBE per table gives them."""
    from gia_pipeline.lib.model_lineage import project_lineage

    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        tables = column_lineage.table_columns(conn)
        report = project_lineage(conn)
        models = [m for layer in layers.SCHEMAS if (paths.SQL_DIR / layer).is_dir()
                  for m in load_layer(paths.SQL_DIR / layer, layer)]
        assert len(models) > 20 and set(report) == {m.table for m in models}
        for model in models:
            assert column_lineage._schema(conn, model.deps, tables) == column_lineage._schema(conn, model.deps)
            described = [name for name, *_ in conn.execute(f"DESCRIBE {model.table}").fetchall()]
            assert list(tables[model.key_path]) == described
            assert report[model.table].columns == column_lineage.compute(conn, model, described)
        with pytest.raises(ValueError, match="marts.nowhere does not exist"):
            column_lineage._schema(conn, [("marts", "nowhere")], tables)


# set operations and CTEs (response_rates, stg_survey_statement_answers), nested CTEs over raw
# tables (stg_attendance_rows), and a model sqlglot cannot trace all at once, traced column by
# column (attendance_by_meeting, with sqlglot 30.30)
_VARIED_MODELS = ("response_rates", "stg_survey_statement_answers", "stg_attendance_rows", "attendance_by_meeting")


def test_tracing_without_trimmed_selects_reaches_what_sqlglots_defaults_reach(refreshed):
    """`_trace` asks sqlglot not to copy each node's SELECT for its label (`trim_selects=False`):
    the source tables and columns it finds are those of sqlglot's default tracing."""
    from sqlglot.lineage import lineage

    models = [m for layer in ("staging", "marts") for m in load_layer(paths.SQL_DIR / layer, layer)
              if m.name in _VARIED_MODELS]
    assert sorted(m.name for m in models) == sorted(_VARIED_MODELS)
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        for model in models:
            schema = column_lineage._schema(conn, model.deps)
            columns = [name for name, *_ in conn.execute(f"DESCRIBE {model.table}").fetchall()]
            try:
                nodes = lineage(None, model.sql, schema=schema, dialect=column_lineage.DIALECT)
            except Exception:
                nodes = {}
                for column in columns:
                    try:
                        nodes[column] = lineage(column, model.sql, schema=schema, dialect=column_lineage.DIALECT)
                    except Exception:
                        continue
            expected = {c: column_lineage._sources(nodes[c]) for c in columns if c in nodes}
            assert expected and any(expected.values()), model.name
            assert column_lineage._trace(model, schema, columns) == expected, model.name


def test_the_cache_file_keeps_the_newest_traces(model_and_conn, tmp_path, monkeypatch):
    model, conn = model_and_conn
    columns = [name for name, *_ in conn.execute(f"DESCRIBE {model.table}").fetchall()]
    cache = tmp_path / "column_lineage.json"
    monkeypatch.setattr(column_lineage, "_TRACED", {})
    monkeypatch.setattr(column_lineage, "KEEP", 2)
    for n in (1, 2, 3):                                   # three output-column lists: three keys
        column_lineage.compute(conn, model, columns[:n], cache)
    kept = json.loads(cache.read_text())
    assert len(kept) == 2 and [len(v) for v in kept.values()] == [2, 3]
