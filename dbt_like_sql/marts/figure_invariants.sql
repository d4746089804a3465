-- Invariants of the published figures that hold on any correct data (none depends on the 2010
-- report): one row per violation, empty when all hold. Each is a blocking check, and the report
-- and the analysts' snapshot wait for them, so a broken figure is never published:
--   split_does_not_sum_to_base   the answers of a question (per group) add up to more or less than
--                                its base n, or rows of one base carry different n
--   groups_do_not_add_up         G31 + overig ≠ total, G4 + G27 ≠ G31, provinces or GIA regions ≠
--                                all municipalities, regions ≠ the total of reach, categories ≠ the
--                                listed persons of a meeting, the Totaal row ≠ the sum of the meetings
--   base_differs_from_staging    a base that is not the number of staged rows it stands for
--                                (respondents, listed persons per meeting)
--   share_out_of_range           a count above its base or below 0; a grade statistic outside 1-10
--                                or a mean outside its minimum and maximum
--   decision_invariant_violated  staging.decision_invariants holds a violation (its own blocking
--                                checks stop this table; this row keeps the figures honest when a
--                                check is switched to non-blocking)
WITH splits AS (
    -- every share table of the marts as (table, base group, answer, count, n)
    SELECT 'g31_splits' AS mart, measure || ' / ' || g31_group AS base_group, answer, count, n FROM marts.g31_splits
    UNION ALL
    SELECT 'statement_appraisal', topic || ' / ' || statement, answer, count, n FROM marts.statement_appraisal
    UNION ALL
    SELECT 'discussed_and_insights', topic || ' / ' || question, answer, count, n FROM marts.discussed_and_insights
    UNION ALL
    SELECT 'respondent_functions', 'all', function_label, count, n FROM marts.respondent_functions
    UNION ALL
    SELECT 'gia_followup', 'all', answer, count, n FROM marts.gia_followup
    UNION ALL
    SELECT 'policy_year_distribution', question || ' / ' || g31_group, answer, count, n FROM marts.policy_year_distribution
),
meetings AS (
    SELECT * FROM marts.attendance_by_meeting WHERE meeting_id IS NOT NULL
),
meeting_total AS (
    SELECT * FROM marts.attendance_by_meeting WHERE meeting_id IS NULL
),
staged_per_meeting AS (
    SELECT meeting_id, count(*) AS listed FROM staging.stg_attendance GROUP BY ALL
)
SELECT 'split_does_not_sum_to_base' AS invariant, mart, base_group AS figure,
       any_value(n)::BIGINT AS expected, sum(count)::BIGINT AS actual
FROM splits
GROUP BY mart, base_group
HAVING sum(count) IS DISTINCT FROM any_value(n) OR count(DISTINCT n) > 1
UNION ALL
SELECT 'groups_do_not_add_up', 'g31_splits', t.measure || ' / ' || t.answer || ' / count', t.count, g.count + o.count
FROM marts.g31_splits AS t
JOIN marts.g31_splits AS g ON g.measure = t.measure AND g.answer = t.answer AND g.g31_group = 'G31'
JOIN marts.g31_splits AS o ON o.measure = t.measure AND o.answer = t.answer AND o.g31_group = 'overig'
WHERE t.g31_group = 'total' AND (t.count IS DISTINCT FROM g.count + o.count OR t.n IS DISTINCT FROM g.n + o.n)
UNION ALL
SELECT 'groups_do_not_add_up', 'response_rates', c.figure || ' (respondents)', c.whole, c.parts
FROM (
    SELECT unnest([
        {'figure': 'G4 + G27 = G31', 'whole': max(respondents) FILTER (WHERE group_key = 'G31'),
         'parts': sum(respondents) FILTER (WHERE dimension = 'g31_group' AND group_key IN ('G4', 'G27'))},
        {'figure': 'G31 + overig = all', 'whole': max(respondents) FILTER (WHERE dimension = 'total'),
         'parts': sum(respondents) FILTER (WHERE dimension = 'g31_group' AND group_key IN ('G31', 'overig'))},
        {'figure': 'provinces = all', 'whole': max(respondents) FILTER (WHERE dimension = 'total'),
         'parts': sum(respondents) FILTER (WHERE dimension = 'provincie')},
        {'figure': 'GIA regions = all', 'whole': max(respondents) FILTER (WHERE dimension = 'total'),
         'parts': sum(respondents) FILTER (WHERE dimension = 'gia_region')}]) AS c
    FROM marts.response_rates
)
WHERE c.whole IS DISTINCT FROM c.parts
UNION ALL
SELECT 'groups_do_not_add_up', 'attendance_reach', 'regions = total',
       any_value(municipalities_attended) FILTER (WHERE gia_region = 'total'),
       sum(municipalities_attended) FILTER (WHERE gia_region <> 'total')
FROM marts.attendance_reach
HAVING any_value(municipalities_attended) FILTER (WHERE gia_region = 'total')
           IS DISTINCT FROM sum(municipalities_attended) FILTER (WHERE gia_region <> 'total')
    OR any_value(municipalities_in_region) FILTER (WHERE gia_region = 'total')
           IS DISTINCT FROM sum(municipalities_in_region) FILTER (WHERE gia_region <> 'total')
UNION ALL
SELECT 'groups_do_not_add_up', 'attendance_by_meeting', meeting_label || ': categories = listed', listed_persons,
       wethouders + overig_gemeente + cmo + forum + provincie + rijk + welzijnsinstelling + onderwijs_commercieel + onbekend
FROM meetings
WHERE listed_persons IS NOT NULL AND listed_persons IS DISTINCT FROM coalesce(
    wethouders + overig_gemeente + cmo + forum + provincie + rijk + welzijnsinstelling + onderwijs_commercieel + onbekend, 0)
UNION ALL
SELECT 'groups_do_not_add_up', 'attendance_by_meeting', 'Totaal: ' || c.column_name, c.total, c.summed
FROM (
    SELECT unnest([
        {'column_name': 'reported_headcount', 'total': t.reported_headcount, 'summed': (SELECT sum(reported_headcount) FROM meetings)},
        {'column_name': 'listed_persons', 'total': t.listed_persons, 'summed': (SELECT sum(listed_persons) FROM meetings)},
        {'column_name': 'municipalities', 'total': t.municipalities, 'summed': (SELECT sum(municipalities) FROM meetings)},
        {'column_name': 'wethouders', 'total': t.wethouders, 'summed': (SELECT sum(wethouders) FROM meetings)},
        {'column_name': 'onbekend', 'total': t.onbekend, 'summed': (SELECT sum(onbekend) FROM meetings)}
    ]) AS c
    FROM meeting_total AS t
)
WHERE c.total IS DISTINCT FROM c.summed
UNION ALL
SELECT 'base_differs_from_staging', 'response_rates', 'respondents (all)',
       (SELECT count(*) FROM staging.stg_survey_responses), respondents
FROM marts.response_rates
WHERE dimension = 'total' AND respondents IS DISTINCT FROM (SELECT count(*) FROM staging.stg_survey_responses)
UNION ALL
SELECT 'base_differs_from_staging', 'attendance_by_meeting', m.meeting_label || ': listed', coalesce(s.listed, 0), m.listed_persons
FROM meetings AS m
LEFT JOIN staged_per_meeting AS s USING (meeting_id)
WHERE m.listed_persons IS NOT NULL AND m.listed_persons IS DISTINCT FROM coalesce(s.listed, 0)
UNION ALL
SELECT 'share_out_of_range', 'evaluation_tables', table_id || ' / ' || row_key || ' / ' || col_key, n, count
FROM marts.evaluation_tables
WHERE count < 0 OR n < 0 OR count > n
UNION ALL
SELECT 'share_out_of_range', 'survey_grades', topic, NULL, NULL
FROM marts.survey_grades
WHERE n > 0 AND NOT (1 <= min AND min <= mean AND mean <= max AND max <= 10)
UNION ALL
SELECT 'decision_invariant_violated', 'staging.decision_invariants', invariant, 0, count(*)
FROM staging.decision_invariants
GROUP BY invariant
ORDER BY ALL
