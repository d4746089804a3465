-- Who filled in the survey (report 4.1): the respondents' functions under the report's labels,
-- with count, base (all respondents) and share.
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
               ELSE 'Overig'
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
               ELSE 9
           END AS label_order
    FROM staging.stg_survey_responses
)
SELECT
    function_label,
    label_order,
    count(*) AS count,
    (SELECT count(*) FROM labelled) AS n,
    100.0 * count(*) / (SELECT count(*) FROM labelled) AS pct
FROM labelled
GROUP BY ALL
ORDER BY label_order
