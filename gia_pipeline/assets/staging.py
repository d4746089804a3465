"""Staging-layer Python assets: the steps that SQL cannot express declaratively.

Municipality resolution: one resolver (gia_pipeline/municipality_resolution.py) for survey and
attendance alike, run by one factory per source over the distinct names its SQL mentions model
collects (`stg_<source>_municipality_mentions`). Separate assets per source keep a new
attendance list from re-running the survey's staging and the other way round.

Person resolution (gia_pipeline/person_resolution.py): which counted attendance rows are one
person. It needs the names, which exist only in raw, so it is Python that reads
raw.attendance_lists and writes only pseudonymous ids.
"""

from pathlib import Path

import dagster as dg
import pyarrow as pa

from gia_pipeline import layers, municipality_resolution, person_resolution
from gia_pipeline.resources import Warehouse
from gia_pipeline.table_asset import table_asset
from gia_pipeline.table_metadata import code_reference, describe_table, follows_parents

_SCHEMA = pa.schema([("text", pa.string()), ("gemeentecode", pa.string()), ("method", pa.string()),
                     ("score", pa.float64()), ("candidates", pa.string()), ("reason", pa.string())])


def resolve_mentions(conn, source: str) -> dict:
    """(Re)build staging.<source>_municipality_resolution from stg_<source>_municipality_mentions;
    returns the number of names per resolution method."""
    table = f"{layers.STAGING}.{source}_municipality_resolution"
    municipalities = conn.execute("SELECT gemeentecode, gemeentenaam FROM reference.municipalities").fetchall()
    texts = [r[0] for r in conn.execute(
        f"SELECT municipality_text FROM {layers.STAGING}.stg_{source}_municipality_mentions ORDER BY 1").fetchall()]
    resolver = municipality_resolution.MunicipalityResolver.from_files(municipalities)
    arrow = pa.Table.from_pylist([resolver.resolve(t).__dict__ for t in texts], schema=_SCHEMA)
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


_PERSON_SCHEMA = pa.schema([("source_file", pa.string()), ("source_row", pa.int64()), ("person_id", pa.string()),
                           ("name_form", pa.string())])
_PAIR_SCHEMA = pa.schema([("person_id_a", pa.string()), ("person_id_b", pa.string()), ("reason", pa.string())])


def resolve_persons(conn, table: str) -> int:
    """(Re)build staging.<table> (attendance_persons or attendance_person_pairs) from the counted
    rows of staging.stg_attendance and their names in raw.attendance_lists; returns its row count.
    Both tables come from the same deterministic resolution."""
    listed = conn.execute(f"""
        SELECT a.source_file, a.source_row, r.person_name, a.organisation, a.gemeentecode, r.municipality_text
        FROM {layers.STAGING}.stg_attendance AS a
        JOIN {layers.RAW}.attendance_lists AS r ON r._source_file = a.source_file AND r._source_row = a.source_row
    """).fetchall()
    rows, pairs = person_resolution.resolve([person_resolution.ListedRow(*r) for r in listed])
    data, schema = (rows, _PERSON_SCHEMA) if table == "attendance_persons" else (pairs, _PAIR_SCHEMA)
    conn.register("incoming", pa.Table.from_pylist(data, schema=schema))
    conn.execute(f"CREATE OR REPLACE TABLE {layers.STAGING}.{table} AS SELECT * FROM incoming")
    conn.unregister("incoming")
    return len(data)


def build_person_asset(table: str, deps: list[dg.AssetKey], description: str) -> dg.AssetsDefinition:
    @table_asset(
        key=(layers.STAGING, table),
        deps=[dg.AssetKey([layers.STAGING, "stg_attendance"]), dg.AssetKey([layers.RAW, "attendance_lists"]), *deps],
        kinds={"duckdb", "python"},
        description=description,
        metadata=code_reference(Path(person_resolution.__file__)),
        automation_condition=follows_parents(),
    )
    def _persons(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
        with warehouse.get_connection() as conn:
            resolve_persons(conn, table)
            return describe_table(conn, f"{layers.STAGING}.{table}")

    return _persons


staging_assets = [
    build_person_asset(
        "attendance_persons", [],
        "Persons across the attendance lists: one row per counted list row (staging.stg_attendance) with a "
        "pseudonymous `person_id` shared by the rows of one person. Rows merge only on the same full normalised "
        "name and a shared organisation, represented municipality or place; a name of initials only is never "
        "merged (`name_form`). No names leave raw."),
    build_person_asset(
        "attendance_person_pairs", [dg.AssetKey([layers.STAGING, "attendance_persons"])],
        "Pairs of persons (staging.attendance_persons) that may be one person but were not merged, with the "
        "reason: the same name without a shared organisation, municipality or place, or a name of initials "
        "only that fits another person. Listed for review, never counted as one."),
    build_resolution_asset("survey", "in the survey (own and partner municipalities)"),
    build_resolution_asset("attendance", "on the attendance lists (municipality or place column)"),
]
