-- Every raw row accounted for, per raw table: raw rows = staged + excluded + quarantined. A row
-- is matched by its lineage (source file and row); `unaccounted` rows are in none of the three,
-- `multiply_accounted` rows in more than one (or twice in one). Both must be 0.
WITH raw_rows AS (
    SELECT 'survey_export' AS source, _source_file AS source_file, _source_row AS source_row FROM raw.survey_export
    UNION ALL
    SELECT 'attendance_lists', _source_file, _source_row FROM raw.attendance_lists
    UNION ALL
    SELECT 'meeting_register', _source_file, _source_row FROM raw.meeting_register
),
outcomes AS (
    SELECT 'survey_export' AS source, source_file, source_row, 'staged' AS outcome FROM staging.stg_survey_responses
    UNION ALL
    SELECT 'attendance_lists', source_file, source_row, 'staged' FROM staging.stg_attendance
    UNION ALL
    SELECT 'meeting_register', source_file, source_row, 'staged' FROM staging.stg_meetings
    UNION ALL
    SELECT source, source_file, source_row, 'excluded' FROM staging.stg_exclusions
    UNION ALL
    SELECT source, source_file, source_row, 'quarantined' FROM staging.stg_quarantine WHERE scope = 'row'
),
per_row AS (
    SELECT
        r.source,
        r.source_file,
        r.source_row,
        count(o.outcome) AS outcomes,
        count(o.outcome) FILTER (WHERE o.outcome = 'staged') AS staged,
        count(o.outcome) FILTER (WHERE o.outcome = 'excluded') AS excluded,
        count(o.outcome) FILTER (WHERE o.outcome = 'quarantined') AS quarantined
    FROM raw_rows AS r
    LEFT JOIN outcomes AS o USING (source, source_file, source_row)
    GROUP BY ALL
),
orphans AS (
    SELECT o.source, count(*) AS rows_not_in_raw
    FROM outcomes AS o
    ANTI JOIN raw_rows AS r USING (source, source_file, source_row)
    GROUP BY ALL
)
SELECT
    p.source,
    count(*) AS raw_rows,
    sum(p.staged)::BIGINT AS staged,
    sum(p.excluded)::BIGINT AS excluded,
    sum(p.quarantined)::BIGINT AS quarantined,
    count(*) FILTER (WHERE p.outcomes = 0) AS unaccounted,
    count(*) FILTER (WHERE p.outcomes > 1) + coalesce(any_value(o.rows_not_in_raw), 0) AS multiply_accounted
FROM per_row AS p
LEFT JOIN orphans AS o USING (source)
GROUP BY p.source
ORDER BY p.source
