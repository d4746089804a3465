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

import re
import unicodedata
from dataclasses import dataclass

import pyarrow as pa

from gia_pipeline.lib import layers
from gia_pipeline.lib.pseudonyms import normalise_name, person_key

REASON_SAME_NAME_ELSEWHERE = "zelfde naam, geen gedeelde organisatie, gemeente of plaats"
REASON_INITIALS_ONLY = "naam met alleen initialen"
PAIR_REASONS = (REASON_SAME_NAME_ELSEWHERE, REASON_INITIALS_ONLY)
NAME_FORMS = ("volledig", "initialen")


@dataclass(frozen=True)
class ListedRow:
    source_file: str
    source_row: int
    person_name: str
    organisation: str | None
    gemeentecode: str | None
    municipality_text: str | None


def _text_key(text: str | None) -> str:
    t = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


def organisation_key(text: str | None) -> str:
    """`Gemeente Venlo, afdeling Samenleving` and `gem. Venlo` -> `venlo`."""
    t = _text_key((text or "").split(",")[0])
    return re.sub(r"^(gemeente|gem)\s+", "", t)


def _agree(a: ListedRow, b: ListedRow) -> bool:
    oa, ob = organisation_key(a.organisation), organisation_key(b.organisation)
    pa, pb = _text_key(a.municipality_text), _text_key(b.municipality_text)
    return bool((oa and oa == ob) or (a.gemeentecode and a.gemeentecode == b.gemeentecode)
                or (pa and pa == pb))


def _split(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Leading one-letter tokens (initials) and the rest."""
    i = 0
    while i < len(tokens) and len(tokens[i]) == 1:
        i += 1
    return tokens[:i], tokens[i:]


def _initials_match(weak: list[str], full: list[str]) -> bool:
    initials, rest = _split(weak)
    if not rest or len(full) <= len(rest) or full[-len(rest):] != rest:
        return False
    given = full[:-len(rest)]
    return [t[0] for t in given] == initials


def resolve(rows: list[ListedRow], key: bytes | None = None) -> tuple[list[dict], list[dict]]:
    """(one dict per row: source_file, source_row, person_id, name_form;
    one dict per unsure pair: person_id_a, person_id_b, reason)."""
    rows = sorted(rows, key=lambda r: (r.source_file, r.source_row))
    names = [normalise_name(r.person_name) for r in rows]
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
    for members in by_name.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if _agree(rows[i], rows[j]):
                    parent[find(j)] = find(i)

    ids: dict[int, str] = {}
    seq: dict[str, int] = {}
    for i, n in enumerate(names):
        root = find(i)
        if root not in ids:
            base = person_key(n, key) or "onbekend"
            seq[base] = seq.get(base, 0) + 1
            ids[root] = f"{base}-{seq[base]}"
    person = [ids[find(i)] for i in range(len(rows))]

    pairs: set[tuple[str, str, str]] = set()
    for members in by_name.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if person[i] != person[j]:
                    pairs.add((*sorted((person[i], person[j])), REASON_SAME_NAME_ELSEWHERE))
    strong_by_surname: dict[str, list[int]] = {}     # last word -> rows with a full name ending in it
    for members in by_name.values():
        for i in members:
            strong_by_surname.setdefault(names[i].split()[-1], []).append(i)
    weak_by_name: dict[str, list[int]] = {}
    for i in (i for i in range(len(rows)) if weak[i] and names[i]):
        tokens = names[i].split()
        for j in strong_by_surname.get(tokens[-1], ()):
            if _initials_match(tokens, names[j].split()) and _agree(rows[i], rows[j]):
                pairs.add((*sorted((person[i], person[j])), REASON_INITIALS_ONLY))
        for j in weak_by_name.get(names[i], ()):
            if _agree(rows[i], rows[j]):
                pairs.add((*sorted((person[i], person[j])), REASON_INITIALS_ONLY))
        weak_by_name.setdefault(names[i], []).append(i)

    out_rows = [{"source_file": r.source_file, "source_row": r.source_row, "person_id": person[i],
                 "name_form": NAME_FORMS[1] if weak[i] else NAME_FORMS[0]} for i, r in enumerate(rows)]
    out_pairs = [{"person_id_a": a, "person_id_b": b, "reason": reason} for a, b, reason in sorted(pairs)]
    return out_rows, out_pairs


PERSON_SCHEMA = pa.schema([("source_file", pa.string()), ("source_row", pa.int64()), ("person_id", pa.string()),
                           ("name_form", pa.string())])
PAIR_SCHEMA = pa.schema([("person_id_a", pa.string()), ("person_id_b", pa.string()), ("reason", pa.string())])


def resolve_persons(conn, persons_table: str, pairs_table: str) -> tuple[int, int]:
    """(Re)build staging.<persons_table> and staging.<pairs_table> from the counted rows of
    staging.stg_attendance and their names in raw.attendance_lists; returns their row counts."""
    listed = conn.execute(f"""
        SELECT a.source_file, a.source_row, r.person_name, a.organisation, a.gemeentecode, r.municipality_text
        FROM {layers.STAGING}.stg_attendance AS a
        JOIN {layers.RAW}.attendance_lists AS r ON r._source_file = a.source_file AND r._source_row = a.source_row
    """).fetchall()
    rows, pairs = resolve([ListedRow(*r) for r in listed])
    for table, data, schema in ((persons_table, rows, PERSON_SCHEMA), (pairs_table, pairs, PAIR_SCHEMA)):
        conn.register("incoming", pa.Table.from_pylist(data, schema=schema))
        conn.execute(f"CREATE OR REPLACE TABLE {layers.STAGING}.{table} AS SELECT * FROM incoming")
        conn.unregister("incoming")
    return len(rows), len(pairs)
