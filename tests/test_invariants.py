"""The invariants that hold on any data (staging.decision_invariants, marts.figure_invariants):
they hold on the shipped data, each of their blocking checks fails on data that breaks it, and a
failing one keeps the last good warehouse, report and snapshot.

"Bad data" here is a staging or mart table changed the way a broken rule would change it (no raw
input can break them while the rules are right: tests/test_one_parser.py and the bad-input corpus
show that). The real invariant model and its real checks then run on it.
"""

import duckdb
import pytest

DECISIONS = "staging/decision_invariants"
FIGURES = "marts/figure_invariants"
REPORT = "reports/gia-evaluation.html"


def _execute(box, *statements: str) -> None:
    with duckdb.connect(str(box.warehouse)) as conn:
        for sql in statements:
            conn.execute(sql)


def test_invariants_hold_on_the_shipped_data(refreshed):
    assert refreshed.query(f"SELECT count(*) FROM {DECISIONS.replace('/', '.')}") == [(0,)]
    assert refreshed.query(f"SELECT count(*) FROM {FIGURES.replace('/', '.')}") == [(0,)]
    checks = {k: e for k, e in refreshed.check_evaluations().items() if k[0] in (DECISIONS, FIGURES)}
    assert len(checks) == 10 and all(e.passed for e in checks.values())


# A first counted survey row, an excluded colleague, a superseded submission, a counted attendance
# row whose person is on its list once, and two attendance rows of different people.
COUNTED = "(SELECT min(source_row) FROM staging.stg_survey_responses)"
COLLEAGUE = "(SELECT min(source_row) FROM staging.stg_survey_submissions WHERE exclusion_reason LIKE 'collega%')"
SUPERSEDED = "(SELECT min(source_row) FROM staging.stg_survey_submissions WHERE exclusion_reason LIKE 'vervangen%')"
SINGLE = """(SELECT min(source_row) FROM staging.stg_attendance_rows a WHERE source_file = 'attendance/aanwezigen_drachten_20090302.csv'
             AND exclusion_reason IS NULL AND quarantine_reason IS NULL)"""
DRACHTEN = "'attendance/aanwezigen_drachten_20090302.csv'"

BROKEN_DECISIONS = {
    # a staging rule that counts a submission whose role the reader flagged
    "counted_on_invalid_value": [
        f"UPDATE raw.survey_export SET _invalid_fields = ['respondent_role'] WHERE _source_row = {COUNTED}"],
    # … that calls a submission without a role a colleague's
    "excluded_on_invalid_value": [
        f"UPDATE raw.survey_export SET respondent_role = NULL WHERE _source_row = {COLLEAGUE}"],
    # … that marks a person as a duplicate of nobody
    "duplicate_without_original": [
        f"UPDATE staging.stg_attendance_rows SET exclusion_reason = 'dubbel' "
        f"WHERE source_file = {DRACHTEN} AND source_row = {SINGLE}"],
    # … that lets an earlier submission replace a later one
    "superseded_without_later_response": [
        f"""UPDATE staging.stg_survey_submissions SET superseded_by = (SELECT min(response_id) FROM staging.stg_survey_responses)
            WHERE source_row = {SUPERSEDED}"""],
    # … a normalisation that gives two different people one key
    "person_key_shared_by_other_names": [
        f"UPDATE raw.attendance_lists SET person_key = 'feedfeedfeedfeed' WHERE _source_file = {DRACHTEN} "
        "AND _source_row IN (2, 3)"],
}


BROKEN_FIGURES = {
    "split_does_not_sum_to_base": [
        "UPDATE marts.gia_followup SET count = count + 1 WHERE answer_order = 1"],
    "groups_do_not_add_up": [
        "UPDATE marts.attendance_reach SET municipalities_attended = municipalities_attended + 1 WHERE gia_region = 'Noord'"],
    "base_differs_from_staging": [
        f"DELETE FROM staging.stg_survey_responses WHERE source_row = {COUNTED}"],
    "share_out_of_range": [
        "UPDATE marts.survey_grades SET max = 11 WHERE topic = 'meeting'"],
    "decision_invariant_violated": [
        "INSERT INTO staging.decision_invariants VALUES ('counted_on_invalid_value', 'survey_export', 'x.csv', 2, 'test')"],
}


BROKEN = [(DECISIONS, name, sql) for name, sql in BROKEN_DECISIONS.items()] + \
         [(FIGURES, name, sql) for name, sql in BROKEN_FIGURES.items()]


@pytest.mark.parametrize("asset, invariant, statements", BROKEN, ids=[name for _, name, _ in BROKEN])
def test_each_invariant_fails_on_data_that_breaks_it(asset, invariant, statements, box):
    _execute(box, *statements)
    box.refresh(selection=f"key:{asset}")
    assert {name for a, name in box.failed_checks() if a == asset} == {invariant}
    assert box.check_evaluations()[(asset, invariant)].metadata["unexpected_count"].value >= 1
    assert not box.result.success             # blocking: the step fails (and the warehouse stays as it was)


def test_a_broken_decision_publishes_nothing(box):
    """The staging invariant stops the figure invariants, and with them the report and the
    snapshot: the run fails, and what was published stays the last good state."""
    report = (box.root / REPORT).read_bytes()
    snapshots = sorted(p.name for p in (box.root / "published").iterdir())
    _execute(box, *BROKEN_DECISIONS["duplicate_without_original"])
    result = box.refresh(selection=f"key:{DECISIONS}+")
    assert not result.success
    done = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert DECISIONS in done
    assert not done & {FIGURES, "reports/evaluation_report", "reports/published_snapshot"}
    assert (box.root / REPORT).read_bytes() == report
    assert sorted(p.name for p in (box.root / "published").iterdir()) == snapshots


def test_a_broken_figure_publishes_nothing(box):
    report = (box.root / REPORT).read_bytes()
    _execute(box, *BROKEN_FIGURES["groups_do_not_add_up"])
    result = box.refresh(selection=f"key:{FIGURES}+")
    assert not result.success
    done = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert FIGURES in done and not done & {"reports/evaluation_report", "reports/published_snapshot"}
    assert (box.root / REPORT).read_bytes() == report
