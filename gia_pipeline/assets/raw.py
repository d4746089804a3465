"""Raw layer: the landing folder's files as delivered, one table per source, every row with its
lineage (source file, row number in that file, file content hash, load time).

What a file may look like is the source's contract (gia_pipeline/contracts/<source>.yaml); a file
that breaks it fails the run with a message naming file, row and column. Header variants of the
different templates are mapped to one schema by the contract, never by per-file code.
"""

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import dagster as dg
import pyarrow as pa

from gia_pipeline import contract as contracts
from gia_pipeline import landing, layers
from gia_pipeline.expectations import from_contract
from gia_pipeline.file_identity import check_identity
from gia_pipeline.pseudonyms import person_keys
from gia_pipeline.raw_reader import RawFileError, read_file, to_arrow
from gia_pipeline.resources import SourceFiles, Warehouse
from gia_pipeline.table_asset import table_asset
from gia_pipeline.table_metadata import code_reference, describe_table


@dataclass(frozen=True)
class RawSource:
    table: str
    contract: str
    description: str
    #: extra columns computed at ingest: (name, arrow type, input field, function of its values)
    derived: tuple[tuple[str, pa.DataType, str, Callable[[list], list]], ...] = ()


RAW_SOURCES = (
    RawSource(
        table="survey_export",
        contract="survey",
        description="The web survey of all 441 municipalities as the survey tool exported it: one row "
                    "per submission (complete or not, test and duplicate submissions included), Dutch "
                    "question headers mapped to canonical fields by the survey contract, values as text.",
    ),
    RawSource(
        table="meeting_register",
        contract="meetings",
        description="The register of the 21 regional GIA meetings: date, place, theme, region, organising "
                    "CMO, reported headcount, list status and the file name of its attendance list.",
    ),
    RawSource(
        table="attendance_lists",
        contract="attendance",
        description="Every row of every attendance list (csv and xlsx, several organiser templates mapped to "
                    "one schema). Holds person names and e-mail addresses: personal data that never leaves "
                    "the raw layer; `person_key` is their pseudonym for the layers downstream.",
        derived=(("person_key", pa.string(), "person_name", person_keys),),
    ),
)


def read_source(source_dir: Path, source: RawSource, contract: contracts.Contract):
    """(arrow table, per-file summary, files not read) of every file of a source; RawFileError on
    a bad file, a refused link, or files whose identities clash (file_identity)."""
    listing = landing.list_source(source_dir, contract)
    if listing.refused:
        raise RawFileError("\n".join(f"{path}: {why}" for path, why in listing.refused.items()))
    if not listing.files:
        raise RawFileError(f"{source_dir}: no files match {', '.join(contract.patterns)} "
                           f"for source '{contract.source}'")
    tables, summary = [], []
    extra_fields = tuple((n, t) for n, t, _, _ in source.derived)
    for path in listing.files:
        result = read_file(path, contract, relative_to=source_dir)
        columns = result.columns
        for name, _, field, fn in source.derived:
            columns[name] = fn(columns[field])
        tables.append(to_arrow(columns, contract, extra_fields))   # per file: the lists are freed now
        summary.append({"file": str(path.relative_to(source_dir)), "rows": result.n_rows,
                        "sha256": columns["_file_sha256"][0] if result.n_rows else None,
                        "encoding": result.encoding, "header_row": result.header_row,
                        "ignored_columns": result.extra_columns})
    check_identity(list(zip(listing.files, tables)), contract)
    return pa.concat_tables(tables), summary, listing.unmatched


def load_source(conn, source: RawSource, raw_dir: Path, contract: contracts.Contract | None = None):
    """Read every file of a source and (re)create raw.<table> in one transaction; returns the
    per-file summary and the files in the source's folders that were not read. RawFileError on
    a file the contract refuses (nothing is written then)."""
    arrow, summary, unmatched = read_source(raw_dir, source, contract or contracts.load(source.contract))
    loaded_at = datetime.now(timezone.utc).replace(tzinfo=None)
    conn.register("incoming", arrow)
    conn.execute("BEGIN TRANSACTION")
    conn.execute(f"CREATE OR REPLACE TABLE {layers.RAW}.{source.table} AS "
                 "SELECT *, ?::TIMESTAMP AS _loaded_at FROM incoming", [loaded_at])
    conn.execute("COMMIT")
    conn.unregister("incoming")
    return summary, unmatched


def build_raw_asset(source: RawSource) -> dg.AssetsDefinition:
    contract = contracts.load(source.contract)

    @table_asset(
        key=(layers.RAW, source.table),
        kinds={"duckdb", "python", "csv", "xlsx"},
        description=f"{source.description}\n\n{contract.description}",
        metadata={**code_reference(contract.path),
                  "contract": dg.MetadataValue.path(str(contract.path)),
                  "personal_columns": dg.MetadataValue.json(contract.personal_fields)},
        declared=from_contract(contract, layers.RAW, source.table),
    )
    def _raw_source(context: dg.AssetExecutionContext, warehouse: Warehouse, source_files: SourceFiles) -> dict:
        table = f"{layers.RAW}.{source.table}"
        with warehouse.get_connection() as conn:
            try:
                summary, unmatched = load_source(conn, source, source_files.raw_path(), contract)
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


def build_raw_assets() -> list[dg.AssetsDefinition]:
    return [build_raw_asset(source) for source in RAW_SOURCES]
