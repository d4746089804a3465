"""The Definitions object loads and every asset is described the way the UI needs it."""

import subprocess
import sys

from gia_pipeline.definitions import defs
from gia_pipeline.lib import layers


def test_definitions_load_and_validate():
    dg_defs = defs
    graph = dg_defs.resolve_asset_graph()
    keys = {"/".join(k.path) for k in graph.get_all_asset_keys()}
    assert {"reference/municipalities", "reference/gia_regions", "marts/municipalities_by_region"} <= keys
    assert dg_defs.resolve_job_def("refresh_all") is not None


def test_every_asset_has_group_owner_kinds_and_description():
    for spec in defs.resolve_all_asset_specs():
        name = spec.key.to_user_string()
        assert spec.group_name == spec.key.path[0], name
        assert spec.group_name in (*layers.SCHEMAS, layers.REPORTS), name
        assert spec.owners == [layers.OWNER], name
        assert spec.description and len(spec.description) > 20, name
        assert spec.kinds, name


def test_sql_model_dependencies_reach_the_graph():
    graph = defs.resolve_asset_graph()
    parents = {"/".join(k.path) for k in graph.get(
        __import__("dagster").AssetKey(["reference", "municipalities"])).parent_keys}
    assert parents == {"reference/cbs_municipalities_2009", "reference/g31_2009", "reference/gia_region_provinces"}


def test_definitions_load_does_not_import_great_expectations():
    code = "import sys, gia_pipeline.definitions; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_gc_tuning_still_frees_new_garbage():
    """Loading the definitions freezes the objects alive then and raises the young threshold
    (gc_tuning.py), but garbage made afterwards, cycles included, is still collected."""
    code = ("import gc, weakref, gia_pipeline.definitions\n"
            "class Node: pass\n"
            "a, b = Node(), Node(); a.other, b.other = b, a\n"
            "freed = []; weakref.finalize(a, freed.append, 'a')\n"
            "del a, b; gc.collect()\n"
            "print(freed == ['a'], gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold()[0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "10000"]


def test_the_defs_folder_shows_the_layers():
    """`ls gia_pipeline/defs` is the architecture: one folder per layer, plus the automation."""
    from gia_pipeline.lib import paths
    folders = sorted(p.name for p in paths.DEFS_DIR.iterdir() if p.is_dir() and not p.name.startswith("__"))
    assert folders == sorted([*layers.SCHEMAS, layers.REPORTS, "automation"])
    # every raw source is a folder holding its defs.yaml and its contract, nothing else to wire
    for source in (paths.DEFS_DIR / "raw").iterdir():
        assert {p.name for p in source.iterdir()} >= {"defs.yaml", "contract.yaml"}, source


def test_a_new_source_is_a_yaml_file_and_a_contract(tmp_path):
    """Adding a raw source needs no Python: a RawSource instance pointing at a contract gives the
    raw asset, with the contract's checks and its source metadata."""
    import shutil

    import dagster as dg

    from gia_pipeline.components import RawSource
    from gia_pipeline.lib import paths
    from gia_pipeline.lib.raw_sources import sources_of

    shutil.copy(paths.RAW_DEFS_DIR / "meetings" / "contract.yaml", tmp_path / "contract.yaml")
    component = RawSource(table="second_register", description="A second meeting register.")
    context = dg.ComponentTree.for_test().load_context.for_path(tmp_path)
    built = component.build_defs(context)
    (asset,) = built.assets
    assert asset.key == dg.AssetKey(["raw", "second_register"])
    assert {c.name for c in asset.check_specs} >= {"column_values_to_not_be_null__meeting_id"}
    assert [s.table for s in sources_of(asset.specs)] == ["second_register"]
