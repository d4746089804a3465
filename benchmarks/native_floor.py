"""The native floor: the physical limit of this design on this machine. The same raw files,
converted beforehand to UTF-8 CSV (each raw table exactly as the pipeline's reader makes it:
text, typed values, lineage and derived columns), read with DuckDB's own CSV reader, then the
same reference loading, the same staging and mart SQL and the same Python resolution steps as
benchmarks/floor.py, in one connection. No Dagster, no checks, no report, no publish, and no
decoding, parsing or validating of the delivered formats: that is the conversion, not timed.

    python benchmarks/native_floor.py --raw-dir data/raw --db /tmp/native.duckdb   # converts once, then runs

The converted files are cached beside the database (`<db>.csv/`, rebuilt when a raw file is newer).
"""

import argparse
import json
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # run as a script: the repository's packages
from benchmarks.floor import load_reference, plan, run_models  # noqa: E402
from gia_pipeline.definitions import project_defs  # noqa: E402
from gia_pipeline.lib import layers, paths  # noqa: E402
from gia_pipeline.lib.project_checks import asset_specs  # noqa: E402
from gia_pipeline.lib.raw_sources import load_source, sources_of  # noqa: E402
from gia_pipeline.lib.resources import OFFLINE_CONFIG, duckdb_memory_limit  # noqa: E402


def convert(raw_dir: Path, folder: Path) -> dict[str, dict[str, str]]:
    """Every raw table as the pipeline reads it, written once as UTF-8 CSV; returns table ->
    {column: DuckDB type} (what the native reader is told, as a loader of a known format is)."""
    folder.mkdir(parents=True, exist_ok=True)
    types_file = folder / "types.json"
    newest = max(p.stat().st_mtime for p in raw_dir.rglob("*") if p.is_file())
    if types_file.exists() and types_file.stat().st_mtime > newest:
        return json.loads(types_file.read_text())
    types = {}
    with duckdb.connect(config=OFFLINE_CONFIG) as conn:
        conn.execute(f"CREATE SCHEMA {layers.RAW}")
        for source in sources_of(asset_specs(project_defs())):
            load_source(conn, source, raw_dir)
            table = f"{layers.RAW}.{source.table}"
            types[source.table] = {name: kind for name, kind in conn.execute(
                f"SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
                "ORDER BY column_index", [layers.RAW, source.table]).fetchall()}
            conn.execute(f"COPY {table} TO '{folder / source.table}.csv' (HEADER, DELIMITER ',', QUOTE '\"')")
    types_file.write_text(json.dumps(types))
    return types


def load_native(conn, folder: Path, types: dict[str, dict[str, str]], reference_dir: Path) -> None:
    """The reference tables as the floor loads them, the raw tables by DuckDB's CSV reader."""
    load_reference(conn, reference_dir)
    for table, columns in types.items():
        declared = ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items())
        conn.execute(f"CREATE OR REPLACE TABLE {layers.RAW}.{table} AS SELECT * FROM read_csv('{folder / table}.csv', "
                     "auto_detect = false, header = true, delim = ',', quote = '\"', escape = '\"', "
                     f"allow_quoted_nulls = false, columns = {{{declared}}})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw-dir", type=Path, default=paths.DEFAULT_RAW_DIR)
    parser.add_argument("--reference-dir", type=Path, default=paths.REFERENCE_DIR)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--convert-only", action="store_true")
    args = parser.parse_args()
    folder = args.db.with_name(args.db.name + ".csv")
    types = convert(args.raw_dir, folder)
    if args.convert_only:
        return
    args.db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with duckdb.connect(str(args.db), config={**OFFLINE_CONFIG, "memory_limit": duckdb_memory_limit()}) as conn:
        load_native(conn, folder, types, args.reference_dir)
        t1 = time.perf_counter()
        external = {tuple(r) for r in conn.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
        models, order = plan(external)
        run_models(conn, models, order)
        rows = dict(conn.execute(f"SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = "
                                 f"'{layers.RAW}'").fetchall())
    t2 = time.perf_counter()
    print(json.dumps({"inputs_s": t1 - t0, "models_s": t2 - t1, "total_s": t2 - t0, "raw_rows": rows}))


if __name__ == "__main__":
    main()
