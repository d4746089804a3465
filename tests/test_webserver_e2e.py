"""End to end through the UI's own API: start the Dagster webserver on 127.0.0.1, wait for it,
and check the asset graph — assets, groups and the edges from raw files to the report."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import deque
from pathlib import Path

import pytest

from gia_pipeline import layers, paths

QUERY = "{ assetNodes { assetKey { path } dependencyKeys { path } groupName kinds owners { __typename } } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(paths.INSTANCE_YAML, home / "dagster.yaml")
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    exe = Path(sys.executable).with_name("dagster-webserver")
    proc = subprocess.Popen([str(exe), "-h", "127.0.0.1", "-p", str(port), "-w", str(paths.PROJECT_ROOT / "workspace.yaml")],
                            cwd=paths.PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}/server_info", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"webserver did not come up: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.5)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def graphql(base: str, query: str) -> dict:
    req = urllib.request.Request(f"{base}/graphql", data=json.dumps({"query": query}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        body = json.load(r)
    assert "errors" not in body, body.get("errors")
    return body["data"]


def test_asset_graph_through_graphql(webserver):
    nodes = graphql(webserver, QUERY)["assetNodes"]
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
