"""ReferenceFiles and CategoryRules: the given facts of the reference layer. Instances:
`defs/reference/defs.yaml`.

ReferenceFiles loads CSV files as they are into `reference.<table>` (text columns, codes with
their leading zeros). A file is either `file:` — a name in the reference folder (`GIA_REFERENCE_DIR`,
resolved when the run starts, so a deployment can point at its own copy) — or `path:` — a file
shipped with the project, relative to the defs.yaml (declared rules such as the answer scales).
CategoryRules loads the declared attendee-category rules (first match wins) into
`reference.attendee_category_rules`.
"""

from pathlib import Path

import dagster as dg
from pydantic import model_validator

from gia_pipeline.lib import layers, paths
from gia_pipeline.lib.column_docs import ColumnDocsError
from gia_pipeline.lib.reference_files import CATEGORY_RULES_SCHEMA, csv_header, load_category_rules_table, load_csv
from gia_pipeline.lib.resources import SourceFiles, Warehouse
from gia_pipeline.lib.table_asset import table_asset
from gia_pipeline.lib.table_metadata import code_reference, describe_table


class ReferenceFile(dg.Model):
    table: str
    description: str
    file: str | None = None   # in the reference folder (GIA_REFERENCE_DIR)
    path: str | None = None   # shipped with the project, relative to the defs.yaml

    @model_validator(mode="after")
    def _one_location(self):
        if (self.file is None) == (self.path is None):
            raise ValueError(f"reference table {self.table}: give exactly one of `file` or `path`")
        return self


class ReferenceFiles(dg.Component, dg.Model, dg.Resolvable):
    """CSV reference files, each loaded as it is into one reference table."""

    files: list[ReferenceFile]

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        return dg.Definitions(assets=[_reference_asset(f, context.path) for f in self.files])


def _reference_asset(ref: ReferenceFile, here: Path) -> dg.AssetsDefinition:
    shipped = (here / ref.path).resolve() if ref.path else None
    shown = shipped or paths.REFERENCE_DIR / ref.file
    at_load = shipped or Path(paths.reference_dir()) / ref.file
    if not at_load.is_file():   # its header is the table's columns, checked against columns.yaml
        raise ColumnDocsError(f"{here / 'defs.yaml'}: reference table {ref.table}: file {at_load} does not exist")

    @table_asset(
        key=(layers.REFERENCE, ref.table),
        kinds={"duckdb", "csv"},
        description=" ".join(ref.description.split()),
        metadata={**code_reference(shown), "source_file": dg.MetadataValue.path(str(shown))},
        columns=csv_header(at_load),
    )
    def _reference_file(context: dg.AssetExecutionContext, warehouse: Warehouse, source_files: SourceFiles) -> dict:
        table = f"{layers.REFERENCE}.{ref.table}"
        path = shipped or source_files.reference_file(ref.file)
        if not path.is_file():
            raise dg.Failure(description=f"reference file {path} does not exist"
                                         + ("" if shipped else " (GIA_REFERENCE_DIR)"))
        with warehouse.get_connection() as conn:
            load_csv(conn, table, path)
            return describe_table(conn, table)

    return _reference_file


class CategoryRules(dg.Component, dg.Model, dg.Resolvable):
    """The declared rules that derive an attendee's category from organisation and function."""

    table: str
    rules: str          # the rules file, relative to the defs.yaml
    description: str

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        rules_file = (context.path / self.rules).resolve()
        name = self.table

        @table_asset(
            key=(layers.REFERENCE, name),
            kinds={"duckdb", "yaml"},
            description=" ".join(self.description.split()),
            metadata=code_reference(rules_file),
            columns=CATEGORY_RULES_SCHEMA.names,
        )
        def _category_rules(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
            table = f"{layers.REFERENCE}.{name}"
            with warehouse.get_connection() as conn:
                load_category_rules_table(conn, table, rules_file)
                return describe_table(conn, table)

        return dg.Definitions(assets=[_category_rules])
