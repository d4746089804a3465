-- Every distinct municipality or place name typed on the attendance lists — the input of
-- staging.attendance_municipality_resolution (only the rows of wethouders and other municipal
-- staff need theirs resolved; places of other organisations may stay unresolved) — and every
-- municipality an organisation names after a `Gemeente`/`gem.` prefix (as the reader normalised
-- it: `Gemeente Haaren, afdeling Welzijn` → `haaren`), against which stg_attendance_rows checks
-- the typed municipality of a municipal row.
SELECT DISTINCT municipality_text   -- trimmed by the reader
FROM raw.attendance_lists
WHERE municipality_text IS NOT NULL
UNION
SELECT DISTINCT organisation_norm
FROM raw.attendance_lists
WHERE regexp_matches(organisation, '^[\s\pZ]*(gemeente[\s\pZ]|gem\.|gem[\s\pZ])', 'i') AND organisation_norm <> ''
ORDER BY municipality_text
