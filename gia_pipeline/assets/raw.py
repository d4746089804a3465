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
from gia_pipeline import layers
from gia_pipeline.expectations import from_contract
from gia_pipeline.municipality_resolution import split_names
from gia_pipeline.pseudonyms import person_key
from gia_pipeline.raw_reader import RawFileError, read_file, to_arrow
from gia_pipeline.resources import SourceFiles, Warehouse
from gia_pipeline.table_asset import table_asset
from gia_pipeline.table_metadata import code_reference, describe_table
from gia_pipeline.text_norm import norm_text


@dataclass(frozen=True)
class RawSource:
    table: str
    contract: str
    description: str
    #: extra columns computed at ingest: (name, arrow type, input field, function of its value)
    derived: tuple[tuple[str, pa.DataType, str, Callable[[object], object]], ...] = ()


RAW_SOURCES = (
    RawSource(
        table="survey_export",
        contract="survey",
        description="The web survey of all 441 municipalities as the survey tool exported it: one row "
                    "per submission (complete or not, test and duplicate submissions included), Dutch "
                    "question headers mapped to canonical fields by the survey contract, values as text "
                    "(typed fields also parsed, `<field>__value`); `partner_municipalities` is the "
                    "'mede namens' answer split into names (contract §6).",
        derived=(("partner_municipalities", pa.list_(pa.string()), "partner_municipalities_text", split_names),),
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
                    "the raw layer; `person_key` is their pseudonym for the layers downstream, "
                    "`organisation_norm` the organisation as the duplicate rule compares it.",
        derived=(("person_key", pa.string(), "person_name", person_key),
                 ("organisation_norm", pa.string(), "organisation", norm_text)),
    ),
)


def list_files(source_dir: Path, contract: contracts.Contract) -> list[Path]:
    files = sorted({p for pattern in contract.patterns for p in source_dir.glob(pattern) if p.is_file()})
    return [p for p in files if not p.name.startswith((".", "~$")) and not p.name.endswith((".tmp", ".part"))]


def read_source(source_dir: Path, source: RawSource, contract: contracts.Contract):
    """(arrow table, per-file summary) of every file of a source; RawFileError on a bad file."""
    files = list_files(source_dir, contract)
    if not files:
        raise RawFileError(f"{source_dir}: no files match {', '.join(contract.patterns)} "
                           f"for source '{contract.source}'")
    tables, summary = [], []
    extra_fields = tuple((n, t) for n, t, _, _ in source.derived)
    for path in files:
        result = read_file(path, contract, relative_to=source_dir)
        columns = result.columns
        for name, _, field, fn in source.derived:
            columns[name] = [fn(v) for v in columns[field]]
        tables.append(to_arrow(columns, contract, extra_fields))   # per file: the lists are freed now
        summary.append({"file": str(path.relative_to(source_dir)), "rows": result.n_rows,
                        "sha256": columns["_file_sha256"][0] if result.n_rows else None,
                        "encoding": result.encoding, "header_row": result.header_row,
                        "ignored_columns": result.extra_columns})
    return pa.concat_tables(tables), summary


def load_source(conn, source: RawSource, raw_dir: Path, contract: contracts.Contract | None = None) -> list[dict]:
    """Read every file of a source and (re)create raw.<table> in one transaction; returns the
    per-file summary. RawFileError on a file the contract refuses (nothing is written then)."""
    arrow, summary = read_source(raw_dir, source, contract or contracts.load(source.contract))
    loaded_at = datetime.now(timezone.utc).replace(tzinfo=None)
    conn.register("incoming", arrow)
    conn.execute("BEGIN TRANSACTION")
    conn.execute(f"CREATE OR REPLACE TABLE {layers.RAW}.{source.table} AS "
                 "SELECT *, ?::TIMESTAMP AS _loaded_at FROM incoming", [loaded_at])
    conn.execute("COMMIT")
    conn.unregister("incoming")
    return summary


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
                summary = load_source(conn, source, source_files.raw_path(), contract)
            except RawFileError as e:
                raise dg.Failure(description=str(e)) from e
            metadata = describe_table(conn, table)
        metadata["files"] = dg.MetadataValue.json(summary)
        metadata["file_count"] = dg.MetadataValue.int(len(summary))
        return metadata

    return _raw_source


def build_raw_assets() -> list[dg.AssetsDefinition]:
    return [build_raw_asset(source) for source in RAW_SOURCES]
