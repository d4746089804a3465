-- Every row of the survey export with what staging decided about it — the audit trail behind
-- stg_survey_responses. Rules of the survey contract §4, first match wins: a blank row; status
-- not complete (`onvolledig`); a test submission (`test`); a colleague instead of the coordinator
-- (`collega, niet de coördinator`); an unresolvable municipality (quarantine, not exclusion); an
-- earlier submission for the same municipality and wave, superseded by a later complete one
-- (`vervangen door latere inzending`). A rule whose deciding value is flagged by the reader or
-- missing never decides: the row is quarantined (`ongeldige waarde`, `rol ontbreekt`, `Einddatum
-- ontbreekt`), and so is a submission that would count only because such a row cannot compete
-- (`laatste inzending niet te bepalen`). Dates and numbers are the reader's parsed values. One
-- row per raw row.
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
        r.normalised = 'test' OR starts_with(r.normalised, 'test ') AS is_test
    FROM raw.survey_export AS s
    LEFT JOIN staging.survey_municipality_resolution AS r ON r.municipality_text = s.municipality_text
),
first_pass AS (
    -- (E)xcluded or (Q)uarantined by the rules before rule 5; NULL: a candidate for its municipality
    SELECT
        *,
        CASE
            WHEN is_blank THEN 'E:lege regel'
            WHEN flagged_field = 'status' THEN 'Q:ongeldige waarde'
            WHEN status <> 'Voltooid' THEN 'E:onvolledig'
            WHEN flagged_field = 'municipality_text' THEN 'Q:ongeldige waarde'
            WHEN is_test THEN 'E:test'
            WHEN flagged_field = 'respondent_role' THEN 'Q:ongeldige waarde'
            WHEN respondent_role IS NULL THEN 'Q:rol ontbreekt'
            WHEN respondent_role <> 'Namens de gemeente (coördinator/contactpersoon integratiebeleid)'
                THEN 'E:collega, niet de coördinator'
            WHEN municipality_text IS NULL THEN 'Q:gemeente ontbreekt'
            WHEN gemeentecode IS NULL THEN 'Q:gemeente niet herleidbaar'
            WHEN submitted_at IS NULL THEN 'Q:Einddatum ontbreekt'
        END AS early
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
    WHERE early IS NULL
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
        AND q.early IN ('Q:ongeldige waarde', 'Q:rol ontbreekt', 'Q:Einddatum ontbreekt')
        AND q.flagged_field IS DISTINCT FROM 'municipality_text'
        AND (q.submitted_at IS NULL OR (q.submitted_at, q.response_id) > (c.submitted_at, c.response_id))
    WHERE c.recency = 1
    GROUP BY ALL
),
decided AS (
    SELECT
        f.*,
        coalesce(f.early,
                 CASE WHEN k.recency > 1 THEN 'E:vervangen door latere inzending' END,
                 CASE WHEN u.competitors IS NOT NULL THEN 'Q:laatste inzending niet te bepalen' END) AS outcome,
        k.recency,
        k.latest_response_id,
        u.competitors
    FROM first_pass AS f
    LEFT JOIN ranked AS k USING (source_file, source_row)
    LEFT JOIN undecided AS u USING (source_file, source_row)
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
    CASE WHEN starts_with(outcome, 'E:') THEN outcome[3:] END AS exclusion_reason,
    CASE WHEN recency > 1 THEN latest_response_id END AS superseded_by,
    CASE WHEN starts_with(outcome, 'Q:') THEN outcome[3:] END AS quarantine_reason,
    -- the field and raw value the quarantine reason is about
    CASE
        WHEN outcome = 'Q:ongeldige waarde' THEN flagged_field
        WHEN outcome IN ('Q:rol ontbreekt') THEN 'respondent_role'
        WHEN outcome IN ('Q:Einddatum ontbreekt', 'Q:laatste inzending niet te bepalen') THEN 'submitted_at'
        WHEN starts_with(outcome, 'Q:') THEN 'municipality_text'
    END AS quarantine_field,
    CASE
        WHEN outcome = 'Q:ongeldige waarde' AND flagged_field = 'status' THEN status
        WHEN outcome = 'Q:ongeldige waarde' AND flagged_field = 'respondent_role' THEN respondent_role
        WHEN outcome IN ('Q:rol ontbreekt', 'Q:Einddatum ontbreekt') THEN NULL
        WHEN outcome = 'Q:laatste inzending niet te bepalen' THEN submitted_at_text
        WHEN starts_with(outcome, 'Q:') THEN municipality_text
    END AS quarantine_value,
    CASE
        WHEN outcome = 'Q:laatste inzending niet te bepalen' THEN competitors
        WHEN outcome IN ('Q:gemeente ontbreekt', 'Q:gemeente niet herleidbaar') THEN candidates
    END AS candidates
FROM decided
ORDER BY source_file, source_row
