"""Modules GX imports but no check uses (lib/deferred_imports.py): imported on first use only."""

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from gia_pipeline.lib import deferred_imports, paths


@pytest.fixture
def probe(tmp_path, monkeypatch):
    """A module `gia_probe` whose import is recorded in `imported.log`."""
    (tmp_path / "gia_probe.py").write_text(textwrap.dedent(f"""
        with open({str(tmp_path / "imported.log")!r}, "a") as f:
            f.write("imported\\n")
        VALUE = 42
        def double(x):
            return 2 * x
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "gia_probe", raising=False)
    yield tmp_path / "imported.log"
    sys.modules.pop("gia_probe", None)


def test_a_deferred_module_is_imported_on_first_use_and_once(probe):
    deferred_imports.defer("gia_probe")
    import gia_probe                                          # what GX's own imports do
    from importlib.util import find_spec

    assert not probe.exists() and deferred_imports.is_deferred("gia_probe")
    assert find_spec("gia_probe").name == "gia_probe" and gia_probe.__name__ == "gia_probe"
    assert not probe.exists()                                 # metadata reads do not import it
    assert gia_probe.double(gia_probe.VALUE) == 84            # the first real use does
    from gia_probe import VALUE
    assert VALUE == 42
    assert probe.read_text() == "imported\n"                  # once
    assert not deferred_imports.is_deferred("gia_probe")
    assert sys.modules["gia_probe"] is not gia_probe and sys.modules["gia_probe"].VALUE == 42


def test_imported_or_missing_modules_are_left_as_they_are(probe):
    import gia_probe

    deferred_imports.defer("gia_probe", "gia_no_such_module")
    assert sys.modules["gia_probe"] is gia_probe and not deferred_imports.is_deferred("gia_probe")
    with pytest.raises(ModuleNotFoundError):
        import gia_no_such_module  # noqa: F401


def test_a_module_that_fails_to_import_fails_at_its_first_use(tmp_path, monkeypatch):
    (tmp_path / "gia_broken.py").write_text("raise RuntimeError('broken on import')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "gia_broken", raising=False)
    deferred_imports.defer("gia_broken")
    import gia_broken
    with pytest.raises(RuntimeError, match="broken on import"):
        gia_broken.anything
    with pytest.raises(RuntimeError, match="broken on import"):     # and every time, never silently
        gia_broken.anything
    sys.modules.pop("gia_broken", None)


# every check of the project, run alone on a copy of the session's warehouse, in a new process;
# then failing checks on a small frame; then an expectation that does need scipy.stats
_CHECKS = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import dagster as dg
    import pandas as pd
    from gia_pipeline.definitions import build_definitions
    from gia_pipeline.lib import deferred_imports, gx_checks
    from gia_pipeline.lib.expectations import DeclaredExpectation
    from gia_pipeline.lib.resources import Outputs, SourceFiles, Warehouse

    root = Path(sys.argv[1])
    defs = build_definitions(
        Warehouse(database=str(root / "warehouse" / "gia.duckdb")),
        SourceFiles(reference_dir=str(root / "reference"), raw_dir=str(root / "raw")),
        Outputs(reports_dir=str(root / "reports"), published_dir=str(root / "published")))
    defs = dg.Definitions.merge(defs, dg.Definitions(
        jobs=[dg.define_asset_job("checks_only", selection=dg.AssetSelection.all_asset_checks())]))
    result = defs.resolve_job_def("checks_only").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    out = {"success": result.success, "evaluated": len(result.get_asset_check_evaluations()),
           "declared": len(defs.resolve_asset_graph().asset_check_keys),
           "materialized": len(result.get_asset_materialization_events())}

    def declared(expectation, **kwargs):
        return DeclaredExpectation(layer="t", table="t", expectation=expectation, kwargs=kwargs,
                                   blocking=False, severity="warn", check_name=expectation, source=Path("t"))

    failing = gx_checks.validate_frame(pd.DataFrame({"x": ["a", "b", "b", None]}), [
        declared("expect_column_values_to_be_in_set", column="x", value_set=["a"]),
        declared("expect_column_values_to_be_unique", column="x"),
        declared("expect_column_values_to_not_be_null", column="x"),
        declared("expect_table_row_count_to_equal", value=3)])
    out["failing"] = [passed for passed, _ in failing]
    out["deferred"] = [deferred_imports.is_deferred(m) for m in gx_checks._UNUSED_BY_CHECKS]
    gx, batches = gx_checks._gx_datasource()
    kl = batches.get_batch(batch_parameters={"dataframe": pd.DataFrame({"x": ["a", "b", "a", "b"]})}).validate(
        gx.expectations.ExpectColumnKLDivergenceToBeLessThan(
            column="x", partition_object={"values": ["a", "b"], "weights": [0.5, 0.5]}, threshold=0.1))
    out["kl"] = [kl.success, kl.result.get("observed_value")]
    out["deferred_after_kl"] = [deferred_imports.is_deferred(m) for m in gx_checks._UNUSED_BY_CHECKS]
    print(json.dumps(out))
""")


def test_the_checks_never_import_what_gx_imports_for_nothing(refreshed, tmp_path):
    root = tmp_path / "copy"
    (root / "warehouse").mkdir(parents=True)
    shutil.copy2(refreshed.warehouse, root / "warehouse" / "gia.duckdb")
    done = subprocess.run([sys.executable, "-c", _CHECKS, str(root)], cwd=paths.PROJECT_ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["success"] and out["materialized"] == 0
    assert out["evaluated"] == out["declared"] > 50              # every check of the project ran
    assert out["failing"] == [False, False, False, False]        # … and failing ones, with their samples
    assert out["deferred"] == [True, True]                       # scipy.stats and altair never imported
    assert out["kl"] == [True, 0.0]                              # an expectation that needs scipy gets it
    assert out["deferred_after_kl"] == [False, True]
