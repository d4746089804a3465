-- Every distinct meeting place of the register — the input of
-- staging.meetings_municipality_resolution (a place that is a municipality shows whether the
-- register's region fits it; a town that is none, such as Drachten, may stay unresolved).
SELECT DISTINCT place AS municipality_text   -- trimmed by the reader
FROM raw.meeting_register
WHERE place IS NOT NULL AND NOT _blank
ORDER BY municipality_text
