"""Reference layer: the real CBS municipality list of 2009, the G31, and the GIA regions.

The files in data/reference/ are loaded as they are (text columns, codes with leading zeros);
the SQL models in dbt_like_sql/reference/ join them into `reference.municipalities` and
`reference.gia_regions`.
"""

import dagster as dg

from gia_pipeline import layers, paths, yaml_io
from gia_pipeline.resources import SourceFiles, Warehouse
from gia_pipeline.table_asset import table_asset
from gia_pipeline.table_metadata import code_reference, describe_table

REFERENCE_FILES = {
    "cbs_municipalities_2009": (
        "gemeenten_2009.csv",
        "CBS municipality list on 1 January 2009: 441 rows of gemeentecode (4 digits), "
        "gemeentenaam and provincie. Loaded as-is from data/reference/gemeenten_2009.csv "
        "(provenance in data/reference/SOURCES.md).",
    ),
    "g31_2009": (
        "g31_2009.csv",
        "The 31 municipalities of the big-cities policy (GSB III, 2005-2009) with their group, "
        "G4 or G27, from the BDU SIV law. Loaded as-is from data/reference/g31_2009.csv.",
    ),
    "answer_scales": (
        "rules:answer_scales.csv",
        "How the survey's 5-point answers collapse into the report's three columns (survey contract §5): "
        "Likert (Oneens / Neutraal / Eens) and the dialogue scale of report 5.2 (Helemaal niet / Neutraal / "
        "In sterke mate). Declared in gia_pipeline/rules/answer_scales.csv.",
    ),
    "gia_targets": (
        "gia_targets.csv",
        "The GIA's growth path: the share of municipalities that should work with the agenda per year "
        "(Integratienota 2007-2011: 10% 2008, 15% 2009, 25% 2010, 40% 2011; the minister's 100% by 2012). "
        "Loaded from data/reference/gia_targets.csv.",
    ),
    "published_figures": (
        "published_figures.csv",
        "Every figure the evaluation report prints in its tables and text (chapters 3-5 and section 1.3), "
        "transcribed by hand and keyed like marts.evaluation_tables. The only place where published numbers "
        "enter the pipeline: marts.report_reconciliation compares them with the computed ones.",
    ),
    "gia_region_provinces": (
        "gia_regions.csv",
        "Which of the seven GIA regions each province belongs to, and the CMOs that organise the "
        "regional meetings there (report section 2.4). Loaded from data/reference/gia_regions.csv.",
    ),
}


def load_csv(conn, table: str, path) -> None:
    """A reference CSV as it is: text columns, codes with their leading zeros."""
    conn.execute(f"CREATE OR REPLACE TABLE {table} AS "
                 "SELECT * FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"')",
                 [str(path)])


def build_reference_asset(name: str, filename: str, description: str) -> dg.AssetsDefinition:
    from_rules = filename.startswith("rules:")
    filename = filename.removeprefix("rules:")
    default_path = (paths.RULES_DIR if from_rules else paths.REFERENCE_DIR) / filename

    @table_asset(
        key=(layers.REFERENCE, name),
        kinds={"duckdb", "csv"},
        description=description,
        metadata={**code_reference(default_path), "source_file": dg.MetadataValue.path(str(default_path))},
    )
    def _reference_file(context: dg.AssetExecutionContext, warehouse: Warehouse, source_files: SourceFiles) -> dict:
        table = f"{layers.REFERENCE}.{name}"
        path = default_path if from_rules else source_files.reference_file(filename)
        if not path.is_file():
            raise FileNotFoundError(f"reference file {path} does not exist (GIA_REFERENCE_DIR)")
        with warehouse.get_connection() as conn:
            load_csv(conn, table, path)
            return describe_table(conn, table)

    return _reference_file


reference_assets = [build_reference_asset(name, *spec) for name, spec in REFERENCE_FILES.items()]


CATEGORY_RULES_FILE = paths.RULES_DIR / "attendee_categories.yaml"


def load_category_rules(path=CATEGORY_RULES_FILE) -> tuple[list[dict], str, list[str]]:
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


@table_asset(
    key=(layers.REFERENCE, "attendee_category_rules"),
    kinds={"duckdb", "yaml"},
    description="The declared rules that derive an attendee's category (wethouder, overig gemeente, CMO, "
                "FORUM, provincie, Rijk, welzijnsinstelling, onderwijs/commercieel) from organisation and "
                "function, in priority order (first match wins), from gia_pipeline/rules/attendee_categories.yaml. "
                "The row with priority 0 holds the fallback category (onbekend).",
    metadata=code_reference(CATEGORY_RULES_FILE),
)
def attendee_category_rules(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dict:
    table = f"{layers.REFERENCE}.attendee_category_rules"
    with warehouse.get_connection() as conn:
        load_category_rules_table(conn, table)
        return describe_table(conn, table)


def load_category_rules_table(conn, table: str = f"{layers.REFERENCE}.attendee_category_rules") -> None:
    import pyarrow as pa

    rules, fallback, _ = load_category_rules()
    rows = [{"priority": 0, "category": fallback, "organisation_pattern": None, "function_pattern": None,
             "note": "fallback: no rule matched"}, *rules]
    conn.register("incoming", pa.Table.from_pylist(rows))
    conn.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM incoming")
    conn.unregister("incoming")
    # fail here, not in staging, when a pattern is not valid RE2 (DuckDB's regex engine)
    conn.execute(f"SELECT regexp_matches('', organisation_pattern), regexp_matches('', function_pattern) FROM {table}").fetchall()


reference_assets.append(attendee_category_rules)
