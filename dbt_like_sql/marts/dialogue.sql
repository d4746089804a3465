-- The dialogue between municipalities and the Rijk (report 5.2, asked of the coordinators who read
-- the handreiking): per question the answers collapsed to Helemaal niet / Neutraal / In sterke
-- mate, with count, the item base `n` (readers who answered the question), `asked` (all readers)
-- and the share of n.
SELECT statement AS question, position, answer, column_order, count, n, asked, pct
FROM marts.statement_appraisal
WHERE topic = 'dialogue'
ORDER BY position, column_order
