"""Reports layer: what people outside the warehouse read.

- `reports/evaluation_report` — the stakeholders' self-contained HTML report
  (data/reports/gia-evaluation.html): the evaluation's tables, the reconciliation summary and
  charts, regenerated on each refresh.
- `reports/published_snapshot` — the marts as Parquet plus a small read-only DuckDB database of
  views over them (data/published/gia.duckdb), swapped in atomically, so analysts read a
  complete snapshot and never block or break a refresh.
"""

import os
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg

from gia_pipeline import layers, publish, report_html
from gia_pipeline.resources import Outputs, Warehouse
from gia_pipeline.table_metadata import code_reference, follows_parents

REPORT_FILE = "gia-evaluation.html"


def build_report_assets(mart_keys: list[dg.AssetKey]) -> list[dg.AssetsDefinition]:
    automation = follows_parents()

    @dg.asset(
        key=[layers.REPORTS, "evaluation_report"],
        # figure_invariants: its blocking checks must pass before a figure reaches the page
        deps=[dg.AssetKey([layers.MARTS, "evaluation_tables"]), dg.AssetKey([layers.MARTS, "report_reconciliation"]),
              dg.AssetKey([layers.MARTS, "figure_invariants"])],
        group_name=layers.REPORTS,
        kinds={"html", "python"},
        description="The evaluation as a self-contained HTML page for stakeholders (opens offline): every "
                    "table recomputed from the raw rows, the reconciliation against the published report, and "
                    "charts of reach per region, response by G31/overig and attendance by category per meeting.",
        owners=[layers.OWNER],
        metadata=code_reference(Path(report_html.__file__)),
        automation_condition=automation,
        pool="warehouse",
    )
    def evaluation_report(context: dg.AssetExecutionContext, warehouse: Warehouse, outputs: Outputs) -> dg.MaterializeResult:
        target = Path(outputs.reports_dir) / REPORT_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        with warehouse.get_connection() as conn:
            html = report_html.render_report(conn, generated_at=datetime.now(timezone.utc),
                                             snapshot=f"warehouse {warehouse.database}")
            statuses = dict(conn.execute(
                "SELECT status, count(*) FROM marts.report_reconciliation GROUP BY ALL ORDER BY ALL").fetchall())
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(target)),
            "open": dg.MetadataValue.url(target.resolve().as_uri()),
            "size_bytes": dg.MetadataValue.int(target.stat().st_size),
            "reconciliation": dg.MetadataValue.json(statuses),
        })

    @dg.asset(
        key=[layers.REPORTS, "published_snapshot"],
        deps=[*mart_keys, evaluation_report.key],
        group_name=layers.REPORTS,
        kinds={"duckdb", "parquet"},
        description="The marts published for analysts as Parquet files plus a read-only DuckDB database of views "
                    "over them (data/published/gia.duckdb), swapped in atomically after each successful refresh: "
                    "readers always see one complete snapshot and never hold the warehouse's writer lock.",
        owners=[layers.OWNER],
        metadata=code_reference(Path(publish.__file__)),
        automation_condition=automation,
        pool="warehouse",
    )
    def published_snapshot(context: dg.AssetExecutionContext, warehouse: Warehouse, outputs: Outputs) -> dg.MaterializeResult:
        with warehouse.get_connection() as conn:
            result = publish.publish_snapshot(conn, Path(outputs.published_dir), schemas=(layers.MARTS,),
                                              source_path=str(Path(warehouse.database).resolve()))
        return dg.MaterializeResult(metadata={
            "database": dg.MetadataValue.path(str(result.db_path)),
            "snapshot": dg.MetadataValue.text(result.snapshot_id),
            "snapshot_dir": dg.MetadataValue.path(str(result.snapshot_dir)),
            "tables": dg.MetadataValue.json(result.row_counts),
            "pruned_snapshots": dg.MetadataValue.int(len(result.pruned)),
        })

    return [evaluation_report, published_snapshot]
