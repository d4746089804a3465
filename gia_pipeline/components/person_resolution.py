"""PersonResolution: which counted attendance rows are one person — a staging step that needs
the names, which exist only in raw. Instance: `defs/staging/defs.yaml`.

The resolution (gia_pipeline/lib/person_resolution.py) reads the counted rows of
staging.stg_attendance with their names from raw.attendance_lists and writes two tables holding
only pseudonymous ids: the persons (a `person_id` per counted row) and the unsure pairs (listed for
review, never merged). One step builds both from one resolution.
"""

from pathlib import Path

import dagster as dg

from gia_pipeline.lib import layers, person_resolution
from gia_pipeline.lib.resources import Warehouse
from gia_pipeline.lib.table_asset import Table, tables_asset
from gia_pipeline.lib.table_metadata import code_reference, describe_table, follows_parents


class PersonResolution(dg.Component, dg.Model, dg.Resolvable):
    """Persons across the attendance lists, resolved conservatively."""

    persons_table: str
    persons_description: str
    pairs_table: str
    pairs_description: str

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        persons, pairs = self.persons_table, self.pairs_table
        resolved_in: set[str] = set()     # runs whose step already built both tables

        def build_persons(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
            with warehouse.get_connection() as conn:
                person_resolution.resolve_persons(conn, persons, pairs)
                resolved_in.add(context.run_id)
                return describe_table(conn, f"{layers.STAGING}.{persons}")

        def build_pairs(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
            with warehouse.get_connection() as conn:
                if context.run_id not in resolved_in:      # the pairs alone (a subset from the UI)
                    person_resolution.resolve_persons(conn, persons, pairs)
                return describe_table(conn, f"{layers.STAGING}.{pairs}")

        reads = (dg.AssetKey([layers.STAGING, "stg_attendance"]), dg.AssetKey([layers.RAW, "attendance_lists"]))
        shared = dict(kinds=frozenset({"duckdb", "python"}), metadata=code_reference(Path(person_resolution.__file__)),
                      automation_condition=follows_parents())
        tables = [
            Table(key=(layers.STAGING, persons), description=" ".join(self.persons_description.split()),
                  build=build_persons, deps=reads, columns=tuple(person_resolution.PERSON_SCHEMA.names), **shared),
            Table(key=(layers.STAGING, pairs), description=" ".join(self.pairs_description.split()),
                  build=build_pairs, deps=reads, columns=tuple(person_resolution.PAIR_SCHEMA.names), **shared),
        ]
        return dg.Definitions(assets=[tables_asset(f"{layers.STAGING}__person_resolution", tables)])
