"""Reading a raw source: every file of the landing folder that its contract matches, as delivered,
into one table with every row's lineage (source file, row number in that file, file content hash,
load time). The Dagster side is the RawSource component (gia_pipeline/components/raw_source.py).

What a file may look like is the source's contract (gia_pipeline/defs/raw/<source>/contract.yaml); a
file that breaks it fails with a RawFileError naming file, row and column. Header variants of the
different templates are mapped to one schema by the contract, never by per-file code.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from gia_pipeline.lib import contract as contracts
from gia_pipeline.lib import landing, layers
from gia_pipeline.lib.file_identity import check_identity
from gia_pipeline.lib.municipality_resolution import split_names
from gia_pipeline.lib.pseudonyms import person_keys_array
from gia_pipeline.lib.raw_reader import RawFileError, arrow_schema, read_file, to_arrow
from gia_pipeline.lib.text_norm import norm_text, organisation_key

#: the column load_source adds to every raw table
LOADED_AT = "_loaded_at"


#: functions a source may derive columns with at ingest (`derived:` of a RawSource in defs.yaml),
#: each from one file's column of values (an Arrow array) to the derived column: the pseudonymous
#: person key of a name (the secret read once per file), the contract's normalised text (`norm`)
#: of a free-text cell, an organisation as the duplicate and person rules compare it, the names of a list of municipalities (survey §6)
def _each(fn: Callable[[object], object], arrow_type: pa.DataType) -> Callable[[pa.Array], pa.Array]:
    """`fn` applied once per distinct value (organisations repeat across the rows of a list), so
    its cost follows the distinct values."""
    def derive(values: pa.Array) -> pa.Array:
        distinct = pc.unique(values)
        derived = pa.array([fn(v) for v in distinct.to_pylist()], arrow_type)
        return derived.take(pc.index_in(values, value_set=distinct, skip_nulls=False))
    return derive


DERIVATIONS: dict[str, tuple[Callable[[pa.Array], pa.Array], pa.DataType]] = {
    "pseudonym": (person_keys_array, pa.string()),
    "norm": (_each(norm_text, pa.string()), pa.string()),
    "organisation_key": (_each(organisation_key, pa.string()), pa.string()),
    "municipality_list": (_each(split_names, pa.list_(pa.string())), pa.list_(pa.string())),
}


@dataclass(frozen=True)
class Derived:
    """A column computed from another field of each row while reading (e.g. the pseudonymous
    `person_key` from `person_name`, so the name itself never has to leave the raw layer)."""

    column: str
    source_field: str
    function: str
    description: str = ""

    def __post_init__(self):
        if self.function not in DERIVATIONS:
            raise ValueError(f"derived column {self.column}: unknown function {self.function!r} "
                             f"(known: {', '.join(DERIVATIONS)})")


@dataclass(frozen=True)
class SourceSpec:
    """One raw source: the raw table it fills and the contract its files must meet."""

    table: str
    contract: contracts.Contract
    derived: tuple[Derived, ...] = ()

    @property
    def derived_fields(self) -> tuple[tuple[str, pa.DataType], ...]:
        return tuple((d.column, DERIVATIONS[d.function][1]) for d in self.derived)

    @property
    def columns(self) -> list[str]:
        """The columns of raw.<table>, in order: the reader's (contract fields, parsed values,
        lineage), the derived ones, the load time."""
        return [*arrow_schema(self.contract, self.derived_fields).names, LOADED_AT]


def read_source(source_dir: Path, source: SourceSpec):
    """(arrow table, per-file summary, files not read) of every file of a source; RawFileError on
    a bad file, a refused link, or files whose identities clash (file_identity)."""
    contract = source.contract
    listing = landing.list_source(source_dir, contract)
    if listing.refused:
        raise RawFileError("\n".join(f"{path}: {why}" for path, why in listing.refused.items()))
    if not listing.files:
        raise RawFileError(f"{source_dir}: no files match {', '.join(contract.patterns)} "
                           f"for source '{contract.source}'")
    tables, summary = [], []
    extra_fields = source.derived_fields
    for path in listing.files:
        result = read_file(path, contract, relative_to=source_dir)
        columns = result.data
        for d in source.derived:
            values = columns[d.source_field]
            columns[d.column] = DERIVATIONS[d.function][0](
                values if isinstance(values, pa.Array) else pa.array(values, pa.string()))
        table = to_arrow(columns, contract, extra_fields)   # per file: the lists are freed now
        tables.append(table)
        summary.append({"file": str(path.relative_to(source_dir)), "rows": result.n_rows,
                        "sha256": table.column("_file_sha256")[0].as_py() if result.n_rows else None,
                        "encoding": result.encoding, "header_row": result.header_row,
                        "ignored_columns": result.extra_columns})
    check_identity(list(zip(listing.files, tables)), contract)
    return pa.concat_tables(tables), summary, listing.unmatched


def load_source(conn, source: SourceSpec, raw_dir: Path) -> tuple[list[dict], list[dict]]:
    """Read every file of a source and (re)create raw.<table> in one transaction; returns the
    per-file summary and the files in the source's folders that were not read. RawFileError on
    a file the contract refuses (nothing is written then)."""
    arrow, summary, unmatched = read_source(raw_dir, source)
    loaded_at = datetime.now(timezone.utc).replace(tzinfo=None)
    conn.register("incoming", arrow)
    conn.execute("BEGIN TRANSACTION")
    conn.execute(f"CREATE OR REPLACE TABLE {layers.RAW}.{source.table} AS "
                 f"SELECT *, ?::TIMESTAMP AS {LOADED_AT} FROM incoming", [loaded_at])
    conn.execute("COMMIT")
    conn.unregister("incoming")
    return summary, unmatched


#: asset metadata that records which source a raw asset reads (tools such as the landing sensor and
#: the benchmark find the project's sources in the loaded definitions, never in a second list)
SOURCE_METADATA = "gia/raw_source"


def source_metadata(source: SourceSpec) -> dict:
    return {SOURCE_METADATA: dg.MetadataValue.json({
        "table": source.table, "contract": str(source.contract.path),
        "derived": [d.__dict__ for d in source.derived]})}


def sources_of(assets: Iterable) -> list[SourceSpec]:
    """The raw sources among asset specs or asset-graph nodes (anything with `.metadata`), by table."""
    found = []
    for asset in assets:
        entry = asset.metadata.get(SOURCE_METADATA)
        if entry is None:
            continue
        value = entry.value if isinstance(entry, dg.JsonMetadataValue) else json.loads(entry)
        found.append(SourceSpec(table=value["table"], contract=contracts.load_contract(Path(value["contract"])),
                                derived=tuple(Derived(**d) for d in value["derived"])))
    return sorted(found, key=lambda s: s.table)
