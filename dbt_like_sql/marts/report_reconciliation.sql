-- Every figure the report prints, next to the figure the pipeline computes from the raw rows:
-- the published count / percentage / statistic (reference.published_figures, transcribed from
-- the report) and the computed one (marts.evaluation_tables), with a status:
--   match    — every printed number equals the computed one at the printed precision (counts
--              exactly, percentages and statistics rounded half up to the printed decimals);
--   rounding — the printed percentage or statistic is not the rounding of the computed one, but
--              is off by less than one unit of its last printed digit, or the report prints the
--              count too and that count agrees (the report's own arithmetic, e.g. 48 of 141
--              printed as 33%); and the transcription explains why (docs/report-discrepancies.md);
--   mismatch — anything else, including a published figure that the pipeline does not compute.
-- A printed n is compared with the item base (those who answered) or with the number asked: the
-- report prints a table's base above shares that rest on the answers to each item; the detail
-- says so when the two differ (item non-response).
-- The printed numbers are text as transcribed; the file's contract has checked that each is a
-- number, so a cast never turns a typo into a silently skipped comparison.
WITH published AS (
    SELECT
        table_id,
        row_key,
        col_key,
        CAST(published_count AS BIGINT) AS published_count,
        CAST(published_pct AS DOUBLE) AS published_pct,
        CAST(published_value AS DOUBLE) AS published_value,
        coalesce(length(split_part(nullif(published_pct, ''), '.', 2)), 0) AS pct_decimals,
        coalesce(length(split_part(nullif(published_value, ''), '.', 2)), 0) AS value_decimals,
        CAST(printed_n AS BIGINT) AS printed_n,
        section,
        printed_as,
        nullif(trim(explanation), '') AS explanation
    FROM reference.published_figures
),
joined AS (
    SELECT
        p.*,
        e.table_id IS NOT NULL AS computed,
        e.count AS computed_count,
        e.n AS computed_n,
        e.asked AS computed_asked,
        CASE WHEN e.n IS NOT NULL THEN e.value END AS computed_pct,
        CASE WHEN e.n IS NULL THEN e.value END AS computed_value
    FROM published AS p
    LEFT JOIN marts.evaluation_tables AS e USING (table_id, row_key, col_key)
),
assessed AS (
    SELECT
        *,
        -- a published percentage of a statistic-only cell (e.g. a policy target) compares with its value
        coalesce(computed_pct, computed_value) AS pct_basis,
        published_count IS NULL OR published_count IS NOT DISTINCT FROM computed_count AS count_ok,
        printed_n IS NULL OR col_key IN ('G31', 'overig') OR printed_n IS NOT DISTINCT FROM computed_n
            OR printed_n IS NOT DISTINCT FROM computed_asked AS n_ok
    FROM joined
),
graded AS (
    SELECT
        *,
        CASE WHEN published_pct IS NULL THEN 'none'
             WHEN floor(pct_basis * 10 ^ pct_decimals + 0.5) / 10 ^ pct_decimals = published_pct THEN 'exact'
             WHEN abs(pct_basis - published_pct) < 10 ^ -pct_decimals THEN 'close'
             ELSE 'off' END AS pct_grade,
        CASE WHEN published_value IS NULL THEN 'none'
             WHEN floor(computed_value * 10 ^ value_decimals + 0.5) / 10 ^ value_decimals = published_value THEN 'exact'
             WHEN abs(computed_value - published_value) < 10 ^ -value_decimals THEN 'close'
             ELSE 'off' END AS value_grade
    FROM assessed
)
SELECT
    table_id,
    row_key,
    col_key,
    published_count,
    published_pct,
    published_value,
    printed_n,
    computed_count,
    computed_n,
    computed_asked,
    computed_pct,
    computed_value,
    CASE
        WHEN NOT computed OR NOT count_ok OR NOT n_ok OR value_grade = 'off' THEN 'mismatch'
        -- a printed count that agrees vouches for the data; a percentage beside it is the report's own
        WHEN pct_grade = 'off' AND published_count IS NULL THEN 'mismatch'
        WHEN 'close' IN (pct_grade, value_grade) OR pct_grade = 'off'
            THEN CASE WHEN explanation IS NOT NULL THEN 'rounding' ELSE 'mismatch' END
        ELSE 'match'
    END AS status,
    concat_ws('; ',
        CASE WHEN NOT computed THEN 'not computed by the pipeline' END,
        CASE WHEN computed AND NOT count_ok THEN 'count ' || published_count || ' published, ' || computed_count || ' computed' END,
        CASE WHEN computed AND NOT n_ok THEN 'n ' || printed_n || ' published, ' || computed_n || ' computed' END,
        CASE WHEN n_ok AND printed_n IS NOT NULL AND printed_n IS DISTINCT FROM computed_n AND computed_n IS NOT NULL
             THEN 'printed n ' || printed_n || ' is the number asked; the share is of the ' || computed_n || ' who answered' END,
        CASE WHEN pct_grade IN ('close', 'off') THEN published_pct || '% published, ' || round(pct_basis, 2) || '% computed' END,
        CASE WHEN value_grade IN ('close', 'off') THEN published_value || ' published, ' || round(computed_value, 3) || ' computed' END,
        CASE WHEN pct_grade IN ('close', 'off') OR value_grade = 'close' THEN coalesce(explanation, 'unexplained') END
    ) AS status_detail,
    explanation,
    section,
    printed_as
FROM graded
ORDER BY section, table_id, row_key, col_key
