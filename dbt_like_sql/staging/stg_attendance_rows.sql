-- Every row of every attendance list with what staging decided about it — the audit trail
-- behind stg_attendance: the meeting it belongs to (by its file name in the register), the
-- exclusion reason (`lege regel`, `afgemeld`, `dubbel`, `geen naam`), the attendee category
-- derived by the declared rules (reference.attendee_category_rules, first match wins), the
-- municipality a wethouder or municipal officer represents, and the quarantine reason when the
-- row cannot be placed. No names: the person is only the pseudonymous `person_key`.
WITH rows AS (
    SELECT
        _source_file AS source_file,
        _source_row AS source_row,
        regexp_extract(_source_file, '[^/]+$') AS file_name,
        line_no::INTEGER AS line_no,
        person_key,
        trim(coalesce(organisation, '')) AS organisation,
        trim(coalesce(function, '')) AS function,
        nullif(trim(municipality_text), '') AS municipality_text,
        _blank OR coalesce(person_name, organisation, function, municipality_text, email) IS NULL AS is_empty,
        regexp_matches(concat_ws(' ', person_name, function, signature),
                       '\b(afgemeld|afwezig|niet aanwezig|geannuleerd)\b', 'i') AS is_cancelled,
        person_name IS NULL AS has_no_name
    FROM raw.attendance_lists
),
deduplicated AS (
    SELECT
        *,
        CASE WHEN NOT (is_empty OR is_cancelled OR has_no_name) THEN
            row_number() OVER (
                PARTITION BY source_file, person_key,
                             lower(strip_accents(regexp_replace(organisation, '\s+', ' ', 'g'))),
                             is_empty OR is_cancelled OR has_no_name
                ORDER BY line_no, source_row)
        END AS occurrence
    FROM rows
),
pairs AS (
    SELECT DISTINCT organisation, function FROM rows
),
categorised AS (
    SELECT
        p.organisation,
        p.function,
        coalesce(arg_min(c.category, c.priority),
                 (SELECT category FROM reference.attendee_category_rules WHERE priority = 0)) AS category,
        min(c.priority) AS rule_priority
    FROM pairs AS p
    LEFT JOIN reference.attendee_category_rules AS c
        ON c.priority > 0
        AND (c.organisation_pattern IS NULL OR regexp_matches(p.organisation, c.organisation_pattern, 'i'))
        AND (c.function_pattern IS NULL OR regexp_matches(p.function, c.function_pattern, 'i'))
    GROUP BY ALL
),
decided AS (
    SELECT
        d.*,
        m.meeting_id,
        k.category,
        k.rule_priority,
        k.category IN ('Wethouders', 'Overig gemeente') AS represents_municipality,
        CASE
            WHEN d.is_empty THEN 'lege regel'
            WHEN d.is_cancelled THEN 'afgemeld'
            WHEN d.occurrence > 1 THEN 'dubbel'
            WHEN d.has_no_name THEN 'geen naam'
        END AS exclusion_reason,
        r.gemeentecode AS resolved_code,
        r.candidates AS candidates,
        r.reason AS resolution_reason
    FROM deduplicated AS d
    LEFT JOIN staging.stg_meetings AS m ON m.list_file = d.file_name
    LEFT JOIN categorised AS k ON k.organisation = d.organisation AND k.function = d.function
    LEFT JOIN staging.attendance_municipality_resolution AS r ON r.municipality_text = d.municipality_text
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
    CASE WHEN represents_municipality THEN resolved_code END AS gemeentecode,
    exclusion_reason,
    CASE
        WHEN exclusion_reason IS NOT NULL THEN NULL
        WHEN meeting_id IS NULL THEN 'lijst niet in register'
        WHEN represents_municipality AND municipality_text IS NULL THEN 'gemeente ontbreekt'
        WHEN represents_municipality AND resolved_code IS NULL THEN 'gemeente niet herleidbaar'
    END AS quarantine_reason,
    CASE WHEN represents_municipality AND resolved_code IS NULL THEN candidates END AS candidates
FROM decided
ORDER BY source_file, source_row
