"""Person resolution's indexed candidate search decides exactly what the rules in its docstring say,
checked against a brute-force reading of them (every row compared with every row) on generated
lists, plus the cases the rules name; resolving a group of last words at a time decides as
resolving all rows at once."""

import shutil
from itertools import combinations

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia_pipeline.lib.person_resolution import (REASON_INITIALS_ONLY, REASON_SAME_NAME_ELSEWHERE, ListedRow,
                                                organisation_key, resolve)
from gia_pipeline.lib.pseudonyms import normalise_name
from gia_pipeline.lib import person_resolution
from gia_pipeline.lib.person_resolution import _text_key

KEY = b"test-key"


def _agree(a: ListedRow, b: ListedRow) -> bool:
    oa, ob = organisation_key(a.organisation), organisation_key(b.organisation)
    pa, pb = _text_key(a.municipality_text), _text_key(b.municipality_text)
    return bool((oa and oa == ob) or (a.gemeentecode and a.gemeentecode == b.gemeentecode) or (pa and pa == pb))


def _is_weak(name: str) -> bool:
    tokens = name.split()
    return len(tokens) < 2 or len(tokens[0]) == 1


def _initials_match(weak: str, full: str) -> bool:
    tokens, full_tokens = weak.split(), full.split()
    i = 0
    while i < len(tokens) and len(tokens[i]) == 1:
        i += 1
    initials, rest = tokens[:i], tokens[i:]
    if not rest or len(full_tokens) <= len(rest) or full_tokens[-len(rest):] != rest:
        return False
    return [t[0] for t in full_tokens[:-len(rest)]] == initials


def brute_force(rows: list[ListedRow]) -> tuple[list[set[int]], set[tuple[int, int, str]]]:
    """Persons as sets of row indexes and unsure pairs as (row, row, reason), by comparing every two
    rows: same full name and agreement merge (transitively); weak names never merge."""
    names = [normalise_name(r.person_name) for r in rows]
    groups = [{i} for i in range(len(rows))]
    for i, j in combinations(range(len(rows)), 2):
        if names[i] and names[i] == names[j] and not _is_weak(names[i]) and _agree(rows[i], rows[j]):
            gi = next(g for g in groups if i in g)
            gj = next(g for g in groups if j in g)
            if gi is not gj:
                gi |= gj
                groups.remove(gj)
    person = {i: min(g) for g in groups for i in g}
    pairs = set()
    for i, j in combinations(range(len(rows)), 2):
        a, b = sorted((person[i], person[j]))
        if a == b or not names[i] or not names[j]:
            continue
        if names[i] == names[j] and not _is_weak(names[i]):
            pairs.add((a, b, REASON_SAME_NAME_ELSEWHERE))
        elif _agree(rows[i], rows[j]) and (
                (_is_weak(names[i]) and not _is_weak(names[j]) and _initials_match(names[i], names[j]))
                or (_is_weak(names[j]) and not _is_weak(names[i]) and _initials_match(names[j], names[i]))
                or (_is_weak(names[i]) and names[i] == names[j])):
            pairs.add((a, b, REASON_INITIALS_ONLY))
    return groups, pairs


NAMES = ["Bas de Bruijn", "Bruijn, Bas de", "B. de Bruijn", "B.d. Bruijn", "B. Bruijn", "Bas Bruijn",
         "Anna Jansen", "A. Jansen", "Jansen", "anna  JANSEN", "Ánna Jansen", "A.B. Jansen", "Anna Bea Jansen"]
ORGS = [None, "Gemeente Venlo", "gem. Venlo, afdeling Samenleving", "Welzijn Noord", "welzijn noord"]
CODES = [None, "GM0983", "GM0363"]
PLACES = [None, "Venlo", "venlo", "Amsterdam"]


@st.composite
def listed_rows(draw):
    n = draw(st.integers(1, 14))
    return [ListedRow(f"lijst_{draw(st.integers(1, 3))}.csv", i + 2, draw(st.sampled_from(NAMES)),
                      draw(st.sampled_from(ORGS)), draw(st.sampled_from(CODES)), draw(st.sampled_from(PLACES)))
            for i in range(n)]


def _as_indexes(rows: list[ListedRow]):
    ordered = sorted(rows, key=lambda r: (r.source_file, r.source_row))
    out_rows, out_pairs = resolve(ordered, KEY)
    by_person: dict[str, set[int]] = {}
    for i, person_id in enumerate(out_rows["person_id"]):
        by_person.setdefault(person_id, set()).add(i)
    first = {p: min(g) for p, g in by_person.items()}
    pairs = {(*sorted((first[a], first[b])), reason)
             for a, b, reason in zip(out_pairs["person_id_a"], out_pairs["person_id_b"], out_pairs["reason"])}
    return ordered, sorted(by_person.values(), key=min), pairs


@settings(max_examples=300, deadline=None)
@given(listed_rows())
def test_indexed_resolution_equals_comparing_every_two_rows(rows):
    ordered, persons, pairs = _as_indexes(rows)
    groups, expected_pairs = brute_force(ordered)
    assert persons == sorted(groups, key=min)
    assert pairs == expected_pairs


def test_the_named_cases():
    rows = [ListedRow("a.csv", 2, "Bas de Bruijn", "Gemeente Venlo", None, None),
            ListedRow("a.csv", 3, "Bruijn, Bas de", None, None, "Venlo"),        # joins row 2? no shared value
            ListedRow("b.csv", 2, "bas de bruijn", "gem. Venlo", None, "Venlo"),  # links 2 and 3 transitively
            ListedRow("b.csv", 3, "B. de Bruijn", "Gemeente Venlo", None, None),  # initials: never merged
            ListedRow("b.csv", 4, "Bas de Bruijn", "Welzijn Noord", None, None)]  # namesake elsewhere
    ordered, persons, pairs = _as_indexes(rows)
    assert persons == [{0, 1, 2}, {3}, {4}]
    assert pairs == {(0, 3, REASON_INITIALS_ONLY), (0, 4, REASON_SAME_NAME_ELSEWHERE)}
    ids = resolve(ordered, KEY)[0]["person_id"]
    assert ids[0] == ids[1] == ids[2] and ids[4].endswith("-2") and not any("bruijn" in i.lower() for i in ids)


def _resolve_in_groups(conn, groups: int, monkeypatch) -> tuple[list, list]:
    monkeypatch.setattr(person_resolution, "GROUPS", groups)
    person_resolution.resolve_persons(conn, f"persons_{groups}", f"pairs_{groups}")
    return (conn.execute(f"SELECT * FROM staging.persons_{groups}").fetchall(),
            conn.execute(f"SELECT * FROM staging.pairs_{groups}").fetchall())


def test_resolving_a_group_of_last_words_at_a_time_decides_as_all_at_once(refreshed, tmp_path, monkeypatch):
    """The refresh resolves the shipped lists in groups of last words; all rows at once (one group)
    and many small groups give the same persons, ids and pairs, in the same order."""
    shutil.copy(refreshed.warehouse, tmp_path / "w.duckdb")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        built = (conn.execute("SELECT * FROM staging.attendance_persons").fetchall(),
                 conn.execute("SELECT * FROM staging.attendance_person_pairs").fetchall())
        assert built[0] and built[1]
        assert _resolve_in_groups(conn, 1, monkeypatch) == built
        assert _resolve_in_groups(conn, 40, monkeypatch) == built


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(listed_rows(), min_size=1, max_size=4).map(lambda lists: [r for rows in lists for r in rows]),
       groups=st.integers(2, 9))
def test_generated_lists_resolve_alike_in_any_number_of_groups(rows, groups, monkeypatch):
    rows = list({(r.source_file, r.source_row): r for r in rows}.values())    # one row per file and row
    with duckdb.connect() as conn:
        conn.execute("CREATE SCHEMA staging; CREATE SCHEMA raw")
        conn.execute("CREATE TABLE staging.stg_attendance (source_file VARCHAR, source_row BIGINT, "
                     "organisation VARCHAR, gemeentecode VARCHAR)")
        conn.execute("CREATE TABLE raw.attendance_lists (_source_file VARCHAR, _source_row BIGINT, "
                     "person_name VARCHAR, municipality_text VARCHAR)")
        conn.executemany("INSERT INTO staging.stg_attendance VALUES (?, ?, ?, ?)",
                         [(r.source_file, r.source_row, r.organisation, r.gemeentecode) for r in rows])
        conn.executemany("INSERT INTO raw.attendance_lists VALUES (?, ?, ?, ?)",
                         [(r.source_file, r.source_row, r.person_name, r.municipality_text) for r in rows])
        assert _resolve_in_groups(conn, groups, monkeypatch) == _resolve_in_groups(conn, 1, monkeypatch)
