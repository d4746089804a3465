"""After a refresh: the HTML report and the analysts' published snapshot exist and agree with
the warehouse; the report renders in headless Chromium (skipped where Chromium is absent)."""

import shutil
import subprocess

import duckdb
import pytest

from gia_pipeline.lib.publish import OFFLINE_CONFIG


def test_report_is_written_and_linked(refreshed):
    report = refreshed.root / "reports" / "gia-evaluation.html"
    html = report.read_text(encoding="utf-8")
    meta = refreshed.materializations()["reports/evaluation_report"]
    assert meta["path"].value == str(report)
    # an http link (the reports folder as scripts/dev.sh serves it), never a file:// one the browser refuses
    assert meta["open"].value == "http://127.0.0.1:3001/gia-evaluation.html"
    matches = dict(refreshed.query("SELECT status, count(*) FROM marts.report_reconciliation GROUP BY ALL"))
    assert meta["reconciliation"].value == matches
    assert f">{matches['match']}<" in html and html.count("<svg") == 3
    assert 'src="http' not in html and 'href="http' not in html and "src=" not in html   # self-contained: opens offline
    # no machine path: neither the sandbox's folders nor the warehouse's
    assert str(refreshed.root) not in html and "/tmp/" not in html


def test_published_snapshot_matches_the_warehouse(refreshed):
    db = refreshed.root / "published" / "gia.duckdb"
    marts = dict(refreshed.query("SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'marts'"))
    with duckdb.connect(str(db), read_only=True, config=OFFLINE_CONFIG) as conn:
        published = {t for (t,) in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'").fetchall()}
        assert published == set(marts)
        for table in published:
            (n,), = conn.execute(f"SELECT count(*) FROM marts.{table}").fetchall()
            assert [(n,)] == refreshed.query(f"SELECT count(*) FROM marts.{table}"), table
        # it names the warehouse it came from, not the run's temporary working copy
        (source,), = conn.execute("SELECT source_warehouse FROM meta.snapshot").fetchall()
        assert source == str(refreshed.warehouse.resolve())


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(refreshed, tmp_path):
    png = tmp_path / "report.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,3000", "--virtual-time-budget=5000",
                    f"--screenshot={png}", (refreshed.root / "reports" / "gia-evaluation.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert png.stat().st_size > 50_000      # a rendered page with charts, not a blank one
