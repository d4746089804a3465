-- The register's region of each meeting next to the region of its place, where the place is a
-- municipality: the register's region groups a meeting's attendees in the figures per region
-- (persons reached), so a region that contradicts the place is reported, not taken silently.
-- A place that is no municipality (a town such as Drachten) leaves the region unknown: NULL.
SELECT
    m.meeting_id,
    m.meeting_label,
    m.place,
    m.gia_region AS register_region,
    p.gemeentecode AS place_gemeentecode,
    g.gia_region AS place_region,
    CASE WHEN g.gia_region IS DISTINCT FROM m.gia_region AND g.gia_region IS NOT NULL
         THEN 'plaats ligt in regio ' || g.gia_region END AS region_issue
FROM staging.stg_meetings AS m
LEFT JOIN staging.meetings_municipality_resolution AS p ON p.municipality_text = m.place
LEFT JOIN reference.municipalities AS g ON g.gemeentecode = p.gemeentecode
ORDER BY m.meeting_id
