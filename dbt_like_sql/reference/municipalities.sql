-- Every Dutch municipality on 1 January 2009 (CBS, 441 rows), one row per municipality:
-- its CBS code and name, province, GIA region (report section 2.4) and G4 / G27 / G31 membership.
-- The spine for every per-municipality figure: response rates, reach, representativeness.
SELECT
    m.gemeentecode,
    m.gemeentenaam,
    m.provincie,
    r.gia_region,
    coalesce(g.group = 'G4', false) AS is_g4,
    coalesce(g.group = 'G27', false) AS is_g27,
    g.gemeentecode IS NOT NULL AS is_g31,
    CASE WHEN g.gemeentecode IS NOT NULL THEN 'G31' ELSE 'overig' END AS g31_group,
    -- membership goes by code: the name the G31 list gives it shows a mistyped code (checked)
    g.gemeentenaam AS g31_listed_name
FROM reference.cbs_municipalities_2009 AS m
LEFT JOIN reference.g31_2009 AS g USING (gemeentecode)
LEFT JOIN reference.gia_region_provinces AS r USING (provincie)
ORDER BY m.gemeentecode
