-- Every attendance list the register promises, one row per meeting: whether its file arrived
-- (`list_missing` when the register names a list that is not in the landing folder) and how many
-- raw rows it delivered. Lists that arrived without a register row are quarantined in
-- stg_attendance_rows.
WITH list_rows AS (
    SELECT regexp_extract(_source_file, '[^/]+$') AS list_file, count(*) AS raw_list_rows
    FROM raw.attendance_lists
    GROUP BY ALL
)
SELECT
    m.meeting_id,
    m.meeting_label,
    m.list_status,
    m.list_file,
    coalesce(l.raw_list_rows, 0) AS raw_list_rows,
    m.list_status <> 'geen lijst' AND l.list_file IS NULL AS list_missing
FROM staging.stg_meetings AS m
LEFT JOIN list_rows AS l ON l.list_file = m.list_file
ORDER BY m.meeting_date, m.place
