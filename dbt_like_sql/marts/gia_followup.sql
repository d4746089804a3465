-- How municipalities followed up on the GIA (report 4.2), asked of the respondents who know it:
-- those who read the handreiking or visited a regional meeting. Per answer the count, the item
-- base `n` (those who answered), `asked` (everyone the question was put to) and the share of n.
WITH routed AS (
    SELECT follow_up
    FROM staging.stg_survey_responses
    WHERE read_handreiking = 'Ja' OR attended_meeting = 'Ja'
)
SELECT
    follow_up AS answer,
    count(*) AS count,
    (SELECT count(follow_up) FROM routed) AS n,
    (SELECT count(*) FROM routed) AS asked,
    100.0 * count(*) / (SELECT count(follow_up) FROM routed) AS pct,
    CASE follow_up
    WHEN 'Er is een (nieuwe) integratienota vastgesteld' THEN 1
    WHEN 'Er wordt een (nieuwe) integratienota voorbereid' THEN 2
    WHEN 'Bij sectoraal beleid wordt een integratieparagraaf toegevoegd' THEN 3
    WHEN 'Er zijn 1 of meer integratieprojecten gestart' THEN 4
    WHEN 'Niet, maar dat gaat nog gebeuren' THEN 5
    WHEN 'Niet, en dat gaat ook niet gebeuren' THEN 6
    WHEN 'Anders' THEN 7
    ELSE 8 END AS answer_order
FROM routed
WHERE follow_up IS NOT NULL
GROUP BY ALL
ORDER BY answer_order
