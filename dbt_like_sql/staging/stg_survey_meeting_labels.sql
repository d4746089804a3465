-- Every meeting named in a survey visit block ("Bijeenkomst i - Welke bijeenkomst?"), of every
-- submission, linked to the meeting register on date + place: the label `DD-MM-YYYY Place (Theme)`
-- is parsed, the theme is only shown. The register is the only list of meetings (the survey
-- contract fixes none), so a label that does not parse or names no register meeting gets an
-- `issue_reason` and no meeting: staging treats that visit's meeting as missing. A label the
-- reader flagged (garbled, or given by someone who did not attend: routing) is no visit at all;
-- stg_survey_answer_issues lists it with the reader's reason. A block that names the meeting of an
-- earlier block of the same submission (`repeats_block`) is no second visit.
WITH labels AS (
    SELECT
        s._source_file AS source_file,
        s._source_row AS source_row,
        s.response_id::BIGINT AS response_id,
        b.visit_no,
        nullif(trim(b.label), '') AS label
    FROM raw.survey_export AS s,
         unnest([{'visit_no': 1, 'label': s.visit1_meeting}, {'visit_no': 2, 'label': s.visit2_meeting},
                 {'visit_no': 3, 'label': s.visit3_meeting}, {'visit_no': 4, 'label': s.visit4_meeting}]) AS t(b)
    WHERE NOT list_contains(s._invalid_fields, 'visit' || b.visit_no || '_meeting')
),
parsed AS (
    SELECT
        *,
        try_strptime(regexp_extract(label, '^(\d{2}-\d{2}-\d{4}) .+ \([^()]*\)$', 1), '%d-%m-%Y')::DATE AS meeting_date,
        nullif(regexp_extract(label, '^\d{2}-\d{2}-\d{4} (.+) \([^()]*\)$', 1), '') AS place
    FROM labels
    WHERE label IS NOT NULL
),
linked AS (
    SELECT
        p.source_file,
        p.source_row,
        p.response_id,
        p.visit_no,
        p.label,
        p.meeting_date IS NOT NULL AND p.place IS NOT NULL AS parsed,
        count(m.meeting_id) AS matches,
        min(m.meeting_id) AS meeting_id
    FROM parsed AS p
    LEFT JOIN staging.stg_meetings AS m ON m.meeting_date = p.meeting_date AND m.place = p.place
    GROUP BY ALL
),
-- one meeting named in two blocks of a submission is one visit: the first block counts, a later
-- one repeats it (as the attendance lists' `dubbel`)
numbered AS (
    SELECT
        *,
        CASE WHEN matches = 1 THEN min(visit_no) OVER (
            PARTITION BY source_file, source_row, CASE WHEN matches = 1 THEN meeting_id END) END AS first_block
    FROM linked
)
SELECT
    source_file,
    source_row,
    response_id,
    visit_no,
    label,
    CASE WHEN matches = 1 AND visit_no = first_block THEN meeting_id END AS meeting_id,
    CASE WHEN visit_no > first_block THEN first_block END AS repeats_block,
    CASE
        WHEN NOT parsed THEN 'geen geldig bijeenkomstlabel'
        WHEN matches = 0 THEN 'bijeenkomst niet in register'
        WHEN matches > 1 THEN 'bijeenkomst niet eenduidig in register'
        WHEN visit_no > first_block THEN 'bijeenkomst al genoemd in blok ' || first_block
    END AS issue_reason
FROM numbered
ORDER BY source_file, source_row, visit_no
