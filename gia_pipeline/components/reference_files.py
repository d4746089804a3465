"""ReferenceFiles and CategoryRules: the given facts of the reference layer. Instances:
`defs/reference/defs.yaml`.

ReferenceFiles loads CSV files into `reference.<table>` (text columns, codes with their leading
zeros), each read and checked by its `contract` (a contract file beside the defs.yaml, read by the
raw exports' reader: a value it does not accept refuses the file, naming row and column, and the
run fails before anything downstream reads it). A file is either `file:` — a name in the
reference folder (`GIA_REFERENCE_DIR`, resolved when the run starts, so a deployment can point at
its own copy) — or `path:` — a file shipped with the project, relative to the defs.yaml (declared
rules such as the answer scales).
CategoryRules loads the declared attendee-category rules (first match wins) into
`reference.attendee_category_rules`.
"""

from pathlib import Path

import dagster as dg
from pydantic import model_validator

from gia_pipeline.lib import layers, paths
from gia_pipeline.lib.raw_reader import RawFileError
from gia_pipeline.lib.reference_files import (CATEGORY_RULES_SCHEMA, load_category_rules_table, load_reference,
                                              reference_contract)
from gia_pipeline.lib.resources import SourceFiles, Warehouse
from gia_pipeline.lib.table_asset import table_asset
from gia_pipeline.lib.table_metadata import code_reference, describe_table


class ReferenceFile(dg.Model):
    table: str
    description: str
    contract: str             # the file's contract, relative to the defs.yaml
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


#: asset metadata naming a reference asset's contract (the benchmark's floors load the same way)
CONTRACT_METADATA = "gia/reference_contract"


def _reference_asset(ref: ReferenceFile, here: Path) -> dg.AssetsDefinition:
    shipped = (here / ref.path).resolve() if ref.path else None
    shown = shipped or paths.REFERENCE_DIR / ref.file
    contract_path = (here / ref.contract).resolve()
    contract = reference_contract(contract_path)

    @table_asset(
        key=(layers.REFERENCE, ref.table),
        kinds={"duckdb", "csv"},
        description=" ".join(ref.description.split()),
        metadata={**code_reference(shown), "source_file": dg.MetadataValue.path(str(shown)),
                  CONTRACT_METADATA: dg.MetadataValue.path(str(contract_path))},
        columns=contract.fields,
    )
    def _reference_file(context: dg.AssetExecutionContext, warehouse: Warehouse, source_files: SourceFiles) -> dict:
        table = f"{layers.REFERENCE}.{ref.table}"
        path = shipped or source_files.reference_file(ref.file)
        if not path.is_file():
            raise dg.Failure(description=f"reference file {path} does not exist"
                                         + ("" if shipped else " (GIA_REFERENCE_DIR)"))
        with warehouse.get_connection() as conn:
            try:
                ignored = load_reference(conn, table, path, contract)
            except RawFileError as e:
                raise dg.Failure(description=str(e)) from e
            if ignored:
                context.log.warning(f"{path.name}: column(s) {', '.join(map(repr, ignored))} not in the contract "
                                    f"{contract_path.name}, not loaded")
            return {**describe_table(conn, table), "ignored_columns": dg.MetadataValue.json(ignored)}

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
