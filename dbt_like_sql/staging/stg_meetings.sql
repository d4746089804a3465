-- The regional GIA meetings of the register, one row per meeting: date, place, theme, GIA region,
-- organisers, the reported headcount ("aantal aanwezigen"), the list status and the file of its
-- attendance list, with how many raw rows that file delivered. `meeting_label` is the report's
-- row label: `YYYY-MM-DD Place`.
WITH register AS (
    SELECT *
    FROM raw.meeting_register
    WHERE NOT _blank
),
list_rows AS (
    SELECT regexp_extract(_source_file, '[^/]+$') AS list_file, count(*) AS raw_list_rows
    FROM raw.attendance_lists
    GROUP BY ALL
)
SELECT
    r.meeting_id,
    strptime(r.meeting_date, '%d-%m-%Y')::DATE AS meeting_date,
    strftime(strptime(r.meeting_date, '%d-%m-%Y'), '%Y-%m-%d') || ' ' || r.place AS meeting_label,
    r.place,
    r.theme,
    r.gia_region,
    r.organisers,
    r.headcount::INTEGER AS reported_headcount,
    r.list_status,
    r.list_file,
    coalesce(l.raw_list_rows, 0) AS raw_list_rows,
    r.list_status <> 'geen lijst' AND l.list_file IS NULL AS list_missing,
    r._source_file AS source_file,
    r._source_row AS source_row
FROM register AS r
LEFT JOIN list_rows AS l ON l.list_file = r.list_file
ORDER BY meeting_date, r.place
