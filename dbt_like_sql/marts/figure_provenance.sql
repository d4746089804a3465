-- What every figure of marts.evaluation_tables is computed from, one row per raw row behind each
-- unit the figure counts: the staging row it counts (a response, a visit, a listed attendee, a
-- meeting) or the entity it counts (a person, a municipality), with the raw row behind it
-- (`source_file`, `source_row`). A unit made of several raw rows has a row for each (`unit_row`
-- numbers them 1, 2, ...); a unit with no raw row behind it (a municipality in a base, a declared
-- target) has one row with no source. Long, not nested: no list column, so at scale DuckDB can
-- spill this model and its check to disk instead of holding lists of rows in memory.
-- `role` says how the unit enters the figure:
-- `geteld` — counted in `count` (and, for a share, in its base `n`); `basis` — in the base `n`
-- but not counted; `gemeld` — a row that reports a number the figure adds up (`reported`: a
-- meeting's headcount in the register); `bron` — what a statistic or a note is read from. So for
-- every figure with a count, its `geteld` units (rows with `unit_row` = 1) number exactly `count`
-- (or its `gemeld` units report that sum) and its `geteld` + `basis` units exactly `n`
-- (marts.figure_provenance_check proves it). The rules re-derive each figure row by row from
-- staging, the way the mart named in `computed_in` aggregates it. No names: attendees appear as
-- pseudonymous keys.
WITH cells AS (
    SELECT table_id, row_key, col_key, note FROM marts.evaluation_tables
),
responses AS (
    SELECT r.*, l.report_label AS function_label, r.response_id::VARCHAR AS unit_key
    FROM staging.stg_survey_responses AS r
    LEFT JOIN reference.function_labels AS l ON l.function = r.function
),
-- survey answers per question and group (the item base: who was asked and answered)
answers AS (
    SELECT r.unit_key, r.source_file, r.source_row, a.table_id, a.computed_in, a.answer, g.col_key
    FROM responses AS r,
         unnest([{'table_id': 'read_handreiking', 'answer': r.read_handreiking, 'routed': true, 'computed_in': 'marts.g31_splits'},
                 {'table_id': 'attended_meeting', 'answer': r.attended_meeting, 'routed': true, 'computed_in': 'marts.g31_splits'},
                 {'table_id': 'policy_form', 'answer': r.policy_form, 'routed': true, 'computed_in': 'marts.g31_splits'},
                 {'table_id': 'policy_since',
                  'answer': CASE WHEN r.policy_since IN ('<2003', '2004-2007', '2008-2009') THEN r.policy_since END,
                  'routed': r.policy_form = 'Er is integraal integratiebeleid vastgelegd in nota of programma',
                  'computed_in': 'marts.policy_year_distribution'},
                 {'table_id': 'handreiking_discussed', 'answer': r.hr_discussed, 'routed': r.read_handreiking = 'Ja', 'computed_in': 'marts.discussed_and_insights'},
                 {'table_id': 'handreiking_new_insights', 'answer': r.hr_new_insights, 'routed': r.read_handreiking = 'Ja', 'computed_in': 'marts.discussed_and_insights'},
                 {'table_id': 'meeting_discussed', 'answer': r.mt_discussed, 'routed': r.attended_meeting = 'Ja', 'computed_in': 'marts.discussed_and_insights'},
                 {'table_id': 'meeting_new_insights', 'answer': r.mt_new_insights, 'routed': r.attended_meeting = 'Ja', 'computed_in': 'marts.discussed_and_insights'},
                 {'table_id': 'gia_followup', 'answer': r.follow_up, 'routed': r.read_handreiking = 'Ja' OR r.attended_meeting = 'Ja', 'computed_in': 'marts.gia_followup'},
                 {'table_id': 'new_policy_year', 'answer': r.policy_plan_year, 'routed': true, 'computed_in': 'marts.policy_year_distribution'},
                 {'table_id': 'respondent_function', 'answer': r.function_label, 'routed': true, 'computed_in': 'marts.respondent_functions'}]) AS t(a),
         unnest([r.g31_group, 'total']) AS g(col_key)
    WHERE a.routed AND a.answer IS NOT NULL
),
statements AS (
    SELECT r.unit_key || CASE WHEN s.visit_no IS NOT NULL AND s.topic = 'meeting' THEN '/' || s.visit_no ELSE '' END AS unit_key,
           CASE s.topic WHEN 'meeting' THEN 'bezoek' ELSE 'respons' END AS unit,
           r.source_file, r.source_row, s.statement, s.report_column,
           CASE s.topic WHEN 'handreiking' THEN 'handreiking_appraisal' WHEN 'meeting' THEN 'meeting_appraisal' ELSE 'dialogue' END AS table_id,
           CASE s.topic WHEN 'handreiking' THEN 'marts.handreiking_appraisal' WHEN 'meeting' THEN 'marts.meeting_appraisal' ELSE 'marts.dialogue' END AS computed_in
    FROM staging.stg_survey_statement_answers AS s
    JOIN responses AS r USING (response_id, wave)
    WHERE s.report_column IS NOT NULL
),
grades AS (
    SELECT r.unit_key, r.source_file, r.source_row, g.topic || '_grade' AS table_id
    FROM responses AS r,
         unnest([{'topic': 'handreiking', 'grade': r.hr_grade, 'routed': r.read_handreiking = 'Ja'},
                 {'topic': 'meeting', 'grade': r.mt_grade, 'routed': r.attended_meeting = 'Ja'}]) AS t(g)
    WHERE g.routed AND g.grade IS NOT NULL
),
-- the population of the response table: every municipality once per survey wave
waves AS (
    SELECT DISTINCT wave FROM staging.stg_survey_responses
    UNION ALL
    SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM staging.stg_survey_responses)
),
population AS (
    SELECT m.*, w.wave, w.wave || '/' || m.gemeentecode AS unit_key
    FROM reference.municipalities AS m CROSS JOIN waves AS w
),
response_groups AS (
    SELECT p.*, g.row_key
    FROM population AS p,
         unnest(['respondents', CASE WHEN p.is_g4 THEN 'G4' END, CASE WHEN p.is_g27 THEN 'G27' END,
                 CASE WHEN p.is_g31 THEN 'G31' ELSE 'overig' END]) AS g(row_key)
    WHERE g.row_key IS NOT NULL
),
-- units made of several raw rows: one row per raw row, numbered within the unit
indirect AS (
    SELECT wave, gemeentecode, source_file, source_row,
           row_number() OVER (PARTITION BY wave, gemeentecode ORDER BY source_file, source_row) AS unit_row
    FROM (SELECT DISTINCT i.wave, i.gemeentecode, r.source_file, r.source_row
          FROM staging.stg_survey_indirect_municipalities AS i
          CROSS JOIN unnest(i.named_by_response_ids) AS n(response_id)
          JOIN staging.stg_survey_responses AS r ON r.response_id = n.response_id AND r.wave = i.wave)
),
colleagues AS (
    SELECT gemeentecode, source_file, source_row
    FROM staging.stg_survey_submissions
    WHERE exclusion_reason = 'collega, niet de coördinator'
),
-- attendance: listed rows of the meetings whose list arrived
lists AS (
    SELECT m.meeting_id, m.meeting_label, m.list_status, m.reported_headcount, m.source_file, m.source_row,
           m.list_status <> 'geen lijst' AND NOT l.list_missing AS has_list
    FROM staging.stg_meetings AS m
    JOIN staging.stg_meeting_lists AS l USING (meeting_id)
),
listed AS (
    SELECT a.*, m.meeting_label AS row_key, m.meeting_id || '/' || coalesce(a.person_key, '?') AS unit_key
    FROM staging.stg_attendance AS a
    JOIN lists AS m USING (meeting_id)
    WHERE m.has_list
),
listed_both AS (   -- each meeting's row and the Totaal row
    SELECT * FROM listed
    UNION ALL
    SELECT * REPLACE ('Totaal' AS row_key) FROM listed
),
municipalities_at_meetings AS (
    SELECT row_key, meeting_id || '/' || gemeentecode AS unit_key, source_file, source_row,
           row_number() OVER (PARTITION BY row_key, meeting_id, gemeentecode ORDER BY source_file, source_row) AS unit_row
    FROM listed_both
    WHERE gemeentecode IS NOT NULL
),
reached AS (
    SELECT gemeentecode, source_file, source_row,
           row_number() OVER (PARTITION BY gemeentecode ORDER BY source_file, source_row) AS unit_row
    FROM staging.stg_attendance
    WHERE gemeentecode IS NOT NULL
),
persons_listed AS (
    SELECT p.person_id, a.meeting_id, a.source_file, a.source_row, d.row_key
    FROM staging.stg_attendance AS a
    JOIN staging.attendance_persons AS p USING (source_file, source_row),
         unnest(['Totaal', a.meeting_region, a.category]) AS d(row_key)
),
persons AS (
    SELECT row_key, person_id, count(DISTINCT meeting_id) AS meetings
    FROM persons_listed
    GROUP BY ALL
),
person_rows AS (
    SELECT l.row_key, l.person_id, p.meetings, l.source_file, l.source_row,
           row_number() OVER (PARTITION BY l.row_key, l.person_id ORDER BY l.source_file, l.source_row) AS unit_row
    FROM persons_listed AS l
    JOIN persons AS p USING (row_key, person_id)
),
pair_rows AS (   -- an unsure pair's rows: both persons' rows in the figure's row
    SELECT row_key, pair, source_file, source_row,
           row_number() OVER (PARTITION BY row_key, pair ORDER BY source_file, source_row) AS unit_row
    FROM (SELECT DISTINCT l.row_key, x.person_id_a || ' ~ ' || x.person_id_b AS pair, l.source_file, l.source_row
          FROM staging.attendance_person_pairs AS x
          JOIN persons AS a ON a.person_id = x.person_id_a
          JOIN persons AS b ON b.person_id = x.person_id_b AND b.row_key = a.row_key
          CROSS JOIN unnest([x.person_id_a, x.person_id_b]) AS m(person_id)   -- an equi-join, not an IN
          JOIN persons_listed AS l ON l.row_key = a.row_key AND l.person_id = m.person_id)
),
units AS (
    -- 1.3 response: responses of the group against its population (municipalities × waves)
    SELECT c.table_id, c.row_key, c.col_key, 'marts.response_rates' AS computed_in,
           CASE WHEN r.unit_key IS NOT NULL THEN 'geteld' ELSE 'basis' END AS role,
           CASE WHEN r.unit_key IS NOT NULL THEN 'respons' ELSE 'gemeente' END AS unit,
           coalesce(r.unit_key, p.unit_key) AS unit_key,
           CASE WHEN r.unit_key IS NOT NULL THEN 'staging.stg_survey_responses' ELSE 'reference.municipalities' END AS staging_table,
           r.source_file, r.source_row, 1 AS unit_row
    FROM cells AS c
    JOIN response_groups AS p ON c.table_id = 'response' AND p.row_key = c.row_key
    LEFT JOIN responses AS r ON r.gemeentecode = p.gemeentecode AND r.wave = p.wave
    UNION ALL
    SELECT 'response', 'indirect', 'total', 'marts.response_rates',
           CASE WHEN i.unit_row IS NOT NULL THEN 'geteld' ELSE 'basis' END, 'gemeente', p.unit_key,
           CASE WHEN i.unit_row IS NOT NULL THEN 'staging.stg_survey_indirect_municipalities' ELSE 'reference.municipalities' END,
           i.source_file, i.source_row, coalesce(i.unit_row, 1)
    FROM population AS p
    LEFT JOIN indirect AS i USING (wave, gemeentecode)
    UNION ALL
    SELECT 'response', 'colleague_responses', 'total', 'staging.stg_exclusions', 'geteld', 'inzending',
           source_file || ':' || source_row, 'staging.stg_survey_submissions', source_file, source_row, 1
    FROM colleagues
    UNION ALL
    SELECT 'response', 'colleague_municipalities', 'total', 'staging.stg_survey_submissions', 'geteld', 'gemeente', gemeentecode,
           'staging.stg_survey_submissions', source_file, source_row,
           row_number() OVER (PARTITION BY gemeentecode ORDER BY source_file, source_row)
    FROM colleagues WHERE gemeentecode IS NOT NULL
    -- answers by group: counted when the answer is the row's, in the base when it is another
    UNION ALL
    SELECT c.table_id, c.row_key, c.col_key, a.computed_in,
           CASE WHEN a.answer = c.row_key OR c.row_key = 'Totaal'
                     OR (c.row_key = 'voor 2007' AND a.answer IN ('<2003', '2004-2007')) THEN 'geteld' ELSE 'basis' END,
           'respons', a.unit_key, 'staging.stg_survey_responses', a.source_file, a.source_row, 1
    FROM cells AS c
    JOIN answers AS a USING (table_id, col_key)
    UNION ALL
    SELECT c.table_id, c.row_key, c.col_key, s.computed_in,
           CASE WHEN s.report_column = c.col_key THEN 'geteld' ELSE 'basis' END,
           s.unit, s.unit_key, 'staging.stg_survey_statement_answers', s.source_file, s.source_row, 1
    FROM cells AS c
    JOIN statements AS s ON s.table_id = c.table_id AND s.statement = c.row_key
    -- grades: the grades given are counted in `n` and are what mean, min and max are read from
    UNION ALL
    SELECT c.table_id, c.row_key, c.col_key, 'marts.survey_grades', CASE WHEN c.row_key = 'n' THEN 'geteld' ELSE 'bron' END,
           'respons', g.unit_key, 'staging.stg_survey_responses', g.source_file, g.source_row, 1
    FROM cells AS c
    JOIN grades AS g USING (table_id)
    -- 3.2 meetings held and with a list
    UNION ALL
    SELECT 'attendance_meetings', k.row_key, 'total', 'staging.stg_meetings', 'geteld', 'bijeenkomst', l.meeting_id, 'staging.stg_meetings',
           l.source_file, l.source_row, 1
    FROM lists AS l, (VALUES ('held'), ('with_list')) AS k(row_key)
    WHERE k.row_key = 'held' OR l.list_status <> 'geen lijst'
    -- 3.2.1 attendance per meeting: the register row for the headcount and for a missing list,
    -- the listed rows for the list figures
    UNION ALL
    SELECT 'attendance_by_meeting', k.row_key, c.col_key, 'marts.attendance_by_meeting',
           CASE WHEN c.col_key = 'attendees' THEN 'gemeld' ELSE 'bron' END, 'bijeenkomst', l.meeting_id,
           'staging.stg_meetings', l.source_file, l.source_row, 1
    FROM lists AS l
    CROSS JOIN unnest([l.meeting_label, 'Totaal']) AS k(row_key)
    JOIN cells AS c ON c.table_id = 'attendance_by_meeting' AND c.row_key = k.row_key
                   AND (c.col_key = 'attendees' OR (c.note IS NOT NULL AND k.row_key = l.meeting_label))
    UNION ALL
    SELECT 'attendance_by_meeting', c.row_key, c.col_key, 'marts.attendance_by_meeting', 'geteld', 'lijstregel', a.unit_key,
           'staging.stg_attendance', a.source_file, a.source_row, 1
    FROM cells AS c
    JOIN listed_both AS a ON c.table_id = 'attendance_by_meeting' AND a.row_key = c.row_key
                         AND (c.col_key = 'listed' OR c.col_key = a.category)
    UNION ALL
    SELECT 'attendance_by_meeting', m.row_key, 'municipalities', 'marts.attendance_by_meeting', 'geteld', 'gemeente per bijeenkomst',
           m.unit_key, 'staging.stg_attendance', m.source_file, m.source_row, m.unit_row
    FROM municipalities_at_meetings AS m
    -- reach: municipalities that attended, against those of the region (by the municipality's region)
    UNION ALL
    SELECT 'attendance_reach', k.row_key, 'municipalities', 'marts.attendance_reach',
           CASE WHEN r.unit_row IS NOT NULL THEN 'geteld' ELSE 'basis' END, 'gemeente', m.gemeentecode,
           CASE WHEN r.unit_row IS NOT NULL THEN 'staging.stg_attendance' ELSE 'reference.municipalities' END,
           r.source_file, r.source_row, coalesce(r.unit_row, 1)
    FROM reference.municipalities AS m
    CROSS JOIN unnest([m.gia_region, 'total']) AS k(row_key)
    LEFT JOIN reached AS r USING (gemeentecode)
    WHERE m.gia_region IS NOT NULL
    -- persons reached: listed rows, distinct persons, persons at several meetings, unsure pairs
    UNION ALL
    SELECT 'persons_reached', row_key, 'visits', 'marts.persons_reached', 'geteld', 'lijstregel', person_id || '@' || meeting_id,
           'staging.stg_attendance', source_file, source_row, 1
    FROM persons_listed
    UNION ALL
    SELECT 'persons_reached', p.row_key, k.col_key, 'marts.persons_reached', 'geteld', 'persoon', p.person_id,
           'staging.attendance_persons', p.source_file, p.source_row, p.unit_row
    FROM person_rows AS p, (VALUES ('persons'), ('several_meetings')) AS k(col_key)
    WHERE k.col_key = 'persons' OR p.meetings > 1
    UNION ALL
    SELECT 'persons_reached', row_key, 'unsure_pairs', 'marts.persons_reached', 'geteld', 'personenpaar',
           pair, 'staging.attendance_person_pairs', source_file, source_row, unit_row
    FROM pair_rows
    -- visits the survey reports, confirmed or not by the lists (the visits with a list are the base)
    UNION ALL
    SELECT 'visit_confirmation', g.col_key, k.col_key, 'marts.visit_confirmation',
           CASE WHEN k.col_key = 'visits'
                  OR (k.col_key = 'no_list' AND v.confirmation IN ('geen lijst', 'lijst niet ontvangen'))
                  OR (k.col_key = 'confirmed' AND v.confirmation = 'bevestigd')
                  OR (k.col_key = 'not_confirmed' AND v.confirmation = 'niet op de lijst') THEN 'geteld' ELSE 'basis' END,
           'bezoek', v.response_id || '/' || v.visit_no, 'staging.stg_meeting_visits', r.source_file, r.source_row, 1
    FROM marts.visit_confirmation AS v
    JOIN responses AS r USING (response_id, wave),
         unnest([v.g31_group, 'total']) AS g(col_key),
         (VALUES ('visits'), ('no_list'), ('confirmed'), ('not_confirmed')) AS k(col_key)
    WHERE v.level = 'bezoek'
      AND (k.col_key IN ('visits', 'no_list') AND (k.col_key = 'visits' OR v.confirmation IN ('geen lijst', 'lijst niet ontvangen'))
           OR k.col_key IN ('confirmed', 'not_confirmed') AND v.confirmation IN ('bevestigd', 'niet op de lijst', 'onzeker'))
    -- 2.1 the growth path: the declared target
    UNION ALL
    SELECT 'gia_target', year, 'target', 'reference.gia_targets', 'bron', 'doel', year, 'reference.gia_targets', NULL, NULL, 1
    FROM reference.gia_targets
)
SELECT
    u.table_id,
    u.row_key,
    u.col_key,
    u.role,
    u.unit,
    u.unit_key,
    u.unit_row::INTEGER AS unit_row,
    u.staging_table,
    u.computed_in,
    CASE WHEN u.role = 'gemeld' THEN m.reported_headcount END::BIGINT AS reported,
    u.source_file::VARCHAR AS source_file,
    u.source_row::BIGINT AS source_row
FROM units AS u
LEFT JOIN lists AS m ON u.role = 'gemeld' AND m.meeting_id = u.unit_key
-- no ORDER BY: at ×1000 (23 M rows) sorting doubled the model's time and memory; query it with one
