-- The municipalities that took part in the survey indirectly (report 1.3, note 1): named as partner
-- in the "mede namens" answer of a valid response, and not a respondent themselves in the same
-- wave. One row per wave and municipality, with the responses that named it.
WITH named AS (
    SELECT p.wave, r.gemeentecode, p.response_id
    FROM staging.stg_survey_partner_mentions AS p
    JOIN staging.stg_survey_responses AS v USING (response_id, wave)
    JOIN staging.survey_municipality_resolution AS r ON r.municipality_text = p.partner_text
    WHERE r.gemeentecode IS NOT NULL
)
SELECT
    n.wave,
    n.gemeentecode,
    m.gemeentenaam,
    m.provincie,
    m.gia_region,
    m.g31_group,
    list(DISTINCT n.response_id ORDER BY n.response_id) AS named_by_response_ids
FROM named AS n
JOIN reference.municipalities AS m USING (gemeentecode)
WHERE NOT EXISTS (
    SELECT 1 FROM staging.stg_survey_responses AS v
    WHERE v.wave = n.wave AND v.gemeentecode = n.gemeentecode
)
GROUP BY ALL
ORDER BY n.wave, n.gemeentecode
