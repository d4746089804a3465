"""marts.figure_provenance: every figure of the evaluation traced to the staging rows it counts and
the raw rows behind them, proven by blocking checks (marts.figure_provenance_check)."""

import shutil

import duckdb

from conftest import Sandbox

CHECKS = ("column_values_to_be_in_set__proven", "column_pair_values_to_be_equal__count_counted_rows",
          "column_pair_values_to_be_equal__n_base_rows")


def test_every_figure_is_proven_by_its_rows(refreshed):
    figures, = refreshed.query("SELECT count(*) FROM marts.evaluation_tables")
    proven = refreshed.query("SELECT is_figure, proven, count(*) FROM marts.figure_provenance_check GROUP BY ALL")
    assert proven == [(True, True, figures[0])]
    checks = refreshed.check_evaluations()
    for name in CHECKS:
        evaluation = checks[("marts/figure_provenance_check", name)]
        assert evaluation.passed and evaluation.blocking, name
    # every figure with a number has rows behind it; only counts of 0 have none
    assert refreshed.query("""
        SELECT count(*) FROM marts.figure_provenance_check
        WHERE counted_rows IS DISTINCT FROM 0 AND counted_rows + source_rows + reporting_rows = 0""") == [(0,)]


def test_a_share_is_traced_to_the_raw_survey_rows(refreshed):
    """Who read the handreiking (3.1, G31): the counted rows are exactly the raw rows of the valid
    G31 responses that answered Ja, and the base the G31 responses that answered at all — found
    here straight from raw.survey_export."""
    def raw_rows(role: str) -> list[tuple]:
        return refreshed.query(f"""
            SELECT source_file, source_row FROM marts.figure_provenance
            WHERE table_id = 'read_handreiking' AND row_key = 'Ja' AND col_key = 'G31' AND role = '{role}'
            ORDER BY ALL""")
    expected = refreshed.query("""
        SELECT s._source_file, s._source_row, s.read_handreiking = 'Ja' FROM raw.survey_export AS s
        JOIN staging.stg_survey_responses AS v ON v.source_file = s._source_file AND v.source_row = s._source_row
        WHERE v.is_g31 AND s.read_handreiking IN ('Ja', 'Nee') ORDER BY ALL""")
    assert raw_rows("geteld") == [(f, r) for f, r, ja in expected if ja]
    assert raw_rows("basis") == [(f, r) for f, r, ja in expected if not ja]
    (count, n), = refreshed.query("SELECT count, n FROM marts.evaluation_tables "
                                  "WHERE table_id = 'read_handreiking' AND row_key = 'Ja' AND col_key = 'G31'")
    assert (count, n) == (sum(ja for *_, ja in expected), len(expected))


def test_an_attendance_figure_is_traced_to_the_rows_of_its_list(refreshed):
    """A meeting's Wethouders: the listed rows of that meeting's file whose category is Wethouders;
    its headcount is the register row that reports it; a meeting without a list shows why."""
    (label, meeting_id, list_file), = refreshed.query(
        "SELECT meeting_label, meeting_id, list_file FROM staging.stg_meetings WHERE list_status = 'volledig' "
        "ORDER BY meeting_date LIMIT 1")
    rows = refreshed.query(f"""
        SELECT source_file, source_row FROM marts.figure_provenance
        WHERE table_id = 'attendance_by_meeting' AND row_key = '{label}' AND col_key = 'Wethouders' ORDER BY ALL""")
    assert rows and all(f.endswith("/" + list_file) for f, _ in rows)
    assert rows == refreshed.query(f"""SELECT source_file, source_row FROM staging.stg_attendance_rows
        WHERE meeting_id = '{meeting_id}' AND category = 'Wethouders' AND exclusion_reason IS NULL
          AND quarantine_reason IS NULL ORDER BY ALL""")
    assert refreshed.query(f"""SELECT role, reported, source_file FROM marts.figure_provenance
        WHERE table_id = 'attendance_by_meeting' AND row_key = '{label}' AND col_key = 'attendees'""") == \
        refreshed.query(f"SELECT 'gemeld', reported_headcount, source_file FROM staging.stg_meetings WHERE meeting_id = '{meeting_id}'")
    no_list = refreshed.query("""SELECT p.role, e.note FROM marts.figure_provenance AS p JOIN marts.evaluation_tables AS e
        USING (table_id, row_key, col_key) WHERE e.table_id = 'attendance_by_meeting' AND e.note IS NOT NULL""")
    assert no_list and {role for role, _ in no_list} == {"bron"}


def test_persons_are_counted_once_with_all_their_rows(refreshed):
    (persons, several), = refreshed.query(
        "SELECT distinct_persons, persons_at_several_meetings FROM marts.persons_reached WHERE dimension = 'totaal'")
    units = refreshed.query("""SELECT col_key, count(*) FILTER (WHERE unit_row = 1), count(source_row) FROM marts.figure_provenance
        WHERE table_id = 'persons_reached' AND row_key = 'Totaal' AND col_key IN ('persons', 'several_meetings', 'visits')
        GROUP BY ALL ORDER BY ALL""")
    visits, = refreshed.query("SELECT count(*) FROM staging.stg_attendance")
    (_, n_persons, person_rows), (_, n_several, several_rows), visit_units = units
    # every listed row belongs to exactly one person; a person at several meetings has several rows
    assert (n_persons, person_rows) == (persons, visits[0])
    assert n_several == several and several_rows >= 2 * several
    assert visit_units == ("visits", visits[0], visits[0])


def test_a_figure_its_rows_do_not_prove_fails_the_run(refreshed, tmp_path):
    """Drop one counted row from the provenance of a finished refresh and rebuild the check alone:
    the blocking check fails with the count of unproven figures, the run fails and the warehouse
    keeps its last good state."""
    box = Sandbox(tmp_path)
    shutil.copytree(refreshed.reference_dir, box.reference_dir)
    shutil.copytree(refreshed.raw_dir, box.raw_dir)
    box.warehouse.parent.mkdir(parents=True)
    shutil.copy(refreshed.warehouse, box.warehouse)
    with duckdb.connect(str(box.warehouse)) as conn:
        conn.execute("""DELETE FROM marts.figure_provenance WHERE unit_key = (
            SELECT min(unit_key) FROM marts.figure_provenance
            WHERE table_id = 'dialogue' AND role = 'geteld' AND col_key = 'Neutraal')
            AND table_id = 'dialogue' AND role = 'geteld' AND col_key = 'Neutraal'""")
    result = box.refresh("marts/figure_provenance_check")
    assert not result.success
    evaluation = box.check_evaluations()[("marts/figure_provenance_check", CHECKS[0])]
    assert not evaluation.passed and evaluation.blocking
    assert evaluation.metadata["unexpected_count"].value >= 1
    assert box.query("SELECT count(*) FROM marts.figure_provenance_check WHERE NOT proven") == [(0,)]   # last good
