-- Who filled in the survey (report 4.1): the respondents' functions under the report's labels,
-- with count, the item base `n` (respondents who named a valid function), `asked` (all
-- respondents) and the share of n. A missing function is counted nowhere, not as `Overig`.
WITH labelled AS (
    SELECT CASE function
               WHEN 'Algemeen coördinator integratiebeleid' THEN 'Algemeen Coördinator Integratiebeleid'
               WHEN 'Beleidsmedewerker (algemeen)' THEN 'Beleidsmedewerker (algemeen)'
               WHEN 'Beleidsmedewerker integratie' THEN 'Integratie'
               WHEN 'Beleidsmedewerker inburgering' THEN 'Inburgering'
               WHEN 'Beleidsmedewerker samenleving' THEN 'Samenleving'
               WHEN 'Beleidsmedewerker welzijn' THEN 'Welzijn'
               WHEN 'Beleidsmedewerker sociale zaken' THEN 'Sociale Zaken'
               WHEN 'Beleidsmedewerker onderwijs' THEN 'Onderwijs'
               WHEN 'Overig' THEN 'Overig'
           END AS function_label,
           CASE function
               WHEN 'Algemeen coördinator integratiebeleid' THEN 1
               WHEN 'Beleidsmedewerker (algemeen)' THEN 2
               WHEN 'Beleidsmedewerker integratie' THEN 3
               WHEN 'Beleidsmedewerker inburgering' THEN 4
               WHEN 'Beleidsmedewerker samenleving' THEN 5
               WHEN 'Beleidsmedewerker welzijn' THEN 6
               WHEN 'Beleidsmedewerker sociale zaken' THEN 7
               WHEN 'Beleidsmedewerker onderwijs' THEN 8
               WHEN 'Overig' THEN 9
           END AS label_order
    FROM staging.stg_survey_responses
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
