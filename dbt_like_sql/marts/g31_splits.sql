-- Every survey measure the report splits by G31 / overig: read the handreiking (3.1), attended a
-- regional meeting (3.2.2), policy form (4.1) and policy since (4.2). One row per measure, answer
-- and group (`G31`, `overig`, `total`), with the count, the item base `n` (respondents of the
-- group who are in the measure's base and answered), `asked` (those the question was put to) and
-- the share of n. Answers nobody gave still appear, with count 0.
WITH routed AS (
    SELECT r.g31_group, a.measure, a.answer
    FROM staging.stg_survey_responses AS r,
         unnest([{'measure': 'read_handreiking', 'answer': r.read_handreiking, 'routed': true},
                 {'measure': 'attended_meeting', 'answer': r.attended_meeting, 'routed': true},
                 {'measure': 'policy_form', 'answer': r.policy_form, 'routed': true},
                 {'measure': 'policy_since',
                  'answer': CASE WHEN r.policy_since IN ('<2003', '2004-2007', '2008-2009') THEN r.policy_since END,
                  'routed': r.policy_form = 'Er is integraal integratiebeleid vastgelegd in nota of programma'}]) AS t(a)
    WHERE a.routed
),
answers AS (
    SELECT * FROM routed WHERE answer IS NOT NULL
),
asked AS (
    SELECT measure, g31_group, count(*) AS asked FROM routed GROUP BY ALL
    UNION ALL
    SELECT measure, 'total', count(*) FROM routed GROUP BY ALL
),
with_total AS (
    SELECT g31_group, measure, answer FROM answers
    UNION ALL
    SELECT 'total', measure, answer FROM answers
),
grid AS (
    SELECT DISTINCT a.measure, a.answer, g.g31_group
    FROM answers AS a
    CROSS JOIN (VALUES ('G31'), ('overig'), ('total')) AS g(g31_group)
),
bases AS (
    SELECT measure, g31_group, count(*) AS n FROM with_total GROUP BY ALL
)
SELECT
    grid.measure,
    grid.answer,
    grid.g31_group,
    count(w.answer) AS count,
    coalesce(b.n, 0) AS n,
    coalesce(k.asked, 0) AS asked,
    100.0 * count(w.answer) / nullif(b.n, 0) AS pct
FROM grid
LEFT JOIN with_total AS w USING (measure, answer, g31_group)
LEFT JOIN bases AS b USING (measure, g31_group)
LEFT JOIN asked AS k USING (measure, g31_group)
GROUP BY grid.measure, grid.answer, grid.g31_group, b.n, k.asked
ORDER BY grid.measure, grid.answer, grid.g31_group
