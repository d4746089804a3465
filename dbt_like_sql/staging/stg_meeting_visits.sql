-- One row per respondent and regional meeting they visited: the survey's repeated block "per
-- bezochte regiobijeenkomst" unpivoted (valid responses only), the chosen meeting as linked to
-- the register on date and place (staging.stg_survey_meeting_labels; a label that names no
-- register meeting leaves `meeting_id` missing, with the reason in `meeting_issue`), and the four
-- statements as answered (an answer off the scale is missing, like every flagged answer).
-- The base of the meeting appraisal is these visits, not the respondents.
WITH blocks AS (
    SELECT
        r.response_id,
        r.wave,
        r.gemeentecode,
        r.g31_group,
        r.source_file,
        r.source_row,
        s._invalid_fields AS invalid_fields,
        unnest([
            {'visit_no': 1, 'well_organised': s.visit1_well_organised, 'informative': s.visit1_informative, 'clear': s.visit1_clear, 'local_fit': s.visit1_local_fit},
            {'visit_no': 2, 'well_organised': s.visit2_well_organised, 'informative': s.visit2_informative, 'clear': s.visit2_clear, 'local_fit': s.visit2_local_fit},
            {'visit_no': 3, 'well_organised': s.visit3_well_organised, 'informative': s.visit3_informative, 'clear': s.visit3_clear, 'local_fit': s.visit3_local_fit},
            {'visit_no': 4, 'well_organised': s.visit4_well_organised, 'informative': s.visit4_informative, 'clear': s.visit4_clear, 'local_fit': s.visit4_local_fit}
        ]) AS v
    FROM staging.stg_survey_responses AS r
    JOIN raw.survey_export AS s ON s._source_file = r.source_file AND s._source_row = r.source_row
)
SELECT
    b.response_id,
    b.wave,
    b.gemeentecode,
    b.g31_group,
    b.v.visit_no AS visit_no,
    l.meeting_id,
    m.meeting_label,
    l.issue_reason AS meeting_issue,
    CASE WHEN NOT list_contains(b.invalid_fields, 'visit' || b.v.visit_no || '_well_organised') THEN b.v.well_organised END AS well_organised,
    CASE WHEN NOT list_contains(b.invalid_fields, 'visit' || b.v.visit_no || '_informative') THEN b.v.informative END AS informative,
    CASE WHEN NOT list_contains(b.invalid_fields, 'visit' || b.v.visit_no || '_clear') THEN b.v.clear END AS clear,
    CASE WHEN NOT list_contains(b.invalid_fields, 'visit' || b.v.visit_no || '_local_fit') THEN b.v.local_fit END AS local_fit
FROM blocks AS b
JOIN staging.stg_survey_meeting_labels AS l
    ON l.source_file = b.source_file AND l.source_row = b.source_row AND l.visit_no = b.v.visit_no
LEFT JOIN staging.stg_meetings AS m USING (meeting_id)
WHERE l.repeats_block IS NULL     -- the same meeting again: one visit, rated in its first block
ORDER BY b.wave, b.gemeentecode, visit_no
