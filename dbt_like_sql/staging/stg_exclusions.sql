-- Every raw row that staging deliberately leaves out, with the reason, for all sources: survey
-- submissions (incomplete, test, colleague, superseded), attendance-list rows (empty line,
-- cancelled, duplicate) and blank register rows. Never a row whose rule would read a flagged or
-- missing value: that one is in stg_quarantine. Together with the staged and the
-- quarantined rows these account for every raw row (staging.row_accounting).
SELECT
    'survey_export' AS source,
    source_file,
    source_row,
    exclusion_reason AS reason,
    CASE WHEN superseded_by IS NOT NULL THEN 'vervangen door respondent ' || superseded_by END AS detail
FROM staging.stg_survey_submissions
WHERE exclusion_reason IS NOT NULL
UNION ALL
SELECT 'attendance_lists', source_file, source_row, exclusion_reason, NULL
FROM staging.stg_attendance_rows
WHERE exclusion_reason IS NOT NULL
UNION ALL
SELECT 'meeting_register', _source_file, _source_row, 'lege regel', NULL
FROM raw.meeting_register
WHERE _blank
ORDER BY source, source_file, source_row
