"""The raw rows the report lists under a figure (lib/report_provenance.py): the hashed, per-file
reading gives exactly what numbering every distinct raw row gives — on the refreshed warehouse and
on generated provenance tables with repeated rows, many files and any limit — and falls back to
that exact reading when two groups share a hash."""

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from gia_pipeline.lib import report_provenance
from gia_pipeline.lib.report_provenance import raw_rows, raw_rows_exact


def _exact(conn, limit=None) -> list[tuple]:
    return [tuple(row) for row in raw_rows_exact(conn, limit)]


def test_the_report_lists_the_same_rows_as_the_exact_reading(refreshed):
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        for limit in (None, 1, 7):
            listed = raw_rows(conn, limit)
            assert listed == _exact(conn, limit), limit
        # the total is every distinct raw row of the figure and role, not only the listed ones
        totals = {r[:4]: r[-1] for r in raw_rows(conn, 1)}
        counted = dict(((t, r, c, role), n) for t, r, c, role, n in conn.execute("""
            SELECT table_id, row_key, col_key, role, count(DISTINCT (source_file, source_row))
            FROM marts.figure_provenance WHERE source_row IS NOT NULL GROUP BY ALL""").fetchall())
        assert totals == counted
        assert max(counted.values()) > 7     # the limits above did cut


def test_a_shared_hash_falls_back_to_the_exact_reading(refreshed):
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as conn:
        # every group under one hash value: the per-group counts would merge files and figures
        assert raw_rows(conn, 5, group_key="0") == _exact(conn, 5)


_provenance_rows = st.lists(
    st.tuples(st.just("1.1"), st.sampled_from(["G4", "G31"]),
              st.just("count"), st.sampled_from(["geteld", "basis"]),
              st.sampled_from(["a.csv", "b.xlsx", "c.csv", None]),
              st.one_of(st.none(), st.integers(min_value=2, max_value=40))),
    max_size=80)   # few figures and roles, many rows each: the limit cuts


@settings(max_examples=60, deadline=None)
@given(rows=_provenance_rows, limit=st.integers(min_value=0, max_value=12))
def test_generated_provenance(rows, limit):
    with duckdb.connect() as conn:
        conn.execute("CREATE SCHEMA marts")
        conn.execute(f"""CREATE TABLE {report_provenance.PROVENANCE} (table_id VARCHAR, row_key VARCHAR,
            col_key VARCHAR, role VARCHAR, source_file VARCHAR, source_row BIGINT)""")
        if rows:
            conn.executemany(f"INSERT INTO {report_provenance.PROVENANCE} VALUES (?, ?, ?, ?, ?, ?)", rows)
        assert raw_rows(conn, limit) == _exact(conn, limit)
