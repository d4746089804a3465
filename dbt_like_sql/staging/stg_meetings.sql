-- The regional GIA meetings of the register, one row per meeting: date, place, theme, GIA region,
-- organisers, the reported headcount ("aantal aanwezigen"), the list status and the file name of
-- its attendance list. `meeting_label` is the report's row label: `YYYY-MM-DD Place`. Date and
-- headcount are the values the reader parsed (it refused any other form).
SELECT
    r.meeting_id,
    r.meeting_date__value AS meeting_date,
    strftime(r.meeting_date__value, '%Y-%m-%d') || ' ' || r.place AS meeting_label,
    r.place,
    r.theme,
    r.gia_region,
    r.organisers,
    r.headcount__value::INTEGER AS reported_headcount,
    r.list_status,
    r.list_file,
    r._source_file AS source_file,
    r._source_row AS source_row
FROM raw.meeting_register AS r
WHERE NOT r._blank
ORDER BY meeting_date, r.place
