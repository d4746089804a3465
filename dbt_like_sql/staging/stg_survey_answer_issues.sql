-- Every survey answer the contract flags instead of refusing (a grade outside 1-10, a Likert text
-- that is on no scale, …), one row per submission and field, with the raw value and the reason.
-- Staging treats these answers as missing. Also lists the visited meetings whose label names no
-- register meeting (stg_survey_meeting_labels) and the partner municipality names that could not
-- be resolved. Covers all submissions, valid or not; `counted` says whether the row is valid.
WITH flagged AS (
    SELECT
        s._source_file AS source_file,
        s._source_row AS source_row,
        s.response_id__value AS response_id,
        unnest(s._invalid_fields) AS field,
        s._issues AS issues
    FROM raw.survey_export AS s
    WHERE len(s._invalid_fields) > 0
)
SELECT
    f.source_file,
    f.source_row,
    f.response_id,
    f.field,
    regexp_extract(f.issues, '(^|; )(' || f.field || ': [^;]*)', 2) AS reason,
    d.exclusion_reason IS NULL AND d.quarantine_reason IS NULL AS counted
FROM flagged AS f
JOIN staging.stg_survey_submissions AS d USING (source_file, source_row)
UNION ALL
SELECT
    l.source_file,
    l.source_row,
    l.response_id,
    'visit' || l.visit_no || '_meeting',
    l.issue_reason,
    d.exclusion_reason IS NULL AND d.quarantine_reason IS NULL
FROM staging.stg_survey_meeting_labels AS l
JOIN staging.stg_survey_submissions AS d USING (source_file, source_row)
WHERE l.issue_reason IS NOT NULL
UNION ALL
SELECT
    p.source_file,
    p.source_row,
    p.response_id,
    'partner_municipalities_text',
    'partner municipality ''' || p.partner_text || ''' not resolved: ' || coalesce(r.reason, 'unknown')
        || coalesce(' (candidates: ' || r.candidates || ')', ''),
    d.exclusion_reason IS NULL AND d.quarantine_reason IS NULL
FROM staging.stg_survey_partner_mentions AS p
JOIN staging.survey_municipality_resolution AS r ON r.municipality_text = p.partner_text
JOIN staging.stg_survey_submissions AS d USING (source_file, source_row)
WHERE r.gemeentecode IS NULL
ORDER BY source_file, source_row, field
