-- Who filled in the survey (report 4.1): the respondents' functions under the report's labels
-- (reference.function_labels), with count, the item base `n` (respondents who named a valid
-- function), `asked` (all respondents) and the share of n. A missing function is counted
-- nowhere, not as `Overig`.
WITH labelled AS (
    SELECT l.report_label AS function_label, l.label_order::INTEGER AS label_order
    FROM staging.stg_survey_responses AS r
    LEFT JOIN reference.function_labels AS l ON l.function = r.function
)
SELECT
    function_label,
    label_order,
    count(*) AS count,
    (SELECT count(function_label) FROM labelled) AS n,
    (SELECT count(*) FROM labelled) AS asked,
    100.0 * count(*) / (SELECT count(function_label) FROM labelled) AS pct
FROM labelled
WHERE function_label IS NOT NULL
GROUP BY ALL
ORDER BY label_order
