-- Every distinct municipality name typed in the survey — the respondent's own municipality and
-- the partner municipalities it answered for — the input of
-- staging.survey_municipality_resolution.
SELECT DISTINCT municipality_text
FROM (
    SELECT trim(municipality_text) AS municipality_text FROM raw.survey_export
    UNION ALL
    SELECT partner_text FROM staging.stg_survey_partner_mentions
)
WHERE municipality_text IS NOT NULL AND municipality_text <> ''
ORDER BY municipality_text
