"""The reconciliation on the shipped data: every published figure reproduces; and it turns
`mismatch` (failing its check) as soon as a staged row changes."""


def test_every_published_figure_matches_or_is_an_explained_rounding(refreshed):
    statuses = dict(refreshed.query("SELECT status, count(*) FROM marts.report_reconciliation GROUP BY ALL"))
    published = refreshed.query("SELECT count(*) FROM reference.published_figures")[0][0]
    assert set(statuses) <= {"match", "rounding"}
    assert sum(statuses.values()) == published > 300
    assert refreshed.query("SELECT count(*) FROM marts.report_reconciliation "
                           "WHERE status = 'rounding' AND explanation IS NULL") == [(0,)]
    assert refreshed.check_evaluations()[("marts/report_reconciliation", "column_values_to_be_in_set__status")].passed


def test_headline_figures(refreshed):
    got = {(t, r, c): (cnt, n) for t, r, c, cnt, n in refreshed.query(
        "SELECT table_id, row_key, col_key, computed_count, computed_n FROM marts.report_reconciliation")}
    assert got[("response", "respondents", "total")] == (141, 441)
    assert got[("attendance_reach", "total", "municipalities")] == (147, 441)
    assert got[("attendance_by_meeting", "Totaal", "attendees")][0] == 1413


def test_a_changed_staged_row_turns_the_reconciliation_to_mismatch(box):
    sandbox = box            # a good refresh's warehouse
    with __import__("duckdb").connect(str(sandbox.warehouse)) as conn:
        conn.execute("""UPDATE staging.stg_survey_responses SET read_handreiking = 'Nee'
                        WHERE response_id = (SELECT min(response_id) FROM staging.stg_survey_responses
                                             WHERE read_handreiking = 'Ja' AND g31_group = 'overig')""")
    sandbox.refresh(selection="group:marts")
    rows = {(t, r, c): s for t, r, c, s in sandbox.query(
        "SELECT table_id, row_key, col_key, status FROM marts.report_reconciliation WHERE status = 'mismatch'")}
    assert rows[("read_handreiking", "Ja", "total")] == "mismatch"       # 47 computed, 48 published
    check = sandbox.check_evaluations()[("marts/report_reconciliation", "column_values_to_be_in_set__status")]
    assert not check.passed and check.metadata["unexpected_count"].value >= 1
