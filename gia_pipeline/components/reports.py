"""EvaluationReport and PublishedSnapshot: what people outside the warehouse read. Instances:
`defs/reports/defs.yaml`.

- EvaluationReport — the stakeholders' self-contained HTML report (data/reports/gia-evaluation.html):
  the evaluation's tables, the reconciliation summary and charts, regenerated on each refresh.
- PublishedSnapshot — the marts for analysts, swapped in atomically, so analysts read a complete
  snapshot and never block or break a refresh (lib/publish.py).

Both run after every asset of the defs folders named in `reads` (e.g. `marts`: adding a mart needs
no change here) and the asset keys named in `after`.
"""

import os
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, urljoin

import dagster as dg

from gia_pipeline.lib import column_lineage, layers, model_lineage, publish, report_html
from gia_pipeline.lib.project_checks import asset_specs
from gia_pipeline.lib.resources import POOL, Outputs, Warehouse
from gia_pipeline.lib.table_metadata import code_reference, follows_parents


class _ReportsLayerAsset(dg.Component, dg.Model, dg.Resolvable):
    reads: list[str] = []      # defs folders (relative to the defs root) whose assets this one reads
    after: list[str] = []      # further asset keys ("reports/evaluation_report") to run after

    def deps(self, context: dg.ComponentLoadContext) -> list[dg.AssetKey]:
        keys = {spec.key for folder in self.reads for spec in asset_specs(context.build_defs(folder))}
        return sorted(keys | {dg.AssetKey.from_user_string(k) for k in self.after}, key=lambda k: k.path)


def _reports_asset(name: str, deps: list[dg.AssetKey], kinds: set[str], description: str, module) -> dict:
    """The settings every reports-layer asset shares."""
    return dict(key=[layers.REPORTS, name], deps=deps, group_name=layers.REPORTS, kinds=kinds,
                description=" ".join(description.split()), owners=[layers.OWNER],
                metadata=code_reference(Path(module.__file__)), automation_condition=follows_parents(),
                pool=POOL)


class EvaluationReport(_ReportsLayerAsset):
    """The evaluation as one self-contained HTML page."""

    name: str = "evaluation_report"
    file: str = "gia-evaluation.html"     # in the reports folder (GIA_REPORTS_DIR)
    description: str

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        file_name = self.file

        @dg.asset(**_reports_asset(self.name, self.deps(context), {"html", "python"}, self.description, report_html))
        def _report(context: dg.AssetExecutionContext, warehouse: Warehouse, outputs: Outputs) -> dg.MaterializeResult:
            target = Path(outputs.reports_dir) / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            with warehouse.get_connection() as conn:
                lineage = model_lineage.project_lineage(conn, column_lineage.cache_file())
                html = report_html.render_report(conn, generated_at=datetime.now(timezone.utc),
                                                 snapshot=f"verversing {context.run_id[:8]}", lineage=lineage)
                statuses = dict(conn.execute(
                    "SELECT status, count(*) FROM marts.report_reconciliation GROUP BY ALL ORDER BY ALL").fetchall())
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(html, encoding="utf-8")
            os.replace(tmp, target)
            return dg.MaterializeResult(metadata={
                # a link the browser follows from the UI: the reports folder served over http by
                # scripts/dev.sh (a file:// link from an http page is refused); and the path to copy
                "open": dg.MetadataValue.url(urljoin(outputs.reports_url.rstrip("/") + "/", quote(file_name))),
                "path": dg.MetadataValue.path(str(target)),
                "size_bytes": dg.MetadataValue.int(target.stat().st_size),
                "reconciliation": dg.MetadataValue.json(statuses),
            })

        return dg.Definitions(assets=[_report])


class PublishedSnapshot(_ReportsLayerAsset):
    """The given warehouse schemas published for analysts, swapped in atomically."""

    name: str = "published_snapshot"
    schemas: list[str] = [layers.MARTS]
    description: str

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        schemas = tuple(self.schemas)

        @dg.asset(**_reports_asset(self.name, self.deps(context), {"duckdb", "parquet"}, self.description, publish))
        def _snapshot(context: dg.AssetExecutionContext, warehouse: Warehouse, outputs: Outputs) -> dg.MaterializeResult:
            with warehouse.get_connection() as conn:
                result = publish.publish_snapshot(conn, Path(outputs.published_dir), schemas=schemas,
                                                  source_path=str(Path(warehouse.database).resolve()))
            return dg.MaterializeResult(metadata={
                "database": dg.MetadataValue.path(str(result.db_path)),
                "snapshot": dg.MetadataValue.text(result.snapshot_id),
                "snapshot_dir": dg.MetadataValue.path(str(result.snapshot_dir)),
                "tables": dg.MetadataValue.json(result.row_counts),
                "pruned_snapshots": dg.MetadataValue.int(len(result.pruned)),
            })

        return dg.Definitions(assets=[_snapshot])
