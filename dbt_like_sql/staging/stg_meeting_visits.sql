-- One row per respondent and regional meeting they visited: the survey's repeated block "per
-- bezochte regiobijeenkomst" unpivoted (valid responses only), the chosen meeting linked to the
-- register on date and place (`DD-MM-YYYY Place (Theme)`), and the four statements as answered.
-- The base of the meeting appraisal is these visits, not the respondents.
WITH blocks AS (
    SELECT
        r.response_id,
        r.wave,
        r.gemeentecode,
        r.g31_group,
        unnest([
            {'visit_no': 1, 'label': s.visit1_meeting, 'well_organised': s.visit1_well_organised, 'informative': s.visit1_informative, 'clear': s.visit1_clear, 'local_fit': s.visit1_local_fit},
            {'visit_no': 2, 'label': s.visit2_meeting, 'well_organised': s.visit2_well_organised, 'informative': s.visit2_informative, 'clear': s.visit2_clear, 'local_fit': s.visit2_local_fit},
            {'visit_no': 3, 'label': s.visit3_meeting, 'well_organised': s.visit3_well_organised, 'informative': s.visit3_informative, 'clear': s.visit3_clear, 'local_fit': s.visit3_local_fit},
            {'visit_no': 4, 'label': s.visit4_meeting, 'well_organised': s.visit4_well_organised, 'informative': s.visit4_informative, 'clear': s.visit4_clear, 'local_fit': s.visit4_local_fit}
        ]) AS v
    FROM staging.stg_survey_responses AS r
    JOIN raw.survey_export AS s ON s._source_file = r.source_file AND s._source_row = r.source_row
),
visits AS (
    SELECT
        *,
        try_strptime(regexp_extract(v.label, '^(\d{2}-\d{2}-\d{4}) ', 1), '%d-%m-%Y')::DATE AS meeting_date,
        regexp_extract(v.label, '^\d{2}-\d{2}-\d{4} (.+) \(([^()]*)\)$', 1) AS place
    FROM blocks
    WHERE v.label IS NOT NULL
)
SELECT
    vi.response_id,
    vi.wave,
    vi.gemeentecode,
    vi.g31_group,
    vi.v.visit_no AS visit_no,
    vi.v.label AS meeting_answer,
    m.meeting_id,
    m.meeting_label,
    vi.v.well_organised AS well_organised,
    vi.v.informative AS informative,
    vi.v.clear AS clear,
    vi.v.local_fit AS local_fit
FROM visits AS vi
LEFT JOIN staging.stg_meetings AS m ON m.meeting_date = vi.meeting_date AND m.place = vi.place
ORDER BY vi.wave, vi.gemeentecode, visit_no
