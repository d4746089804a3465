-- One row per listed person per meeting (the counted rows of the attendance lists): the meeting,
-- the attendee's derived category (one of the eight of report section 3.2.1, or `onbekend`), the
-- municipality they represent (CBS code, for wethouders and other municipal staff) with its
-- province and GIA region, and a pseudonymous `person_key` for counting repeat visitors.
SELECT
    a.meeting_id,
    m.meeting_date,
    m.meeting_label,
    m.gia_region AS meeting_region,
    a.person_key,
    a.category,
    a.organisation,
    a.function,
    a.gemeentecode,
    g.gemeentenaam,
    g.provincie,
    g.gia_region AS municipality_region,
    a.source_file,
    a.source_row
FROM staging.stg_attendance_rows AS a
JOIN staging.stg_meetings AS m USING (meeting_id)
LEFT JOIN reference.municipalities AS g USING (gemeentecode)
WHERE a.exclusion_reason IS NULL AND a.quarantine_reason IS NULL
ORDER BY m.meeting_date, m.place, a.source_row
