"""Staging-layer Python assets: the steps that SQL cannot express declaratively.

Municipality resolution: one resolver (gia_pipeline/municipality_resolution.py) for survey and
attendance alike, run by one factory per source over the distinct names its SQL mentions model
collects (`stg_<source>_municipality_mentions`). Separate assets per source keep a new
attendance list from re-running the survey's staging and the other way round.
"""

from pathlib import Path

import dagster as dg
import pyarrow as pa

from gia_pipeline import layers, municipality_resolution
from gia_pipeline.resources import Warehouse
from gia_pipeline.table_asset import table_asset
from gia_pipeline.table_metadata import code_reference, describe_table, follows_parents

_SCHEMA = pa.schema([("text", pa.string()), ("gemeentecode", pa.string()), ("method", pa.string()),
                     ("score", pa.float64()), ("candidates", pa.string()), ("reason", pa.string()),
                     ("normalised", pa.string())])


def resolve_mentions(conn, source: str) -> dict:
    """(Re)build staging.<source>_municipality_resolution from stg_<source>_municipality_mentions;
    returns the number of names per resolution method."""
    table = f"{layers.STAGING}.{source}_municipality_resolution"
    municipalities = conn.execute("SELECT gemeentecode, gemeentenaam FROM reference.municipalities").fetchall()
    texts = [r[0] for r in conn.execute(
        f"SELECT municipality_text FROM {layers.STAGING}.stg_{source}_municipality_mentions ORDER BY 1").fetchall()]
    resolver = municipality_resolution.MunicipalityResolver.from_files(municipalities)
    # `normalised` is the resolver's normal form, for the rules that read it (a test submission)
    arrow = pa.Table.from_pylist([{**resolver.resolve(t).__dict__, "normalised": municipality_resolution.normalise(t)}
                                  for t in texts], schema=_SCHEMA)
    conn.register("incoming", arrow)
    conn.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT text AS municipality_text, * EXCLUDE (text) FROM incoming")
    conn.unregister("incoming")
    return dict(conn.execute(f"SELECT method, count(*) FROM {table} GROUP BY ALL ORDER BY ALL").fetchall())


def build_resolution_asset(source: str, what: str) -> dg.AssetsDefinition:
    name = f"{source}_municipality_resolution"
    mentions = dg.AssetKey([layers.STAGING, f"stg_{source}_municipality_mentions"])

    @table_asset(
        key=(layers.STAGING, name),
        deps=[mentions, dg.AssetKey([layers.REFERENCE, "municipalities"])],
        kinds={"duckdb", "python"},
        description=f"Every distinct municipality name typed {what}, resolved to a CBS code: exact name, "
                    "declared alias, normalised name, then a conservative fuzzy match. Unresolved names keep "
                    "their best candidates and the reason; rows that need them go to staging.stg_quarantine. "
                    "One row per distinct text.",
        metadata={**code_reference(Path(municipality_resolution.__file__)),
                  "aliases_file": dg.MetadataValue.path(str(municipality_resolution.ALIASES_FILE))},
        automation_condition=follows_parents(),
    )
    def _resolution(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
        with warehouse.get_connection() as conn:
            by_method = resolve_mentions(conn, source)
            metadata = describe_table(conn, f"{layers.STAGING}.{name}")
        metadata["resolved_by_method"] = dg.MetadataValue.json(by_method)
        return metadata

    return _resolution


staging_assets = [
    build_resolution_asset("survey", "in the survey (own and partner municipalities)"),
    build_resolution_asset("attendance", "on the attendance lists (municipality or place column)"),
]
