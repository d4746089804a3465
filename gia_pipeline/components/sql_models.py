"""SqlModels: a folder of dbt-like SQL models, one asset and one DuckDB table per file. Instances:
`defs/<layer>/defs.yaml`.

    type: gia_pipeline.components.SqlModels
    attributes:
      path: "{{ project_root }}/dbt_like_sql/marts"    # or a path relative to this defs.yaml
      layer: marts                                     # optional: default the folder's name

`<layer>/<name>.sql` becomes the asset `<layer>/<name>` and the table `<layer>.<name>`: its SELECT
materialised with `CREATE OR REPLACE TABLE … AS` in one transaction, then the table's declared
checks (`expectations.yaml` of the folder). Dependencies are inferred from the SQL with sqlglot;
the header comment is the description. Load-time errors name the file (lib/sql_models.py).
"""

from pathlib import Path

import dagster as dg
import duckdb

from gia_pipeline.lib import column_lineage, layers
from gia_pipeline.lib.project_checks import SQL_FILE_METADATA
from gia_pipeline.lib.resources import Warehouse
from gia_pipeline.lib.sql_models import SqlModel, SqlModelError, load_layer
from gia_pipeline.lib.table_asset import table_asset
from gia_pipeline.lib.table_metadata import code_reference, describe_table, follows_parents


def build_sql_asset(model: SqlModel) -> dg.AssetsDefinition:
    """`CREATE OR REPLACE TABLE <layer>.<name> AS <the file's SELECT>`, in one transaction, then
    the table's declared checks."""

    @table_asset(
        key=model.key_path,
        deps=[dg.AssetKey(list(dep)) for dep in model.deps],
        kinds={"duckdb", "sql"},
        description=model.description,
        metadata={**code_reference(model.path), SQL_FILE_METADATA: dg.MetadataValue.path(str(model.path)),
                  "sql": dg.MetadataValue.md(f"```sql\n{model.sql}\n```")},
        automation_condition=follows_parents(),
    )
    def _sql_model(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
        with warehouse.get_connection() as conn:
            conn.execute("BEGIN TRANSACTION")
            try:
                conn.execute(f"CREATE OR REPLACE TABLE {model.table} AS\n{model.sql}")
                conn.execute("COMMIT")
            except duckdb.Error as e:
                conn.execute("ROLLBACK")
                raise dg.Failure(description=f"{model.path}: {type(e).__name__}: {e}") from e
            metadata = describe_table(conn, model.table)
            columns = [c.name for c in metadata["dagster/column_schema"].value.columns]
            try:
                cache = Path(warehouse.database).parent / "column_lineage.cache.json"
                metadata.update(column_lineage.as_metadata(column_lineage.compute(conn, model, columns, cache)))
            except Exception as e:  # lineage is documentation: never fail a model over it
                context.log.warning(f"{model.path}: column lineage not computed: {e}")
            return metadata

    return _sql_model


class SqlModels(dg.Component, dg.Model, dg.Resolvable):
    """Every `*.sql` file of a folder as a table of one warehouse layer."""

    path: str
    layer: str | None = None

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        folder = (context.path / self.path).resolve()
        layer = self.layer or folder.name
        if layer not in layers.SCHEMAS:
            raise SqlModelError(f"{folder}: '{layer}' is not a warehouse layer ({', '.join(layers.SCHEMAS)})")
        if not folder.is_dir():
            raise SqlModelError(f"{context.path / 'defs.yaml'}: SQL folder {folder} does not exist")
        return dg.Definitions(assets=[build_sql_asset(m) for m in load_layer(folder, layer)])
