-- How many different municipalities attended at least one regional meeting (report 3.2.1 and its
-- figure), per GIA region — by the municipality's own region, wherever the meeting was — against
-- the number of municipalities in the region, and in total. Also how many attended two or more.
WITH attended AS (
    SELECT gemeentecode, municipality_region AS gia_region, count(DISTINCT meeting_id) AS meetings
    FROM staging.stg_attendance
    WHERE gemeentecode IS NOT NULL
    GROUP BY ALL
),
regions AS (
    SELECT r.gia_region, r.municipalities, count(a.gemeentecode) AS attended, count(a.gemeentecode) FILTER (WHERE a.meetings > 1) AS attended_more_than_once
    FROM reference.gia_regions AS r
    LEFT JOIN attended AS a USING (gia_region)
    GROUP BY ALL
)
SELECT
    gia_region,
    attended::BIGINT AS municipalities_attended,
    municipalities::BIGINT AS municipalities_in_region,
    100.0 * attended / municipalities AS reach_pct,
    attended_more_than_once::BIGINT AS attended_more_than_once,
    CASE gia_region
        WHEN 'Noord' THEN 1 WHEN 'Zuid-Holland' THEN 2 WHEN 'Midden' THEN 3 WHEN 'Oost' THEN 4
        WHEN 'Limburg' THEN 5 WHEN 'Zeeland & Noord-Brabant' THEN 6 WHEN 'Noord-Holland' THEN 7 END AS display_order
FROM regions
UNION ALL
SELECT 'total', sum(attended)::BIGINT, sum(municipalities)::BIGINT, 100.0 * sum(attended) / sum(municipalities),
       sum(attended_more_than_once)::BIGINT, 8
FROM regions
ORDER BY display_order
