-- The report marks ("rapportcijfer", 1-10) given to the handreiking (by its readers, 3.1) and to
-- the regional meetings (by the respondents who visited one, 3.2.2): the item base `n` (grades
-- given), `asked` (everyone the question was put to; asked - n gave no grade), mean, minimum and
-- maximum of the grades given. Grades outside 1-10 are missing (stg_survey_answer_issues).
SELECT 'handreiking' AS topic, count(hr_grade) AS n, count(*) AS asked, avg(hr_grade) AS mean,
       min(hr_grade) AS min, max(hr_grade) AS max
FROM staging.stg_survey_responses
WHERE read_handreiking = 'Ja'
UNION ALL
SELECT 'meeting', count(mt_grade), count(*), avg(mt_grade), min(mt_grade), max(mt_grade)
FROM staging.stg_survey_responses
WHERE attended_meeting = 'Ja'
