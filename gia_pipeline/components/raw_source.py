"""RawSource: one raw source — the landing-folder files its contract matches, read into
`raw.<table>` with every row's lineage. Instances: `defs/raw/<source>/defs.yaml`, each beside the
source's contract.

    type: gia_pipeline.components.RawSource
    attributes:
      table: attendance_lists
      contract: contract.yaml            # relative to this defs.yaml
      description: ...
      derived:                            # optional: columns computed while reading
        - {column: person_key, source_field: person_name, function: pseudonym, description: ...}

Every column of the raw table is documented: the contract's field descriptions, the lineage
columns (lib/column_docs.py) and each derived column's `description`.

A file the contract refuses fails the step with the reader's message (file, row, column); the
contract's implied checks (required columns, mandatory cells, value sets, unique row keys) are
blocking checks of the asset.
"""

from pathlib import Path

import dagster as dg

from gia_pipeline.lib import column_docs, landing, layers
from gia_pipeline.lib import contract as contracts
from gia_pipeline.lib.expectations import from_contract
from gia_pipeline.lib.raw_reader import RawFileError
from gia_pipeline.lib.raw_sources import Derived, SourceSpec, load_source, source_metadata
from gia_pipeline.lib.resources import SourceFiles, Warehouse
from gia_pipeline.lib.table_asset import table_asset
from gia_pipeline.lib.table_metadata import code_reference, describe_table


class DerivedColumn(dg.Model):
    column: str
    source_field: str
    function: str
    description: str


class RawSource(dg.Component, dg.Model, dg.Resolvable):
    """A raw source read by its data contract into one raw table."""

    table: str
    description: str
    contract: str = "contract.yaml"
    derived: list[DerivedColumn] = []

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        contract = contracts.load_contract((context.path / self.contract).resolve())
        source = SourceSpec(table=self.table, contract=contract,
                            derived=tuple(Derived(d.column, d.source_field, d.function, " ".join(d.description.split()))
                                          for d in self.derived))
        return dg.Definitions(assets=[build_raw_asset(source, self.description)])


def build_raw_asset(source: SourceSpec, description: str) -> dg.AssetsDefinition:
    contract = source.contract

    @table_asset(
        key=(layers.RAW, source.table),
        kinds={"duckdb", "python", "csv", "xlsx"},
        description=f"{' '.join(description.split())}\n\n{contract.description}",
        metadata={**code_reference(contract.path), **source_metadata(source),
                  "contract": dg.MetadataValue.path(str(contract.path)),
                  "personal_columns": dg.MetadataValue.json(contract.personal_fields)},
        declared=from_contract(contract, layers.RAW, source.table),
        columns=source.columns,
        docs=column_docs.for_raw(contract, {d.column: d.description for d in source.derived}),
    )
    def _raw_source(context: dg.AssetExecutionContext, warehouse: Warehouse, source_files: SourceFiles) -> dict:
        table = f"{layers.RAW}.{source.table}"
        with warehouse.get_connection() as conn:
            try:
                summary, unmatched = load_source(conn, source, source_files.raw_path())
            except RawFileError as e:
                raise dg.Failure(description=str(e)) from e
            metadata = describe_table(conn, table)
        not_read = [u for u in unmatched if not landing.is_temporary(Path(u["file"]).name)]
        if not_read:
            context.log.warning(f"{len(not_read)} file(s) in the landing folder of {contract.source} are not read: "
                                + "; ".join(f"{u['file']} ({u['reason']})" for u in not_read))
        metadata["files"] = dg.MetadataValue.json(summary)
        metadata["file_count"] = dg.MetadataValue.int(len(summary))
        metadata["files_not_read"] = dg.MetadataValue.json(unmatched)
        return metadata

    return _raw_source
