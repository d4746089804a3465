"""The dbt-like SQL loader: dependency inference and every load-time error, each naming the file."""

import json
from pathlib import Path

import pytest

from gia_pipeline.lib import layers, paths, sql_models
from gia_pipeline.lib.sql_models import SqlModelError, discover, header_comment

EXTERNAL = {("raw", "survey_export"), ("reference", "municipalities")}


def write(root: Path, rel: str, sql: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sql, encoding="utf-8")
    return path


def models(root: Path):
    return discover(root, layers.SCHEMAS, EXTERNAL)


def test_dependencies_are_inferred_from_the_sql(tmp_path):
    write(tmp_path, "staging/stg_a.sql", "-- A\nSELECT * FROM raw.survey_export")
    write(tmp_path, "staging/stg_b.sql", """-- B: joins, a CTE and a table function
        WITH recent AS (SELECT * FROM staging.stg_a WHERE x > 1)
        SELECT r.*, m.gemeentenaam, f.*
        FROM recent AS r
        JOIN reference.municipalities AS m ON m.gemeentecode = r.code
        CROSS JOIN read_csv('whatever.csv') AS f
        WHERE r.code IN (SELECT code FROM raw.survey_export)""")
    write(tmp_path, "marts/m.sql", "/* Mart\n * over b */\nFROM staging.stg_b SELECT count(*)")
    found = {m.name: m for m in models(tmp_path)}
    assert found["stg_a"].deps == (("raw", "survey_export"),)
    assert found["stg_b"].deps == (("raw", "survey_export"), ("reference", "municipalities"), ("staging", "stg_a"))
    assert found["m"].deps == (("staging", "stg_b"),)
    assert found["m"].description == "Mart\nover b"
    order = [m.name for m in models(tmp_path)]
    assert order.index("stg_a") < order.index("stg_b") < order.index("m")


def test_header_comment_is_the_leading_comment_only():
    assert header_comment("-- one\n-- two\n\nSELECT 1 -- not this") == "one\ntwo"
    assert header_comment("SELECT 1") == ""


@pytest.mark.parametrize("rel, sql, message", [
    ("marts/m.sql", "-- d\nSELECT * FROM staging.nowhere", "references staging.nowhere, which no asset produces"),
    ("marts/m.sql", "-- d\nSELECT 1; SELECT 2", "expected exactly one SELECT statement, found 2"),
    ("marts/m.sql", "-- d\nCREATE TABLE marts.x AS SELECT 1", "expected a single SELECT, found a CREATE statement"),
    ("marts/m.sql", "-- d\nINSERT INTO marts.x SELECT 1", "expected a single SELECT, found a INSERT statement"),
    ("marts/m.sql", "SELECT 1", "no header comment"),
    ("marts/m.sql", "-- d\nSELECT * FROM survey_export", "is not schema-qualified"),
    ("marts/m.sql", "-- d\nSELECT FROM WHERE (", "does not parse"),
    ("elsewhere/m.sql", "-- d\nSELECT 1", "is not a layer"),
    ("raw/survey_export.sql", "-- d\nSELECT 1", "already produced by a Python asset"),
])
def test_load_time_errors_name_the_file(tmp_path, rel, sql, message):
    path = write(tmp_path, rel, sql)
    with pytest.raises(SqlModelError) as err:
        models(tmp_path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_two_files_with_the_same_name(tmp_path):
    first = write(tmp_path, "staging/dup.sql", "-- d\nSELECT 1")
    second = write(tmp_path, "marts/dup.sql", "-- d\nSELECT 2")
    with pytest.raises(SqlModelError) as err:
        models(tmp_path)
    assert str(first) in str(err.value) and str(second) in str(err.value)


def test_dependency_cycle(tmp_path):
    a = write(tmp_path, "staging/a.sql", "-- d\nSELECT * FROM staging.b")
    b = write(tmp_path, "staging/b.sql", "-- d\nSELECT * FROM staging.c")
    c = write(tmp_path, "staging/c.sql", "-- d\nSELECT * FROM staging.a")
    write(tmp_path, "staging/ok.sql", "-- d\nSELECT 1")
    with pytest.raises(SqlModelError, match="dependency cycle") as err:
        models(tmp_path)
    assert all(str(p) in str(err.value) for p in (a, b, c))


def test_self_reference_is_a_cycle(tmp_path):
    a = write(tmp_path, "staging/a.sql", "-- d\nSELECT * FROM staging.a")
    with pytest.raises(SqlModelError, match="dependency cycle") as err:
        models(tmp_path)
    assert str(a) in str(err.value)


def test_the_project_models_load():
    """Every model shipped in dbt_like_sql/ passes the loader (the definitions test covers the rest)."""
    from gia_pipeline.definitions import defs
    sql_files = {str(p) for p in paths.SQL_DIR.glob("*/*.sql")}
    python_tables = {tuple(s.key.path) for s in defs.resolve_all_asset_specs()
                     if not any(str(r.file_path) in sql_files
                                for r in s.metadata["dagster/code_references"].code_references)}
    names = {m.table for m in discover(paths.SQL_DIR, layers.SCHEMAS, python_tables)}
    assert "marts.municipalities_by_region" in names and "reference.municipalities" in names


def test_the_shipped_models_read_what_sqlglot_finds():
    """What the definitions hold (from the cache folder once any process parsed them) is what
    parsing each file now gives."""
    for path in sorted(paths.SQL_DIR.glob("*/*.sql")):
        model = sql_models.parse_model(path, path.parent.name)
        assert set(model.deps) == sql_models._reads(path, path.read_text(encoding="utf-8")), path


def test_a_model_is_parsed_once_per_text(tmp_path, monkeypatch):
    """A new process reads what a model reads from the cache folder; an edited file, or another
    sqlglot, parses again; a file that does not parse is never cached and is refused every time."""
    cache = tmp_path / "cache" / "sql_model_reads.json"
    monkeypatch.setattr(sql_models, "cache_file", lambda: cache)
    monkeypatch.setattr(sql_models, "_READS", {})
    root = tmp_path / "sql"
    write(root, "staging/stg_a.sql", "-- A\nSELECT * FROM raw.survey_export JOIN reference.municipalities USING (code)")
    parsed = {m.name: m.deps for m in models(root)}
    assert parsed == {"stg_a": (("raw", "survey_export"), ("reference", "municipalities"))}
    assert cache.is_file()

    def no_parsing(*args):
        raise AssertionError("parsed again")
    real = sql_models._reads
    monkeypatch.setattr(sql_models, "_reads", no_parsing)
    monkeypatch.setattr(sql_models, "_READS", {})                      # as a new process would
    assert {m.name: m.deps for m in models(root)} == parsed
    write(root, "staging/stg_a.sql", "-- A\nSELECT * FROM raw.survey_export")
    with pytest.raises(AssertionError, match="parsed again"):          # another text: a new key
        models(root)
    monkeypatch.setattr(sql_models, "_THIS_CODE", "another sqlglot")
    write(root, "staging/stg_a.sql", "-- A\nSELECT * FROM raw.survey_export JOIN reference.municipalities USING (code)")
    with pytest.raises(AssertionError, match="parsed again"):          # the same text, another parser
        models(root)

    monkeypatch.setattr(sql_models, "_reads", real)
    bad = write(root, "staging/stg_a.sql", "-- A\nSELECT * FROM survey_export")
    entries = len(cache.read_text())
    for _ in range(2):
        with pytest.raises(SqlModelError, match="is not schema-qualified") as err:
            models(root)
        assert str(bad) in str(err.value)
    assert len(cache.read_text()) == entries


def test_the_cache_file_keeps_the_newest_files_results(tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "sql_model_reads.json"
    monkeypatch.setattr(sql_models, "cache_file", lambda: cache)
    monkeypatch.setattr(sql_models, "_READS", {})
    monkeypatch.setattr(sql_models, "_KEEP", 2)
    root = tmp_path / "sql"
    for text in ("SELECT * FROM raw.survey_export", "SELECT * FROM reference.municipalities",
                 "SELECT * FROM raw.survey_export, reference.municipalities"):   # three texts: three keys
        write(root, "staging/stg_a.sql", f"-- A\n{text}")
        models(root)
    assert list(json.loads(cache.read_text()).values()) == [
        [["reference", "municipalities"]], [["raw", "survey_export"], ["reference", "municipalities"]]]
