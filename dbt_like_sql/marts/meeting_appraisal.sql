-- How respondents judge the regional meetings they visited (report 3.2.2, "De regiobijeenkomst
-- was…"): per statement the answers collapsed to Oneens / Neutraal / Eens. The base is the
-- visits, not the respondents: one respondent rates every meeting they visited; `n` is the visits
-- whose statement was answered on the scale, `asked` all visits.
SELECT statement, position, answer, column_order, count, n, asked, pct
FROM marts.statement_appraisal
WHERE topic = 'meeting'
ORDER BY position, column_order
