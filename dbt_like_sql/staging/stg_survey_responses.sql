-- One row per valid survey response, which is one responding municipality (per wave): its CBS
-- code, name, province, GIA region and G4 / G27 / G31 group, and every closed answer cleaned.
-- An answer outside its scale is missing here (the reason is in stg_survey_answer_issues); grades
-- are integers 1-10, as the reader parsed them (NULL when flagged). Open answers and remarks stay in raw. Which submissions are valid is decided
-- in stg_survey_submissions (survey contract §4).
SELECT
    d.response_id,
    d.wave,
    d.gemeentecode,
    m.gemeentenaam,
    m.provincie,
    m.gia_region,
    m.is_g4,
    m.is_g27,
    m.is_g31,
    m.g31_group,
    d.submitted_at,
    CASE WHEN list_contains(s._invalid_fields, 'function') THEN NULL ELSE s.function END AS function,
    CASE WHEN list_contains(s._invalid_fields, 'policy_form') THEN NULL ELSE s.policy_form END AS policy_form,
    CASE WHEN list_contains(s._invalid_fields, 'policy_since') THEN NULL ELSE s.policy_since END AS policy_since,
    CASE WHEN list_contains(s._invalid_fields, 'read_handreiking') THEN NULL ELSE s.read_handreiking END AS read_handreiking,
    CASE WHEN list_contains(s._invalid_fields, 'hr_readable') THEN NULL ELSE s.hr_readable END AS hr_readable,
    CASE WHEN list_contains(s._invalid_fields, 'hr_informative') THEN NULL ELSE s.hr_informative END AS hr_informative,
    CASE WHEN list_contains(s._invalid_fields, 'hr_clear') THEN NULL ELSE s.hr_clear END AS hr_clear,
    CASE WHEN list_contains(s._invalid_fields, 'hr_local_fit') THEN NULL ELSE s.hr_local_fit END AS hr_local_fit,
    CASE WHEN list_contains(s._invalid_fields, 'hr_discussed') THEN NULL ELSE s.hr_discussed END AS hr_discussed,
    CASE WHEN list_contains(s._invalid_fields, 'hr_new_insights') THEN NULL ELSE s.hr_new_insights END AS hr_new_insights,
    CASE WHEN list_contains(s._invalid_fields, 'attended_meeting') THEN NULL ELSE s.attended_meeting END AS attended_meeting,
    CASE WHEN list_contains(s._invalid_fields, 'mt_discussed') THEN NULL ELSE s.mt_discussed END AS mt_discussed,
    CASE WHEN list_contains(s._invalid_fields, 'mt_new_insights') THEN NULL ELSE s.mt_new_insights END AS mt_new_insights,
    CASE WHEN list_contains(s._invalid_fields, 'dialogue_rijk') THEN NULL ELSE s.dialogue_rijk END AS dialogue_rijk,
    CASE WHEN list_contains(s._invalid_fields, 'dialogue_college') THEN NULL ELSE s.dialogue_college END AS dialogue_college,
    CASE WHEN list_contains(s._invalid_fields, 'follow_up') THEN NULL ELSE s.follow_up END AS follow_up,
    CASE WHEN list_contains(s._invalid_fields, 'policy_plan_year') THEN NULL ELSE s.policy_plan_year END AS policy_plan_year,
    s.hr_grade__value::INTEGER AS hr_grade,
    s.mt_grade__value::INTEGER AS mt_grade,
    d.source_file,
    d.source_row
FROM staging.stg_survey_submissions AS d
JOIN raw.survey_export AS s ON s._source_file = d.source_file AND s._source_row = d.source_row
JOIN reference.municipalities AS m USING (gemeentecode)
WHERE d.exclusion_reason IS NULL AND d.quarantine_reason IS NULL
ORDER BY d.wave, d.gemeentecode
