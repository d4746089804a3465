"""The command-line tools as a data engineer uses them: the refresh (`scripts/refresh.sh` runs
`python -m gia_pipeline.cli refresh`), `dg launch --job refresh_all`, `dg check defs` and
`dg list defs` — each in its own process, against its own DAGSTER_HOME and warehouse."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from gia_pipeline.lib import paths
from gia_pipeline.lib.resources import PROMOTED

BIN = Path(sys.executable).parent


@pytest.fixture
def deployment(tmp_path):
    """A DAGSTER_HOME with the project's instance settings and an empty data folder."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(paths.INSTANCE_YAML, home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "GIA_WAREHOUSE_PATH": str(tmp_path / "warehouse" / "gia.duckdb"),
           "GIA_PUBLISHED_DIR": str(tmp_path / "published"), "GIA_REPORTS_DIR": str(tmp_path / "reports"),
           "GIA_RAW_DIR": str(tmp_path / "raw")}
    shutil.copytree(paths.DEFAULT_RAW_DIR, tmp_path / "raw")
    return tmp_path, env


def run(cmd, env) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=paths.PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)


def promotions(home: Path) -> dict[str, int]:
    """run id -> how many times that run promoted its working copy to the warehouse."""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return {r.run_id: sum(PROMOTED in (e.user_message or "") for e in instance.all_logs(r.run_id))
                for r in instance.get_runs()}


def test_refresh_talks_like_a_tool(deployment):
    root, env = deployment
    done = run([str(BIN / "python"), "-m", "gia_pipeline.cli", "refresh"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) <= 40, done.stdout
    assert not done.stderr.strip(), done.stderr            # no warnings, no Dagster debug stream
    for layer in ("reference", "raw", "staging", "marts", "reports"):
        assert any(line.strip().startswith(layer) for line in lines), layer
    text = done.stdout
    assert "Result: success" in text and "checks passed" in text
    assert "Reconciliation with the 2010 report:" in text and " mismatch" in text
    assert "survey_export" in text and "attendance_lists" in text
    assert str(root / "warehouse" / "gia.duckdb") in text and str(root / "published") in text
    assert lines[-1].startswith("Done in ")
    assert list(promotions(root / "home").values()) == [1]
    assert "Since the last good refresh: nothing to compare with" in text    # the first refresh

    # one raw file changes: the next summary names the changed figures and the file
    register = root / "raw" / "meetings" / "regiobijeenkomsten.csv"
    rows = [line.split(";") for line in register.read_text(encoding="utf-8").splitlines()]
    column = rows[0].index("Aantal aanwezigen")
    rows[1][column] = str(int(rows[1][column]) + 1)
    register.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    again = run([str(BIN / "python"), "-m", "gia_pipeline.cli", "refresh"], env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(again.stdout.splitlines()) <= 40, again.stdout
    assert "2 figure(s) changed; raw files 1 changed" in again.stdout      # the meeting's and the total headcount
    assert "attendance_by_meeting / Totaal / attendees:" in again.stdout
    assert "  file changed: meetings/regiobijeenkomsten.csv" in again.stdout

    # a broken export: exit code 1, and the last lines name the failed step and why
    survey = root / "raw" / "survey" / "gia_webenquete_export.csv"
    survey.write_bytes(survey.read_bytes().replace(b"Respondentnummer", b"Respondent nr.", 1))
    failed = run([str(BIN / "python"), "-m", "gia_pipeline.cli", "refresh"], env)
    assert failed.returncode == 1
    tail = "\n".join(failed.stdout.splitlines()[-8:])
    assert "Result: FAILED" in failed.stdout
    assert "step raw__survey_export" in tail and "missing 'Respondentnummer'" in tail
    assert failed.stdout.splitlines()[-1].startswith("Failed in ")
    assert sorted(promotions(root / "home").values()) == [0, 1, 1]     # the failed run promoted nothing


def test_dg_launch_promotes_the_warehouse_once(deployment):
    root, env = deployment
    done = run([str(BIN / "dg"), "launch", "--job", "refresh_all"], env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert list(promotions(root / "home").values()) == [1]


def test_dg_check_and_list_defs():
    env = {**os.environ}
    checked = run([str(BIN / "dg"), "check", "defs"], env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = run([str(BIN / "dg"), "list", "defs", "--json"], env)
    assert listed.returncode == 0, listed.stderr
    for key in ("raw/survey_export", "staging/stg_attendance", "marts/evaluation_tables", "reports/published_snapshot"):
        assert key in listed.stdout


def test_workspace_yaml_still_loads_the_same_location():
    """`dagster dev` and `dagster-webserver -w workspace.yaml` load the same code location as dg,
    under the same name (a different name makes dg warn on every load)."""
    done = run([str(BIN / "dagster"), "definitions", "validate", "-w", "workspace.yaml"], {**os.environ})
    assert done.returncode == 0, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Validation successful for code location gia_pipeline." in output
    assert "WARNING" not in output
