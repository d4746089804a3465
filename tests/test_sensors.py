"""The landing-folder sensor: new file -> a run of exactly the affected assets; the same content
never twice; a file still being written is not read."""

import os
import shutil
import time

import dagster as dg
import pytest

from gia_pipeline import paths
from gia_pipeline.definitions import build_definitions, raw_landing_sensor
from gia_pipeline.resources import SourceFiles


@pytest.fixture
def landing(tmp_path, monkeypatch):
    monkeypatch.setenv("GIA_SETTLE_SECONDS", "5")
    raw = tmp_path / "raw"
    for sub in ("survey", "meetings", "attendance"):
        (raw / sub).mkdir(parents=True)
    return raw


def settled(path):
    old = time.time() - 60
    os.utime(path, (old, old))
    return path


def evaluate(raw, cursor=None):
    defs = build_definitions(source_files=SourceFiles(raw_dir=str(raw)))
    ctx = dg.build_sensor_context(cursor=cursor, definitions=defs, resources={"source_files": SourceFiles(raw_dir=str(raw))})
    return raw_landing_sensor(ctx)


def test_new_attendance_list_requests_exactly_the_affected_assets(landing):
    src = next((paths.DEFAULT_RAW_DIR / "attendance").glob("*.xlsx"))
    settled(shutil.copy(src, landing / "attendance" / src.name))
    result = evaluate(landing)
    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    keys = {k.to_user_string() for k in request.asset_selection}
    assert "raw/attendance_lists" in keys
    assert {"staging/stg_attendance", "marts/attendance_by_meeting", "reports/published_snapshot"} <= keys
    # not affected: the other sources, the reference data, and survey-only tables
    assert not keys & {"raw/survey_export", "raw/meeting_register", "reference/municipalities",
                       "marts/handreiking_appraisal", "staging/stg_survey_responses"}
    assert request.run_key.startswith("attendance_lists:")
    assert request.tags["gia/warehouse"] == "writer"

    # same content again (even touched or copied anew): nothing
    again = evaluate(landing, cursor=result.cursor)
    assert isinstance(again, dg.SkipReason) or not again.run_requests
    settled(shutil.copy(src, landing / "attendance" / src.name))
    assert not getattr(evaluate(landing, cursor=result.cursor), "run_requests", None)

    # changed content: a new run, with a new key
    path = landing / "attendance" / src.name
    path.write_bytes(path.read_bytes() + b"\0")
    settled(path)
    changed = evaluate(landing, cursor=result.cursor)
    assert len(changed.run_requests) == 1 and changed.run_requests[0].run_key != request.run_key


def test_a_file_still_being_written_is_not_read(landing):
    (landing / "survey" / "gia_webenquete_export.csv").write_bytes(b"Respondentnummer;Golf;Startdat")   # just written
    (landing / "survey" / "export.csv.part").write_bytes(b"partial")                                     # temp name
    result = evaluate(landing)
    assert isinstance(result, dg.SkipReason) and "settling" in str(result.skip_message)


def test_two_sources_two_runs(landing):
    for sub, pattern in (("survey", "*.csv"), ("meetings", "*.csv")):
        src = next((paths.DEFAULT_RAW_DIR / sub).glob(pattern))
        settled(shutil.copy(src, landing / sub / src.name))
    result = evaluate(landing)
    triggers = sorted(r.tags["gia/trigger"] for r in result.run_requests)
    assert triggers == ["meeting_register", "survey_export"]
    survey = next(r for r in result.run_requests if r.tags["gia/trigger"] == "survey_export")
    keys = {k.to_user_string() for k in survey.asset_selection}
    assert "marts/response_rates" in keys and "marts/attendance_by_meeting" not in keys


def test_a_link_out_of_the_landing_folder_starts_a_run_without_being_read(landing, tmp_path):
    """The run it starts fails naming the link (tests/test_landing.py); the sensor never opens
    the file behind it, and settles on the link's own time (a dangling link has no other)."""
    outside = tmp_path / "secret.csv"
    outside.write_bytes(b"not for the pipeline")
    link = landing / "attendance" / "lijst.CSV"
    os.symlink(outside, link)
    old = time.time() - 60
    os.utime(link, (old, old), follow_symlinks=False)
    result = evaluate(landing)
    assert [r.tags["gia/files"] for r in result.run_requests] == ["attendance/lijst.CSV"]
    assert not getattr(evaluate(landing, cursor=result.cursor), "run_requests", None)   # the same: no run
    outside.unlink()                          # dangling now: no crash; a new situation, a new run
    assert len(evaluate(landing, cursor=result.cursor).run_requests) == 1
