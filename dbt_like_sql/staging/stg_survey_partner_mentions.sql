-- Every partner municipality named in a survey submission's "mede namens" answer (the
-- intergemeentelijk samenwerkingsverband it answered for too), one row per submission and named
-- municipality: the answer as the reader split it (survey contract §6: on `;` `,` `/` and line
-- breaks, each piece trimmed, empty pieces dropped). An answer the reader flagged names nobody
-- (it is listed in stg_survey_answer_issues).
SELECT
    _source_file AS source_file,
    _source_row AS source_row,
    response_id__value AS response_id,
    wave__value AS wave,
    unnest(partner_municipalities) AS partner_text
FROM raw.survey_export
WHERE NOT list_contains(_invalid_fields, 'partner_municipalities_text')
