-- Every distinct municipality or place name typed on the attendance lists — the input of
-- staging.attendance_municipality_resolution (only the rows of wethouders and other municipal
-- staff need theirs resolved; places of other organisations may stay unresolved).
SELECT DISTINCT municipality_text   -- trimmed by the reader
FROM raw.attendance_lists
WHERE municipality_text IS NOT NULL
ORDER BY municipality_text
