-- Every partner municipality named in a survey submission's "mede namens" answer (the
-- intergemeentelijk samenwerkingsverband it answered for too), one row per submission and named
-- municipality: the answer split on `;` `,` `/` and line breaks, each piece trimmed, empty
-- pieces dropped (survey contract §6).
WITH pieces AS (
    SELECT
        _source_file AS source_file,
        _source_row AS source_row,
        response_id::BIGINT AS response_id,
        wave::INTEGER AS wave,
        unnest(regexp_split_to_array(partner_municipalities_text, '[;,/\r\n]')) AS piece
    FROM raw.survey_export
    WHERE partner_municipalities_text IS NOT NULL
)
SELECT source_file, source_row, response_id, wave, trim(piece) AS partner_text
FROM pieces
WHERE trim(piece) <> ''
