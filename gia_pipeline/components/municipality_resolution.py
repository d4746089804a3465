"""MunicipalityResolution: typed municipality names of one source resolved to CBS codes — the
staging step SQL cannot express. Instances: `defs/staging/defs.yaml`, one per source.

One resolver (gia_pipeline/lib/municipality_resolution.py) for every source: it reads the distinct
names the source's SQL model `stg_<source>_municipality_mentions` collects and writes
`staging.<source>_municipality_resolution`. One asset per source keeps a new attendance list from
re-running the survey's staging and the other way round.
"""

from pathlib import Path

import dagster as dg

from gia_pipeline.lib import layers, municipality_resolution
from gia_pipeline.lib.resources import Warehouse
from gia_pipeline.lib.table_asset import table_asset
from gia_pipeline.lib.table_metadata import code_reference, describe_table, follows_parents


class MunicipalityResolution(dg.Component, dg.Model, dg.Resolvable):
    """Resolve every distinct municipality name a source mentions to a CBS code."""

    source: str
    what: str     # where the names are typed, for the asset's description

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        return dg.Definitions(assets=[_resolution_asset(self.source, self.what)])


def _resolution_asset(source: str, what: str) -> dg.AssetsDefinition:
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
        columns=municipality_resolution.RESOLUTION_SCHEMA.names,
    )
    def _resolution(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
        with warehouse.get_connection() as conn:
            by_method = municipality_resolution.resolve_mentions(conn, source)
            metadata = describe_table(conn, f"{layers.STAGING}.{name}")
        metadata["resolved_by_method"] = dg.MetadataValue.json(by_method)
        return metadata

    return _resolution
