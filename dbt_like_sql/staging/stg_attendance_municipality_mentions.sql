-- Every distinct municipality or place name typed on the attendance lists — the input of
-- staging.attendance_municipality_resolution (only the rows of wethouders and other municipal
-- staff need theirs resolved; places of other organisations may stay unresolved).
SELECT DISTINCT trim(municipality_text) AS municipality_text
FROM raw.attendance_lists
WHERE municipality_text IS NOT NULL AND trim(municipality_text) <> ''
ORDER BY municipality_text
