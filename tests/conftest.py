"""Shared fixtures: a temporary warehouse, copies of the source folders, and a helper that runs
the project's own `refresh_all` job in-process against them."""

import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from gia_pipeline.definitions import build_definitions
from gia_pipeline.lib import paths
from gia_pipeline.lib.resources import Outputs, SourceFiles, Warehouse

# The tests' own pseudonym key, random per session: no test reads or creates the installation's
# key file (.secrets/pseudonym.key), and no test can depend on a particular key. Subprocesses
# started by tests inherit it. tests/test_pseudonyms.py unsets it where it tests the key file.
os.environ["GIA_PSEUDONYM_KEY"] = secrets.token_hex(32)
# The caches (lib/paths.cache_dir: the SQL models' columns and lineage, the report's charts) in a
# folder of this test session, not the project's .cache: every session derives them itself once,
# and the sandboxes and subprocesses of the session (which inherit the variable) reuse them.
# pytest-xdist workers inherit the controller's folder; the process that made it removes it.
_OWN_CACHE_DIR = None if os.environ.get("GIA_CACHE_DIR") else tempfile.mkdtemp(prefix="gia-test-cache-")
if _OWN_CACHE_DIR:
    os.environ["GIA_CACHE_DIR"] = _OWN_CACHE_DIR


@dataclass
class Sandbox:
    """A warehouse file and source folders that a test may change freely."""

    root: Path
    result: dg.ExecuteInProcessResult | None = None   # the last refresh
    instance: dg.DagsterInstance | None = None        # … and the instance it ran in (its logs)

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
        self.instance = dg.DagsterInstance.ephemeral()
        self.result = job.execute_in_process(instance=self.instance, raise_on_error=False, **kwargs)
        return self.result

    def warnings(self) -> list[str]:
        """The warning messages the last refresh logged."""
        import logging

        return [r.user_message for r in self.instance.all_logs(self.result.run_id) if r.level == logging.WARNING]

    def materializations(self) -> dict[str, dict]:
        """asset key -> metadata of its materialisation in the last refresh."""
        return {e.asset_key.to_user_string(): e.event_specific_data.materialization.metadata
                for e in self.result.get_asset_materialization_events()}

    def check_evaluations(self) -> dict[tuple[str, str], "dg.AssetCheckEvaluation"]:
        return {(e.asset_key.to_user_string(), e.check_name): e for e in self.result.get_asset_check_evaluations()}

    def failed_checks(self) -> set[tuple[str, str]]:
        """(asset, check) of every check that failed in the last refresh."""
        return {key for key, e in self.check_evaluations().items() if not e.passed}

    def step_failures(self) -> list[tuple[str, str, str]]:
        """(step key, error class, message) of every step that failed in the last refresh."""
        return [(e.step_key, e.event_specific_data.error.cls_name, e.event_specific_data.error.message)
                for e in self.result.all_events
                if e.is_failure and e.event_type == dg.DagsterEventType.STEP_FAILURE]

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


@pytest.fixture
def box(sandbox, refreshed) -> Sandbox:
    """The sandbox holding a copy of the warehouse, report and snapshot of the session's good
    refresh (`refreshed`): a test that changes something and reruns the part of the graph it
    affects starts here, instead of refreshing everything first."""
    sandbox.warehouse.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(refreshed.warehouse, sandbox.warehouse)
    for folder in ("reports", "published"):
        shutil.copytree(refreshed.root / folder, sandbox.root / folder)
    return sandbox


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory) -> Sandbox:
    """One full refresh of the shipped data into a temporary warehouse, shared by read-only tests."""
    box = Sandbox(tmp_path_factory.mktemp("refreshed"))
    shutil.copytree(paths.REFERENCE_DIR, box.reference_dir)
    _copy_raw(box)
    result = box.refresh()
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return box


# --------------------------------------------------------------------------- reliability log
# Tests marked `reliability` record what was tried and what happened; at the end of a session in
# which every such test ran, the table is written to docs/reliability.md (generated, not written
# by hand).

RELIABILITY_DOC = paths.PROJECT_ROOT / "docs" / "reliability.md"
_reliability_rows: list[dict] = []
_reliability_tests: set[str] = set()   # the reliability tests that ran (their setup was reported)


def pytest_configure(config):
    config.addinivalue_line("markers", "reliability: a bad-input, fault-injection or concurrency case for docs/reliability.md")


@pytest.fixture
def record_outcome(request, tmp_path_factory):
    """record_outcome(case, kind, outcome, data_lost='none') — one row of docs/reliability.md.
    A test's temporary folder in a message is written `<tmp>`, so the table changes only when an
    outcome does."""
    base = re.escape(str(tmp_path_factory.getbasetemp()))

    def record(case: str, kind: str, outcome: str, data_lost: str = "none") -> None:
        outcome = re.sub(base + r"/[^/\s]+", "<tmp>", " ".join(outcome.split()))
        # carried by the test's report, so the rows reach the main process when pytest-xdist
        # runs the tests in workers (pytest_runtest_logreport below collects them)
        request.node.user_properties.append(("reliability", {
            "test": request.node.nodeid, "case": case, "kind": kind, "outcome": outcome, "data_lost": data_lost}))
    return record


def pytest_runtest_logreport(report):
    if "reliability" in report.keywords and report.when == "setup":
        _reliability_tests.add(report.nodeid)
    if report.when == "call":
        _reliability_rows.extend(row for name, row in report.user_properties if name == "reliability")


def _complete_run(session) -> bool:
    """Only a run of the whole suite rewrites the report: no file/node arguments beyond the
    default test folder, no -k/-m selection, no deselection, nothing stopped early."""
    opt = session.config.option
    args = [a for a in session.config.args if a not in ("tests", "tests/", str(paths.PROJECT_ROOT / "tests"))]
    deselected = session.config.pluginmanager.get_plugin("terminalreporter")
    deselected = bool(deselected and deselected.stats.get("deselected"))
    return not args and not opt.keyword and not opt.markexpr and not deselected and not opt.maxfail \
        and not session.shouldstop


def pytest_sessionfinish(session, exitstatus):
    if _OWN_CACHE_DIR:
        shutil.rmtree(_OWN_CACHE_DIR, ignore_errors=True)
    if hasattr(session.config, "workerinput"):
        return   # a pytest-xdist worker: the main process writes the table
    if not _reliability_tests or exitstatus != 0 or not _complete_run(session):
        return   # a partial or failed run: keep the last complete report
    if {r["test"] for r in _reliability_rows} != _reliability_tests:
        return   # a reliability test that recorded nothing
    rows = sorted(_reliability_rows, key=lambda r: (r["kind"], r["case"]))
    lines = [
        "# Reliability: what was tried and what happened",
        "",
        "Generated by the test suite (`tests/test_bad_inputs.py`, `tests/test_reference_files.py`,",
        "`tests/test_reliability.py`) at the end of a complete run; do not edit by hand. Each row is one",
        "parametrised case: the input or fault, what the pipeline did, and what data was lost.",
        "",
        "| kind | case | outcome | data lost |",
        "|---|---|---|---|",
        *(f"| {r['kind']} | {r['case']} | {r['outcome'].replace('|', '/')} | {r['data_lost']} |" for r in rows),
        "",
        f"{len(rows)} cases.",
        "",
    ]
    RELIABILITY_DOC.write_text("\n".join(lines), encoding="utf-8")
