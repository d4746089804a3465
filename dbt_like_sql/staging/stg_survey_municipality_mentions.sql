-- Every distinct municipality name typed in the survey — the respondent's own municipality and
-- the partner municipalities it answered for — the input of
-- staging.survey_municipality_resolution.
SELECT DISTINCT municipality_text
FROM (
    SELECT municipality_text FROM raw.survey_export   -- trimmed by the reader
    UNION ALL
    SELECT partner_text FROM staging.stg_survey_partner_mentions
)
WHERE municipality_text IS NOT NULL
ORDER BY municipality_text
