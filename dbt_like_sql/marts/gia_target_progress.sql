-- Reach of the GIA against the Integratienota's growth path (10% of municipalities in 2008, 15%
-- in 2009, 25% in 2010, 40% in 2011, 100% by 2012): per measure of reach the municipalities
-- reached, the share of all 441, and for each target year whether that share meets it. Survey
-- measures count only respondents, so they are lower bounds; the attendance lists count every
-- municipality that sent someone.
WITH measures AS (
    SELECT 'survey: read the handreiking' AS measure, 1 AS measure_order,
           count(DISTINCT gemeentecode) FILTER (WHERE read_handreiking = 'Ja') AS municipalities
    FROM staging.stg_survey_responses
    UNION ALL
    SELECT 'survey: attended a regional meeting', 2,
           count(DISTINCT gemeentecode) FILTER (WHERE attended_meeting = 'Ja')
    FROM staging.stg_survey_responses
    UNION ALL
    SELECT 'survey: read the handreiking or attended a meeting', 3,
           count(DISTINCT gemeentecode) FILTER (WHERE read_handreiking = 'Ja' OR attended_meeting = 'Ja')
    FROM staging.stg_survey_responses
    UNION ALL
    SELECT 'survey: new integration nota adopted or in preparation after the GIA', 4,
           count(DISTINCT gemeentecode) FILTER (WHERE follow_up IN ('Er is een (nieuwe) integratienota vastgesteld',
                                                                   'Er wordt een (nieuwe) integratienota voorbereid'))
    FROM staging.stg_survey_responses
    UNION ALL
    SELECT 'attendance lists: sent someone to a regional meeting', 5, count(DISTINCT gemeentecode)
    FROM staging.stg_attendance
    WHERE gemeentecode IS NOT NULL
)
SELECT
    m.measure,
    m.municipalities,
    p.population,
    100.0 * m.municipalities / p.population AS reach_pct,
    t.year::INTEGER AS target_year,
    t.target_pct::DOUBLE AS target_pct,
    100.0 * m.municipalities / p.population >= t.target_pct::DOUBLE AS meets_target
FROM measures AS m
CROSS JOIN (SELECT count(*) AS population FROM reference.municipalities) AS p
CROSS JOIN reference.gia_targets AS t
ORDER BY m.measure_order, target_year
