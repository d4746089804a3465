"""Declared expectations: `dbt_like_sql/<layer>/expectations.yaml`.

Format (one file per layer; tables are those of the layer)::

    <table>:
      - <GX expectation name, snake_case>: {<its arguments>}
      - expect_column_values_to_be_unique: {column: gemeentecode}
        blocking: false        # optional, default: true in reference/raw, false elsewhere
        severity: warn         # optional, default: error
        name: unique_codes     # optional: the check's name (default: derived from expectation and column)

Parsing is cheap and happens at definitions load; Great Expectations itself is imported only
when a check runs (see `gx_checks`).
"""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path


from gia_pipeline.lib import layers, paths, yaml_io

_NAME = re.compile(r"^expect_[a-z0-9_]+$")
_OPTIONS = {"blocking", "severity", "description", "name"}


class ExpectationDeclarationError(Exception):
    """A malformed expectations file; the message names the file and the table."""


@dataclass(frozen=True)
class DeclaredExpectation:
    layer: str
    table: str
    expectation: str                  # snake_case GX name, e.g. expect_column_values_to_be_unique
    kwargs: dict = field(hash=False)
    blocking: bool
    severity: str                     # error | warn
    check_name: str                   # unique per table
    source: Path
    personal: bool = False            # reads a personal column: its values never go into metadata

    @property
    def gx_class_name(self) -> str:
        return "".join(part.capitalize() for part in self.expectation.split("_"))

    @property
    def description(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"GX {self.gx_class_name}({args}) on {self.layer}.{self.table}"


def _check_name(expectation: str, kwargs: dict, taken: set[str], name: str | None = None) -> str:
    if name is not None:
        if not re.fullmatch(r"[A-Za-z0-9_]+", str(name)) or name in taken:
            raise ValueError(f"check name {name!r} is not a unique identifier")
        taken.add(name)
        return name
    column = kwargs.get("column") or "_".join(kwargs.get("column_list", [])) \
        or "_".join(str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs)
    base = re.sub(r"[^A-Za-z0-9_]", "_", expectation.removeprefix("expect_") + (f"__{column}" if column else ""))
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def load_file(path: Path, layer: str) -> list[DeclaredExpectation]:
    doc = yaml_io.load_mapping(path, ExpectationDeclarationError, "lists")
    declared = []
    for table, items in doc.items():
        if not isinstance(items, list):
            raise ExpectationDeclarationError(f"{path}: '{table}' must hold a list of expectations")
        taken: set[str] = set()
        for i, item in enumerate(items, 1):
            names = [k for k in (item or {}) if k not in _OPTIONS] if isinstance(item, dict) else []
            if len(names) != 1 or not _NAME.match(names[0]):
                raise ExpectationDeclarationError(
                    f"{path}: {table} item {i}: expected one 'expect_…: {{arguments}}' entry, got {item!r}")
            name = names[0]
            kwargs = item[name] or {}
            if not isinstance(kwargs, dict):
                raise ExpectationDeclarationError(f"{path}: {table} item {i}: arguments of {name} must be a mapping")
            severity = item.get("severity", "error")
            if severity not in ("error", "warn"):
                raise ExpectationDeclarationError(f"{path}: {table} item {i}: severity must be error or warn")
            try:
                check_name = _check_name(name, kwargs, taken, item.get("name"))
            except ValueError as e:
                raise ExpectationDeclarationError(f"{path}: {table} item {i}: {e}") from e
            declared.append(DeclaredExpectation(
                layer=layer, table=str(table), expectation=name, kwargs=kwargs,
                blocking=bool(item.get("blocking", layer in layers.BLOCKING_LAYERS)),
                severity=severity, check_name=check_name, source=path))
    return declared


@functools.cache
def _load_all(sql_dir: Path) -> tuple[DeclaredExpectation, ...]:
    return tuple(d for path in sorted(sql_dir.glob("*/expectations.yaml")) for d in load_file(path, path.parent.name))


def declared_for(layer: str, table: str, sql_dir: Path = paths.SQL_DIR) -> list[DeclaredExpectation]:
    """The expectations declared for one table (read once per process); asset factories attach
    them to the asset that builds the table."""
    return [d for d in _load_all(sql_dir) if (d.layer, d.table) == (layer, table)]


def discover(sql_dir: Path, known_tables: set[tuple[str, str]]) -> list[DeclaredExpectation]:
    """Every `expectations.yaml` under `sql_dir/<layer>/`; each table must be a known asset (a
    declaration for a table nobody builds would otherwise be silently ignored)."""
    declared = list(_load_all(sql_dir))
    for d in declared:
        if (d.layer, d.table) not in known_tables:
            raise ExpectationDeclarationError(f"{d.source}: table {d.layer}.{d.table} is not produced by any asset")
    return declared


_NOT_BLANK = {"row_condition": "_blank == False", "condition_parser": "pandas"}


def from_contract(contract, layer: str, table: str) -> list[DeclaredExpectation]:
    """The raw checks a data contract implies: required columns present, no empty mandatory
    cell, values in their allowed sets, one row per row key within a file (or within the source,
    for `row_key_scope: source`). All blocking."""
    specs: list[tuple[str, dict]] = [
        ("expect_table_columns_to_match_set", {"column_set": contract.fields, "exact_match": False})]
    for col in contract.columns:
        if col.on_invalid != "refuse":
            continue   # flagged values are reported downstream, not refused here
        if not col.nullable:
            specs.append(("expect_column_values_to_not_be_null", {"column": col.field, **_NOT_BLANK}))
        if col.allowed is not None:
            specs.append(("expect_column_values_to_be_in_set", {"column": col.field, "value_set": list(col.allowed)}))
    key = [*(["_source_file"] if contract.row_key_scope == "file" else []), *contract.row_key]
    if len(key) > 1:
        specs.append(("expect_compound_columns_to_be_unique", {"column_list": key, **_NOT_BLANK}))
    elif key:   # GX's compound check needs two columns
        specs.append(("expect_column_values_to_be_unique", {"column": key[0], **_NOT_BLANK}))
    taken: set[str] = set()
    personal = set(contract.personal_fields)
    return [DeclaredExpectation(layer=layer, table=table, expectation=name, kwargs=kwargs, blocking=True,
                                severity="error", check_name=_check_name(name, kwargs, taken), source=contract.path,
                                personal=bool(personal & {kwargs.get("column"), *kwargs.get("column_list", ())}))
            for name, kwargs in specs]
