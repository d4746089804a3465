"""Declared expectations run through Great Expectations, fail on bad data and block downstream."""

import dagster as dg

from gia_pipeline.lib.column_docs import ColumnDocs


def _evaluations(result):
    return {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}


def _materialized(result):
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def test_bad_reference_data_fails_its_check_and_blocks_downstream(sandbox):
    # values the file's contract accepts (it checks types, sets and keys) but the table's checks do
    # not: a code that lost its leading zero, and a 442nd municipality
    gemeenten = sandbox.reference_dir / "gemeenten_2009.csv"
    text = gemeenten.read_text(encoding="utf-8")
    assert "\n0518,'s-Gravenhage," in text
    gemeenten.write_text(text.replace("\n0518,'s-Gravenhage,", "\n518,'s-Gravenhage,")
                         + "9999,Nergenshuizen,Zuid-Holland\n", encoding="utf-8")

    result = sandbox.refresh()
    assert not result.success
    evals = _evaluations(result)
    code = evals[("reference/cbs_municipalities_2009", "column_values_to_match_regex__gemeentecode")]
    assert not code.passed
    assert code.metadata["unexpected_count"].value == 1
    assert "518" in code.metadata["unexpected_sample"].value
    count = evals[("reference/cbs_municipalities_2009", "table_row_count_to_equal")]
    assert not count.passed and count.metadata["observed_value"].value == 442
    # the blocking check stopped everything downstream of the bad table
    done = _materialized(result)
    assert "reference/cbs_municipalities_2009" in done
    assert "reference/municipalities" not in done
    assert "marts/municipalities_by_region" not in done
    # tables that don't depend on the bad one were still built
    assert "reference/g31_2009" in done


def test_gx_exception_fails_the_check_with_its_text(sandbox, tmp_path):
    from gia_pipeline.lib.expectations import load_file
    from gia_pipeline.lib.resources import Warehouse
    from gia_pipeline.lib.table_asset import table_asset

    decl = tmp_path / "decl" / "reference" / "expectations.yaml"
    decl.parent.mkdir(parents=True)
    decl.write_text("g31_2009:\n"
                    "  - expect_column_values_to_be_in_set: {column: no_such_column, value_set: [a]}\n"
                    "  - expect_no_such_expectation: {}\n")

    @table_asset(key=("reference", "g31_2009"), description="a one-row stand-in for the G31 list",
                 kinds={"duckdb"}, declared=load_file(decl, "reference"),
                 docs=ColumnDocs(decl, {"group": "G4 or G27."}))
    def g31(context, warehouse: Warehouse) -> dict:
        with warehouse.get_connection() as conn:
            conn.execute("CREATE OR REPLACE TABLE reference.g31_2009 AS SELECT 'G4' AS \"group\"")
        return {}

    result = dg.materialize([g31], resources={"warehouse": Warehouse(database=str(sandbox.warehouse))},
                            raise_on_error=False)
    evals = _evaluations(result)
    missing = evals[("reference/g31_2009", "column_values_to_be_in_set__no_such_column")]
    assert not missing.passed and "no_such_column" in missing.metadata["exception"].value
    unknown = evals[("reference/g31_2009", "no_such_expectation")]
    assert not unknown.passed and "ExpectNoSuchExpectation" in unknown.metadata["exception"].value


def test_checks_run_alone_without_rebuilding_the_table(sandbox):
    """A table's checks are in its asset's step, but the UI can still run them by themselves."""
    assert sandbox.refresh("key:reference/g31_2009").success
    key = dg.AssetKey(["reference", "g31_2009"])
    defs = dg.Definitions.merge(sandbox.definitions(), dg.Definitions(
        jobs=[dg.define_asset_job("checks_only", selection=dg.AssetSelection.checks_for_assets(key))]))
    result = defs.resolve_job_def("checks_only").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert result.success
    assert not result.get_asset_materialization_events()                  # the table was not rebuilt
    evals = _evaluations(result)
    declared = {k.name for k in defs.resolve_asset_graph().asset_check_keys if k.asset_key == key}
    assert {name for (_, name) in evals} == declared and declared
    assert all(e.passed for e in evals.values())


def test_a_blocking_failure_inside_a_layer_step_stops_only_what_reads_it(sandbox, tmp_path):
    """Many tables in one step (a layer of SQL models): a table that fails a blocking check stops
    the tables of the same step that read it, the others are still built, and the step fails."""
    from gia_pipeline.lib.expectations import load_file
    from gia_pipeline.lib.resources import Warehouse
    from gia_pipeline.lib.table_asset import Table, tables_asset

    decl = tmp_path / "decl" / "staging" / "expectations.yaml"
    decl.parent.mkdir(parents=True)
    decl.write_text("bad:\n  - expect_column_values_to_be_between: {column: x, min_value: 0, max_value: 1}\n"
                    "    blocking: true\n")

    def builds(sql: str):
        def build(context, warehouse: Warehouse) -> dict:
            with warehouse.get_connection() as conn:
                conn.execute(sql)
            return {}
        return build

    docs = {name: ColumnDocs(decl, {column: f"The {column}."}) for name, column in (("bad", "x"), ("reader", "x"), ("other", "y"))}
    bad = Table(key=("staging", "bad"), description="fails its blocking check", kinds=frozenset({"duckdb"}),
                build=builds("CREATE OR REPLACE TABLE staging.bad AS SELECT 5 AS x"),
                declared=tuple(load_file(decl, "staging")), docs=docs["bad"])
    reader = Table(key=("staging", "reader"), description="reads the bad table", kinds=frozenset({"duckdb"}),
                   build=builds("CREATE OR REPLACE TABLE staging.reader AS SELECT * FROM staging.bad"),
                   deps=(bad.asset_key,), declared=(), docs=docs["reader"])
    other = Table(key=("staging", "other"), description="independent of it", kinds=frozenset({"duckdb"}),
                  build=builds("CREATE OR REPLACE TABLE staging.other AS SELECT 1 AS y"), declared=(), docs=docs["other"])
    step = tables_asset("staging__test_models", [bad, reader, other])
    result = dg.materialize([step], resources={"warehouse": Warehouse(database=str(sandbox.warehouse))},
                            raise_on_error=False)
    assert not result.success
    assert _materialized(result) == {"staging/bad", "staging/other"}
    assert not _evaluations(result)[("staging/bad", "column_values_to_be_between__x")].passed


def test_a_subset_of_a_layer_runs_only_those_models(box):
    result = box.refresh("key:marts/dialogue or key:marts/survey_grades")   # on a good refresh's warehouse
    assert result.success
    assert _materialized(result) == {"marts/dialogue", "marts/survey_grades"}
