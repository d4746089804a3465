"""The warehouse layers. Each is a Dagster asset group and (except `reports`) a DuckDB schema."""

REFERENCE = "reference"
RAW = "raw"
STAGING = "staging"
MARTS = "marts"
REPORTS = "reports"

SCHEMAS = (REFERENCE, RAW, STAGING, MARTS)
#: layers whose failing checks stop everything downstream (the inputs must be right first)
BLOCKING_LAYERS = frozenset({REFERENCE, RAW})

OWNER = "team:gia-data"
