-- Municipalities per GIA region and province, with the G4 / G27 / G31 members among them:
-- the population against which response and reach are read.
SELECT
    gia_region,
    provincie,
    count(*) AS municipalities,
    count(*) FILTER (WHERE is_g4) AS g4,
    count(*) FILTER (WHERE is_g27) AS g27,
    count(*) FILTER (WHERE is_g31) AS g31
FROM reference.municipalities
GROUP BY ALL
ORDER BY gia_region, provincie
