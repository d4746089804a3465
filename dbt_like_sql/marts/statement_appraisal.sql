-- Every rated statement of the survey in the report's three columns: per topic (the
-- handreiking, 3.1; the regional meetings, 3.2.2, one rating per visited meeting; the dialogue
-- with the Rijk, 5.2) and statement, the count per report column, the base (answers on the
-- scale) and the share. The report columns and their order come from reference.answer_scales.
WITH answers AS (
    SELECT topic, scale, statement, position, report_column
    FROM staging.stg_survey_statement_answers
    WHERE report_column IS NOT NULL
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
    SELECT topic, statement, count(*) AS n FROM answers GROUP BY ALL
)
SELECT
    g.topic,
    g.statement,
    g.position,
    g.report_column AS answer,
    g.column_order,
    count(a.report_column) AS count,
    b.n,
    100.0 * count(a.report_column) / b.n AS pct
FROM grid AS g
JOIN bases AS b USING (topic, statement)
LEFT JOIN answers AS a USING (topic, statement, report_column)
GROUP BY g.topic, g.statement, g.position, g.report_column, g.column_order, b.n
ORDER BY g.topic, g.position, g.column_order
