-- How the coordinators who read the handreiking judge it (report 3.1, "De handreiking is…"): per
-- statement the answers collapsed to Oneens / Neutraal / Eens, with count, base (readers who
-- answered the statement) and share.
WITH answers AS (
    SELECT statement, position, report_column
    FROM staging.stg_survey_statement_answers
    WHERE topic = 'handreiking' AND report_column IS NOT NULL
),
bases AS (
    SELECT statement, count(*) AS n FROM answers GROUP BY ALL
),
grid AS (
    SELECT DISTINCT a.statement, a.position, c.report_column, c.column_order
    FROM answers AS a
    CROSS JOIN (VALUES ('Oneens', 1), ('Neutraal', 2), ('Eens', 3)) AS c(report_column, column_order)
)
SELECT
    g.statement,
    g.position,
    g.report_column AS answer,
    g.column_order,
    count(a.report_column) AS count,
    b.n,
    100.0 * count(a.report_column) / b.n AS pct
FROM grid AS g
JOIN bases AS b USING (statement)
LEFT JOIN answers AS a USING (statement, report_column)
GROUP BY g.statement, g.position, g.report_column, g.column_order, b.n
ORDER BY g.position, g.column_order
