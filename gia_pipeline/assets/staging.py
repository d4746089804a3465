"""Staging-layer Python assets: the steps that SQL cannot express declaratively.

`municipality_resolution` resolves every distinct typed municipality name (collected by the SQL
model staging.stg_municipality_mentions) with the one resolver used for survey and attendance
alike; the SQL staging models join to it.
"""

from pathlib import Path

import dagster as dg
import pyarrow as pa

from gia_pipeline import layers, municipality_resolution
from gia_pipeline.resources import Warehouse
from gia_pipeline.table_metadata import code_reference, describe_table

TABLE = f"{layers.STAGING}.municipality_resolution"


@dg.asset(
    key=[layers.STAGING, "municipality_resolution"],
    deps=[dg.AssetKey([layers.STAGING, "stg_municipality_mentions"]), dg.AssetKey([layers.REFERENCE, "municipalities"])],
    group_name=layers.STAGING,
    kinds={"duckdb", "python"},
    description="Every distinct municipality name typed in the survey (own and partner municipalities) and "
                "on the attendance lists, resolved to a CBS code: exact name, declared alias, normalised "
                "name, then a conservative fuzzy match. Unresolved names keep their best candidates and the "
                "reason; rows that need them go to staging.stg_quarantine. One row per distinct text.",
    owners=[layers.OWNER],
    metadata={**code_reference(Path(municipality_resolution.__file__)),
              "aliases_file": dg.MetadataValue.path(str(municipality_resolution.ALIASES_FILE))},
    pool="warehouse",
)
def municipality_resolution_asset(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.get_connection() as conn:
        municipalities = conn.execute("SELECT gemeentecode, gemeentenaam FROM reference.municipalities").fetchall()
        texts = [r[0] for r in conn.execute(
            "SELECT municipality_text FROM staging.stg_municipality_mentions ORDER BY 1").fetchall()]
        resolver = municipality_resolution.MunicipalityResolver.from_files(municipalities)
        rows = [resolver.resolve(t).__dict__ for t in texts]
        arrow = pa.Table.from_pylist(rows, schema=pa.schema([
            ("text", pa.string()), ("gemeentecode", pa.string()), ("method", pa.string()),
            ("score", pa.float64()), ("candidates", pa.string()), ("reason", pa.string())]))
        conn.register("incoming", arrow)
        conn.execute(f"CREATE OR REPLACE TABLE {TABLE} AS SELECT text AS municipality_text, * EXCLUDE (text) FROM incoming")
        metadata = describe_table(conn, TABLE)
        by_method = dict(conn.execute(f"SELECT method, count(*) FROM {TABLE} GROUP BY ALL ORDER BY ALL").fetchall())
    metadata["resolved_by_method"] = dg.MetadataValue.json(by_method)
    return dg.MaterializeResult(metadata=metadata)


staging_assets = [municipality_resolution_asset]
