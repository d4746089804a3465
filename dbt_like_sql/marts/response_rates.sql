-- Who answered the survey, against the population: responding municipalities per group (all,
-- G4, G27, G31, overig), per province and per GIA region, with the response rate and — to make
-- representativeness visible — the group's share of the population next to its share of the
-- responses. `indirect` counts the municipalities that took part through a partner's response.
-- With several survey waves (generated benchmark data) the population counts once per wave.
WITH waves AS (
    SELECT greatest(count(DISTINCT wave), 1) AS waves FROM staging.stg_survey_responses
),
municipalities AS (
    SELECT
        m.*,
        (SELECT count(*) FROM staging.stg_survey_responses AS r WHERE r.gemeentecode = m.gemeentecode) AS responses,
        (SELECT count(*) FROM staging.stg_survey_indirect_municipalities AS i WHERE i.gemeentecode = m.gemeentecode) AS indirect
    FROM reference.municipalities AS m
),
groups AS (
    SELECT 'total' AS dimension, 'all' AS group_key, 1 AS dim_order, * FROM municipalities
    UNION ALL SELECT 'g31_group', 'G4', 2, * FROM municipalities WHERE is_g4
    UNION ALL SELECT 'g31_group', 'G27', 2, * FROM municipalities WHERE is_g27
    UNION ALL SELECT 'g31_group', 'G31', 2, * FROM municipalities WHERE is_g31
    UNION ALL SELECT 'g31_group', 'overig', 2, * FROM municipalities WHERE NOT is_g31
    UNION ALL SELECT 'provincie', provincie, 3, * FROM municipalities
    UNION ALL SELECT 'gia_region', gia_region, 4, * FROM municipalities
),
totals AS (
    SELECT count(*) AS population, sum(responses) AS responses FROM municipalities
)
SELECT
    g.dimension,
    g.group_key,
    count(*) * w.waves AS population,
    sum(g.responses)::BIGINT AS respondents,
    100.0 * sum(g.responses) / (count(*) * w.waves) AS response_pct,
    100.0 * count(*) / t.population AS population_share_pct,
    100.0 * sum(g.responses) / t.responses AS response_share_pct,
    sum(g.indirect)::BIGINT AS indirect
FROM groups AS g, waves AS w, totals AS t
GROUP BY g.dimension, g.group_key, g.dim_order, w.waves, t.population, t.responses
ORDER BY g.dim_order, g.group_key
