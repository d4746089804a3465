"""Loading reference files into the warehouse: CSV files read and checked by their contract (the
raw exports' reader, so a bad value is refused naming file, row and column), loaded as text
(codes with their leading zeros), and the declared attendee-category rules. The Dagster side is
the ReferenceFiles and CategoryRules components (gia_pipeline/components/reference_files.py); the
SQL models in dbt_like_sql/reference/ join the tables into `reference.municipalities` and
`reference.gia_regions`.
"""

from pathlib import Path

import pyarrow as pa

from gia_pipeline.lib import layers, paths, raw_reader, yaml_io
from gia_pipeline.lib.contract import Contract, ContractError, load_contract


def reference_contract(path: Path) -> Contract:
    """A reference file's contract. A reference file has no quarantine: every column refuses the
    file on a value it does not accept, and none holds personal data."""
    contract = load_contract(path)
    flagged = [c.field for c in contract.columns if c.on_invalid != "refuse"]
    personal = [c.field for c in contract.columns if c.personal]
    if flagged or personal:
        raise ContractError(f"{path}: a reference file's columns must be `on_invalid: refuse` and not personal; "
                            f"not so: {sorted(set(flagged + personal))}")
    return contract


def read_reference(path: Path, contract: Contract) -> tuple[pa.Table, list[str]]:
    """(the file's rows as text in the contract's columns, the header cells no column maps).
    RawFileError when the contract refuses the file. Blank rows are left out; a decimal comma is
    stored as a dot, so that the SQL reading the text casts every accepted number."""
    result = raw_reader.read_file(path, contract)
    data = result.columns
    keep = [not blank for blank in data["_blank"]]
    columns = {}
    for col in contract.columns:
        values = [v for v, k in zip(data[col.field], keep) if k]
        if col.type == "decimal":
            values = [None if v is None else v.replace(",", ".") for v in values]
        columns[col.field] = pa.array(values, pa.string())
    return pa.table(columns), result.extra_columns


def load_reference(conn, table: str, path: Path, contract: Contract) -> list[str]:
    """(Re)create `table` from a reference file; returns the header cells no column maps.
    RawFileError (nothing written) when the contract refuses the file."""
    rows, ignored = read_reference(path, contract)
    conn.register("incoming", rows)
    conn.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM incoming")
    conn.unregister("incoming")
    return ignored


CATEGORY_RULES_FILE = paths.RULES_DIR / "attendee_categories.yaml"
#: the columns of reference.attendee_category_rules
CATEGORY_RULES_SCHEMA = pa.schema([("priority", pa.int64()), ("category", pa.string()),
                                   ("organisation_pattern", pa.string()), ("function_pattern", pa.string()),
                                   ("note", pa.string())])


def load_category_rules(path: Path = CATEGORY_RULES_FILE) -> tuple[list[dict], str, list[str]]:
    """(ordered rules, fallback category, the categories) from the declared rules file."""
    doc = yaml_io.loads(path.read_text(encoding="utf-8"))
    categories = list(doc["categories"])
    fallback = doc.get("fallback", "onbekend")
    rules = []
    for priority, rule in enumerate(doc["rules"], 1):
        # a rule may also give the fallback: words that must not decide (an ex-wethouder)
        if rule["category"] not in categories and rule["category"] != fallback:
            raise ValueError(f"{path}: rule {priority}: unknown category {rule['category']!r}")
        if not (rule.get("organisation") or rule.get("function")):
            raise ValueError(f"{path}: rule {priority}: needs an organisation or a function pattern")
        rules.append({"priority": priority, "category": rule["category"],
                      "organisation_pattern": rule.get("organisation"), "function_pattern": rule.get("function"),
                      "note": " ".join(str(rule.get("note", "")).split())})
    return rules, fallback, categories


def load_category_rules_table(conn, table: str = f"{layers.REFERENCE}.attendee_category_rules",
                              path: Path = CATEGORY_RULES_FILE) -> None:
    rules, fallback, _ = load_category_rules(path)
    rows = [{"priority": 0, "category": fallback, "organisation_pattern": None, "function_pattern": None,
             "note": "fallback: no rule matched"}, *rules]
    conn.register("incoming", pa.Table.from_pylist(rows, schema=CATEGORY_RULES_SCHEMA))
    conn.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM incoming")
    conn.unregister("incoming")
    # fail here, not in staging, when a pattern is not valid RE2 (DuckDB's regex engine)
    conn.execute(f"SELECT regexp_matches('', organisation_pattern), regexp_matches('', function_pattern) FROM {table}").fetchall()

