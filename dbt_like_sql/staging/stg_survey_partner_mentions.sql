-- Every partner municipality named in a survey submission's "mede namens" answer (the
-- intergemeentelijk samenwerkingsverband it answered for too), one row per submission and named
-- municipality: the answer as the reader split it (survey contract §6: on `;` `,` `/` and line
-- breaks, each piece trimmed, empty pieces dropped). A piece that says there is no partner
-- (`n.v.t.`, `nvt`, `niet van toepassing`, `geen…`, `nee`, `-`, `x`) names no municipality: the
-- respondent answered for its own only, as with an empty cell. An answer the reader flagged
-- names nobody (it is listed in stg_survey_answer_issues).
SELECT source_file, source_row, response_id, wave, partner_text
FROM (
    SELECT
        _source_file AS source_file,
        _source_row AS source_row,
        response_id__value AS response_id,
        wave__value AS wave,
        unnest(partner_municipalities) AS partner_text
    FROM raw.survey_export
    WHERE NOT list_contains(_invalid_fields, 'partner_municipalities_text')
)
WHERE NOT regexp_matches(partner_text,
    '^(n[\s\pZ.]*v[\s\pZ.]*t\.?|niet[\s\pZ]+van[\s\pZ]+toepassing|geen([\s\pZ].*)?|nee\.?|[-–—.x0]+)$', 'i')
