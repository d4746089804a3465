-- Every rated statement of the survey in the report's three columns: per topic (the
-- handreiking, 3.1; the regional meetings, 3.2.2, one rating per visited meeting; the dialogue
-- with the Rijk, 5.2) and statement, the count per report column, the item base `n` (answers on
-- the scale) and the share of it, and `asked`: everyone the statement was put to (the base the
-- report prints), so asked - n left it open or answered off the scale. The report columns and
-- their order come from reference.answer_scales.
WITH routed AS (
    SELECT topic, scale, statement, position, report_column
    FROM staging.stg_survey_statement_answers
),
answers AS (
    SELECT * FROM routed WHERE report_column IS NOT NULL
),
columns_of_scale AS (
    SELECT scale, report_column, min(ordinal::INTEGER) AS first_ordinal
    FROM reference.answer_scales
    GROUP BY ALL
),
grid AS (
    SELECT DISTINCT
        a.topic, a.scale, a.statement, a.position, c.report_column,
        dense_rank() OVER (PARTITION BY a.scale ORDER BY c.first_ordinal) AS column_order
    FROM answers AS a
    JOIN columns_of_scale AS c USING (scale)
),
bases AS (
    SELECT topic, statement, count(report_column) AS n, count(*) AS asked FROM routed GROUP BY ALL
)
SELECT
    g.topic,
    g.statement,
    g.position,
    g.report_column AS answer,
    g.column_order,
    count(a.report_column) AS count,
    b.n,
    b.asked,
    100.0 * count(a.report_column) / b.n AS pct
FROM grid AS g
JOIN bases AS b USING (topic, statement)
LEFT JOIN answers AS a USING (topic, statement, report_column)
GROUP BY g.topic, g.statement, g.position, g.report_column, g.column_order, b.n, b.asked
ORDER BY g.topic, g.position, g.column_order
