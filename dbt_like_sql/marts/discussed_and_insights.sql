-- Whether the handreiking (3.1, asked of its readers) and the regional meetings (3.2.2, asked of
-- the respondents who visited one) were discussed within the municipality, and whether they led
-- to new insights: per topic, question and answer the count, the item base `n` (those who
-- answered the question), `asked` (everyone it was put to; asked - n left it open or answered off
-- the scale) and the share of n.
WITH routed AS (
    SELECT a.topic, a.question, a.answer
    FROM staging.stg_survey_responses AS r,
         unnest([{'topic': 'handreiking', 'question': 'discussed', 'answer': r.hr_discussed, 'routed': r.read_handreiking = 'Ja'},
                 {'topic': 'handreiking', 'question': 'new_insights', 'answer': r.hr_new_insights, 'routed': r.read_handreiking = 'Ja'},
                 {'topic': 'meeting', 'question': 'discussed', 'answer': r.mt_discussed, 'routed': r.attended_meeting = 'Ja'},
                 {'topic': 'meeting', 'question': 'new_insights', 'answer': r.mt_new_insights, 'routed': r.attended_meeting = 'Ja'}]) AS t(a)
    WHERE a.routed
),
options AS (
    SELECT * FROM (VALUES ('discussed', 'Ja', 1), ('discussed', 'Nee', 2), ('discussed', 'Weet ik niet', 3),
                          ('new_insights', 'Ja', 1), ('new_insights', 'Nee', 2)) AS o(question, answer, answer_order)
),
bases AS (
    SELECT topic, question, count(answer) AS n, count(*) AS asked FROM routed GROUP BY ALL
),
grid AS (
    SELECT DISTINCT r.topic, o.question, o.answer, o.answer_order
    FROM routed AS r JOIN options AS o USING (question)
)
SELECT
    g.topic,
    g.question,
    g.answer,
    g.answer_order,
    count(r.answer) AS count,
    b.n,
    b.asked,
    100.0 * count(r.answer) / nullif(b.n, 0) AS pct
FROM grid AS g
JOIN bases AS b USING (topic, question)
LEFT JOIN routed AS r USING (topic, question, answer)
GROUP BY g.topic, g.question, g.answer, g.answer_order, b.n, b.asked
ORDER BY g.topic, g.question, g.answer_order
