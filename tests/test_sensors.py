"""The landing-folder sensor: a new file -> a run of exactly the affected assets; on a fresh
deployment a run that also builds whatever upstream was never built; a file counts as loaded only
once its run succeeded; a failed run is retried when an input changes; a file still being written
is not read. And the automation sensor: an updated raw asset leads to its downstream assets."""

import os
import shutil
import time

import dagster as dg
import pytest

from gia_pipeline.definitions import build_definitions
from gia_pipeline.defs.automation.sensors import SENSOR_NAME, raw_landing_sensor
from gia_pipeline.lib import paths
from gia_pipeline.lib.resources import SourceFiles


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


def land_all(raw):
    """The shipped raw files, settled, in the landing folder."""
    shutil.rmtree(raw)
    shutil.copytree(paths.DEFAULT_RAW_DIR, raw)
    for path in raw.rglob("*"):
        if path.is_file():
            settled(path)


def warm_instance(defs) -> dg.DagsterInstance:
    """An instance in which every asset has been materialised once (a deployment that ran)."""
    instance = dg.DagsterInstance.ephemeral()
    for key in defs.resolve_asset_graph().get_all_asset_keys():
        instance.report_runless_asset_event(dg.AssetMaterialization(key))
    return instance


def evaluate(raw, instance, cursor=None, defs=None):
    reference = raw.parent / "reference"     # a sandbox's own reference folder, if it has one
    source_files = SourceFiles(raw_dir=str(raw), reference_dir=str(reference if reference.is_dir() else paths.REFERENCE_DIR))
    defs = defs or build_definitions(source_files=source_files)
    ctx = dg.build_sensor_context(cursor=cursor, definitions=defs, instance=instance,
                                  resources={"source_files": source_files})
    return raw_landing_sensor(ctx)


def keys_of(request) -> set[str]:
    return {k.to_user_string() for k in request.asset_selection}


def test_new_attendance_list_requests_exactly_the_affected_assets(landing):
    instance = warm_instance(build_definitions())
    src = next((paths.DEFAULT_RAW_DIR / "attendance").glob("*.xlsx"))
    settled(shutil.copy(src, landing / "attendance" / src.name))
    result = evaluate(landing, instance)
    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    keys = keys_of(request)
    assert "raw/attendance_lists" in keys
    assert {"staging/stg_attendance", "marts/attendance_by_meeting", "reports/published_snapshot"} <= keys
    # not affected: the other sources, the reference data, and survey-only tables
    assert not keys & {"raw/survey_export", "raw/meeting_register", "reference/municipalities",
                       "marts/handreiking_appraisal", "staging/stg_survey_responses"}
    assert request.run_key.startswith("attendance_lists:")

    # while its run has not finished, the same file is not requested again
    again = evaluate(landing, instance, cursor=result.cursor)
    assert not again.run_requests and "still going" in again.skip_reason.skip_message


def test_a_file_still_being_written_is_not_read(landing):
    (landing / "survey" / "gia_webenquete_export.csv").write_bytes(b"Respondentnummer;Golf;Startdat")   # just written
    (landing / "survey" / "export.csv.part").write_bytes(b"partial")                                     # temp name
    result = evaluate(landing, warm_instance(build_definitions()))
    assert not result.run_requests and "settling" in result.skip_reason.skip_message


def test_two_sources_two_runs(landing):
    for sub, pattern in (("survey", "*.csv"), ("meetings", "*.csv")):
        src = next((paths.DEFAULT_RAW_DIR / sub).glob(pattern))
        settled(shutil.copy(src, landing / sub / src.name))
    result = evaluate(landing, warm_instance(build_definitions()))
    triggers = sorted(r.tags["gia/trigger"] for r in result.run_requests)
    assert triggers == ["meeting_register", "survey_export"]
    survey = next(r for r in result.run_requests if r.tags["gia/trigger"] == "survey_export")
    assert "marts/response_rates" in keys_of(survey) and "marts/attendance_by_meeting" not in keys_of(survey)


def run_requests(sandbox, instance, result) -> list[dg.ExecuteInProcessResult]:
    """Execute a sensor's run requests the way the daemon would: same selection, run key and tags."""
    job = sandbox.definitions().resolve_implicit_global_asset_job_def()
    return [job.execute_in_process(asset_selection=list(r.asset_selection), instance=instance, raise_on_error=False,
                                   tags={**r.tags, "dagster/run_key": r.run_key, "dagster/sensor_name": SENSOR_NAME})
            for r in result.run_requests]


def test_cold_start_builds_everything_and_leaves_nothing_untriggered(sandbox, monkeypatch):
    """A fresh deployment: empty warehouse, the sensor switched on before any refresh. Its first
    run builds every asset (reference data and every source included), not three failing runs."""
    monkeypatch.setenv("GIA_SETTLE_SECONDS", "5")
    land_all(sandbox.raw_dir)
    instance = dg.DagsterInstance.ephemeral()
    defs = sandbox.definitions()
    first = evaluate(sandbox.raw_dir, instance, defs=defs)
    assert len(first.run_requests) == 1
    assert keys_of(first.run_requests[0]) == {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    (outcome,) = run_requests(sandbox, instance, first)
    assert outcome.success
    assert sandbox.query("SELECT count(*) FROM marts.evaluation_tables")[0][0] > 0
    # the run succeeded, so the files count as loaded: nothing more to do
    after = evaluate(sandbox.raw_dir, instance, cursor=first.cursor, defs=defs)
    assert not after.run_requests and after.skip_reason.skip_message.startswith("no new or changed")


def test_a_failed_run_is_retried_when_an_input_changes_and_loads_once_fixed(sandbox, monkeypatch):
    monkeypatch.setenv("GIA_SETTLE_SECONDS", "5")
    land_all(sandbox.raw_dir)
    instance = dg.DagsterInstance.ephemeral()
    defs = sandbox.definitions()
    first = evaluate(sandbox.raw_dir, instance, defs=defs)
    assert all(r.success for r in run_requests(sandbox, instance, first))

    survey = sandbox.raw_dir / "survey" / "gia_webenquete_export.csv"
    good = survey.read_bytes()
    settled(survey).write_bytes(good.replace(b"Respondentnummer", b"Respondent nr.", 1))   # a renamed column
    settled(survey)
    broken = evaluate(sandbox.raw_dir, instance, cursor=first.cursor, defs=defs)
    (failed,) = run_requests(sandbox, instance, broken)
    assert not failed.success

    # nothing changed: not tried again, and the sensor says which file is not loaded and why
    stuck = evaluate(sandbox.raw_dir, instance, cursor=broken.cursor, defs=defs)
    assert not stuck.run_requests
    assert "survey/gia_webenquete_export.csv (run failed" in stuck.skip_reason.skip_message

    # an input changed (here: a file in the reference folder): the run is retried
    (sandbox.reference_dir / "NOTE.txt").write_text("updated")
    retried = evaluate(sandbox.raw_dir, instance, cursor=stuck.cursor, defs=defs)
    assert [r.tags["gia/trigger"] for r in retried.run_requests] == ["survey_export"]
    assert not run_requests(sandbox, instance, retried)[0].success    # still the renamed column

    # the export is fixed (a new version of it): loaded, and then nothing is left to do
    settled(survey).write_bytes(good + b"\r\n")
    settled(survey)
    fixed = evaluate(sandbox.raw_dir, instance, cursor=retried.cursor, defs=defs)
    assert all(r.success for r in run_requests(sandbox, instance, fixed))
    done = evaluate(sandbox.raw_dir, instance, cursor=fixed.cursor, defs=defs)
    assert not done.run_requests and done.skip_reason.skip_message.startswith("no new or changed")


def test_a_failure_that_heals_by_itself_is_retried_after_the_back_off(sandbox, monkeypatch):
    monkeypatch.setenv("GIA_SETTLE_SECONDS", "5")
    monkeypatch.setenv("GIA_RETRY_SECONDS", "0")
    land_all(sandbox.raw_dir)
    instance = dg.DagsterInstance.ephemeral()
    defs = sandbox.definitions()
    first = evaluate(sandbox.raw_dir, instance, defs=defs)
    # the run "fails" without touching anything (as a killed or out-of-disk run would)
    job = defs.resolve_implicit_global_asset_job_def()
    request = first.run_requests[0]
    run = instance.create_run_for_job(job, tags={"dagster/run_key": request.run_key, "dagster/sensor_name": SENSOR_NAME},
                                      asset_selection=frozenset(request.asset_selection))
    instance.report_run_failed(run)
    again = evaluate(sandbox.raw_dir, instance, cursor=first.cursor, defs=defs)
    assert len(again.run_requests) == 1 and again.run_requests[0].run_key == f"{request.run_key}:retry1"
    assert all(r.success for r in run_requests(sandbox, instance, again))


def test_automation_follows_a_raw_asset_materialised_on_its_own(sandbox):
    """What the `automation` sensor does (on by default): after raw/meeting_register is refreshed
    alone (e.g. from the UI), the staging, marts and reports it feeds are requested — only those."""
    land_all(sandbox.raw_dir)
    instance = dg.DagsterInstance.ephemeral()
    defs = sandbox.definitions()
    job = defs.resolve_implicit_global_asset_job_def()
    assert job.execute_in_process(instance=instance).success
    before = dg.evaluate_automation_conditions(defs=defs, instance=instance)
    assert not before.total_requested
    register = dg.AssetKey(["raw", "meeting_register"])
    assert job.execute_in_process(instance=instance, asset_selection=[register]).success
    after = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=before.cursor)
    requested = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()
                 if after.get_num_requested(k)}
    assert {"staging/stg_meetings", "staging/stg_attendance"} <= requested
    assert not requested & {"raw/survey_export", "staging/stg_survey_responses", "reference/municipalities"}
    sensor = next(s for s in defs.sensors if s.name == "automation")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_a_link_out_of_the_landing_folder_starts_a_run_without_being_read(landing, tmp_path):
    """The run it starts fails naming the link (tests/test_landing.py); the sensor never opens
    the file behind it, and settles on the link's own time (a dangling link has no other)."""
    outside = tmp_path / "secret.csv"
    outside.write_bytes(b"not for the pipeline")
    link = landing / "attendance" / "lijst.CSV"
    os.symlink(outside, link)
    old = time.time() - 60
    os.utime(link, (old, old), follow_symlinks=False)
    defs = build_definitions()
    instance = warm_instance(defs)
    result = evaluate(landing, instance, defs=defs)
    (request,) = result.run_requests
    assert request.tags["gia/files"] == "attendance/lijst.CSV"
    assert not evaluate(landing, instance, cursor=result.cursor, defs=defs).run_requests   # its run is pending
    # its run failed (as it does, naming the link); the link then dangles: a new situation, a new run
    run = instance.create_run_for_job(defs.resolve_implicit_global_asset_job_def(),
                                      tags={"dagster/run_key": request.run_key, "dagster/sensor_name": SENSOR_NAME})
    instance.report_run_failed(run)
    outside.unlink()
    assert len(evaluate(landing, instance, cursor=result.cursor, defs=defs).run_requests) == 1


def test_files_of_a_run_that_never_came_are_requested_again(landing, monkeypatch):
    """A requested run deleted while queued (or never created) holds its files back only for
    VANISHED_SECONDS; then they are requested again, under the same run key."""
    import json
    from types import SimpleNamespace

    from gia_pipeline.defs.automation import sensors

    instance = warm_instance(build_definitions())
    src = next((paths.DEFAULT_RAW_DIR / "meetings").glob("*.csv"))
    settled(shutil.copy(src, landing / "meetings" / src.name))
    first = evaluate(landing, instance)
    (request,) = first.run_requests                     # the daemon never creates its run
    soon = evaluate(landing, instance, cursor=first.cursor)
    assert not soon.run_requests and "still going" in soon.skip_reason.skip_message
    # a cursor written before requests carried their time: the wait starts now
    old = json.loads(soon.cursor)
    for entry in old["pending"].values():
        entry.pop("at", None)
    assert not evaluate(landing, instance, cursor=json.dumps(old)).run_requests

    later = time.time() + sensors.VANISHED_SECONDS + 1
    monkeypatch.setattr(sensors, "time", SimpleNamespace(time=lambda: later))
    again = evaluate(landing, instance, cursor=soon.cursor)
    assert [r.run_key for r in again.run_requests] == [request.run_key]
    assert keys_of(again.run_requests[0]) == keys_of(request)
