"""Each mart on a small hand-made staging fixture whose answers can be counted by hand (not the
shipped data); the evaluation_tables contract; and a reconciliation that notices a changed row.

The fixture: six respondents and two meetings, written below as staging tables. The real
reference assets run first (they are real facts), then only the marts are materialised.
"""

import shutil

import duckdb
import pytest
from conftest import Sandbox

from gia_pipeline.lib import paths

RESPONDENT_COLUMNS = ("response_id, wave, gemeentecode, g31_group, read_handreiking, attended_meeting, policy_form, "
                      "policy_since, policy_plan_year, function, follow_up, hr_discussed, hr_new_insights, "
                      "mt_discussed, mt_new_insights, hr_grade, mt_grade")
INTEGRAL = "Er is integraal integratiebeleid vastgelegd in nota of programma"
SECTOR = "Integratiebeleid krijgt expliciet aandacht bij de uitwerking van sectorbeleid"
NO_ISSUES = "De gemeente kent geen belangrijke integratievraagstukken"
NO_PRIORITY = "De gemeente geeft geen prioriteit aan integratievraagstukken"
RESPONDENTS = [
    # Amsterdam (G4): read, attended, integral since <2003
    (1, 1, "0363", "G31", "Ja", "Ja", INTEGRAL, "<2003", "2010", "Algemeen coördinator integratiebeleid",
     "Anders", "Ja", "Ja", "Nee", "Nee", 8, 6),
    # 's-Gravenhage (G4): attended only, integral since 2008-2009
    (2, 1, "0518", "G31", "Nee", "Ja", INTEGRAL, "2008-2009", "Onbekend", "Beleidsmedewerker welzijn",
     "Niet, maar dat gaat nog gebeuren", None, None, "Ja", "Nee", None, 7),
    # Groningen (G27): read only, sector policy
    (3, 1, "0014", "G31", "Ja", "Nee", SECTOR, None, "2009", "Overig",
     "Anders", "Weet ik niet", "Nee", None, None, 6, None),
    # Appingedam, Bedum, Bellingwedde (overig)
    (4, 1, "0003", "overig", "Nee", "Nee", NO_ISSUES, None, "Onbekend", "Beleidsmedewerker (algemeen)",
     None, None, None, None, None, None, None),
    # Bedum read it but left new insights and the grade open (item non-response)
    (5, 1, "0005", "overig", "Ja", "Nee", INTEGRAL, "Weet ik niet", "2010", "Beleidsmedewerker (algemeen)",
     "Er is een (nieuwe) integratienota vastgesteld", "Nee", None, None, None, None, None),
    (6, 1, "0007", "overig", "Nee", "Nee", NO_PRIORITY, None, "Onbekend", "Overig",
     None, None, None, None, None, None, None),
]
STATEMENTS = [  # (response_id, topic, visit_no, statement, position, report_column)
    (1, "handreiking", None, "Informatief", 2, "Eens"),
    (3, "handreiking", None, "Informatief", 2, "Oneens"),
    (5, "handreiking", None, "Informatief", 2, "Eens"),
    (1, "meeting", 1, "Goed opgezet", 1, "Eens"),
    (1, "meeting", 2, "Goed opgezet", 1, "Neutraal"),
    (2, "meeting", 1, "Goed opgezet", 1, "Eens"),
    (1, "dialogue", None, "Q1", 1, "In sterke mate"),
    (3, "dialogue", None, "Q1", 1, None),            # an answer outside the scale: not in the base
    (5, "dialogue", None, "Q1", 1, "Helemaal niet"),
]
MEETINGS = [  # (meeting_id, date, label, place, theme, region, list_status, headcount, list_missing)
    ("M1", "2009-01-01", "2009-01-01 Teststad", "Teststad", "Werk", "Noord", "volledig", 7, False),
    ("M2", "2009-02-01", "2009-02-01 Elders", "Elders", "Zorg", "Noord", "geen lijst", 10, False),
    # the register promises a list that never arrived: unknown, not an empty list
    ("M3", "2009-03-01", "2009-03-01 Verweg", "Verweg", "Wonen", "Oost", "volledig", 12, True),
    ("M4", "2009-04-01", "2009-04-01 Anders", "Anders", "Werk", "Oost", "volledig", 3, False),
]
ATTENDANCE = [  # (meeting_id, person_key, category, gemeentecode, municipality_region, meeting_region, source_row)
    ("M1", "p1", "Wethouders", "0003", "Noord", "Noord", 1),
    ("M1", "p2", "Overig gemeente", "0003", "Noord", "Noord", 2),
    ("M1", "p3", "Overig gemeente", "0363", "Noord-Holland", "Noord", 3),
    ("M1", "p4", "CMO", None, None, "Noord", 4),
    ("M1", "p5", "Rijk", None, None, "Noord", 5),
    ("M4", "p5", "Rijk", None, None, "Oost", 6),
    ("M4", "p6", "Welzijnsinstelling", None, None, "Oost", 7),
]
PERSONS = [  # (source_row, person_id): row 6 is the Rijk person of row 5 again; 7 might be 4 (unsure)
    (1, "A-1"), (2, "B-1"), (3, "C-1"), (4, "D-1"), (5, "E-1"), (6, "E-1"), (7, "D-2")]
VISITS = [  # (response_id, wave, gemeentecode, g31_group, visit_no, meeting_id, meeting_label)
    (1, 1, "0363", "G31", 1, "M1", "2009-01-01 Teststad"),     # Amsterdam is on M1's list: confirmed
    (1, 1, "0363", "G31", 2, "M2", "2009-02-01 Elders"),       # no list: nothing to confirm
    (2, 1, "0518", "G31", 1, "M1", "2009-01-01 Teststad"),     # 's-Gravenhage is not on it
    (2, 1, "0518", "G31", 2, None, None),                      # a label that names no register meeting
]


def _values(rows):
    def lit(v):
        return "NULL" if v is None else (str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'")
    return ", ".join("(" + ", ".join(lit(v) for v in r) + ")" for r in rows)


@pytest.fixture(scope="session")   # session: once per pytest-xdist worker, not per stretch of this module
def marts(tmp_path_factory):
    box = Sandbox(tmp_path_factory.mktemp("marts"))
    shutil.copytree(paths.REFERENCE_DIR, box.reference_dir)
    box.raw_dir.mkdir()
    assert box.refresh(selection="group:reference").success
    with duckdb.connect(str(box.warehouse)) as conn:
        conn.execute(f"CREATE TABLE staging.stg_survey_responses AS SELECT * FROM (VALUES {_values(RESPONDENTS)}) "
                     f"AS t({RESPONDENT_COLUMNS})")
        conn.execute("CREATE TABLE staging.stg_survey_statement_answers AS SELECT s.*, r.wave, r.gemeentecode, r.g31_group, "
                     "CASE s.topic WHEN 'dialogue' THEN 'dialogue' ELSE 'likert' END AS scale "
                     f"FROM (VALUES {_values(STATEMENTS)}) AS s(response_id, topic, visit_no, statement, position, report_column) "
                     "JOIN staging.stg_survey_responses r USING (response_id)")
        conn.execute("CREATE TABLE staging.stg_survey_indirect_municipalities AS SELECT 1 AS wave, '0009' AS gemeentecode")
        conn.execute("CREATE TABLE staging.stg_survey_submissions AS SELECT * FROM (VALUES "
                     "('collega, niet de coördinator', '0363'), ('collega, niet de coördinator', '0363'), "
                     "('collega, niet de coördinator', '0014'), ('onvolledig', '0003')) AS t(exclusion_reason, gemeentecode)")
        conn.execute("CREATE TABLE staging.stg_exclusions AS SELECT 'survey_export' AS source, exclusion_reason AS reason "
                     "FROM staging.stg_survey_submissions")
        conn.execute(f"CREATE TABLE staging.meetings_fixture AS SELECT * FROM (VALUES {_values(MEETINGS)}) "
                     "AS t(meeting_id, meeting_date, meeting_label, place, theme, gia_region, list_status, "
                     "reported_headcount, list_missing)")
        conn.execute("CREATE TABLE staging.stg_meetings AS SELECT meeting_id, meeting_date::DATE AS meeting_date, meeting_label, "
                     "place, theme, gia_region, list_status, reported_headcount FROM staging.meetings_fixture")
        conn.execute("CREATE TABLE staging.stg_meeting_lists AS SELECT meeting_id, meeting_label, list_status, list_missing "
                     "FROM staging.meetings_fixture")
        conn.execute(f"CREATE TABLE staging.stg_attendance AS SELECT *, 'list.csv' AS source_file FROM (VALUES {_values(ATTENDANCE)}) "
                     "AS t(meeting_id, person_key, category, gemeentecode, municipality_region, meeting_region, source_row)")
        conn.execute("CREATE TABLE staging.stg_attendance_rows AS SELECT meeting_id, NULL::VARCHAR AS quarantine_reason "
                     "FROM staging.stg_attendance")
        conn.execute(f"CREATE TABLE staging.attendance_persons AS SELECT 'list.csv' AS source_file, * "
                     f"FROM (VALUES {_values(PERSONS)}) AS t(source_row, person_id)")
        conn.execute("CREATE TABLE staging.attendance_person_pairs AS SELECT 'D-1' AS person_id_a, 'D-2' AS person_id_b, "
                     "'naam met alleen initialen' AS reason")
        conn.execute(f"CREATE TABLE staging.stg_meeting_visits AS SELECT * FROM (VALUES {_values(VISITS)}) "
                     "AS t(response_id, wave, gemeentecode, g31_group, visit_no, meeting_id, meeting_label)")
        conn.execute("CREATE TABLE staging.decision_invariants AS SELECT NULL::VARCHAR AS invariant LIMIT 0")
    # the provenance and change marts read raw tables and lineage columns this hand-made staging
    # does not have; they are tested on real refreshes (test_figure_provenance, test_refresh_changes)
    result = box.refresh(selection="group:marts and not key:marts/raw_files and not key:marts/refresh_changes "
                                   "and not key:marts/figure_provenance and not key:marts/figure_provenance_check")
    failed = [e.message for e in result.all_events if e.is_failure]
    assert not failed, failed
    return box


def cells(box, table_id):
    return {(r, c): (cnt, n, val) for r, c, cnt, n, val in box.query(
        f"SELECT row_key, col_key, count, n, value FROM marts.evaluation_tables WHERE table_id = '{table_id}'")}


def test_response_rates(marts):
    rows = {(d, g): (pop, resp, ind) for d, g, pop, resp, ind in marts.query(
        "SELECT dimension, group_key, population, respondents, indirect FROM marts.response_rates")}
    assert rows[("total", "all")] == (441, 6, 1)
    assert rows[("g31_group", "G4")] == (4, 2, 0)
    assert rows[("g31_group", "G27")] == (27, 1, 0)
    assert rows[("g31_group", "overig")] == (410, 3, 1)
    assert rows[("provincie", "Groningen")] == (25, 4, 1)     # Groningen, Appingedam, Bedum, Bellingwedde + indirect Ten Boer
    assert rows[("gia_region", "Noord")][1] == 4
    share = dict(((d, g), s) for d, g, s in marts.query(
        "SELECT dimension, group_key, response_share_pct FROM marts.response_rates"))
    assert share[("g31_group", "G31")] == pytest.approx(50.0)
    c = cells(marts, "response")
    assert c[("respondents", "total")] == (6, 441, pytest.approx(600 / 441))
    assert c[("colleague_responses", "total")][0] == 3 and c[("colleague_municipalities", "total")][0] == 2


def test_g31_splits(marts):
    c = cells(marts, "read_handreiking")
    assert c[("Ja", "G31")][:2] == (2, 3) and c[("Ja", "overig")][:2] == (1, 3) and c[("Ja", "total")][:2] == (3, 6)
    c = cells(marts, "attended_meeting")
    assert c[("Ja", "G31")][:2] == (2, 3) and c[("Ja", "overig")][:2] == (0, 3)
    c = cells(marts, "policy_form")
    assert c[(INTEGRAL, "total")][:2] == (3, 6) and c[(INTEGRAL, "G31")][:2] == (2, 3)
    assert c[(NO_ISSUES, "G31")][:2] == (0, 3)               # nobody, but the cell exists


def test_policy_year_distribution(marts):
    c = cells(marts, "policy_since")
    assert c[("<2003", "total")][:2] == (1, 2)               # 'Weet ik niet' is not in the base
    assert c[("2008-2009", "G31")][:2] == (1, 2)
    assert c[("Totaal", "total")][:2] == (2, 2)
    assert c[("voor 2007", "total")][:2] == (1, 2)
    c = cells(marts, "new_policy_year")
    assert {k[0]: v[:2] for k, v in c.items()} == {"2009": (1, 6), "2010": (2, 6), "Onbekend": (3, 6)}


def test_appraisals_and_dialogue(marts):
    c = cells(marts, "handreiking_appraisal")
    assert c[("Informatief", "Eens")][:2] == (2, 3) and c[("Informatief", "Oneens")][:2] == (1, 3)
    assert c[("Informatief", "Neutraal")][:2] == (0, 3)
    c = cells(marts, "meeting_appraisal")                    # base: visits, not respondents
    assert c[("Goed opgezet", "Eens")][:2] == (2, 3) and c[("Goed opgezet", "Neutraal")][:2] == (1, 3)
    c = cells(marts, "dialogue")
    assert c[("Q1", "In sterke mate")][:2] == (1, 2) and c[("Q1", "Helemaal niet")][:2] == (1, 2)


def test_discussed_insights_grades(marts):
    c = cells(marts, "handreiking_discussed")
    assert {k[0]: v[:2] for k, v in c.items()} == {"Ja": (1, 3), "Nee": (1, 3), "Weet ik niet": (1, 3)}
    c = cells(marts, "meeting_discussed")
    assert c[("Ja", "total")][:2] == (1, 2) and c[("Nee", "total")][:2] == (1, 2)
    c = cells(marts, "meeting_new_insights")
    assert c[("Nee", "total")][:2] == (2, 2) and c[("Ja", "total")][:2] == (0, 2)
    assert cells(marts, "handreiking_grade") == {("mean", "total"): (None, None, 7.0), ("min", "total"): (None, None, 6.0),
                                                 ("max", "total"): (None, None, 8.0), ("n", "total"): (2, None, None)}
    assert cells(marts, "meeting_grade")[("mean", "total")][2] == pytest.approx(6.5)


def test_item_bases(marts):
    """n is who answered the item, asked who was routed to it; the share is of n."""
    bases = {(t, r, c): (cnt, n, asked) for t, r, c, cnt, n, asked in marts.query(
        "SELECT table_id, row_key, col_key, count, n, asked FROM marts.evaluation_tables WHERE asked IS NOT NULL")}
    assert bases[("handreiking_new_insights", "Ja", "total")] == (1, 2, 3)     # Bedum left it open
    assert bases[("dialogue", "Q1", "In sterke mate")] == (1, 2, 3)            # an answer off the scale
    assert bases[("handreiking_grade", "n", "total")] == (2, None, 3)
    assert bases[("handreiking_appraisal", "Informatief", "Eens")] == (2, 3, 3)
    assert marts.query("SELECT n, asked FROM marts.survey_grades WHERE topic = 'handreiking'") == [(2, 3)]


def test_visit_confirmation(marts):
    visits = {(r, v): c for r, v, c in marts.query(
        "SELECT response_id, visit_no, confirmation FROM marts.visit_confirmation WHERE level = 'bezoek'")}
    assert visits == {(1, 1): "bevestigd", (1, 2): "geen lijst", (2, 1): "niet op de lijst",
                      (2, 2): "bijeenkomst onbekend"}
    totals = {g: r for g, *r in marts.query(
        "SELECT g31_group, visits, visits_with_list, visits_without_list, visits_unknown_meeting, confirmed, "
        "not_confirmed, confirmed_pct FROM marts.visit_confirmation WHERE level = 'totaal'")}
    assert totals["G31"] == [4, 2, 1, 1, 1, 1, 50.0] and totals["total"] == totals["G31"]
    assert "overig" not in totals                                              # nobody to count
    c = cells(marts, "visit_confirmation")
    assert c[("G31", "confirmed")][:2] == (1, 2) and c[("G31", "no_list")][0] == 1


def test_persons_reached(marts):
    rows = {(d, k): r for d, k, *r in marts.query(
        "SELECT dimension, row_key, visits, distinct_persons, persons_at_several_meetings, unsure_pairs "
        "FROM marts.persons_reached")}
    assert rows[("totaal", "Totaal")] == [7, 6, 1, 1]      # the Rijk person twice; one unsure pair, not merged
    assert rows[("gia_region", "Noord")] == [5, 5, 0, 0] and rows[("gia_region", "Oost")] == [2, 2, 0, 0]
    assert rows[("category", "Rijk")] == [2, 1, 1, 0]
    assert cells(marts, "persons_reached")[("Totaal", "persons")][0] == 6


def test_functions_and_followup(marts):
    c = cells(marts, "respondent_function")
    assert {k[0]: v[0] for k, v in c.items()} == {"Algemeen Coördinator Integratiebeleid": 1, "Welzijn": 1,
                                                 "Beleidsmedewerker (algemeen)": 2, "Overig": 2}
    c = cells(marts, "gia_followup")
    assert {k[0]: v[:2] for k, v in c.items()} == {"Anders": (2, 4), "Niet, maar dat gaat nog gebeuren": (1, 4),
                                                  "Er is een (nieuwe) integratienota vastgesteld": (1, 4)}


def test_attendance_by_meeting(marts):
    rows = {r[0]: r[1:] for r in marts.query(
        "SELECT meeting_label, reported_headcount, listed_persons, headcount_minus_listed, municipalities, wethouders, "
        "overig_gemeente, cmo, forum, rijk FROM marts.attendance_by_meeting")}
    assert rows["2009-01-01 Teststad"] == (7, 5, 2, 2, 1, 2, 1, 0, 1)
    assert rows["2009-02-01 Elders"] == (10, None, None, None, None, None, None, None, None)
    assert rows["2009-03-01 Verweg"] == (12, None, None, None, None, None, None, None, None)   # not 0, not 12
    assert rows["Totaal"] == (32, 7, 3, 2, 1, 2, 1, 0, 2)
    status = dict(marts.query("SELECT meeting_label, list_status FROM marts.attendance_by_meeting"))
    assert status["2009-02-01 Elders"] == "geen lijst" and status["2009-03-01 Verweg"] == "lijst niet ontvangen"
    assert marts.query("SELECT meetings, meetings_with_list FROM marts.attendance_by_meeting "
                       "WHERE meeting_label = 'Totaal'") == [(4, 2)]
    notes = {(r, c): (cnt, note) for r, c, cnt, note in marts.query(
        "SELECT row_key, col_key, count, note FROM marts.evaluation_tables WHERE table_id = 'attendance_by_meeting'")}
    assert notes[("2009-02-01 Elders", "attendees")] == (10, None)
    assert notes[("2009-02-01 Elders", "CMO")] == (None, "geen lijst")
    assert notes[("2009-03-01 Verweg", "listed")] == (None, "lijst niet ontvangen")
    assert notes[("Totaal", "attendees")] == (32, None)


def test_attendance_reach_and_target_progress(marts):
    reach = {r: (a, n) for r, a, n in marts.query(
        "SELECT gia_region, municipalities_attended, municipalities_in_region FROM marts.attendance_reach")}
    assert reach["Noord"] == (1, 68) and reach["Noord-Holland"] == (1, 60) and reach["Limburg"] == (0, 40)
    assert reach["total"] == (2, 441)
    progress = {(m, y): (k, met) for m, k, y, met in marts.query(
        "SELECT measure, municipalities, target_year, meets_target FROM marts.gia_target_progress")}
    assert progress[("survey: read the handreiking or attended a meeting", 2008)] == (4, False)   # 0.9% < 10%


def test_evaluation_tables_keys_and_types(marts):
    with duckdb.connect(str(marts.warehouse), read_only=True) as conn:
        schema = [(c, t) for c, t, *_ in conn.execute("DESCRIBE marts.evaluation_tables").fetchall()]
        dupes = conn.execute("SELECT count(*) FROM (SELECT table_id, row_key, col_key FROM marts.evaluation_tables "
                             "GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        bad_value = conn.execute("SELECT count(*) FROM marts.evaluation_tables "
                                 "WHERE n IS NOT NULL AND n > 0 AND abs(value - 100.0 * count / n) > 1e-9").fetchone()[0]
    assert schema == [("table_id", "VARCHAR"), ("row_key", "VARCHAR"), ("col_key", "VARCHAR"),
                      ("count", "BIGINT"), ("n", "BIGINT"), ("value", "DOUBLE"), ("asked", "BIGINT"), ("note", "VARCHAR")]
    assert dupes == 0 and bad_value == 0
