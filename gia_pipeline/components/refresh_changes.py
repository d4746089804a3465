"""RefreshChanges: what changed since the last good refresh — every figure whose value differs
and every raw file added, changed or removed (by hash). Instance: `defs/marts/defs.yaml`.

The comparison (gia_pipeline/lib/refresh_changes.py) reads the last good refresh from the
published snapshot (the Outputs resource's folder), which only a successful refresh replaces.
The asset's metadata carries the counts and the changes as a table; the report shows them, and
the refresh command summarises them.
"""

from pathlib import Path

import dagster as dg

from gia_pipeline.lib import layers, publish, refresh_changes
from gia_pipeline.lib.resources import Outputs, Warehouse
from gia_pipeline.lib.table_asset import table_asset
from gia_pipeline.lib.table_metadata import code_reference, describe_table, follows_parents

#: how many changes the asset's metadata lists (the table holds them all)
SHOWN = 50


class RefreshChanges(dg.Component, dg.Model, dg.Resolvable):
    """marts.refresh_changes against the published snapshot of the last good refresh."""

    description: str

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        @table_asset(
            key=(layers.MARTS, "refresh_changes"),
            deps=[dg.AssetKey([layers.MARTS, "evaluation_tables"]), dg.AssetKey([layers.MARTS, "raw_files"])],
            kinds={"duckdb", "python"},
            description=" ".join(self.description.split()),
            metadata=code_reference(Path(refresh_changes.__file__)),
            automation_condition=follows_parents(),
            columns=list(refresh_changes.COLUMNS),
        )
        def _refresh_changes(context: dg.AssetExecutionContext, warehouse: Warehouse, outputs: Outputs) -> dict:
            with warehouse.get_connection() as conn:
                summary = refresh_changes.build(conn, Path(outputs.published_dir) / publish.DB_NAME)
                metadata = describe_table(conn, refresh_changes.TABLE)
                metadata["changes"] = dg.MetadataValue.md(_as_markdown(conn))
            metadata["compared_with"] = dg.MetadataValue.text(summary.compared_with or "nothing (no previous snapshot)")
            metadata["changed_figures"] = dg.MetadataValue.int(summary.figures)
            metadata["changed_files"] = dg.MetadataValue.json(summary.files)
            return metadata

        return dg.Definitions(assets=[_refresh_changes])


def _as_markdown(conn) -> str:
    rows = conn.execute(f"""
        SELECT change, concat_ws(' / ', table_id, row_key, col_key, source_file),
               concat_ws(' / ', old_count, old_n, round(old_value, 2), old_note, left(old_sha256, 12)),
               concat_ws(' / ', new_count, new_n, round(new_value, 2), new_note, left(new_sha256, 12)), detail
        FROM {refresh_changes.TABLE} WHERE change <> '{refresh_changes.COMPARED}' LIMIT {SHOWN + 1}""").fetchall()
    if not rows:
        return "Nothing changed since the last good refresh."
    lines = ["| change | figure or file | old | new | detail |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(str(v or '') for v in row)} |" for row in rows[:SHOWN]]
    if len(rows) > SHOWN:
        lines.append(f"\nMore in {refresh_changes.TABLE}.")
    return "\n".join(lines)
