-- The proof that marts.figure_provenance accounts for every figure of marts.evaluation_tables:
-- one row per figure (and per provenance key that names no figure) with its `count` and `n`
-- next to the provenance units that count (`counted_rows`) and that form the base (`base_rows`),
-- the units a statistic or note is read from (`source_rows`) and the distinct raw rows behind the
-- figure. `proven`: a count equals its counted rows and a base its base rows; a reported number
-- (a headcount) equals the sum of what its rows report; a figure without a count is read from at
-- least one row (or has no number at all). Its checks are blocking.
WITH units AS (   -- a unit counts once, on its first raw row
    SELECT * FROM marts.figure_provenance WHERE unit_row = 1
),
provenance AS (
    SELECT
        table_id,
        row_key,
        col_key,
        count(*) FILTER (WHERE role = 'geteld') AS counted_rows,
        count(*) FILTER (WHERE role IN ('geteld', 'basis')) AS base_rows,
        count(*) FILTER (WHERE role = 'bron') AS source_rows,
        count(*) FILTER (WHERE role = 'gemeld') AS reporting_rows,
        sum(reported) FILTER (WHERE role = 'gemeld') AS reported_sum,
        any_value(computed_in) AS computed_in
    FROM units
    GROUP BY ALL
),
-- distinct raw rows per figure, as two grouped aggregates (DuckDB spills those; a list of rows
-- per figure it could not)
raw_rows AS (
    SELECT table_id, row_key, col_key, count(*) AS raw_rows
    FROM (SELECT DISTINCT table_id, row_key, col_key, source_file, source_row
          FROM marts.figure_provenance WHERE source_row IS NOT NULL)
    GROUP BY ALL
)
SELECT
    coalesce(e.table_id, p.table_id) AS table_id,
    coalesce(e.row_key, p.row_key) AS row_key,
    coalesce(e.col_key, p.col_key) AS col_key,
    e.table_id IS NOT NULL AS is_figure,
    e.count,
    e.n,
    CASE WHEN (e.count IS NOT NULL OR p.counted_rows > 0) AND coalesce(p.reporting_rows, 0) = 0
         THEN coalesce(p.counted_rows, 0) END AS counted_rows,
    CASE WHEN e.n IS NOT NULL OR p.base_rows > p.counted_rows THEN coalesce(p.base_rows, 0) END AS base_rows,
    coalesce(p.source_rows, 0) AS source_rows,
    coalesce(p.reporting_rows, 0) AS reporting_rows,
    p.reported_sum,
    coalesce(w.raw_rows, 0) AS raw_rows,
    p.computed_in,
    e.table_id IS NOT NULL
        AND (e.count IS NULL OR e.count = coalesce(p.counted_rows, 0)
             OR (p.counted_rows = 0 AND p.reporting_rows > 0 AND e.count = p.reported_sum))
        AND (e.n IS NULL OR e.n = coalesce(p.base_rows, 0))
        AND (e.count IS NOT NULL OR coalesce(p.source_rows, 0) > 0 OR (e.value IS NULL AND e.note IS NULL))
        AS proven
FROM marts.evaluation_tables AS e
FULL OUTER JOIN provenance AS p USING (table_id, row_key, col_key)
LEFT JOIN raw_rows AS w USING (table_id, row_key, col_key)
ORDER BY table_id, row_key, col_key
