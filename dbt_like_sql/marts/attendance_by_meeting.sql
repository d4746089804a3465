-- The attendance table of report 3.2.1: per regional meeting the reported headcount ("aantal
-- aanwezigen" from the register), the persons on its list, the difference between the two made
-- explicit, the number of distinct municipalities represented (by wethouders and other municipal
-- staff) and the listed persons per category. Meetings without a list have only the headcount.
-- The last row, `Totaal`, sums the meetings (municipalities not de-duplicated, like the report;
-- the headcount difference only over meetings with a list).
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
per_meeting AS (
    SELECT
        m.meeting_id,
        m.meeting_date,
        m.meeting_label,
        m.place,
        m.theme,
        m.gia_region,
        m.list_status,
        m.reported_headcount,
        -- a meeting with a list whose rows all fell out still has a list: zero, not missing
        c.* EXCLUDE (meeting_id) REPLACE (
            CASE WHEN m.list_status <> 'geen lijst' THEN coalesce(c.listed_persons, 0) END AS listed_persons),
        m.reported_headcount - CASE WHEN m.list_status <> 'geen lijst' THEN coalesce(c.listed_persons, 0) END
            AS headcount_minus_listed
    FROM staging.stg_meetings AS m
    LEFT JOIN counts AS c USING (meeting_id)
),
with_total AS (
    SELECT *, 1 AS row_order FROM per_meeting
    UNION ALL BY NAME
    SELECT
        'Totaal' AS meeting_label,
        sum(reported_headcount) AS reported_headcount,
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
