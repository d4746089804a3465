"""End to end through the UI's own API: start the Dagster webserver on 127.0.0.1, wait for it,
and check the asset graph — assets, groups and the edges from raw files to the report."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections import deque

import pytest

from gia_pipeline.lib import layers, paths

# one pytest-xdist worker runs this module: `dg dev` starts once (--dist loadgroup, pyproject.toml)
pytestmark = pytest.mark.xdist_group("webserver")

QUERY = "{ assetNodes { assetKey { path } dependencyKeys { path } groupName kinds owners { __typename } } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_processes(pid: int) -> list[str]:
    """The live processes of the session `pid` leads (zombies aside: nobody may reap them here)."""
    ps = subprocess.run(["ps", "-o", "pid=,stat=,etime=,args=", "-s", str(pid)], capture_output=True, text=True)
    return [line.strip()[:140] for line in ps.stdout.splitlines() if line.split()[1][0] != "Z"]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    """What scripts/dev.sh starts — `python -m gia_pipeline.cli dev`: `dg dev` (webserver and daemon)
    and the reports folder over http — on free ports, with its own DAGSTER_HOME and warehouse;
    yields (base url, DAGSTER_HOME, warehouse path, reports url, reports folder)."""
    home = tmp_path_factory.mktemp("dagster_home")
    data = tmp_path_factory.mktemp("data")
    shutil.copy(paths.INSTANCE_YAML, home / "dagster.yaml")
    port, reports_port = _free_port(), _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "GIA_WAREHOUSE_PATH": str(data / "warehouse" / "gia.duckdb"),
           "GIA_PUBLISHED_DIR": str(data / "published"), "GIA_REPORTS_DIR": str(data / "reports"),
           "GIA_PSEUDONYM_KEY": os.environ.get("GIA_PSEUDONYM_KEY", "webserver-test")}
    log = (data / "dg-dev.log").open("wb")
    # started as a script starts `bash scripts/dev.sh &`: with SIGINT ignored (bash does that for a
    # background job when job control is off)
    proc = subprocess.Popen(["bash", "-c", 'trap "" INT; exec "$@"', "bash", sys.executable, "-m", "gia_pipeline.cli",
                             "dev", "--port", str(port), "--reports-port", str(reports_port)],
                            cwd=paths.PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{base}/server_info", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            raise RuntimeError(f"dg dev did not come up: {(data / 'dg-dev.log').read_text()[-2000:]}")
        time.sleep(0.5)
    yield base, home, data / "warehouse" / "gia.duckdb", f"http://127.0.0.1:{reports_port}/", data / "reports", proc
    if proc.poll() is not None:     # the last test stopped it
        log.close()
        return
    # stopped as scripts/dev.sh is stopped by its PID: SIGTERM to the command alone, which hands it
    # to `dg dev` once (a signal to the whole group reached `dg dev` twice, and a second interrupt
    # inside its shutdown sometimes left it hanging for the whole wait). Under a loaded suite `dg dev`
    # once did not react to the forwarded signal within 30 s (nothing in its log); then the whole
    # group gets it, and the stall is a warning in the test summary, not a silent wait.
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        warnings.warn("`gia_pipeline.cli dev` still running 15 s after SIGTERM; signalling its group:\n"
                      + "\n".join(session_processes(proc.pid)))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=15)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)    # whatever is left of the group
        log.close()


def graphql(base: str, query: str, variables: dict | None = None) -> dict:
    req = urllib.request.Request(f"{base}/graphql", data=json.dumps({"query": query, "variables": variables or {}}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        body = json.load(r)
    assert "errors" not in body, body.get("errors")
    return body["data"]


def test_asset_graph_through_graphql(webserver):
    base, *_ = webserver
    nodes = graphql(base, QUERY)["assetNodes"]
    by_key = {"/".join(n["assetKey"]["path"]): n for n in nodes}
    # every asset sits in the group of its layer
    assert {n["groupName"] for n in nodes} == {layers.REFERENCE, layers.RAW, layers.STAGING, layers.MARTS, layers.REPORTS}
    assert all(key.split("/")[0] == n["groupName"] for key, n in by_key.items())
    assert {"raw/survey_export", "raw/attendance_lists", "raw/meeting_register", "staging/stg_attendance",
            "marts/evaluation_tables", "marts/report_reconciliation", "reports/evaluation_report",
            "reports/published_snapshot"} <= set(by_key)
    assert all(n["kinds"] and n["owners"] for n in nodes)

    parents = {key: {"/".join(d["path"]) for d in n["dependencyKeys"]} for key, n in by_key.items()}
    assert "raw/attendance_lists" in parents["staging/stg_attendance_rows"]
    assert "marts/evaluation_tables" in parents["marts/report_reconciliation"]
    assert "reference/published_figures" in parents["marts/report_reconciliation"]

    children: dict[str, set[str]] = {}
    for child, ps in parents.items():
        for p in ps:
            children.setdefault(p, set()).add(child)

    def reaches(start: str, goal: str) -> bool:
        seen, todo = {start}, deque([start])
        while todo:
            for nxt in children.get(todo.popleft(), ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    for raw in ("raw/survey_export", "raw/attendance_lists", "raw/meeting_register"):
        assert reaches(raw, "reports/evaluation_report"), raw
        assert reaches(raw, "reports/published_snapshot"), raw
    assert not reaches("reports/evaluation_report", "raw/survey_export")


LAUNCH = """mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}"""
RUN = """query Run($id: ID!) { runOrError(runId: $id) { ... on Run { status startTime endTime } } }"""


def test_runs_launched_from_the_ui_wait_their_turn_and_promote_once(webserver):
    """Two "Materialize" clicks in a row (the UI's own launchRun mutation on __ASSET_JOB, a subset
    as the UI sends it): the second run stays queued until the first one finished — the pool
    `warehouse` at run granularity, scripts/dagster.yaml — and each run promotes the warehouse
    exactly once."""
    base, home, warehouse, *_ = webserver
    repo = graphql(base, "{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name } } } } }")
    (node,) = repo["repositoriesOrError"]["nodes"]
    subset = [{"path": ["reference", name]} for name in ("cbs_municipalities_2009", "g31_2009", "gia_region_provinces")]
    params = {"selector": {"repositoryLocationName": node["location"]["name"], "repositoryName": node["name"],
                           "pipelineName": "__ASSET_JOB", "assetSelection": subset},
              "mode": "default", "executionMetadata": {"tags": []}}
    run_ids = []
    for _ in range(2):
        launched = graphql(base, LAUNCH, {"params": params})["launchRun"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        run_ids.append(launched["run"]["runId"])
    deadline = time.monotonic() + 240
    while True:
        runs = [graphql(base, RUN, {"id": run_id})["runOrError"] for run_id in run_ids]
        if all(r["status"] in ("SUCCESS", "FAILURE", "CANCELED") for r in runs) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert [r["status"] for r in runs] == ["SUCCESS", "SUCCESS"], runs
    first, second = sorted(runs, key=lambda r: r["startTime"])
    assert second["startTime"] >= first["endTime"], "the two warehouse runs overlapped"

    import dagster as dg

    from gia_pipeline.lib.resources import PROMOTED
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for run_id in run_ids:
            promotions = [e for e in instance.all_logs(run_id) if PROMOTED in (e.user_message or "")]
            assert len(promotions) == 1, run_id
    assert warehouse.exists()


def test_the_reports_folder_is_served_over_http(webserver):
    """The report asset links to GIA_REPORTS_URL + its file (tests/test_reports_e2e.py); the dev
    command serves the reports folder there, so the link from the UI opens the report."""
    reports_url, reports_dir = webserver[3:5]
    page = "<!DOCTYPE html><title>rapport</title><p>GIA</p>"
    (reports_dir / "gia-evaluation.html").write_text(page, encoding="utf-8")
    with urllib.request.urlopen(reports_url + "gia-evaluation.html", timeout=10) as r:
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
        assert r.read().decode("utf-8") == page
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(reports_url + "../warehouse/gia.duckdb", timeout=10)
    assert missing.value.code == 404       # only the reports folder


def test_stopped_by_its_pid_even_when_started_in_the_background(webserver):
    """Last in this module: it stops the server. SIGTERM to the dev command's PID (how a script
    stops what it started in the background) stops it, `dg dev`, the webserver, the daemon and the
    code servers. Dagster gives SIGTERM whatever SIGINT has; started with SIGINT ignored, `dg dev`
    used to ignore the forwarded SIGTERM and run on."""
    proc = webserver[5]

    def left() -> list[str]:
        return session_processes(proc.pid)

    assert len(left()) >= 4       # the command, dg dev, the webserver, the daemon (and code servers)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        # once, in a loaded suite run, `dg dev` did not react to one SIGTERM (cause not found): a
        # person would send another; an ignored SIGTERM (what this test guards against) stays ignored
        warnings.warn("`gia_pipeline.cli dev` still running 30 s after SIGTERM; sending another:\n"
                      + "\n".join(left()))
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("still running after two SIGTERMs, 60 s:\n" + "\n".join(left()))
    deadline = time.monotonic() + 60
    while left() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert left() == []
