"""The machine-readable data contracts: `gia_pipeline/defs/raw/<source>/contract.yaml`.

The schema of these files is documented in docs/data-contract.md ("Machine-readable contract").
Loading one is cheap and happens at definitions load, so a malformed contract fails early.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from gia_pipeline.lib import paths, yaml_io

TYPES = ("string", "integer", "decimal", "date", "datetime")


class ContractError(Exception):
    """A malformed contract file."""


@dataclass(frozen=True)
class Column:
    field: str
    headers: tuple[str, ...]
    type: str = "string"
    required: bool = True
    nullable: bool = True
    allowed: tuple[str, ...] | None = None
    min: float | datetime | None = None   # datetime for date/datetime columns
    max: float | datetime | None = None
    formats: tuple[str, ...] = ()
    on_invalid: str = "refuse"
    unique: bool = False                 # no two rows of a file may hold the same value
    empty_iff: tuple[str, str] | None = None   # (field, value): the cell is empty iff field = value
    not_before: str | None = None        # field: the value may not lie before that field's in the row
    # routing: ((field, value or None), …): the cell may only be answered when one of these earlier
    # fields holds that value (None: any accepted value); an answer nobody asked for breaks the contract
    asked_when: tuple[tuple[str, str | None], ...] = ()
    personal: bool = False
    description: str = ""


@dataclass(frozen=True)
class Contract:
    source: str
    description: str
    patterns: tuple[str, ...]
    encodings: tuple[str, ...]
    delimiter: str
    max_title_rows: int
    row_key: tuple[str, ...]
    columns: tuple[Column, ...]
    extra_columns: str
    path: Path
    row_key_scope: str = "file"          # file | source: where the row key (and `unique`) must be unique
    raw: dict = field(repr=False, hash=False, compare=False, default_factory=dict)

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns]

    @property
    def personal_fields(self) -> list[str]:
        return [c.field for c in self.columns if c.personal]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)

    def column_for_header(self, header: str) -> Column | None:
        """The column a header cell names (case-, accent- and whitespace-insensitively), if any."""
        wanted = normalise_header(header)
        return next((c for c in self.columns if any(normalise_header(h) == wanted for h in c.headers)), None)


def normalise_header(text: str) -> str:
    """Headers match case-, accent- and whitespace-insensitively."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().lower()


def _bound(value, kind: str, what: str, path: Path, name: str):
    """A column's min/max: a number, or for date/datetime columns a date (YAML date or ISO text;
    a max without a time of day includes that whole day)."""
    if value is None or kind not in ("date", "datetime"):
        return value
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        day = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError as e:
            raise ContractError(f"{path}: column {name}: {what} must be a date (YYYY-MM-DD), got {value!r}") from e
        if len(str(value).strip()) > 10:      # a time of day was given
            return parsed
        day = parsed.date()
    start = datetime(day.year, day.month, day.day)
    return start if what == "min" else start + timedelta(days=1) - timedelta(microseconds=1)


def _empty_iff(value, path: Path, name: str) -> tuple[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"field", "value"}:
        raise ContractError(f"{path}: column {name}: empty_iff must be {{field: ..., value: ...}}")
    return str(value["field"]), str(value["value"])


def _asked_when(value, path: Path, name: str) -> tuple[tuple[str, str | None], ...]:
    """`asked_when: {field: F, value: V}` or a list of them (any one suffices); no value: any."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(i, dict) and "field" in i and set(i) <= {"field", "value"} for i in items):
        raise ContractError(f"{path}: column {name}: asked_when must be {{field: ..., value: ...}} or a list of them")
    return tuple((str(i["field"]), None if i.get("value") is None else str(i["value"])) for i in items)


def _expand(spec: dict, path: Path) -> list[dict]:
    n = spec.get("repeat")
    if n is None:
        return [spec]
    if not isinstance(n, int) or n < 1:
        raise ContractError(f"{path}: column {spec.get('field')}: repeat must be a positive integer")
    out = []
    for i in range(1, n + 1):
        s = {k: v for k, v in spec.items() if k != "repeat"}
        s["field"] = spec["field"].replace("{i}", str(i))
        s["headers"] = [h.replace("{i}", str(i)) for h in spec["headers"]]
        if "description" in s:
            s["description"] = str(s["description"]).replace("{i}", str(i))
        if "asked_when" in s:
            asked = s["asked_when"] if isinstance(s["asked_when"], list) else [s["asked_when"]]
            s["asked_when"] = [{**a, "field": str(a.get("field")).replace("{i}", str(i))}
                               if isinstance(a, dict) else a for a in asked]
        out.append(s)
    return out


def load_contract(path: Path) -> Contract:
    try:
        doc = yaml_io.loads(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ContractError(f"{path}: not valid YAML: {e}") from e
    try:
        files = doc["files"]
        csv = files.get("csv", {})
        enc = csv.get("encoding", "utf-8")
        columns = []
        # plausible_dates: {min, max} -- the window every date/datetime column of the source must
        # fall in, unless the column declares its own min/max
        plausible = doc.get("plausible_dates") or {}
        for raw_spec in doc["columns"]:
            for spec in _expand(raw_spec, path):
                kind = spec.get("type", "string")
                if kind not in TYPES:
                    raise ContractError(f"{path}: column {spec['field']}: unknown type {kind!r}")
                if spec.get("on_invalid", "refuse") not in ("refuse", "flag"):
                    raise ContractError(f"{path}: column {spec['field']}: on_invalid must be refuse or flag")
                allowed = spec.get("allowed")
                columns.append(Column(
                    field=spec["field"],
                    headers=tuple(spec["headers"]),
                    type=kind,
                    required=bool(spec.get("required", True)),
                    nullable=bool(spec.get("nullable", True)),
                    allowed=None if allowed is None else tuple(str(a) for a in allowed),
                    min=_bound(spec.get("min", plausible.get("min") if kind in ("date", "datetime") else None),
                               kind, "min", path, spec["field"]),
                    max=_bound(spec.get("max", plausible.get("max") if kind in ("date", "datetime") else None),
                               kind, "max", path, spec["field"]),
                    formats=tuple(spec.get("formats", ())),
                    on_invalid=spec.get("on_invalid", "refuse"),
                    unique=bool(spec.get("unique", False)),
                    empty_iff=_empty_iff(spec.get("empty_iff"), path, spec["field"]),
                    not_before=None if spec.get("not_before") is None else str(spec["not_before"]),
                    asked_when=_asked_when(spec.get("asked_when"), path, spec["field"]),
                    personal=bool(spec.get("personal", False)),
                    description=str(spec.get("description", "")).strip(),
                ))
        names = [c.field for c in columns]
        reserved = [n for n in names if "__" in n or n.startswith("_")]
        if reserved:   # `_…` are lineage columns, `<field>__value` the parsed values (raw_reader)
            raise ContractError(f"{path}: field names may not start with '_' or contain '__': {reserved}")
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ContractError(f"{path}: fields declared twice: {sorted(dupes)}")
        contract = Contract(
            source=doc["source"],
            description=str(doc.get("description", "")).strip(),
            patterns=tuple(files["patterns"]),
            encodings=tuple([enc] if isinstance(enc, str) else enc),
            delimiter=csv.get("delimiter", ";"),
            max_title_rows=int(files.get("max_title_rows", 0)),
            row_key=tuple(doc.get("row_key", ())),
            columns=tuple(columns),
            extra_columns=doc.get("extra_columns", "ignore"),
            path=path,
            row_key_scope=doc.get("row_key_scope", "file"),
            raw=doc,
        )
    except (KeyError, TypeError) as e:
        raise ContractError(f"{path}: missing or malformed key {e}") from e
    if contract.row_key_scope not in ("file", "source"):
        raise ContractError(f"{path}: row_key_scope must be file or source, got {contract.row_key_scope!r}")
    unknown_keys = set(contract.row_key) - set(names)
    if unknown_keys:
        raise ContractError(f"{path}: row_key names unknown fields {sorted(unknown_keys)}")
    for c in contract.columns:
        if c.empty_iff and c.empty_iff[0] not in names:
            raise ContractError(f"{path}: column {c.field}: empty_iff names unknown field {c.empty_iff[0]!r}")
        if c.not_before is not None:
            other = next((o for o in contract.columns if o.field == c.not_before), None)
            if other is None or other is c or c.type not in ("date", "datetime") or other.type != c.type:
                raise ContractError(f"{path}: column {c.field}: not_before must name another field of its own "
                                    f"type (date or datetime), got {c.not_before!r}")
        earlier = names[:names.index(c.field)]
        for other, _ in c.asked_when:     # read in contract order: a condition is already decided
            if other not in earlier:
                raise ContractError(f"{path}: column {c.field}: asked_when must name an earlier field, got {other!r}")
    return contract


def load(source: str) -> Contract:
    return load_contract(paths.RAW_DEFS_DIR / source / "contract.yaml")
