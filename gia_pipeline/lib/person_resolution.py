"""Persons across attendance lists: which counted rows are one person, decided conservatively.

The same person is written differently on different lists (`Bruijn, Bas de` / `Bas de Bruijn` /
`B. de Bruijn`, `Gemeente Venlo` / `gem. Venlo`), and two people can share a name. Rules:

- Rows merge only on the same full normalised name (`pseudonyms.normalise_name`: order, case,
  diacritics and punctuation don't count) **and** agreement on where the person comes from: the
  same organisation (without a `gemeente`/`gem.` prefix and anything after a comma), the same
  represented municipality (CBS code), or the same place as written. Merging is transitive.
- A name that is only initials plus a surname (`B. de Bruijn`) is a weak key: never merged. Each
  such row is a person of its own, and its plausible matches are listed as unsure pairs.
- Rows with the same full name that share no organisation, municipality or place are kept apart
  and listed as an unsure pair.

Input rows carry names (raw layer); the output carries only pseudonymous ids: `person_id` is the
name's HMAC person key plus a sequence number within that name, so no name or fragment of one
leaves this module.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from gia_pipeline.lib import layers
from gia_pipeline.lib.pseudonyms import key_of_normalised, normalise_names_array, secret
from gia_pipeline.lib.text_norm import organisation_key

REASON_SAME_NAME_ELSEWHERE = "zelfde naam, geen gedeelde organisatie, gemeente of plaats"
REASON_INITIALS_ONLY = "naam met alleen initialen"
PAIR_REASONS = (REASON_SAME_NAME_ELSEWHERE, REASON_INITIALS_ONLY)
NAME_FORMS = ("volledig", "initialen")


@dataclass(frozen=True, slots=True)   # slots: a million of them at scale
class ListedRow:
    source_file: str
    source_row: int
    person_name: str
    organisation: str | None
    gemeentecode: str | None
    municipality_text: str | None


@functools.lru_cache(maxsize=1 << 16)   # organisations and places repeat on every list
def _text_key(text: str | None) -> str:
    t = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


def _agreement(r: ListedRow) -> set[tuple[str, str]]:
    """Where the row's person comes from: its organisation, represented municipality and place as
    written, each normalised. Two rows agree when they share one of these."""
    found = set()
    if org := organisation_key(r.organisation):
        found.add(("organisatie", org))
    if r.gemeentecode:
        found.add(("gemeente", r.gemeentecode))
    if place := _text_key(r.municipality_text):
        found.add(("plaats", place))
    return found


def _split(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Leading one-letter tokens (initials) and the rest."""
    i = 0
    while i < len(tokens) and len(tokens[i]) == 1:
        i += 1
    return tokens[:i], tokens[i:]


def _initials_signatures(full: list[str]):
    """The (initials, rest) a weak name must have to match this full name: for every split of the
    full name into given names and a non-empty rest, the given names' first letters and the rest
    (`bas de bruijn` -> (b, de bruijn) and (b d, bruijn))."""
    for k in range(1, len(full)):
        yield " ".join(t[0] for t in full[:k]), " ".join(full[k:])


def resolve(rows: list[ListedRow], key: bytes | None = None,
            names_normalised: bool = False) -> tuple[dict[str, list], dict[str, list]]:
    """(columns of the rows: source_file, source_row, person_id, name_form;
    columns of the unsure pairs: person_id_a, person_id_b, reason), as lists in row order.
    `names_normalised`: the rows' person_name is already `normalise_name`'s.

    Candidates are found through indexes (by name and agreement, by initials and rest), never by
    comparing every row with every row of a common surname: at scale that was quadratic."""
    rows = sorted(rows, key=lambda r: (r.source_file, r.source_row))
    key = key or secret()
    names = [r.person_name for r in rows]
    if not names_normalised:
        names = normalise_names_array(pa.array(names, pa.string())).to_pylist()
    weak = [len(_split(n.split())[0]) > 0 or len(n.split()) < 2 for n in names]
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_name: dict[str, list[int]] = {}
    for i, n in enumerate(names):
        if n and not weak[i]:
            by_name.setdefault(n, []).append(i)
    # same full name and a shared organisation, municipality or place, transitively: a row joins
    # the first earlier row of its name that holds any of its agreement values
    for members in by_name.values():
        if len(members) > 1:
            holder: dict[tuple[str, str], int] = {}
            for i in members:
                for value in _agreement(rows[i]):
                    j = holder.setdefault(value, i)
                    if j != i:
                        parent[find(i)] = find(j)

    ids: dict[int, str] = {}
    seq: dict[str, int] = {}
    bases: dict[str, str] = {}           # each distinct normalised name keyed once
    for i, n in enumerate(names):
        root = find(i)
        if root not in ids:
            base = bases.get(n) or bases.setdefault(n, key_of_normalised(n, key) or "onbekend")
            seq[base] = seq.get(base, 0) + 1
            ids[root] = f"{base}-{seq[base]}"
    person = [ids[find(i)] for i in range(len(rows))]

    pairs: set[tuple[str, str, str]] = set()
    for members in by_name.values():     # the same full name, persons kept apart: every two of them
        distinct = sorted({person[i] for i in members})
        pairs.update((a, b, REASON_SAME_NAME_ELSEWHERE) for x, a in enumerate(distinct) for b in distinct[x + 1:])
    weak_rows = [i for i in range(len(rows)) if weak[i] and names[i]]
    wanted = set()                       # the (initials, rest) of the weak names
    for i in weak_rows:
        initials, rest = _split(names[i].split())
        if initials and rest:
            wanted.add((" ".join(initials), " ".join(rest)))
    full_by_signature: dict[tuple[str, str], list[int]] = {}
    for members in by_name.values():
        for i in members:
            for signature in _initials_signatures(names[i].split()):
                if signature in wanted:
                    full_by_signature.setdefault(signature, []).append(i)
    weak_by_value: dict[tuple[str, tuple[str, str]], list[int]] = {}   # (name, agreement value) -> earlier weak rows
    for i in weak_rows:
        initials, rest = _split(names[i].split())
        values = _agreement(rows[i])
        for j in full_by_signature.get((" ".join(initials), " ".join(rest)), ()):
            if values & _agreement(rows[j]):
                pairs.add((*sorted((person[i], person[j])), REASON_INITIALS_ONLY))
        for value in values:
            for j in weak_by_value.get((names[i], value), ()):
                pairs.add((*sorted((person[i], person[j])), REASON_INITIALS_ONLY))
            weak_by_value.setdefault((names[i], value), []).append(i)

    out_rows = {"source_file": [r.source_file for r in rows], "source_row": [r.source_row for r in rows],
                "person_id": person, "name_form": [NAME_FORMS[1] if w else NAME_FORMS[0] for w in weak]}
    ordered = sorted(pairs)
    out_pairs = {"person_id_a": [a for a, _, _ in ordered], "person_id_b": [b for _, b, _ in ordered],
                 "reason": [reason for *_, reason in ordered]}
    return out_rows, out_pairs


PERSON_SCHEMA = pa.schema([("source_file", pa.string()), ("source_row", pa.int64()), ("person_id", pa.string()),
                           ("name_form", pa.string())])
PAIR_SCHEMA = pa.schema([("person_id_a", pa.string()), ("person_id_b", pa.string()), ("reason", pa.string())])


#: the rows are resolved in about this many groups of last words, one group at a time: every rule
#: compares rows whose normalised names end in the same word, so the groups decide alike, and
#: only one group's rows are Python values at once (all 1.2 M rows at x1000 took 1.7 GB)
GROUPS = 16


def _surname_groups(table: pa.Table, groups: int):
    """`table` (its `person_name` normalised) cut into about `groups` parts, each holding every
    row of the last words it holds; the table itself is not copied, each part is taken in turn."""
    if table.num_rows == 0:
        return
    surname = pc.replace_substring_regex(table["person_name"], pattern="^.* ", replacement="")
    order = pc.sort_indices(surname)
    ordered = surname.take(order)
    # positions where the last word changes: a part may end only there
    changes = pc.indices_nonzero(pc.not_equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1))).to_numpy() + 1
    del surname, ordered
    step, start = max(1, -(-len(order) // groups)), 0
    while start < len(order):
        at = changes.searchsorted(start + step)       # the first change at or after a full part
        end = int(changes[at]) if at < len(changes) else len(order)
        yield table.take(order.slice(start, end - start))
        start = end


def resolve_persons(conn, persons_table: str, pairs_table: str) -> tuple[int, int]:
    """(Re)build staging.<persons_table> and staging.<pairs_table> from the counted rows of
    staging.stg_attendance and their names in raw.attendance_lists; returns their row counts."""
    listed = conn.sql(f"""
        SELECT a.source_file, a.source_row, r.person_name, a.organisation, a.gemeentecode, r.municipality_text
        FROM {layers.STAGING}.stg_attendance AS a
        JOIN {layers.RAW}.attendance_lists AS r ON r._source_file = a.source_file AND r._source_row = a.source_row
    """).to_arrow_table()
    listed = listed.set_column(2, "person_name", normalise_names_array(listed["person_name"].combine_chunks()))
    key, persons, pairs = secret(), [], []
    for group in _surname_groups(listed, GROUPS):
        rows = [ListedRow(*values) for values in zip(*(column.to_pylist() for column in group.columns))]
        found, unsure = resolve(rows, key, names_normalised=True)
        persons.append(pa.Table.from_pydict(found, schema=PERSON_SCHEMA))
        pairs.append(pa.Table.from_pydict(unsure, schema=PAIR_SCHEMA))
        del rows, found, unsure
    del listed
    counts = []
    for table, parts, schema, order in ((persons_table, persons, PERSON_SCHEMA, "source_file, source_row"),
                                        (pairs_table, pairs, PAIR_SCHEMA, "person_id_a, person_id_b, reason")):
        incoming = pa.concat_tables(parts) if parts else schema.empty_table()
        conn.register("incoming", incoming)
        conn.execute(f"CREATE OR REPLACE TABLE {layers.STAGING}.{table} AS SELECT * FROM incoming ORDER BY {order}")
        conn.unregister("incoming")
        counts.append(incoming.num_rows)
    return counts[0], counts[1]
