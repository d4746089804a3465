-- Invariants of staging's decisions that hold on any correct data, whatever the export: one row per
-- violation (empty when all hold), each checked by a blocking check so that a broken decision
-- stops the marts instead of changing a published figure. Recomputed from the raw rows and their
-- flags, independently of the rules' CASE expressions:
--   counted_on_invalid_value           a counted row whose deciding value is flagged, missing or not
--                                      the one its rule requires (status, role, municipality, dates;
--                                      name, organisation, function, signature)
--   excluded_on_invalid_value          an exclusion whose rule reads a flagged or missing value
--   duplicate_without_original         a `dubbel` row without an earlier, not excluded row of the same
--                                      list with the same (non-NULL) person key and organisation
--   superseded_without_later_response  a `vervangen` row whose replacement is not a counted, later
--                                      response for the same municipality and wave
--   person_key_shared_by_other_names   raw rows that share a person key although their names differ
--                                      even ignoring case, accents, spacing and punctuation (or a key
--                                      given to a name without letters or digits, or withheld from one
--                                      with them)
-- No names: a violation is named by its source row and, for a key, the pseudonym.
WITH survey AS (
    SELECT
        d.*,
        s.respondent_role,
        s._invalid_fields AS flagged,
        v.response_id IS NOT NULL AS counted
    FROM staging.stg_survey_submissions AS d
    JOIN raw.survey_export AS s ON s._source_file = d.source_file AND s._source_row = d.source_row
    LEFT JOIN staging.stg_survey_responses AS v USING (source_file, source_row)
),
attendance AS (
    SELECT
        d.*,
        a.person_name IS NULL
            OR regexp_matches(a.person_name, '^[\s\pZ]*(n\.?[\s\pZ]*n\.?|onbekend|nomen nescio|((dhr|mevr|mvr|mw|mevrouw|meneer|de heer)\.?[\s\pZ]*)+)[\s\pZ]*$', 'i')
            -- … or more than one
            OR regexp_matches(a.person_name, '[&+]|[\s\pZ]en[\s\pZ]', 'i') AS no_name,
        a.organisation_norm,
        a._invalid_fields AS flagged,
        c.source_row IS NOT NULL AS counted
    FROM staging.stg_attendance_rows AS d
    JOIN raw.attendance_lists AS a ON a._source_file = d.source_file AND a._source_row = d.source_row
    LEFT JOIN staging.stg_attendance AS c USING (source_file, source_row)
),
violations AS (
    SELECT 'counted_on_invalid_value' AS invariant, 'survey_export' AS source, source_file, source_row,
           concat_ws(', ',
               CASE WHEN status IS DISTINCT FROM 'Voltooid' THEN 'status' END,
               CASE WHEN respondent_role IS DISTINCT FROM 'Namens de gemeente (coördinator/contactpersoon integratiebeleid)'
                    THEN 'respondent_role' END,
               CASE WHEN gemeentecode IS NULL THEN 'municipality_text' END,
               CASE WHEN submitted_at IS NULL THEN 'submitted_at' END,
               CASE WHEN len(list_intersect(flagged, ['status', 'respondent_role', 'municipality_text'])) > 0
                    THEN 'flagged: ' || array_to_string(list_intersect(flagged, ['status', 'respondent_role', 'municipality_text']), ' ') END
           ) AS detail
    FROM survey
    WHERE counted AND (status IS DISTINCT FROM 'Voltooid'
        OR respondent_role IS DISTINCT FROM 'Namens de gemeente (coördinator/contactpersoon integratiebeleid)'
        OR gemeentecode IS NULL OR submitted_at IS NULL
        OR len(list_intersect(flagged, ['status', 'respondent_role', 'municipality_text'])) > 0)
    UNION ALL
    SELECT 'counted_on_invalid_value', 'attendance_lists', source_file, source_row,
           concat_ws(', ',
               CASE WHEN person_key IS NULL THEN 'person_key' END,
               CASE WHEN meeting_id IS NULL THEN 'meeting' END,
               CASE WHEN category IN ('Wethouders', 'Overig gemeente') AND gemeentecode IS NULL THEN 'municipality_text' END,
               CASE WHEN len(list_intersect(flagged, ['person_name', 'organisation', 'function', 'signature', 'remark'])) > 0
                         OR (category IN ('Wethouders', 'Overig gemeente') AND list_contains(flagged, 'municipality_text'))
                    THEN 'flagged: ' || array_to_string(flagged, ' ') END)
    FROM attendance
    WHERE counted AND (person_key IS NULL OR meeting_id IS NULL
        OR (category IN ('Wethouders', 'Overig gemeente') AND (gemeentecode IS NULL OR list_contains(flagged, 'municipality_text')))
        OR len(list_intersect(flagged, ['person_name', 'organisation', 'function', 'signature', 'remark'])) > 0)
    UNION ALL
    SELECT 'excluded_on_invalid_value', 'survey_export', source_file, source_row, exclusion_reason
    FROM survey
    WHERE (exclusion_reason = 'onvolledig' AND (status IS NULL OR list_contains(flagged, 'status')))
       OR (exclusion_reason = 'test' AND list_contains(flagged, 'municipality_text'))
       OR (exclusion_reason = 'collega, niet de coördinator'
           AND (respondent_role IS NULL OR list_contains(flagged, 'respondent_role')))
       OR (exclusion_reason = 'vervangen door latere inzending'
           AND (submitted_at IS NULL OR gemeentecode IS NULL
                OR len(list_intersect(flagged, ['status', 'respondent_role', 'municipality_text'])) > 0))
    UNION ALL
    SELECT 'excluded_on_invalid_value', 'attendance_lists', source_file, source_row, exclusion_reason
    FROM attendance
    WHERE (exclusion_reason = 'afgemeld' AND len(list_intersect(flagged, ['person_name', 'function', 'signature', 'remark'])) > 0)
       OR (exclusion_reason = 'dubbel'
           AND (person_key IS NULL OR len(list_intersect(flagged, ['person_name', 'organisation'])) > 0))
       -- a missing name is unknown, not a reason to leave a person out
       OR (no_name AND exclusion_reason NOT IN ('lege regel', 'afgemeld'))
    UNION ALL
    SELECT 'duplicate_without_original', 'attendance_lists', d.source_file, d.source_row, 'line ' || d.line_no
    FROM attendance AS d
    WHERE d.exclusion_reason = 'dubbel'
      AND NOT EXISTS (
          SELECT 1 FROM attendance AS o
          WHERE o.source_file = d.source_file AND o.person_key = d.person_key
            AND o.organisation_norm = d.organisation_norm AND o.line_no < d.line_no
            AND o.exclusion_reason IS NULL)
    UNION ALL
    SELECT 'superseded_without_later_response', 'survey_export', d.source_file, d.source_row,
           'vervangen door respondent ' || coalesce(d.superseded_by::VARCHAR, '?')
    FROM survey AS d
    LEFT JOIN staging.stg_survey_responses AS v ON v.response_id = d.superseded_by AND v.wave = d.wave
    WHERE d.exclusion_reason = 'vervangen door latere inzending'
      AND (v.response_id IS NULL OR v.gemeentecode IS DISTINCT FROM d.gemeentecode
           OR NOT (v.submitted_at, v.response_id) > (d.submitted_at, d.response_id))
),
name_forms AS (
    -- the name as a coarser comparison than the pseudonym's sees it: letters and digits only, in
    -- lower case without accents, without remarks in brackets, reordered at the first comma,
    -- without leading forms of address and titles (`Dhr.`, `drs.`: the list is written here
    -- again, on purpose); rows that share a key must agree
    SELECT
        source_file,
        source_row,
        person_key,
        replace(regexp_replace(trim(regexp_replace(lower(strip_accents(replace(
            CASE WHEN contains(name, ',')
                 THEN substr(name, strpos(name, ',') + 1) || ' ' || substr(name, 1, strpos(name, ',') - 1)
                 ELSE name END, 'ß', 'ss'))), '[^\pL\pN]+', ' ', 'g')),
            '^(?:(?:dhr|mevr|mvr|mw|mevrouw|meneer|de heer|mr|drs|dr|ir|ing|prof|ds) )+', ''), ' ', '') AS form
    FROM (
        SELECT _source_file AS source_file, _source_row AS source_row, person_key,
               regexp_replace(person_name, '\([^()]*\)|\[[^\[\]]*\]', ' ', 'g') AS name
        FROM raw.attendance_lists
        WHERE person_name IS NOT NULL
    )
),
key_conflicts AS (
    SELECT
        f.source_file,
        f.source_row,
        'person_key ' || coalesce(f.person_key, 'NULL') || ': '
            || CASE WHEN f.person_key IS NULL THEN 'no key for a name with letters or digits'
                    WHEN f.form = '' THEN 'a key for a name without letters or digits'
                    ELSE 'shared by ' || k.forms || ' different names' END AS detail
    FROM name_forms AS f
    LEFT JOIN (SELECT person_key, count(DISTINCT form) AS forms FROM name_forms
               WHERE person_key IS NOT NULL GROUP BY ALL) AS k USING (person_key)
    WHERE (f.person_key IS NULL) <> (f.form = '') OR k.forms > 1
)
SELECT invariant, source, source_file, source_row, detail FROM violations
UNION ALL
SELECT 'person_key_shared_by_other_names', 'attendance_lists', source_file, source_row, detail FROM key_conflicts
ORDER BY invariant, source, source_file, source_row
