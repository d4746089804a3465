"""Where things live. Every location that a user may move is read from an environment variable
with a safe default inside the repository."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SQL_DIR = PROJECT_ROOT / "dbt_like_sql"
#: the defs tree (`dg`'s defs module): one folder per layer, a raw source's contract beside its defs.yaml
DEFS_DIR = PACKAGE_DIR / "defs"
RAW_DEFS_DIR = DEFS_DIR / "raw"
RULES_DIR = PACKAGE_DIR / "rules"
#: the Dagster instance settings every DAGSTER_HOME of the project gets (scripts/_setup.sh copies it)
INSTANCE_YAML = PROJECT_ROOT / "scripts" / "dagster.yaml"

DEFAULT_WAREHOUSE_PATH = DATA_DIR / "warehouse" / "gia.duckdb"
DEFAULT_RAW_DIR = DATA_DIR / "raw"


def warehouse_path() -> str:
    """The DuckDB warehouse file: `GIA_WAREHOUSE_PATH`, else data/warehouse/gia.duckdb."""
    return os.environ.get("GIA_WAREHOUSE_PATH") or str(DEFAULT_WAREHOUSE_PATH)


def reference_dir() -> str:
    """The reference files (CBS list, G31, GIA regions): `GIA_REFERENCE_DIR`, else data/reference."""
    return os.environ.get("GIA_REFERENCE_DIR") or str(REFERENCE_DIR)


def raw_dir() -> str:
    """The landing folder of the raw exports: `GIA_RAW_DIR`, else data/raw."""
    return os.environ.get("GIA_RAW_DIR") or str(DEFAULT_RAW_DIR)


def reports_dir() -> str:
    """Where the stakeholders' HTML report is written: `GIA_REPORTS_DIR`, else data/reports."""
    return os.environ.get("GIA_REPORTS_DIR") or str(DATA_DIR / "reports")


#: where scripts/dev.sh serves the reports folder (`python -m gia_pipeline.cli dev`)
DEFAULT_REPORTS_PORT = 3001


def reports_url() -> str:
    """The http address the reports folder is served at, for links from the UI: `GIA_REPORTS_URL`,
    else what scripts/dev.sh serves, http://127.0.0.1:3001/."""
    return os.environ.get("GIA_REPORTS_URL") or f"http://127.0.0.1:{DEFAULT_REPORTS_PORT}/"


def published_dir() -> str:
    """The analysts' read-only snapshot: `GIA_PUBLISHED_DIR`, else data/published."""
    return os.environ.get("GIA_PUBLISHED_DIR") or str(DATA_DIR / "published")


def cache_dir() -> Path:
    """Results that depend only on their key — the columns and the column lineage of the SQL
    models (keyed by the SQL, the input columns and the sqlglot version) and the report's charts
    (keyed by the rows they draw), each key also holding a hash of the code computing it — shared by
    every warehouse of this checkout (a new sandbox or deployment does not derive them again):
    `GIA_CACHE_DIR`, else .cache/ in the project (gitignored). Unwritable costs time, not results."""
    return Path(os.environ.get("GIA_CACHE_DIR") or PROJECT_ROOT / ".cache")


def pseudonym_key_file() -> Path:
    """The per-installation secret of the person keys: `GIA_PSEUDONYM_KEY_FILE`, else
    .secrets/pseudonym.key in the project (gitignored; created on first use, mode 600)."""
    return Path(os.environ.get("GIA_PSEUDONYM_KEY_FILE") or PROJECT_ROOT / ".secrets" / "pseudonym.key")
