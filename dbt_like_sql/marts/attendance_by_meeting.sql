-- The attendance table of report 3.2.1: per regional meeting the reported headcount ("aantal
-- aanwezigen" from the register), the persons on its list, the difference between the two made
-- explicit, the number of distinct municipalities represented (by wethouders and other municipal
-- staff) and the listed persons per category. Unknown is not zero: a meeting without a list has
-- only the headcount, its list counts are missing and `list_status` says why (`geen lijst`: the
-- register says none was kept; `lijst niet ontvangen`: the register names a list that never
-- arrived; otherwise the register's `volledig`/`onvolledig`). The last row, `Totaal`, sums the
-- meetings (municipalities not de-duplicated, like the report; the list figures only over the
-- meetings with a list) and says how many it covers: `meetings`, `meetings_with_list`.
WITH counts AS (
    SELECT
        meeting_id,
        count(*) AS listed_persons,
        count(DISTINCT gemeentecode) AS municipalities,
        count(*) FILTER (WHERE category = 'Wethouders') AS wethouders,
        count(*) FILTER (WHERE category = 'Overig gemeente') AS overig_gemeente,
        count(*) FILTER (WHERE category = 'CMO') AS cmo,
        count(*) FILTER (WHERE category = 'FORUM') AS forum,
        count(*) FILTER (WHERE category = 'Provincie') AS provincie,
        count(*) FILTER (WHERE category = 'Rijk') AS rijk,
        count(*) FILTER (WHERE category = 'Welzijnsinstelling') AS welzijnsinstelling,
        count(*) FILTER (WHERE category = 'Onderwijs/commercieel') AS onderwijs_commercieel,
        count(*) FILTER (WHERE category = 'onbekend') AS onbekend
    FROM staging.stg_attendance
    GROUP BY meeting_id
),
lists AS (
    SELECT
        m.*,
        CASE WHEN m.list_status = 'geen lijst' THEN 'geen lijst'
             WHEN l.list_missing THEN 'lijst niet ontvangen'
             ELSE m.list_status END AS list_state,
        m.list_status <> 'geen lijst' AND NOT l.list_missing AS has_list
    FROM staging.stg_meetings AS m
    JOIN staging.stg_meeting_lists AS l USING (meeting_id)
),
per_meeting AS (
    SELECT
        m.meeting_id,
        m.meeting_date,
        m.meeting_label,
        m.place,
        m.theme,
        m.gia_region,
        m.list_state AS list_status,
        m.reported_headcount,
        1 AS meetings,
        m.has_list::INTEGER AS meetings_with_list,
        -- a list that arrived but whose rows all fell out still is a list: zeros, not missing
        c.* EXCLUDE (meeting_id) REPLACE (
            CASE WHEN m.has_list THEN coalesce(c.listed_persons, 0) END AS listed_persons,
            CASE WHEN m.has_list THEN coalesce(c.municipalities, 0) END AS municipalities,
            CASE WHEN m.has_list THEN coalesce(c.wethouders, 0) END AS wethouders,
            CASE WHEN m.has_list THEN coalesce(c.overig_gemeente, 0) END AS overig_gemeente,
            CASE WHEN m.has_list THEN coalesce(c.cmo, 0) END AS cmo,
            CASE WHEN m.has_list THEN coalesce(c.forum, 0) END AS forum,
            CASE WHEN m.has_list THEN coalesce(c.provincie, 0) END AS provincie,
            CASE WHEN m.has_list THEN coalesce(c.rijk, 0) END AS rijk,
            CASE WHEN m.has_list THEN coalesce(c.welzijnsinstelling, 0) END AS welzijnsinstelling,
            CASE WHEN m.has_list THEN coalesce(c.onderwijs_commercieel, 0) END AS onderwijs_commercieel,
            CASE WHEN m.has_list THEN coalesce(c.onbekend, 0) END AS onbekend),
        m.reported_headcount - CASE WHEN m.has_list THEN coalesce(c.listed_persons, 0) END
            AS headcount_minus_listed
    FROM lists AS m
    LEFT JOIN counts AS c USING (meeting_id)
),
with_total AS (
    SELECT *, 1 AS row_order FROM per_meeting
    UNION ALL BY NAME
    SELECT
        'Totaal' AS meeting_label,
        sum(reported_headcount) AS reported_headcount,
        sum(meetings) AS meetings,
        sum(meetings_with_list) AS meetings_with_list,
        sum(listed_persons) AS listed_persons,
        sum(headcount_minus_listed) AS headcount_minus_listed,
        sum(municipalities) AS municipalities,
        sum(wethouders) AS wethouders,
        sum(overig_gemeente) AS overig_gemeente,
        sum(cmo) AS cmo,
        sum(forum) AS forum,
        sum(provincie) AS provincie,
        sum(rijk) AS rijk,
        sum(welzijnsinstelling) AS welzijnsinstelling,
        sum(onderwijs_commercieel) AS onderwijs_commercieel,
        sum(onbekend) AS onbekend,
        2 AS row_order
    FROM per_meeting
)
SELECT
    meeting_id,
    meeting_date,
    meeting_label,
    place,
    theme,
    gia_region,
    list_status,
    reported_headcount::BIGINT AS reported_headcount,
    meetings::BIGINT AS meetings,
    meetings_with_list::BIGINT AS meetings_with_list,
    listed_persons::BIGINT AS listed_persons,
    headcount_minus_listed::BIGINT AS headcount_minus_listed,
    municipalities::BIGINT AS municipalities,
    wethouders::BIGINT AS wethouders,
    overig_gemeente::BIGINT AS overig_gemeente,
    cmo::BIGINT AS cmo,
    forum::BIGINT AS forum,
    provincie::BIGINT AS provincie,
    rijk::BIGINT AS rijk,
    welzijnsinstelling::BIGINT AS welzijnsinstelling,
    onderwijs_commercieel::BIGINT AS onderwijs_commercieel,
    onbekend::BIGINT AS onbekend,
    row_number() OVER (ORDER BY row_order, CASE gia_region
        WHEN 'Zeeland & Noord-Brabant' THEN 1 WHEN 'Midden' THEN 2 WHEN 'Zuid-Holland' THEN 3 WHEN 'Oost' THEN 4
        WHEN 'Limburg' THEN 5 WHEN 'Noord' THEN 6 WHEN 'Noord-Holland' THEN 7 END,
        meeting_date, place) AS display_order
FROM with_total
ORDER BY display_order
