-- Since when municipalities have an integral integration policy ("sinds wanneer", 4.2: those with
-- a policy laid down in a nota or programme, by G31 / overig / total), and in which year a (new)
-- integral policy will be drawn up ("in welk jaar", 4.2: all respondents). One row per question,
-- answer and group, with count, the item base `n` (those who answered; for "sinds wanneer" one of
-- the three periods), `asked` (those the question was put to) and the share of n.
SELECT 'policy_since' AS question, answer, g31_group, count, n, asked, pct
FROM marts.g31_splits
WHERE measure = 'policy_since'
UNION ALL
SELECT 'new_policy_year', p.answer, 'total', count(r.response_id), (SELECT count(*) FROM staging.stg_survey_responses WHERE policy_plan_year IS NOT NULL),
       (SELECT count(*) FROM staging.stg_survey_responses),
       100.0 * count(r.response_id) / (SELECT count(*) FROM staging.stg_survey_responses WHERE policy_plan_year IS NOT NULL)
FROM (SELECT DISTINCT policy_plan_year AS answer FROM staging.stg_survey_responses WHERE policy_plan_year IS NOT NULL) AS p
LEFT JOIN staging.stg_survey_responses AS r ON r.policy_plan_year = p.answer
GROUP BY ALL
ORDER BY question DESC, answer, g31_group
