"""The floor: the pipeline's work without the orchestration — one DuckDB connection in a plain
script, reading the same raw files the same way (the same contract-driven reader) and running
the same staging and mart SQL in dependency order. No Dagster, no checks, no report, no publish.

    python benchmarks/floor.py --raw-dir data/raw --db /tmp/floor.duckdb
"""

import argparse
import graphlib
import json
import time
from pathlib import Path

import duckdb

from gia_pipeline.components.reference_files import CONTRACT_METADATA
from gia_pipeline.definitions import project_defs
from gia_pipeline.lib import layers, paths, reference_files
from gia_pipeline.lib.municipality_resolution import resolve_mentions
from gia_pipeline.lib.person_resolution import resolve_persons
from gia_pipeline.lib.project_checks import asset_specs
from gia_pipeline.lib.raw_sources import load_source, sources_of
from gia_pipeline.lib.reference_files import load_category_rules_table
from gia_pipeline.lib.resources import OFFLINE_CONFIG, duckdb_memory_limit
from gia_pipeline.lib.sql_models import discover

_RESOLUTION = "_municipality_resolution"


def load_inputs(conn, raw_dir: Path, reference_dir: Path) -> None:
    """Everything the SQL models read that a Python asset produces: reference and raw tables."""
    load_reference(conn, reference_dir)
    for source in sources_of(asset_specs(project_defs())):
        load_source(conn, source, raw_dir)


def load_reference(conn, reference_dir: Path) -> None:
    """The layer schemas, and the project's declared reference files and category rules."""
    for schema in layers.SCHEMAS:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for spec in asset_specs(project_defs()):
        if "source_file" in spec.metadata:
            path = Path(spec.metadata["source_file"].value)
            if path.parent == paths.REFERENCE_DIR:
                path = reference_dir / path.name
            contract = reference_files.reference_contract(Path(spec.metadata[CONTRACT_METADATA].value))
            reference_files.load_reference(conn, ".".join(spec.key.path), path, contract)
    load_category_rules_table(conn)


PERSONS = ((layers.STAGING, "attendance_persons"), (layers.STAGING, "attendance_person_pairs"))


def resolutions() -> list[str]:
    """The sources whose municipality names a MunicipalityResolution asset of the project resolves."""
    return sorted(spec.key.path[-1].removesuffix(_RESOLUTION) for spec in asset_specs(project_defs())
                  if spec.key.path[0] == layers.STAGING and spec.key.path[-1].endswith(_RESOLUTION))


def plan(external: set[tuple[str, str]]):
    """SQL models and the Python resolution steps, in one dependency order."""
    sources = resolutions()
    python_tables = {(layers.STAGING, f"{s}{_RESOLUTION}") for s in sources} | set(PERSONS)
    models = {m.key_path: m for m in discover(paths.SQL_DIR, layers.SCHEMAS, external | python_tables)}
    graph = {key: set(m.deps) & (set(models) | python_tables) for key, m in models.items()}
    for source in sources:
        graph[(layers.STAGING, f"{source}{_RESOLUTION}")] = {
            (layers.STAGING, f"stg_{source}_municipality_mentions")}
    graph[PERSONS[0]] = {(layers.STAGING, "stg_attendance")}
    graph[PERSONS[1]] = {PERSONS[0]}
    return models, list(graphlib.TopologicalSorter(graph).static_order())


def run_models(conn, models, order) -> dict[str, float]:
    timings = {}
    for key in order:
        t = time.perf_counter()
        if key in models:
            conn.execute(f"CREATE OR REPLACE TABLE {models[key].table} AS\n{models[key].sql}")
        elif key == PERSONS[0]:
            resolve_persons(conn, PERSONS[0][1], PERSONS[1][1])
        elif key != PERSONS[1]:      # built together with the persons
            resolve_mentions(conn, key[1].removesuffix(_RESOLUTION))
        timings[".".join(key)] = time.perf_counter() - t
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw-dir", type=Path, default=paths.DEFAULT_RAW_DIR)
    parser.add_argument("--reference-dir", type=Path, default=paths.REFERENCE_DIR)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--inputs-only", action="store_true", help="load raw/reference tables and stop (for dbt)")
    args = parser.parse_args()
    args.db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with duckdb.connect(str(args.db), config={**OFFLINE_CONFIG, "memory_limit": duckdb_memory_limit()}) as conn:
        load_inputs(conn, args.raw_dir, args.reference_dir)
        t1 = time.perf_counter()
        sql_seconds = 0.0
        if not args.inputs_only:
            external = {tuple(r) for r in conn.execute(
                "SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
            models, order = plan(external)
            timings = run_models(conn, models, order)
            sql_seconds = sum(v for k, v in timings.items() if not k.endswith("_resolution"))
    t2 = time.perf_counter()
    print(json.dumps({"inputs_s": t1 - t0, "models_s": t2 - t1, "sql_models_s": sql_seconds, "total_s": t2 - t0}))


if __name__ == "__main__":
    main()
