"""What the report shows when a figure is clicked: where the figure comes from.

For each figure of marts.evaluation_tables, from marts.figure_provenance: the model that computes
it and the staging tables of its units, how many units are counted, in the base, reported or read
from, and the raw file + row numbers behind them (as ranges, at most MAX_ROWS rows per figure and
role; the rest is counted and named, never dropped silently). For each computing model, the way
from the figure to the raw columns, column by column (lib/model_lineage.py). No names: units are
rows and pseudonymous keys, and the page shows only files and row numbers.
"""

from dataclasses import dataclass, field

import duckdb

from gia_pipeline.lib.model_lineage import ModelLineage

PROVENANCE = "marts.figure_provenance"
FIGURES = "marts.evaluation_tables"
#: raw rows listed per figure and role; beyond that the page says how many more there are
MAX_ROWS = 2000
#: the figure's columns whose lineage is followed
FIGURE_COLUMNS = ("count", "n", "value", "note")

ROLES = {"geteld": "Geteld", "basis": "In de basis (n), niet geteld", "gemeld": "Gemeld en opgeteld",
         "bron": "Gelezen uit"}
UNITS = {"respons": "responsen", "bezoek": "bezoeken", "inzending": "inzendingen", "lijstregel": "lijstregels",
         "persoon": "personen", "personenpaar": "personenparen", "gemeente": "gemeenten",
         "gemeente per bijeenkomst": "gemeenten per bijeenkomst", "bijeenkomst": "bijeenkomsten", "doel": "doelen"}

Key = tuple[str, str, str]


@dataclass
class FigureSource:
    computed_in: str | None = None
    tables: list[str] = field(default_factory=list)            # staging (or reference) tables of the units
    counts: list[tuple[str, int, str]] = field(default_factory=list)   # (role, units, unit words)
    rows: list[tuple[str, list[tuple[str, str]], int]] = field(default_factory=list)   # (role, [(file, ranges)], more)


def ranges(rows: list[int]) -> str:
    """[2, 3, 4, 7, 9, 10] -> '2–4, 7, 9–10'."""
    parts, start, prev = [], None, None
    for r in sorted(set(rows)):
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            parts.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = r
    if start is not None:
        parts.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ", ".join(parts)


def read(conn: duckdb.DuckDBPyConnection) -> dict[Key, FigureSource] | None:
    """Key -> where that figure comes from; None when marts.figure_provenance is not there."""
    try:
        units = conn.execute(f"""
            SELECT table_id, row_key, col_key, role, string_agg(DISTINCT unit, ', ' ORDER BY unit), count(*),
                   list(DISTINCT staging_table ORDER BY staging_table), any_value(computed_in)
            FROM {PROVENANCE} WHERE unit_row = 1 GROUP BY ALL""").fetchall()
        raw = raw_rows(conn)
    except duckdb.Error:
        return None
    found: dict[Key, FigureSource] = {}
    order = {role: i for i, role in enumerate(ROLES)}
    for table_id, row_key, col_key, role, unit, n, tables, computed_in in sorted(
            units, key=lambda u: (u[:3], order.get(u[3], 9))):
        source = found.setdefault((table_id, row_key, col_key), FigureSource(computed_in))
        source.tables = sorted(set(source.tables) | set(tables))
        source.counts.append((role, n, ", ".join(UNITS.get(u, u) for u in unit.split(", "))))
    listed: dict[tuple, list] = {}
    totals: dict[tuple, int] = {}
    for table_id, row_key, col_key, role, source_file, rows, total in raw:
        listed.setdefault((table_id, row_key, col_key, role), []).append((source_file, ranges(rows), len(rows)))
        totals[(table_id, row_key, col_key, role)] = total
    for (table_id, row_key, col_key, role), files in sorted(listed.items(), key=lambda kv: (kv[0][:3], order.get(kv[0][3], 9))):
        shown = sum(n for *_, n in files)
        found[(table_id, row_key, col_key)].rows.append(
            (role, [(f, text) for f, text, _ in files], totals[(table_id, row_key, col_key, role)] - shown))
    return found


_FILE_KEY = "table_id, row_key, col_key, role, source_file"


def raw_rows(conn: duckdb.DuckDBPyConnection, limit: int | None = None,
             group_key: str = f"hash({_FILE_KEY})") -> list[tuple]:
    """Per figure, role and raw file: the file's first raw rows in (file, row) order, at most
    ``limit`` (MAX_ROWS) per figure and role, and the figure-role's number of distinct raw rows:
    ``(table_id, row_key, col_key, role, source_file, [rows], total)``, sorted.

    Millions of provenance rows: numbering every distinct row in one window (a sort of all of
    them, 21 s at x1000) is avoided. Rows are deduplicated on a 64-bit hash of their figure, role
    and file plus the row number; each such group keeps its count and smallest rows, and the
    limit is applied per figure-role in Python over its few files. Should two groups share a hash,
    the exact query answers instead (`raw_rows_exact`)."""
    limit = MAX_ROWS if limit is None else limit
    groups = conn.execute(f"""
        WITH distinct_rows AS (
            SELECT DISTINCT {group_key} AS g, source_row FROM {PROVENANCE} WHERE source_row IS NOT NULL
        ), per_group AS (
            SELECT g, count(*) AS n, min(source_row, {max(int(limit), 1)}) AS firsts FROM distinct_rows GROUP BY g
        ), names AS (
            SELECT {group_key} AS g, {_FILE_KEY} FROM {PROVENANCE} WHERE source_row IS NOT NULL GROUP BY ALL
        )
        SELECT {_FILE_KEY}, n, firsts, count(*) OVER (PARTITION BY g) AS sharing
        FROM per_group JOIN names USING (g)""").fetchall()
    if any(sharing > 1 for *_, sharing in groups):
        return raw_rows_exact(conn, limit)
    by_role: dict[tuple, list] = {}
    for table_id, row_key, col_key, role, source_file, n, firsts, _ in groups:
        by_role.setdefault((table_id, row_key, col_key, role), []).append((source_file, n, firsts))
    result = []
    for key, files in by_role.items():
        total, budget = sum(n for _, n, _ in files), limit
        for source_file, _, firsts in sorted(files, key=lambda f: _nulls_last(f[:1])):
            if budget <= 0:
                break
            shown = sorted(firsts)[:budget]
            budget -= len(shown)
            result.append((*key, source_file, shown, total))
    return sorted(result, key=lambda r: _nulls_last(r[:5]))


def _nulls_last(values: tuple) -> tuple:
    """DuckDB's order: NULL after every value."""
    return tuple((v is None, v or "") for v in values)


def raw_rows_exact(conn: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[tuple]:
    """What `raw_rows` returns, by numbering every distinct raw row of a figure and role."""
    limit = MAX_ROWS if limit is None else limit
    return conn.execute(f"""
        WITH rows AS (
            SELECT DISTINCT {_FILE_KEY}, source_row FROM {PROVENANCE} WHERE source_row IS NOT NULL
        ), numbered AS (
            SELECT *, row_number() OVER (w ORDER BY source_file, source_row) AS i, count(*) OVER w AS total
            FROM rows WINDOW w AS (PARTITION BY table_id, row_key, col_key, role)
        )
        SELECT {_FILE_KEY}, list(source_row ORDER BY source_row), any_value(total)
        FROM numbered WHERE i <= {int(limit)} GROUP BY ALL ORDER BY ALL""").fetchall()


def chain(computed_in: str, lineage: dict[str, ModelLineage]) -> list[dict]:
    """From the figure's columns in marts.evaluation_tables, through `computed_in`, down to the raw
    and reference columns: per model on the way, the columns that matter and what each is computed
    from. A model whose columns cannot be traced shows the tables it reads."""
    steps: dict[str, dict[str, list[str]]] = {}
    frontier = [(FIGURES, c) for c in FIGURE_COLUMNS]
    seen: set[tuple[str, str]] = set()
    while frontier:
        following = []
        for table, column in frontier:
            if (table, column) in seen or table not in lineage:
                continue
            seen.add((table, column))
            sources = [s for s in lineage[table].columns.get(column, [])
                       if table != FIGURES or f"{s[0]}.{s[1]}" == computed_in]
            if sources:
                steps.setdefault(table, {})[column] = [".".join(s) for s in sources]
                following += [(f"{s[0]}.{s[1]}", s[2]) for s in sources]
        frontier = following
    result = [{"table": table, "columns": sorted(columns.items())} for table, columns in steps.items()]
    if computed_in not in steps:     # e.g. a count(*): nothing to trace column by column
        result.insert(min(1, len(result)), {"table": computed_in, "columns": [],
                                            "reads": list(lineage[computed_in].deps) if computed_in in lineage else []})
    return result
