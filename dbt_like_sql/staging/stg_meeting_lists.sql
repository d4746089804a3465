-- Every attendance list the register promises, one row per meeting: whether its file arrived
-- (`list_missing` when the register names a list that is not in the landing folder), how many
-- raw rows it delivered and how many of them count (not excluded as empty, cancelled or
-- duplicate; `list_without_counted_rows` when a list arrived but none of its rows counts, which
-- the contract calls a bad list), and how many of its line numbers 1..n no row carries (a row
-- deleted from the list would otherwise leave no trace). Lists that arrived without a register
-- row are quarantined in stg_attendance_rows.
WITH list_rows AS (
    SELECT
        regexp_extract(_source_file, '[^/]+$') AS list_file,
        count(*) AS raw_list_rows,
        coalesce(max(line_no__value), 0) - count(DISTINCT line_no__value) AS missing_line_numbers
    FROM raw.attendance_lists
    GROUP BY ALL
),
counted AS (
    SELECT meeting_id, count(*) FILTER (WHERE exclusion_reason IS NULL) AS counted_list_rows
    FROM staging.stg_attendance_rows
    WHERE meeting_id IS NOT NULL
    GROUP BY ALL
)
SELECT
    m.meeting_id,
    m.meeting_label,
    m.list_status,
    m.list_file,
    coalesce(l.raw_list_rows, 0) AS raw_list_rows,
    coalesce(c.counted_list_rows, 0) AS counted_list_rows,
    l.missing_line_numbers,
    m.list_status <> 'geen lijst' AND l.list_file IS NULL AS list_missing,
    l.list_file IS NOT NULL AND coalesce(c.counted_list_rows, 0) = 0 AS list_without_counted_rows
FROM staging.stg_meetings AS m
LEFT JOIN list_rows AS l ON l.list_file = m.list_file
LEFT JOIN counted AS c ON c.meeting_id = m.meeting_id
ORDER BY m.meeting_date, m.place
