-- Whether the handreiking (3.1, base: its readers) and the regional meetings (3.2.2, base: the
-- respondents who visited one) were discussed within the municipality, and whether they led to
-- new insights: per topic, question and answer the count, base and share. The base is everyone
-- the question was routed to; `geen antwoord` counts those who left it open.
WITH answers AS (
    SELECT a.topic, a.question, coalesce(a.answer, 'geen antwoord') AS answer
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
    SELECT topic, question, count(*) AS n FROM answers GROUP BY ALL
),
grid AS (
    SELECT DISTINCT a.topic, o.question, o.answer, o.answer_order
    FROM answers AS a JOIN options AS o USING (question)
    UNION
    SELECT DISTINCT topic, question, answer, 9 FROM answers WHERE answer = 'geen antwoord'
)
SELECT
    g.topic,
    g.question,
    g.answer,
    g.answer_order,
    count(a.answer) AS count,
    b.n,
    100.0 * count(a.answer) / b.n AS pct
FROM grid AS g
JOIN bases AS b USING (topic, question)
LEFT JOIN answers AS a USING (topic, question, answer)
GROUP BY g.topic, g.question, g.answer, g.answer_order, b.n
ORDER BY g.topic, g.question, g.answer_order
