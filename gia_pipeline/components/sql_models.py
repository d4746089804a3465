"""SqlModels: a folder of dbt-like SQL models, one asset and one DuckDB table per file. Instances:
`defs/<layer>/defs.yaml`.

    type: gia_pipeline.components.SqlModels
    attributes:
      path: "{{ project_root }}/dbt_like_sql/marts"    # or a path relative to this defs.yaml
      layer: marts                                     # optional: default the folder's name

`<layer>/<name>.sql` becomes the asset `<layer>/<name>` and the table `<layer>.<name>`: its SELECT
materialised with `CREATE OR REPLACE TABLE … AS` in one transaction, then the table's declared
checks (`expectations.yaml` of the folder). The models of a folder run as one step, in dependency
order, as dagster-dbt runs a dbt project (lib/table_asset.py): each is still its own asset, and a
subset selected in the UI runs only those models. Dependencies are inferred from the SQL with sqlglot;
the header comment is the description. Load-time errors name the file (lib/sql_models.py).
"""

import dagster as dg
import duckdb

from gia_pipeline.lib import column_lineage, layers
from gia_pipeline.lib.project_checks import SQL_FILE_METADATA
from gia_pipeline.lib.resources import Warehouse
from gia_pipeline.lib.sql_models import SqlModel, SqlModelError, load_layer
from gia_pipeline.lib.table_asset import Table, tables_asset
from gia_pipeline.lib.table_metadata import code_reference, describe_table, follows_parents


def sql_table(model: SqlModel) -> Table:
    """`CREATE OR REPLACE TABLE <layer>.<name> AS <the file's SELECT>`, in one transaction."""

    def build(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
        with warehouse.get_connection() as conn:
            conn.execute("BEGIN TRANSACTION")
            try:
                conn.execute(f"CREATE OR REPLACE TABLE {model.table} AS\n{model.sql}")
                conn.execute("COMMIT")
            except duckdb.Error as e:
                conn.execute("ROLLBACK")
                hint = (f" (DuckDB's memory_limit is {warehouse.memory_limit}: raise it with GIA_DUCKDB_MEMORY_LIMIT)"
                        if isinstance(e, duckdb.OutOfMemoryException) else "")
                raise dg.Failure(description=f"{model.path}: {type(e).__name__}: {e}{hint}") from e
            metadata = describe_table(conn, model.table)
            columns = [c.name for c in metadata["dagster/column_schema"].value.columns]
            try:
                metadata.update(column_lineage.as_metadata(
                    column_lineage.compute(conn, model, columns, column_lineage.cache_file())))
            except Exception as e:  # lineage is documentation: never fail a model over it
                context.log.warning(f"{model.path}: column lineage not computed: {e}")
            return metadata

    return Table(
        key=model.key_path,
        description=model.description,
        kinds=frozenset({"duckdb", "sql"}),
        build=build,
        deps=tuple(dg.AssetKey(list(dep)) for dep in model.deps),
        metadata={**code_reference(model.path), SQL_FILE_METADATA: dg.MetadataValue.path(str(model.path)),
                  "sql": dg.MetadataValue.md(f"```sql\n{model.sql}\n```")},
        automation_condition=follows_parents(),
    )


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
        # one step for the whole layer, each model its own asset (the dagster-dbt pattern)
        tables = [sql_table(m) for m in load_layer(folder, layer)]
        return dg.Definitions(assets=[tables_asset(f"{layer}__sql_models", tables)] if tables else [])
