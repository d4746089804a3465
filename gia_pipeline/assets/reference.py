"""Reference layer: the real CBS municipality list of 2009, the G31, and the GIA regions.

The files in data/reference/ are loaded as they are (text columns, codes with leading zeros);
the SQL models in dbt_like_sql/reference/ join them into `reference.municipalities` and
`reference.gia_regions`.
"""

import dagster as dg

from gia_pipeline import layers, paths
from gia_pipeline.resources import SourceFiles, Warehouse
from gia_pipeline.table_metadata import code_reference, describe_table

REFERENCE_FILES = {
    "cbs_municipalities_2009": (
        "gemeenten_2009.csv",
        "CBS municipality list on 1 January 2009: 441 rows of gemeentecode (4 digits), "
        "gemeentenaam and provincie. Loaded as-is from data/reference/gemeenten_2009.csv "
        "(provenance in data/reference/SOURCES.md).",
    ),
    "g31_2009": (
        "g31_2009.csv",
        "The 31 municipalities of the big-cities policy (GSB III, 2005-2009) with their group, "
        "G4 or G27, from the BDU SIV law. Loaded as-is from data/reference/g31_2009.csv.",
    ),
    "gia_region_provinces": (
        "gia_regions.csv",
        "Which of the seven GIA regions each province belongs to, and the CMOs that organise the "
        "regional meetings there (report section 2.4). Loaded from data/reference/gia_regions.csv.",
    ),
}


def build_reference_asset(name: str, filename: str, description: str) -> dg.AssetsDefinition:
    default_path = paths.REFERENCE_DIR / filename

    @dg.asset(
        key=[layers.REFERENCE, name],
        group_name=layers.REFERENCE,
        kinds={"duckdb", "csv"},
        description=description,
        owners=[layers.OWNER],
        metadata={**code_reference(default_path), "source_file": dg.MetadataValue.path(str(default_path))},
    )
    def _reference_file(context: dg.AssetExecutionContext, warehouse: Warehouse,
                        source_files: SourceFiles) -> dg.MaterializeResult:
        table = f"{layers.REFERENCE}.{name}"
        path = source_files.reference_file(filename)
        if not path.is_file():
            raise FileNotFoundError(f"reference file {path} does not exist (GIA_REFERENCE_DIR)")
        with warehouse.get_connection() as conn:
            conn.execute(
                f"CREATE OR REPLACE TABLE {table} AS "
                "SELECT * FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"')",
                [str(path)],
            )
            return dg.MaterializeResult(metadata=describe_table(conn, table))

    return _reference_file


reference_assets = [build_reference_asset(name, *spec) for name, spec in REFERENCE_FILES.items()]
