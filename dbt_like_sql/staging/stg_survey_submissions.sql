-- Every row of the survey export with what staging decided about it — the audit trail behind
-- stg_survey_responses. Rules of the survey contract §4, first match wins: a blank row; status
-- not complete (`onvolledig`); a test submission (`test`); a colleague instead of the coordinator
-- (`collega, niet de coördinator`); an unresolvable municipality (quarantine, not exclusion); an
-- earlier submission for the same municipality and wave, superseded by a later complete one
-- (`vervangen door latere inzending`). One row per raw row.
WITH submissions AS (
    SELECT
        s._source_file AS source_file,
        s._source_row AS source_row,
        s._blank AS is_blank,
        s.response_id::BIGINT AS response_id,
        s.wave::INTEGER AS wave,
        s.status,
        try_strptime(s.submitted_at, ['%d-%m-%Y %H:%M:%S', '%Y-%m-%d %H:%M:%S']) AS submitted_at,
        trim(s.municipality_text) AS municipality_text,
        s.respondent_role,
        r.gemeentecode,
        r.method AS resolution_method,
        r.candidates,
        r.reason AS resolution_reason
    FROM raw.survey_export AS s
    LEFT JOIN staging.survey_municipality_resolution AS r ON r.municipality_text = trim(s.municipality_text)
),
first_pass AS (
    SELECT
        *,
        CASE
            WHEN is_blank THEN 'lege regel'
            WHEN status IS DISTINCT FROM 'Voltooid' THEN 'onvolledig'
            WHEN regexp_matches(lower(strip_accents(coalesce(municipality_text, ''))), '^\s*((gemeente|gem\.?)\s+)?test\b') THEN 'test'
            WHEN respondent_role IS DISTINCT FROM 'Namens de gemeente (coördinator/contactpersoon integratiebeleid)'
                THEN 'collega, niet de coördinator'
        END AS early_exclusion
    FROM submissions
),
ranked AS (
    SELECT
        *,
        CASE WHEN early_exclusion IS NULL AND gemeentecode IS NOT NULL THEN
            row_number() OVER (PARTITION BY wave, gemeentecode, early_exclusion IS NULL AND gemeentecode IS NOT NULL
                               ORDER BY submitted_at DESC NULLS LAST, response_id DESC)
        END AS recency,
        first_value(response_id) OVER (PARTITION BY wave, gemeentecode, early_exclusion IS NULL AND gemeentecode IS NOT NULL
                                       ORDER BY submitted_at DESC NULLS LAST, response_id DESC) AS latest_response_id
    FROM first_pass
)
SELECT
    source_file,
    source_row,
    response_id,
    wave,
    status,
    submitted_at,
    municipality_text,
    gemeentecode,
    resolution_method,
    coalesce(early_exclusion,
             CASE WHEN recency > 1 THEN 'vervangen door latere inzending' END) AS exclusion_reason,
    CASE WHEN recency > 1 THEN latest_response_id END AS superseded_by,
    CASE
        WHEN early_exclusion IS NULL AND gemeentecode IS NULL
            THEN CASE WHEN municipality_text IS NULL THEN 'gemeente ontbreekt' ELSE 'gemeente niet herleidbaar' END
    END AS quarantine_reason,
    CASE WHEN early_exclusion IS NULL AND gemeentecode IS NULL THEN candidates END AS candidates
FROM ranked
ORDER BY source_file, source_row
