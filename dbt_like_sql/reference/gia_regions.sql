-- The seven GIA regions of report section 2.4, one row per region: its provinces, the CMOs
-- that organise its regional meetings, and its number of municipalities (the base of reach).
SELECT
    r.gia_region,
    string_agg(DISTINCT r.provincie, ', ' ORDER BY r.provincie) AS provinces,
    -- NULL (and a failing check) when the region's provinces name different CMOs: none is picked
    CASE WHEN count(DISTINCT r.organising_cmos) = 1 THEN any_value(r.organising_cmos) END AS organising_cmos,
    count(m.gemeentecode) AS municipalities
FROM reference.gia_region_provinces AS r
LEFT JOIN reference.municipalities AS m USING (provincie)
GROUP BY r.gia_region
ORDER BY r.gia_region
