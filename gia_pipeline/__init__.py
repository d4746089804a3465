"""gia-pipeline: Dagster software-defined assets that rebuild the GIA mid-term evaluation's
tables from raw exports into a DuckDB warehouse. The single `Definitions` object lives in
`gia_pipeline.definitions`."""
