-- The dialogue between municipalities and the Rijk (report 5.2, asked of the coordinators who read
-- the handreiking): per question the answers collapsed to Helemaal niet / Neutraal / In sterke
-- mate, with count, base and share.
SELECT statement AS question, position, answer, column_order, count, n, pct
FROM marts.statement_appraisal
WHERE topic = 'dialogue'
ORDER BY position, column_order
