-- Every answer to a rated statement, one row per response (or visit) and statement: the
-- handreiking statements (3.1), the meeting statements per visited meeting (3.2.2) and the two
-- dialogue questions (5.2), with the report's label, the 5-point answer and the report column it
-- collapses into (reference.answer_scales). Answers outside the scale have no report column.
WITH answers AS (
    SELECT response_id, wave, gemeentecode, g31_group, 'handreiking' AS topic, NULL::INTEGER AS visit_no,
           'likert' AS scale, a.statement, a.position, a.answer
    FROM staging.stg_survey_responses,
         unnest([{'statement': 'Prettig leesbaar', 'position': 1, 'answer': hr_readable},
                 {'statement': 'Informatief', 'position': 2, 'answer': hr_informative},
                 {'statement': 'Duidelijk/Helder', 'position': 3, 'answer': hr_clear},
                 {'statement': 'Sluit aan bij lokale thema''s', 'position': 4, 'answer': hr_local_fit}]) AS t(a)
    WHERE read_handreiking = 'Ja'
    UNION ALL
    SELECT response_id, wave, gemeentecode, g31_group, 'meeting', visit_no, 'likert', a.statement, a.position, a.answer
    FROM staging.stg_meeting_visits,
         unnest([{'statement': 'Goed opgezet', 'position': 1, 'answer': well_organised},
                 {'statement': 'Informatief', 'position': 2, 'answer': informative},
                 {'statement': 'Duidelijk/Helder', 'position': 3, 'answer': clear},
                 {'statement': 'Sloot aan bij lokale thema''s', 'position': 4, 'answer': local_fit}]) AS t(a)
    UNION ALL
    SELECT response_id, wave, gemeentecode, g31_group, 'dialogue', NULL, 'dialogue', a.statement, a.position, a.answer
    FROM staging.stg_survey_responses,
         unnest([{'statement': 'Wordt in de handreiking en tijdens de bijeenkomsten vorm gegeven aan de dialoog tussen gemeenten en het Rijk?', 'position': 1, 'answer': dialogue_rijk},
                 {'statement': 'Sluiten de visie en ambities zoals die zijn weergegeven in ''Datgene wat ons bindt'' aan bij de visie en ambities van uw college?', 'position': 2, 'answer': dialogue_college}]) AS t(a)
    WHERE read_handreiking = 'Ja'
)
SELECT
    a.response_id,
    a.wave,
    a.gemeentecode,
    a.g31_group,
    a.topic,
    a.scale,
    a.visit_no,
    a.statement,
    a.position,
    a.answer,
    s.report_column
FROM answers AS a
LEFT JOIN reference.answer_scales AS s ON s.scale = a.scale AND s.answer = a.answer
ORDER BY a.topic, a.position, a.wave, a.gemeentecode, a.visit_no
