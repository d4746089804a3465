-- Every row of the survey export with what staging decided about it — the audit trail behind
-- stg_survey_responses. Rules of the survey contract §4, first match wins: a blank row; status
-- not complete (`onvolledig`); a test submission (`test`); a colleague instead of the coordinator
-- (`collega, niet de coördinator`); an unresolvable municipality (quarantine, not exclusion); an
-- earlier submission for the same municipality and wave, superseded by a later complete one
-- (`vervangen door latere inzending`). A rule whose deciding value is flagged by the reader or
-- missing never decides: the row is quarantined (`ongeldige waarde`, `rol ontbreekt`, `Einddatum
-- ontbreekt`), and so is a submission that would count only because such a row cannot compete
-- (`laatste inzending niet te bepalen`) or whose order against another of the same day is unknown
-- (an Einddatum without a time); an `Onvolledig` row with an Einddatum contradicts §2 and is
-- quarantined too (`Onvolledig met Einddatum`). Dates and numbers are the reader's parsed values.
-- One row per raw row.
WITH submissions AS (
    SELECT
        s._source_file AS source_file,
        s._source_row AS source_row,
        s._blank AS is_blank,
        s.response_id__value AS response_id,
        s.wave__value AS wave,
        s.status,
        s.submitted_at__value AS submitted_at,
        s.submitted_at AS submitted_at_text,
        -- an Einddatum without a time (a date cell's form) is known to the day only
        s.submitted_at IS NOT NULL AND NOT contains(s.submitted_at, ':') AS day_only,
        s.municipality_text,
        s.respondent_role,
        -- the first deciding field the reader flagged, in the order the rules read them
        CASE
            WHEN list_contains(s._invalid_fields, 'status') THEN 'status'
            WHEN list_contains(s._invalid_fields, 'municipality_text') THEN 'municipality_text'
            WHEN list_contains(s._invalid_fields, 'respondent_role') THEN 'respondent_role'
        END AS flagged_field,
        r.gemeentecode,
        r.method AS resolution_method,
        r.candidates,
        -- the word anywhere: `Nuenen, Gerwen en Nederwetten (test)` is a test, not a fuzzy Nuenen
        regexp_matches(r.normalised, '(^| )test( |$)') AS is_test
    FROM raw.survey_export AS s
    LEFT JOIN staging.survey_municipality_resolution AS r ON r.municipality_text = s.municipality_text
),
first_pass AS (
    -- the reason of the first rule before rule 5 that a row meets (an exclusion, or a quarantine
    -- when the rule cannot be decided); NULL: a candidate for its municipality
    SELECT
        *,
        CASE
            WHEN is_blank THEN 'lege regel'
            WHEN flagged_field = 'status' THEN 'ongeldige waarde'
            -- §2: Einddatum is empty iff the status is Onvolledig; with one, the status is in doubt
            WHEN status <> 'Voltooid' AND submitted_at_text IS NOT NULL THEN 'Onvolledig met Einddatum'
            WHEN status <> 'Voltooid' THEN 'onvolledig'
            WHEN flagged_field = 'municipality_text' THEN 'ongeldige waarde'
            WHEN is_test THEN 'test'
            WHEN flagged_field = 'respondent_role' THEN 'ongeldige waarde'
            WHEN respondent_role IS NULL THEN 'rol ontbreekt'
            WHEN respondent_role <> 'Namens de gemeente (coördinator/contactpersoon integratiebeleid)'
                THEN 'collega, niet de coördinator'
            WHEN municipality_text IS NULL THEN 'gemeente ontbreekt'
            WHEN gemeentecode IS NULL THEN 'gemeente niet herleidbaar'
            WHEN submitted_at IS NULL THEN 'Einddatum ontbreekt'
        END AS early_reason
    FROM submissions
),
ranked AS (
    -- rule 5 among the candidates of one (wave, municipality): the latest Einddatum counts (tie:
    -- highest Respondentnummer). A complete, non-test row of the municipality that was quarantined
    -- for its role or date might be the coordinator's later submission: nothing it could outrank counts.
    SELECT
        *,
        row_number() OVER latest AS recency,
        first_value(response_id) OVER latest AS latest_response_id
    FROM first_pass
    WHERE early_reason IS NULL
    WINDOW latest AS (PARTITION BY wave, gemeentecode ORDER BY submitted_at DESC, response_id DESC)
),
undecided AS (
    SELECT
        c.source_file,
        c.source_row,
        string_agg('respondent ' || q.response_id, '; ' ORDER BY q.response_id) AS competitors
    FROM ranked AS c
    JOIN first_pass AS q
        ON q.wave = c.wave AND q.gemeentecode = c.gemeentecode
        AND q.early_reason IN ('ongeldige waarde', 'rol ontbreekt', 'Einddatum ontbreekt', 'Onvolledig met Einddatum')
        AND q.flagged_field IS DISTINCT FROM 'municipality_text'
        AND (q.submitted_at IS NULL OR (q.submitted_at, q.response_id) > (c.submitted_at, c.response_id))
    WHERE c.recency = 1
    GROUP BY ALL
),
same_day AS (
    -- the candidate that would count and another of the same day, one of them known to the day
    -- only: which is later is unknown, so neither counts
    SELECT
        c.source_file,
        c.source_row,
        string_agg('respondent ' || q.response_id, '; ' ORDER BY q.response_id) AS competitors
    FROM ranked AS c
    JOIN ranked AS q
        ON q.wave = c.wave AND q.gemeentecode = c.gemeentecode AND q.response_id <> c.response_id
        AND q.submitted_at::DATE = c.submitted_at::DATE AND (c.day_only OR q.day_only)
        AND (c.recency = 1 OR q.recency = 1)
    GROUP BY ALL
),
decided AS (
    SELECT
        f.*,
        coalesce(f.early_reason,
                 CASE WHEN d.competitors IS NOT NULL THEN 'laatste inzending niet te bepalen' END,
                 CASE WHEN k.recency > 1 THEN 'vervangen door latere inzending' END,
                 CASE WHEN u.competitors IS NOT NULL THEN 'laatste inzending niet te bepalen' END) AS decided_reason,
        CASE WHEN d.competitors IS NULL THEN k.recency END AS recency,
        k.latest_response_id,
        coalesce(d.competitors, u.competitors) AS competitors
    FROM first_pass AS f
    LEFT JOIN ranked AS k USING (source_file, source_row)
    LEFT JOIN undecided AS u USING (source_file, source_row)
    LEFT JOIN same_day AS d USING (source_file, source_row)
),
outcomes AS (
    SELECT
        *,
        -- the reasons that hold a row back instead of leaving it out
        coalesce(decided_reason IN ('ongeldige waarde', 'Onvolledig met Einddatum', 'rol ontbreekt', 'gemeente ontbreekt',
                                    'gemeente niet herleidbaar', 'Einddatum ontbreekt',
                                    'laatste inzending niet te bepalen'), false) AS quarantined
    FROM decided
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
    CASE WHEN NOT quarantined THEN decided_reason END AS exclusion_reason,
    CASE WHEN recency > 1 THEN latest_response_id END AS superseded_by,
    CASE WHEN quarantined THEN decided_reason END AS quarantine_reason,
    -- the field and raw value the quarantine reason is about
    CASE
        WHEN NOT quarantined THEN NULL
        WHEN decided_reason = 'ongeldige waarde' THEN flagged_field
        WHEN decided_reason = 'Onvolledig met Einddatum' THEN 'status'
        WHEN decided_reason = 'rol ontbreekt' THEN 'respondent_role'
        WHEN decided_reason IN ('Einddatum ontbreekt', 'laatste inzending niet te bepalen') THEN 'submitted_at'
        ELSE 'municipality_text'
    END AS quarantine_field,
    CASE
        WHEN NOT quarantined THEN NULL
        WHEN decided_reason = 'ongeldige waarde' AND flagged_field = 'status' THEN status
        WHEN decided_reason = 'Onvolledig met Einddatum' THEN status
        WHEN decided_reason = 'ongeldige waarde' AND flagged_field = 'respondent_role' THEN respondent_role
        WHEN decided_reason IN ('rol ontbreekt', 'Einddatum ontbreekt') THEN NULL
        WHEN decided_reason = 'laatste inzending niet te bepalen' THEN submitted_at_text
        ELSE municipality_text
    END AS quarantine_value,
    CASE
        WHEN decided_reason = 'laatste inzending niet te bepalen' THEN competitors
        WHEN decided_reason IN ('gemeente ontbreekt', 'gemeente niet herleidbaar') THEN candidates
    END AS candidates
FROM outcomes
ORDER BY source_file, source_row
