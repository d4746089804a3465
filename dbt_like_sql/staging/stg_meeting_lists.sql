-- Every attendance list the register promises, one row per meeting: whether its file arrived
-- (`list_missing` when the register names a list that is not in the landing folder), how many
-- raw rows it delivered and how many of them count (not excluded as empty, cancelled or
-- duplicate; `list_without_counted_rows` when a list arrived but none of its rows counts, which
-- the contract calls a bad list), and how many of its line numbers 1..n no row carries (a row
-- deleted from the list would otherwise leave no trace), and the dates its file name carries
-- (`list_date_issue` when two lists look swapped: each file name carries the other meeting's date
-- and not its own; they would otherwise move their persons between meetings and regions unseen).
-- Lists that arrived without a register row are quarantined in stg_attendance_rows.
WITH list_rows AS (
    SELECT
        regexp_extract(_source_file, '[^/]+$') AS list_file,
        count(*) AS raw_list_rows,
        coalesce(max(line_no__value), 0) - count(DISTINCT line_no__value) AS missing_line_numbers
    FROM raw.attendance_lists
    GROUP BY ALL
),
named AS (   -- the file name without its extension, a `.`, `_` or space between digits read as `-`
    SELECT meeting_id, regexp_replace(regexp_replace(list_file, '\.[A-Za-z0-9]+$', ''), '(\d)[._ ](\d)', '\1-\2', 'g') AS stem
    FROM staging.stg_meetings
    WHERE list_file IS NOT NULL
),
file_name_dates AS (
    -- dd-mm-yyyy, dd-mm-yy, yyyy-mm-dd, and eight digits read as yyyymmdd or ddmmyyyy where the
    -- year is 19xx/20xx in that place (a value that is no date in a form is no candidate)
    SELECT meeting_id, list_sort(list_distinct(list_filter([
        try_strptime(regexp_extract(stem, '(?:^|\D)(\d{1,2}-\d{1,2}-\d{4})(?:\D|$)', 1), '%d-%m-%Y'),
        try_strptime(regexp_extract(stem, '(?:^|\D)(\d{1,2}-\d{1,2}-\d{2})(?:\D|$)', 1), '%d-%m-%y'),
        try_strptime(regexp_extract(stem, '(?:^|\D)(\d{4}-\d{1,2}-\d{1,2})(?:\D|$)', 1), '%Y-%m-%d'),
        CASE WHEN regexp_matches(stem, '(?:^|\D)(19|20)\d{6}(?:\D|$)')
             THEN try_strptime(regexp_extract(stem, '(?:^|\D)(\d{8})(?:\D|$)', 1), '%Y%m%d') END,
        CASE WHEN regexp_matches(stem, '(?:^|\D)\d{4}(19|20)\d{2}(?:\D|$)')
             THEN try_strptime(regexp_extract(stem, '(?:^|\D)(\d{8})(?:\D|$)', 1), '%d%m%Y') END
    ], lambda d: d IS NOT NULL)::DATE[])) AS dates
    FROM named
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
    l.list_file IS NOT NULL AND coalesce(c.counted_list_rows, 0) = 0 AS list_without_counted_rows,
    nullif(d.dates, []) AS list_file_dates,
    CASE WHEN o.meetings IS NOT NULL
         THEN 'bestandsnaam noemt de datum van ' || o.meetings || ', niet die van deze bijeenkomst ('
              || strftime(m.meeting_date, '%d-%m-%Y') || ')'
    END AS list_date_issue
FROM staging.stg_meetings AS m
LEFT JOIN list_rows AS l ON l.list_file = m.list_file
LEFT JOIN counted AS c ON c.meeting_id = m.meeting_id
LEFT JOIN file_name_dates AS d ON d.meeting_id = m.meeting_id
-- two lists swapped: each file name carries the other meeting's date and not its own. Only a
-- swap is evidence; a date that is merely no longer its meeting's is not (a register moved to
-- other dates while the lists kept their names could match another meeting's date by chance)
LEFT JOIN (
    SELECT a.meeting_id, string_agg(b.meeting_id || ' (' || strftime(mb.meeting_date, '%d-%m-%Y') || ')', ', '
                                    ORDER BY mb.meeting_date, b.meeting_id) AS meetings
    FROM file_name_dates AS a
    JOIN staging.stg_meetings AS ma ON ma.meeting_id = a.meeting_id
    JOIN file_name_dates AS b ON b.meeting_id <> a.meeting_id
    JOIN staging.stg_meetings AS mb ON mb.meeting_id = b.meeting_id
    WHERE list_contains(a.dates, mb.meeting_date) AND NOT list_contains(a.dates, ma.meeting_date)
      AND list_contains(b.dates, ma.meeting_date) AND NOT list_contains(b.dates, mb.meeting_date)
    GROUP BY a.meeting_id
) AS o ON o.meeting_id = m.meeting_id
ORDER BY m.meeting_date, m.place
