-- Every raw file this refresh read, one row per file: its source (raw table), its path relative to
-- the landing folder, the SHA-256 of its bytes and the rows it delivered. Published with the
-- marts, so the next refresh can say which files were added, changed or removed
-- (marts.refresh_changes).
SELECT 'survey_export' AS source, _source_file AS source_file, any_value(_file_sha256) AS file_sha256, count(*) AS raw_rows
FROM raw.survey_export
GROUP BY ALL
UNION ALL
SELECT 'attendance_lists', _source_file, any_value(_file_sha256), count(*)
FROM raw.attendance_lists
GROUP BY ALL
UNION ALL
SELECT 'meeting_register', _source_file, any_value(_file_sha256), count(*)
FROM raw.meeting_register
GROUP BY ALL
ORDER BY source, source_file
