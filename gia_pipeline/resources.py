"""The DuckDB warehouse resource."""

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import duckdb
from dagster import ConfigurableResource
from dagster._utils.backoff import backoff
from dagster_duckdb import DuckDBResource
from pydantic import Field

from gia_pipeline import layers, paths

#: never reach for the network: only the extensions built into the wheel are used
OFFLINE_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


class Warehouse(DuckDBResource):
    """The embedded DuckDB warehouse (one file, one writer process).

    `database` defaults to `GIA_WAREHOUSE_PATH` or data/warehouse/gia.duckdb. Every connection
    is offline (no extension downloads) and finds the layer schemas in place.
    """

    database: str = Field(default_factory=paths.warehouse_path,
                          description="Path of the DuckDB file (env GIA_WAREHOUSE_PATH).")
    connection_config: dict[str, Any] = Field(default_factory=lambda: dict(OFFLINE_CONFIG))

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.database).parent.mkdir(parents=True, exist_ok=True)
        config = {**OFFLINE_CONFIG, **self.connection_config}
        conn = backoff(
            fn=duckdb.connect,
            retry_on=(duckdb.IOException,),
            kwargs={"database": self.database, "read_only": False, "config": config},
            max_retries=10,
        )
        try:
            for schema in layers.SCHEMAS:
                conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            yield conn
        finally:
            conn.close()


class SourceFiles(ConfigurableResource):
    """Where the pipeline reads its inputs: the reference files and the raw landing folder."""

    reference_dir: str = Field(default_factory=paths.reference_dir,
                               description="Reference files (env GIA_REFERENCE_DIR).")
    raw_dir: str = Field(default_factory=paths.raw_dir,
                         description="Landing folder of the raw exports (env GIA_RAW_DIR).")

    def reference_file(self, name: str) -> Path:
        return Path(self.reference_dir) / name

    def raw_path(self) -> Path:
        return Path(self.raw_dir)
