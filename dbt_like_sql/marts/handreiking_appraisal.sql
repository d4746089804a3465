-- How the coordinators who read the handreiking judge it (report 3.1, "De handreiking is…"): per
-- statement the answers collapsed to Oneens / Neutraal / Eens, with count, the item base `n`
-- (readers who answered the statement), `asked` (all readers) and the share of n.
SELECT statement, position, answer, column_order, count, n, asked, pct
FROM marts.statement_appraisal
WHERE topic = 'handreiking'
ORDER BY position, column_order
