-- What staging could not place and will not guess: raw rows whose municipality does not resolve
-- to a CBS code, whose attendance list is not in the meeting register, or whose fate would be
-- decided by a value the reader flagged or that is missing (scope `row`: the row is held back),
-- and partner municipality names that do not resolve (scope `value`: the response itself counts).
-- With the field, its raw value (never a name: personal data stays in raw), the reason and the
-- best candidates.
SELECT
    'survey_export' AS source,
    'row' AS scope,
    source_file,
    source_row,
    quarantine_field AS field,
    quarantine_value AS raw_value,
    quarantine_reason AS reason,
    candidates
FROM staging.stg_survey_submissions
WHERE quarantine_reason IS NOT NULL
UNION ALL
SELECT
    'attendance_lists',
    'row',
    source_file,
    source_row,
    quarantine_field,
    quarantine_value,
    quarantine_reason,
    candidates
FROM staging.stg_attendance_rows
WHERE quarantine_reason IS NOT NULL
UNION ALL
SELECT
    'survey_export',
    'value',
    p.source_file,
    p.source_row,
    'partner_municipalities_text',
    p.partner_text,
    'partnergemeente niet herleidbaar: ' || coalesce(r.reason, 'unknown'),
    r.candidates
FROM staging.stg_survey_partner_mentions AS p
JOIN staging.survey_municipality_resolution AS r ON r.municipality_text = p.partner_text
JOIN staging.stg_survey_responses AS v USING (response_id, wave)
WHERE r.gemeentecode IS NULL
ORDER BY source, source_file, source_row
