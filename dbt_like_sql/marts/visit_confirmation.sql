-- Do the attendance lists confirm the visits the survey reports? A triangulation no table of the
-- report has. Rows with `level` = 'bezoek': one per reported visit (staging.stg_meeting_visits),
-- with `confirmation`: `bevestigd` (a wethouder or official of the respondent's municipality is
-- on that meeting's list), `niet op de lijst`, `onzeker` (not found, but the list has rows whose
-- municipality could not be resolved), `geen lijst` / `lijst niet ontvangen` (nothing to confirm
-- against: unknown, not unconfirmed) or `bijeenkomst onbekend` (the label names no register
-- meeting). Rows with `level` = 'totaal': per G31 / overig / total the visits, those with and
-- without a list, confirmed, not confirmed and uncertain, and the confirmed share of the visits
-- that have a list.
WITH quarantined AS (
    SELECT meeting_id, count(*) AS rows_held_back
    FROM staging.stg_attendance_rows
    WHERE quarantine_reason IS NOT NULL AND meeting_id IS NOT NULL
    GROUP BY ALL
),
present AS (
    SELECT DISTINCT meeting_id, gemeentecode FROM staging.stg_attendance WHERE gemeentecode IS NOT NULL
),
visits AS (
    SELECT
        v.wave,
        v.response_id,
        v.gemeentecode,
        v.g31_group,
        v.visit_no,
        v.meeting_id,
        v.meeting_label,
        CASE
            WHEN v.meeting_id IS NULL THEN 'bijeenkomst onbekend'
            WHEN l.list_status = 'geen lijst' THEN 'geen lijst'
            WHEN l.list_missing THEN 'lijst niet ontvangen'
            WHEN p.meeting_id IS NOT NULL THEN 'bevestigd'
            WHEN q.rows_held_back > 0 THEN 'onzeker'
            ELSE 'niet op de lijst'
        END AS confirmation
    FROM staging.stg_meeting_visits AS v
    LEFT JOIN staging.stg_meeting_lists AS l USING (meeting_id)
    LEFT JOIN present AS p ON p.meeting_id = v.meeting_id AND p.gemeentecode = v.gemeentecode
    LEFT JOIN quarantined AS q ON q.meeting_id = v.meeting_id
),
grouped AS (
    SELECT g31_group, confirmation FROM visits
    UNION ALL
    SELECT 'total', confirmation FROM visits
),
totals AS (
    SELECT
        g31_group,
        count(*) AS visits,
        count(*) FILTER (WHERE confirmation IN ('bevestigd', 'niet op de lijst', 'onzeker')) AS visits_with_list,
        count(*) FILTER (WHERE confirmation IN ('geen lijst', 'lijst niet ontvangen')) AS visits_without_list,
        count(*) FILTER (WHERE confirmation = 'bijeenkomst onbekend') AS visits_unknown_meeting,
        count(*) FILTER (WHERE confirmation = 'bevestigd') AS confirmed,
        count(*) FILTER (WHERE confirmation = 'niet op de lijst') AS not_confirmed,
        count(*) FILTER (WHERE confirmation = 'onzeker') AS uncertain
    FROM grouped
    GROUP BY ALL
)
SELECT
    'bezoek' AS level,
    wave,
    response_id,
    gemeentecode,
    g31_group,
    visit_no,
    meeting_id,
    meeting_label,
    confirmation,
    NULL::BIGINT AS visits,
    NULL::BIGINT AS visits_with_list,
    NULL::BIGINT AS visits_without_list,
    NULL::BIGINT AS visits_unknown_meeting,
    NULL::BIGINT AS confirmed,
    NULL::BIGINT AS not_confirmed,
    NULL::BIGINT AS uncertain,
    NULL::DOUBLE AS confirmed_pct,
    1 AS row_order
FROM visits
UNION ALL
SELECT
    'totaal', NULL, NULL, NULL, g31_group, NULL, NULL, NULL, NULL,
    visits, visits_with_list, visits_without_list, visits_unknown_meeting, confirmed, not_confirmed, uncertain,
    100.0 * confirmed / nullif(visits_with_list, 0),
    CASE g31_group WHEN 'G31' THEN 2 WHEN 'overig' THEN 3 ELSE 4 END
FROM totals
ORDER BY row_order, wave, gemeentecode, visit_no
