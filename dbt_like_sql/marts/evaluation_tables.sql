-- Every figure of the evaluation in one tidy table, keyed by the report's own (Dutch) labels:
-- `table_id`, `row_key`, `col_key`; for a share `count` and `n` (the item base: those who
-- answered) with `value` = 100·count/n (unrounded) and `asked` (those the question was put to,
-- the base the report prints above its tables), for a statistic (mean/min/max) only `value`, for
-- a plain count only `count`. A figure that cannot be known (a meeting without a list) has no
-- number and a `note` that says why. The key scheme is docs/evaluation-tables.md; rows are
-- stored in the report's order.
WITH cells AS (
    -- 1.3 / 3.1 response
    SELECT 'response' AS table_id, 1 AS table_order,
           CASE group_key WHEN 'all' THEN 'respondents' ELSE group_key END AS row_key,
           CASE group_key WHEN 'all' THEN 1 WHEN 'G4' THEN 2 WHEN 'G27' THEN 3 WHEN 'G31' THEN 4 ELSE 5 END AS row_order,
           'total' AS col_key, 1 AS col_order, respondents AS count, population AS n, NULL AS asked, NULL AS note
    FROM marts.response_rates WHERE dimension IN ('total', 'g31_group')
    UNION ALL
    SELECT 'response', 1, 'indirect', 6, 'total', 1, indirect, population, NULL, NULL
    FROM marts.response_rates WHERE dimension = 'total'
    UNION ALL
    SELECT 'response', 1, 'colleague_responses', 7, 'total', 1, count(*), NULL, NULL, NULL
    FROM staging.stg_exclusions WHERE reason = 'collega, niet de coördinator'
    UNION ALL
    SELECT 'response', 1, 'colleague_municipalities', 8, 'total', 1, count(DISTINCT gemeentecode), NULL, NULL, NULL
    FROM staging.stg_survey_submissions WHERE exclusion_reason = 'collega, niet de coördinator'
    -- 3.1 and 3.2.2: read / attended, by group
    UNION ALL
    SELECT measure, CASE measure WHEN 'read_handreiking' THEN 2 ELSE 10 END,
           answer, CASE answer WHEN 'Ja' THEN 1 ELSE 2 END,
           g31_group, CASE g31_group WHEN 'G31' THEN 1 WHEN 'overig' THEN 2 ELSE 3 END, count, n, asked, NULL
    FROM marts.g31_splits WHERE measure IN ('read_handreiking', 'attended_meeting')
    -- appraisal tables
    UNION ALL
    SELECT 'handreiking_appraisal', 3, statement, position, answer, column_order, count, n, asked, NULL FROM marts.handreiking_appraisal
    UNION ALL
    SELECT 'meeting_appraisal', 11, statement, position, answer, column_order, count, n, asked, NULL FROM marts.meeting_appraisal
    -- discussed / new insights
    UNION ALL
    SELECT topic || '_' || question,
           CASE topic || '_' || question WHEN 'handreiking_discussed' THEN 4 WHEN 'handreiking_new_insights' THEN 5
                WHEN 'meeting_discussed' THEN 12 ELSE 13 END,
           answer, answer_order, 'total', 1, count, n, asked, NULL
    FROM marts.discussed_and_insights
    -- 4.1 policy form, 4.2 since when, by group
    UNION ALL
    SELECT 'policy_form', 15, answer,
           CASE answer WHEN 'Er is integraal integratiebeleid vastgelegd in nota of programma' THEN 1
                WHEN 'Integratiebeleid krijgt expliciet aandacht bij de uitwerking van sectorbeleid' THEN 2
                WHEN 'De gemeente kent geen belangrijke integratievraagstukken' THEN 3 ELSE 4 END,
           g31_group, CASE g31_group WHEN 'G31' THEN 1 WHEN 'overig' THEN 2 ELSE 3 END, count, n, asked, NULL
    FROM marts.g31_splits WHERE measure = 'policy_form'
    UNION ALL
    SELECT 'policy_since', 17, answer, CASE answer WHEN '<2003' THEN 1 WHEN '2004-2007' THEN 2 ELSE 3 END,
           g31_group, CASE g31_group WHEN 'G31' THEN 1 WHEN 'overig' THEN 2 ELSE 3 END, count, n, asked, NULL
    FROM marts.policy_year_distribution WHERE question = 'policy_since'
    UNION ALL
    SELECT 'policy_since', 17, 'Totaal', 4, g31_group, CASE g31_group WHEN 'G31' THEN 1 WHEN 'overig' THEN 2 ELSE 3 END,
           any_value(n), any_value(n), any_value(asked), NULL
    FROM marts.policy_year_distribution WHERE question = 'policy_since' GROUP BY g31_group
    UNION ALL
    SELECT 'policy_since', 17, 'voor 2007', 5, g31_group, CASE g31_group WHEN 'G31' THEN 1 WHEN 'overig' THEN 2 ELSE 3 END,
           sum(count) FILTER (WHERE answer IN ('<2003', '2004-2007')), any_value(n), any_value(asked), NULL
    FROM marts.policy_year_distribution WHERE question = 'policy_since' GROUP BY g31_group
    -- 4.1 functions, 4.2 follow-up and planned year
    UNION ALL
    SELECT 'respondent_function', 16, function_label, label_order, 'total', 1, count, n, asked, NULL FROM marts.respondent_functions
    UNION ALL
    SELECT 'gia_followup', 18, answer, answer_order, 'total', 1, count, n, asked, NULL FROM marts.gia_followup
    UNION ALL
    SELECT 'new_policy_year', 19, answer, row_number() OVER (ORDER BY answer), 'total', 1, count, n, asked, NULL
    FROM marts.policy_year_distribution WHERE question = 'new_policy_year'
    -- 5.2 dialogue
    UNION ALL
    SELECT 'dialogue', 20, question, position, answer, column_order, count, n, asked, NULL FROM marts.dialogue
    -- the item base of each grade (the report prints none)
    UNION ALL
    SELECT topic || '_grade', CASE topic WHEN 'handreiking' THEN 6 ELSE 14 END, 'n', 4, 'total', 1, n, NULL, asked, NULL
    FROM marts.survey_grades
    -- 3.2 / 3.2.1 meetings and attendance (plain counts)
    UNION ALL
    SELECT 'attendance_meetings', 7, 'held', 1, 'total', 1, count(*), NULL, NULL, NULL FROM staging.stg_meetings
    UNION ALL
    SELECT 'attendance_meetings', 7, 'with_list', 2, 'total', 1, count(*) FILTER (WHERE list_status <> 'geen lijst'), NULL, NULL, NULL
    FROM staging.stg_meetings
    UNION ALL
    SELECT 'attendance_by_meeting', 8, meeting_label, display_order, c.col_key, c.col_order, c.count, NULL, NULL,
           CASE WHEN c.count IS NULL THEN list_status END
    FROM marts.attendance_by_meeting,
         unnest([{'col_key': 'attendees', 'col_order': 1, 'count': reported_headcount},
                 {'col_key': 'listed', 'col_order': 2, 'count': listed_persons},
                 {'col_key': 'municipalities', 'col_order': 3, 'count': municipalities},
                 {'col_key': 'Wethouders', 'col_order': 4, 'count': wethouders},
                 {'col_key': 'Overig gemeente', 'col_order': 5, 'count': overig_gemeente},
                 {'col_key': 'CMO', 'col_order': 6, 'count': cmo},
                 {'col_key': 'FORUM', 'col_order': 7, 'count': forum},
                 {'col_key': 'Provincie', 'col_order': 8, 'count': provincie},
                 {'col_key': 'Rijk', 'col_order': 9, 'count': rijk},
                 {'col_key': 'Welzijnsinstelling', 'col_order': 10, 'count': welzijnsinstelling},
                 {'col_key': 'Onderwijs/commercieel', 'col_order': 11, 'count': onderwijs_commercieel}]) AS t(c)
    WHERE c.count IS NOT NULL OR list_status IN ('geen lijst', 'lijst niet ontvangen')
    UNION ALL
    SELECT 'attendance_reach', 9, gia_region, display_order, 'municipalities', 1,
           municipalities_attended, municipalities_in_region, NULL, NULL
    FROM marts.attendance_reach
    -- beyond the report: distinct persons (its footnote) and reported visits confirmed by the lists
    UNION ALL
    SELECT 'persons_reached', 10, row_key, display_order, c.col_key, c.col_order, c.count, NULL, NULL, NULL
    FROM marts.persons_reached,
         unnest([{'col_key': 'visits', 'col_order': 1, 'count': visits},
                 {'col_key': 'persons', 'col_order': 2, 'count': distinct_persons},
                 {'col_key': 'several_meetings', 'col_order': 3, 'count': persons_at_several_meetings},
                 {'col_key': 'unsure_pairs', 'col_order': 4, 'count': unsure_pairs}]) AS t(c)
    UNION ALL
    SELECT 'visit_confirmation', 15, g31_group, CASE g31_group WHEN 'G31' THEN 1 WHEN 'overig' THEN 2 ELSE 3 END,
           c.col_key, c.col_order, c.count, c.n, NULL, NULL
    FROM marts.visit_confirmation,
         unnest([{'col_key': 'visits', 'col_order': 1, 'count': visits, 'n': NULL},
                 {'col_key': 'no_list', 'col_order': 2, 'count': visits_without_list, 'n': NULL},
                 {'col_key': 'confirmed', 'col_order': 3, 'count': confirmed, 'n': visits_with_list},
                 {'col_key': 'not_confirmed', 'col_order': 4, 'count': not_confirmed, 'n': visits_with_list}]) AS t(c)
    WHERE level = 'totaal'
),
statistics AS (
    SELECT topic || '_grade' AS table_id, CASE topic WHEN 'handreiking' THEN 6 ELSE 14 END AS table_order,
           s.row_key, s.row_order, 'total' AS col_key, 1 AS col_order, s.value
    FROM marts.survey_grades,
         unnest([{'row_key': 'mean', 'row_order': 1, 'value': mean},
                 {'row_key': 'min', 'row_order': 2, 'value': min},
                 {'row_key': 'max', 'row_order': 3, 'value': max}]) AS t(s)
    UNION ALL
    SELECT 'gia_target', 21, year, row_number() OVER (ORDER BY year), 'target', 1, target_pct::DOUBLE
    FROM reference.gia_targets
)
SELECT table_id, row_key, col_key, count, n, value, asked, note
FROM (
    SELECT table_id, table_order, row_key, row_order, col_key, col_order,
           count::BIGINT AS count, n::BIGINT AS n, 100.0 * count / nullif(n, 0) AS value,
           asked::BIGINT AS asked, note::VARCHAR AS note
    FROM cells
    UNION ALL
    SELECT table_id, table_order, row_key, row_order, col_key, col_order, NULL, NULL, value::DOUBLE, NULL, NULL
    FROM statistics
)
ORDER BY table_order, row_order, col_order
