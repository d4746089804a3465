"""Shared fixtures: a temporary warehouse, copies of the source folders, and a helper that runs
the project's own `refresh_all` job in-process against them."""

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from gia_pipeline import paths
from gia_pipeline.definitions import build_definitions
from gia_pipeline.resources import Outputs, SourceFiles, Warehouse


@dataclass
class Sandbox:
    """A warehouse file and source folders that a test may change freely."""

    root: Path
    result: dg.ExecuteInProcessResult | None = None   # the last refresh

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "gia.duckdb"

    @property
    def reference_dir(self) -> Path:
        return self.root / "reference"

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    def definitions(self) -> dg.Definitions:
        return build_definitions(
            Warehouse(database=str(self.warehouse)),
            SourceFiles(reference_dir=str(self.reference_dir), raw_dir=str(self.raw_dir)),
            Outputs(reports_dir=str(self.root / "reports"), published_dir=str(self.root / "published")))

    def refresh(self, selection: str | None = None) -> dg.ExecuteInProcessResult:
        """Run the refresh_all job (or an asset selection of it); never raises on failure."""
        job = self.definitions().resolve_job_def("refresh_all")
        kwargs = {"asset_selection": sorted(dg.AssetSelection.from_string(selection).resolve(
            self.definitions().resolve_asset_graph()))} if selection else {}
        self.result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False, **kwargs)
        return self.result

    def materializations(self) -> dict[str, dict]:
        """asset key -> metadata of its materialisation in the last refresh."""
        return {e.asset_key.to_user_string(): e.event_specific_data.materialization.metadata
                for e in self.result.get_asset_materialization_events()}

    def check_evaluations(self) -> dict[tuple[str, str], "dg.AssetCheckEvaluation"]:
        return {(e.asset_key.to_user_string(), e.check_name): e for e in self.result.get_asset_check_evaluations()}

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as conn:
            return conn.execute(sql).fetchall()


@pytest.fixture
def sandbox(tmp_path) -> Sandbox:
    box = Sandbox(tmp_path)
    shutil.copytree(paths.REFERENCE_DIR, box.reference_dir)
    _copy_raw(box)
    return box


def _copy_raw(box: Sandbox) -> None:
    if paths.DEFAULT_RAW_DIR.is_dir():
        shutil.copytree(paths.DEFAULT_RAW_DIR, box.raw_dir)
    else:
        box.raw_dir.mkdir()


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory) -> Sandbox:
    """One full refresh of the shipped data into a temporary warehouse, shared by read-only tests."""
    box = Sandbox(tmp_path_factory.mktemp("refreshed"))
    shutil.copytree(paths.REFERENCE_DIR, box.reference_dir)
    _copy_raw(box)
    result = box.refresh()
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return box
