"""What changed since the last good refresh: `marts.refresh_changes`.

The last good refresh is the published snapshot (`data/published/gia.duckdb`): a refresh publishes
only when every step succeeded, so that file holds the marts of the last good one. This module
attaches it read-only and compares, exactly: every figure of `marts.evaluation_tables` whose count,
base, number asked, value (to 9 decimals, beyond any real difference) or note differs, or that is
new or gone; and every raw file (`marts.raw_files`, by SHA-256 of its bytes) added, changed or
removed. One row `vergeleken` names the snapshot compared with (so "nothing changed" is a
statement, not an empty table); without a readable previous snapshot there is nothing to
compare: the table then holds one row `niet vergeleken` saying so — unknown is not "nothing
changed".

Pure DuckDB (no Dagster); the asset is the RefreshChanges component.
"""

from dataclasses import dataclass
from pathlib import Path

import duckdb

from gia_pipeline.lib import layers

TABLE = f"{layers.MARTS}.refresh_changes"
FIGURES = f"{layers.MARTS}.evaluation_tables"
FILES = f"{layers.MARTS}.raw_files"
_ALIAS = "last_good"

#: the table's columns and their DuckDB types (its documentation: dbt_like_sql/marts/columns.yaml)
COLUMNS: dict[str, str] = {
    "change": "VARCHAR", "table_id": "VARCHAR", "row_key": "VARCHAR", "col_key": "VARCHAR",
    "old_count": "BIGINT", "new_count": "BIGINT", "count_difference": "BIGINT",
    "old_n": "BIGINT", "new_n": "BIGINT", "old_asked": "BIGINT", "new_asked": "BIGINT",
    "old_value": "DOUBLE", "new_value": "DOUBLE", "value_difference": "DOUBLE",
    "old_note": "VARCHAR", "new_note": "VARCHAR",
    "source": "VARCHAR", "source_file": "VARCHAR", "old_sha256": "VARCHAR", "new_sha256": "VARCHAR",
    "detail": "VARCHAR", "compared_with": "VARCHAR", "compared_at": "TIMESTAMP",
}

FIGURE_CHANGES = ("cijfer gewijzigd", "cijfer nieuw", "cijfer vervallen")
FILE_CHANGES = ("bestand toegevoegd", "bestand gewijzigd", "bestand verwijderd")
NO_COMPARISON = "niet vergeleken"
#: the row naming the snapshot compared with (present whenever there was one, changes or not)
COMPARED = "vergeleken"

_FIGURES_SQL = f"""
SELECT
    CASE WHEN o.table_id IS NULL THEN 'cijfer nieuw' WHEN n.table_id IS NULL THEN 'cijfer vervallen'
         ELSE 'cijfer gewijzigd' END AS change,
    coalesce(n.table_id, o.table_id) AS table_id, coalesce(n.row_key, o.row_key) AS row_key,
    coalesce(n.col_key, o.col_key) AS col_key,
    o.count AS old_count, n.count AS new_count, n.count - o.count AS count_difference,
    o.n AS old_n, n.n AS new_n, o.asked AS old_asked, n.asked AS new_asked,
    o.value AS old_value, n.value AS new_value, n.value - o.value AS value_difference,
    o.note AS old_note, n.note AS new_note
FROM {FIGURES} AS n
FULL OUTER JOIN {_ALIAS}.{FIGURES} AS o
    ON o.table_id = n.table_id AND o.row_key IS NOT DISTINCT FROM n.row_key AND o.col_key IS NOT DISTINCT FROM n.col_key
WHERE o.table_id IS NULL OR n.table_id IS NULL
   OR n.count IS DISTINCT FROM o.count OR n.n IS DISTINCT FROM o.n OR n.asked IS DISTINCT FROM o.asked
   OR round(n.value, 9) IS DISTINCT FROM round(o.value, 9) OR n.note IS DISTINCT FROM o.note
ORDER BY table_id, row_key, col_key
"""

_FILES_SQL = f"""
SELECT
    CASE WHEN o.source_file IS NULL THEN 'bestand toegevoegd' WHEN n.source_file IS NULL THEN 'bestand verwijderd'
         ELSE 'bestand gewijzigd' END AS change,
    coalesce(n.source, o.source) AS source, coalesce(n.source_file, o.source_file) AS source_file,
    o.file_sha256 AS old_sha256, n.file_sha256 AS new_sha256
FROM {FILES} AS n
FULL OUTER JOIN {_ALIAS}.{FILES} AS o USING (source, source_file)
WHERE n.file_sha256 IS DISTINCT FROM o.file_sha256
ORDER BY source, source_file
"""


@dataclass(frozen=True)
class Summary:
    compared_with: str | None     # the previous snapshot's id; None: nothing to compare with
    figures: int                  # figures changed, new or gone
    files: dict[str, int]         # change -> files

    @property
    def compared(self) -> bool:
        return self.compared_with is not None


def _has_table(conn, qualified: str) -> bool:
    schema, name = qualified.split(".")
    return bool(conn.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
                             "AND table_name = ?", [_ALIAS, schema, name]).fetchone()[0])


def _create(conn) -> None:
    conn.execute(f"CREATE OR REPLACE TABLE {TABLE} ({', '.join(f'{c} {t}' for c, t in COLUMNS.items())})")


def _not_compared(conn, detail: str, snapshot: tuple | None = None) -> None:
    conn.execute(f"INSERT INTO {TABLE} BY NAME SELECT ? AS change, ? AS detail, ? AS compared_with, ? AS compared_at",
                 [NO_COMPARISON, detail, *(snapshot or (None, None))])


def build(conn, published_db: Path) -> Summary:
    """(Re)build marts.refresh_changes against the published snapshot `published_db`."""
    _create(conn)
    if not Path(published_db).is_file():
        _not_compared(conn, "geen vorige geslaagde verversing: er is nog geen gepubliceerde snapshot")
        return Summary(None, 0, {})
    try:
        conn.execute(f"ATTACH '{Path(published_db).resolve()}' AS {_ALIAS} (READ_ONLY)")
    except duckdb.Error as e:
        _not_compared(conn, f"de vorige snapshot is niet leesbaar ({type(e).__name__})")
        return Summary(None, 0, {})
    try:
        snapshot = conn.execute(f"SELECT snapshot_id, published_at FROM {_ALIAS}.meta.snapshot").fetchone()
        for table, sql, what in ((FIGURES, _FIGURES_SQL, "cijfers"), (FILES, _FILES_SQL, "bestanden")):
            if _has_table(conn, table):
                conn.execute(f"INSERT INTO {TABLE} BY NAME SELECT *, ? AS compared_with, ? AS compared_at FROM ({sql})",
                             list(snapshot))
            else:
                _not_compared(conn, f"de vorige snapshot heeft geen {table}: {what} niet vergeleken", snapshot)
    finally:
        conn.execute(f"DETACH {_ALIAS}")
    counts = dict(conn.execute(f"SELECT change, count(*) FROM {TABLE} GROUP BY ALL").fetchall())
    figures = sum(counts.get(c, 0) for c in FIGURE_CHANGES)
    files = sum(counts.get(c, 0) for c in FILE_CHANGES)
    conn.execute(f"INSERT INTO {TABLE} BY NAME SELECT ? AS change, ? AS detail, ? AS compared_with, ? AS compared_at",
                 [COMPARED, f"{figures} cijfer(s) en {files} ruw(e) bestand(en) veranderd", *snapshot])
    return Summary(snapshot[0], figures, {c: counts[c] for c in FILE_CHANGES if c in counts})
