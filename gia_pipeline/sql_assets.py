"""The factory that turns every SQL model into a Dagster asset."""

from pathlib import Path

import dagster as dg
import duckdb

from gia_pipeline import column_lineage
from gia_pipeline.resources import Warehouse
from gia_pipeline.sql_models import SqlModel
from gia_pipeline.table_asset import table_asset
from gia_pipeline.table_metadata import code_reference, describe_table, follows_parents


def build_sql_asset(model: SqlModel) -> dg.AssetsDefinition:
    """`CREATE OR REPLACE TABLE <layer>.<name> AS <the file's SELECT>`, in one transaction, then
    the table's declared checks."""

    @table_asset(
        key=model.key_path,
        deps=[dg.AssetKey(list(dep)) for dep in model.deps],
        kinds={"duckdb", "sql"},
        description=model.description,
        metadata={**code_reference(model.path), "sql": dg.MetadataValue.md(f"```sql\n{model.sql}\n```")},
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
