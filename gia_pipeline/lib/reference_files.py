"""Loading reference files into the warehouse: CSV files as they are (text columns, codes with
their leading zeros) and the declared attendee-category rules. The Dagster side is the
ReferenceFiles and CategoryRules components (gia_pipeline/components/reference_files.py); the SQL
models in dbt_like_sql/reference/ join the tables into `reference.municipalities` and
`reference.gia_regions`.
"""

import csv
from pathlib import Path

import pyarrow as pa

from gia_pipeline.lib import layers, paths, yaml_io


def csv_header(path: Path) -> list[str]:
    """The column names of a reference CSV: its first line (what load_csv makes the columns)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])


def load_csv(conn, table: str, path) -> None:
    """A reference CSV as it is: text columns, codes with their leading zeros."""
    conn.execute(f"CREATE OR REPLACE TABLE {table} AS "
                 "SELECT * FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"')",
                 [str(path)])


CATEGORY_RULES_FILE = paths.RULES_DIR / "attendee_categories.yaml"
#: the columns of reference.attendee_category_rules
CATEGORY_RULES_SCHEMA = pa.schema([("priority", pa.int64()), ("category", pa.string()),
                                   ("organisation_pattern", pa.string()), ("function_pattern", pa.string()),
                                   ("note", pa.string())])


def load_category_rules(path: Path = CATEGORY_RULES_FILE) -> tuple[list[dict], str, list[str]]:
    """(ordered rules, fallback category, the categories) from the declared rules file."""
    doc = yaml_io.loads(path.read_text(encoding="utf-8"))
    categories = list(doc["categories"])
    rules = []
    for priority, rule in enumerate(doc["rules"], 1):
        if rule["category"] not in categories:
            raise ValueError(f"{path}: rule {priority}: unknown category {rule['category']!r}")
        if not (rule.get("organisation") or rule.get("function")):
            raise ValueError(f"{path}: rule {priority}: needs an organisation or a function pattern")
        rules.append({"priority": priority, "category": rule["category"],
                      "organisation_pattern": rule.get("organisation"), "function_pattern": rule.get("function"),
                      "note": " ".join(str(rule.get("note", "")).split())})
    return rules, doc.get("fallback", "onbekend"), categories


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

