-- Distinct persons the regional meetings reached, next to the visits (listed rows) — what the
-- report's footnote to its attendance table could not give ("niet gecorrigeerd voor
-- dubbeltellingen"). Persons come from staging.attendance_persons (merged across lists only on a
-- full name and a shared organisation, municipality or place). Per `dimension`: `totaal`, each
-- GIA region of the meeting, each attendee category: the visits, the distinct persons, those at
-- more than one meeting (within the row), and `unsure_pairs`: pairs of persons in the row that
-- might be one (staging.attendance_person_pairs), so the distinct count is an upper bound by at
-- most that many.
WITH listed AS (
    SELECT a.meeting_id, a.meeting_region, a.category, p.person_id
    FROM staging.stg_attendance AS a
    JOIN staging.attendance_persons AS p USING (source_file, source_row)
),
dimensions AS (
    SELECT 'totaal' AS dimension, 'Totaal' AS row_key, * FROM listed
    UNION ALL
    SELECT 'gia_region', meeting_region, * FROM listed
    UNION ALL
    SELECT 'category', category, * FROM listed
),
per_person AS (
    SELECT dimension, row_key, person_id, count(DISTINCT meeting_id) AS meetings
    FROM dimensions
    GROUP BY ALL
),
pairs AS (
    SELECT a.dimension, a.row_key, count(*) AS unsure_pairs
    FROM staging.attendance_person_pairs AS x
    JOIN per_person AS a ON a.person_id = x.person_id_a
    JOIN per_person AS b ON b.person_id = x.person_id_b AND b.dimension = a.dimension AND b.row_key = a.row_key
    GROUP BY ALL
),
figures AS (
    SELECT
        d.dimension,
        d.row_key,
        count(*) AS visits,
        count(DISTINCT d.person_id) AS distinct_persons
    FROM dimensions AS d
    GROUP BY ALL
),
several AS (
    SELECT dimension, row_key, count(*) FILTER (WHERE meetings > 1) AS persons_at_several_meetings
    FROM per_person
    GROUP BY ALL
)
SELECT
    f.dimension,
    f.row_key,
    f.visits,
    f.distinct_persons,
    s.persons_at_several_meetings,
    coalesce(p.unsure_pairs, 0) AS unsure_pairs,
    row_number() OVER (ORDER BY CASE f.dimension WHEN 'totaal' THEN 3 WHEN 'gia_region' THEN 1 ELSE 2 END,
        CASE f.row_key
            WHEN 'Zeeland & Noord-Brabant' THEN 1 WHEN 'Midden' THEN 2 WHEN 'Zuid-Holland' THEN 3 WHEN 'Oost' THEN 4
            WHEN 'Limburg' THEN 5 WHEN 'Noord' THEN 6 WHEN 'Noord-Holland' THEN 7
            WHEN 'Wethouders' THEN 11 WHEN 'Overig gemeente' THEN 12 WHEN 'CMO' THEN 13 WHEN 'FORUM' THEN 14
            WHEN 'Provincie' THEN 15 WHEN 'Rijk' THEN 16 WHEN 'Welzijnsinstelling' THEN 17
            WHEN 'Onderwijs/commercieel' THEN 18 ELSE 99 END, f.row_key) AS display_order
FROM figures AS f
JOIN several AS s USING (dimension, row_key)
LEFT JOIN pairs AS p USING (dimension, row_key)
ORDER BY display_order
