-- Every distinct municipality name typed anywhere in the raw sources — the survey's own
-- municipality, its partner municipalities, and the attendance lists' municipality/place
-- column — the input of the municipality resolution (staging.municipality_resolution).
SELECT DISTINCT municipality_text
FROM (
    SELECT trim(municipality_text) AS municipality_text FROM raw.survey_export
    UNION ALL
    SELECT partner_text FROM staging.stg_survey_partner_mentions
    UNION ALL
    SELECT trim(municipality_text) FROM raw.attendance_lists
)
WHERE municipality_text IS NOT NULL AND municipality_text <> ''
ORDER BY municipality_text
