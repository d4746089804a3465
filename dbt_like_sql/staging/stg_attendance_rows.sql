-- Every row of every attendance list with what staging decided about it — the audit trail behind
-- stg_attendance: the meeting it belongs to (by its file name in the register), the exclusion
-- reason (`lege regel`, `afgemeld`, `dubbel`), the attendee category derived by the declared rules
-- (reference.attendee_category_rules, first match wins), the municipality a wethouder or municipal
-- officer represents, and the quarantine reason when the row cannot be placed or a value it is
-- decided on is flagged or missing (`ongeldige waarde`, `geen naam`, `naam zonder letters of
-- cijfers`, `meer dan één persoon`, `lijst niet in register`, `gemeente ontbreekt`, `gemeente
-- niet herleidbaar`, `gemeente spreekt organisatie tegen`: the organisation `Gemeente X` resolves
-- by name to another municipality than the one typed, so neither may decide which municipality
-- the row counts for). A
-- duplicate needs a real key: the same pseudonymous `person_key` (never NULL) and the same
-- normalised organisation, both computed once by the reader. No names.
WITH rows AS (
    SELECT
        _source_file AS source_file,
        _source_row AS source_row,
        regexp_extract(_source_file, '[^/]+$') AS file_name,
        line_no__value::INTEGER AS line_no,
        person_key,
        coalesce(organisation, '') AS organisation,
        organisation_norm,
        -- `Gemeente Haaren`, `gem. Oss`: the organisation names the municipality it belongs to
        regexp_matches(coalesce(organisation, ''), '^[\s\pZ]*(gemeente[\s\pZ]|gem\.|gem[\s\pZ])', 'i')
            AS organisation_names_municipality,
        coalesce(function, '') AS function,
        signature,
        municipality_text,
        _blank OR coalesce(person_name, organisation, function, municipality_text, email) IS NULL AS is_empty,
        regexp_matches(concat_ws(' ', person_name, function, signature, remark),
                       '\b(afgemeld|afgem|afmelding|afwezig|niet[\s\pZ-]+aanwezig|niet[\s\pZ]+gekomen|niet[\s\pZ]+verschenen|no[\s\pZ-]*show|ziek|ziekgemeld|geannuleerd|verhinderd|afgezegd)\b',
                       'i') AS is_cancelled,
        -- a placeholder ('N.N.', nomen nescio; 'onbekend') or a form of address alone ('Mevr.') names
        -- nobody: no name, not a person
        person_name IS NULL OR regexp_matches(person_name, '^[\s\pZ]*(n\.?[\s\pZ]*n\.?|onbekend|nomen nescio|((dhr|mevr|mvr|mw|mevrouw|meneer|de heer)\.?[\s\pZ]*)+)[\s\pZ]*$', 'i')
            AS has_no_name,
        -- `J. Jansen & P. Pietersen`, `Jan Jansen + 1`, `Jan en Piet Jansen`: more than one person in
        -- one row; how many is not for staging to guess
        coalesce(regexp_matches(person_name, '[&+]|[\s\pZ]en[\s\pZ]', 'i'), false) AS names_several,
        -- the deciding fields the reader flagged: the cancellation rule reads the first four,
        -- the duplicate and category rules the organisation, the municipality rule its text
        CASE
            WHEN list_contains(_invalid_fields, 'person_name') THEN 'person_name'
            WHEN list_contains(_invalid_fields, 'function') THEN 'function'
            WHEN list_contains(_invalid_fields, 'signature') THEN 'signature'
            WHEN list_contains(_invalid_fields, 'remark') THEN 'remark'
        END AS flagged_cancellation_field,
        list_contains(_invalid_fields, 'organisation') AS organisation_flagged,
        list_contains(_invalid_fields, 'municipality_text') AS municipality_flagged
    FROM raw.attendance_lists
),
gated AS (
    -- the rules that come before the duplicate rule, first match wins; NULL: may be a duplicate
    SELECT
        *,
        CASE
            WHEN is_empty THEN 'lege regel'
            WHEN flagged_cancellation_field IS NOT NULL THEN 'ongeldige waarde'
            WHEN is_cancelled THEN 'afgemeld'
            WHEN has_no_name THEN 'geen naam'
            WHEN person_key IS NULL THEN 'naam zonder letters of cijfers'
            WHEN names_several THEN 'meer dan één persoon'
            WHEN organisation_flagged THEN 'ongeldige waarde'
        END AS early_reason
    FROM rows
),
deduplicated AS (
    SELECT
        *,
        CASE WHEN early_reason IS NULL THEN
            row_number() OVER (PARTITION BY source_file, person_key, organisation_norm, early_reason IS NULL
                               ORDER BY line_no, source_row)
        END AS occurrence
    FROM gated
),
pairs AS (
    SELECT DISTINCT organisation, function FROM rows
),
-- the rules each distinct organisation and each distinct function satisfies: a pattern read from a
-- column is compiled for every row it is tested on, so each is tested once per distinct value,
-- not once per (organisation, function) pair (at ×1000: 8 k organisations, 80 k pairs)
organisation_rules AS (
    SELECT o.organisation, c.priority
    FROM (SELECT DISTINCT organisation FROM pairs) AS o
    JOIN reference.attendee_category_rules AS c
        ON c.priority > 0 AND (c.organisation_pattern IS NULL OR regexp_matches(o.organisation, c.organisation_pattern, 'i'))
),
function_rules AS (
    SELECT f.function, c.priority
    FROM (SELECT DISTINCT function FROM pairs) AS f
    JOIN reference.attendee_category_rules AS c
        ON c.priority > 0 AND (c.function_pattern IS NULL OR regexp_matches(f.function, c.function_pattern, 'i'))
),
pair_rules AS (   -- a rule applies when both its patterns match
    SELECT o.organisation, f.function, o.priority
    FROM organisation_rules AS o
    JOIN function_rules AS f USING (priority)
    SEMI JOIN pairs AS p ON p.organisation = o.organisation AND p.function = f.function
),
categorised AS (
    SELECT
        p.organisation,
        p.function,
        coalesce(arg_min(c.category, c.priority),
                 (SELECT category FROM reference.attendee_category_rules WHERE priority = 0)) AS category,
        min(c.priority) AS rule_priority
    FROM pairs AS p
    LEFT JOIN pair_rules AS r USING (organisation, function)
    LEFT JOIN reference.attendee_category_rules AS c ON c.priority = r.priority
    GROUP BY ALL
),
decided AS (
    SELECT
        d.*,
        m.meeting_id,
        k.category,
        k.rule_priority,
        k.category IN ('Wethouders', 'Overig gemeente') AS represents_municipality,
        r.gemeentecode AS resolved_code,
        r.candidates AS candidates,
        coalesce(d.early_reason, CASE
            WHEN d.occurrence > 1 THEN 'dubbel'
            WHEN m.meeting_id IS NULL THEN 'lijst niet in register'
            WHEN NOT k.category IN ('Wethouders', 'Overig gemeente') THEN NULL
            WHEN d.municipality_flagged THEN 'ongeldige waarde'
            WHEN d.municipality_text IS NULL THEN 'gemeente ontbreekt'
            WHEN r.gemeentecode IS NULL THEN 'gemeente niet herleidbaar'
            WHEN o.gemeentecode <> r.gemeentecode THEN 'gemeente spreekt organisatie tegen'
        END) AS decided_reason,
        CASE WHEN o.gemeentecode <> r.gemeentecode
             THEN 'organisatie: ' || om.gemeentenaam || ' (' || o.gemeentecode || '); getypte gemeente: '
                  || rm.gemeentenaam || ' (' || r.gemeentecode || ', ' || r.method || ')'
        END AS contradiction
    FROM deduplicated AS d
    LEFT JOIN staging.stg_meetings AS m ON m.list_file = d.file_name
    LEFT JOIN categorised AS k ON k.organisation = d.organisation AND k.function = d.function
    LEFT JOIN staging.attendance_municipality_resolution AS r ON r.municipality_text = d.municipality_text
    -- the organisation's municipality only when its name resolves without a guess
    LEFT JOIN staging.attendance_municipality_resolution AS o
        ON d.organisation_names_municipality AND o.municipality_text = d.organisation_norm
           AND o.method IN ('exact', 'alias', 'normalised')
    LEFT JOIN reference.municipalities AS om ON om.gemeentecode = o.gemeentecode
    LEFT JOIN reference.municipalities AS rm ON rm.gemeentecode = r.gemeentecode
)
SELECT
    source_file,
    source_row,
    meeting_id,
    line_no,
    person_key,
    organisation,
    function,
    category,
    rule_priority,
    municipality_text,
    CASE WHEN represents_municipality AND NOT municipality_flagged THEN resolved_code END AS gemeentecode,
    CASE WHEN NOT quarantined THEN decided_reason END AS exclusion_reason,
    CASE WHEN quarantined THEN decided_reason END AS quarantine_reason,
    quarantine_field,
    -- its raw value; a name is personal data and never leaves raw
    CASE quarantine_field
        WHEN 'source_file' THEN source_file
        WHEN 'function' THEN function
        WHEN 'signature' THEN signature
        WHEN 'organisation' THEN organisation
        WHEN 'municipality_text' THEN municipality_text
    END AS quarantine_value,
    CASE decided_reason
        WHEN 'gemeente niet herleidbaar' THEN candidates
        WHEN 'gemeente spreekt organisatie tegen' THEN contradiction
    END AS candidates
FROM (
    SELECT
        *,
        -- the field the quarantine reason is about
        CASE
            WHEN NOT quarantined THEN NULL
            WHEN decided_reason = 'lijst niet in register' THEN 'source_file'
            WHEN decided_reason IN ('geen naam', 'naam zonder letters of cijfers', 'meer dan één persoon') THEN 'person_name'
            WHEN decided_reason = 'ongeldige waarde' AND early_reason IS NOT NULL
                THEN coalesce(flagged_cancellation_field, 'organisation')
            ELSE 'municipality_text'
        END AS quarantine_field
    FROM (
        SELECT
            *,
            -- the reasons that hold a row back instead of leaving it out
            coalesce(decided_reason IN ('ongeldige waarde', 'geen naam', 'naam zonder letters of cijfers',
                                        'meer dan één persoon', 'lijst niet in register', 'gemeente ontbreekt',
                                        'gemeente niet herleidbaar', 'gemeente spreekt organisatie tegen'),
                     false) AS quarantined
        FROM decided
    )
)
ORDER BY source_file, source_row
