"""Generator of the meeting register and the attendance lists of the GIA regional meetings.

`generate(out_dir, seed, scale)` writes
- `out_dir/meetings/regiobijeenkomsten.csv`: the 21 meetings of report section 3.2.1;
- `out_dir/attendance/<file>`: one attendance list per meeting with a list (19), in four
  organiser templates (csv cp1252, csv utf-8 with BOM, xlsx with and without title rows).

Method
1. Plan (exact, constructive): per meeting a list of slots (category, represented
   municipality for Wethouders / Overig gemeente). Per GIA region (Noord: per province) a reach
   set of municipalities of the chosen size is drawn (host municipalities, the G31 and the
   cross-region visitors first), then the region's meetings take their municipalities in date
   order so that together they cover the reach set exactly; wethouders and officials are then
   spread over each meeting's municipalities so that every municipality has at least one.
   Every constraint of the report is asserted at the end of the plan (`_check_plan`).
2. Render: people are drawn into the slots with `random.Random(seed)` from pools that make
   people recur (WWI project leader and FORUM coordinator everywhere, CMO staff at their
   region's meetings, municipal officials at several meetings), then written in the template
   of the organiser, with the noise the contract describes (empty lines, cancelled rows,
   duplicates, trailing spaces, mixed case).
3. Self-check: every written row is read back from memory through the contract's exclusion
   rules, the category rules file and name/alias resolution, and the per-meeting counts are
   compared with the report (`_check_rendered`). Generation fails loudly on any mismatch.

Scale: `scale=k` writes k waves of distinct persons into the same files (same slots, same
noise rates): category counts and headcounts are k times those of the report; the municipalities
per meeting, the 147 distinct municipalities and the reach per region are unchanged.
Same seed and scale -> byte-identical files (fixed xlsx metadata and zip timestamps).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

import yaml

from gia_rawgen import attendance_data as D
from gia_rawgen import report_facts as F
from gia_rawgen import survey

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = ROOT / "data" / "reference"
RULES_DIR = ROOT / "gia_pipeline" / "rules"
CATEGORY_RULES = RULES_DIR / "attendee_categories.yaml"
ALIASES = RULES_DIR / "municipality_aliases.csv"

REGISTER_NAME = "regiobijeenkomsten.csv"
# Which list rows are one person: for testing person resolution. Outside every landing pattern of
# the contracts, so the pipeline never reads it.


def truth_file(out_dir: Path) -> Path:
    """Which list rows are one person: beside the raw root, never inside it (a file in the landing
    folder would be a delivery; this one is the generator's answer key, which the pipeline never
    reads and a test compares with the pipeline's person resolution)."""
    return out_dir.with_name(f"{out_dir.name}.truth") / "attendance_persons.csv"
FIXED_TIME = dt.datetime(2010, 2, 1, 9, 0, 0)
ZIP_TIME = (2010, 2, 1, 9, 0, 0)

W, O, CMO, FORUM, PROV, RIJK, WELZ, EDU = F.CATEGORIES
MUNICIPAL = (W, O)

STATUS = {"complete": "volledig", "incomplete": "onvolledig", "none": "geen lijst"}

# --- choices that the report does not print (recorded in docs/report-discrepancies.md (part B))
# Distinct municipalities reached per GIA region (region of the municipality, by province).
# Limburg and Noord-Holland are printed in the report (22 and 9); the rest is our choice.
REACH = {
    "Zeeland & Noord-Brabant": 28,
    "Midden": 12,
    "Zuid-Holland": 13,
    "Oost": 25,
    "Limburg": 22,
    "Noord": 38,
    "Noord-Holland": 9,
}
# Noord is planned per province: Drachten only Frisian, Groningen only Groningen
# municipalities (report 3.2.1); Drenthe's meetings (Assen, Meppel) have no list.
NOORD_SPLIT = {"Friesland": 25, "Groningen": 13, "Drenthe": 0}
# Host municipality of each meeting place (CBS name).
HOSTS = {
    "Den Bosch": "'s-Hertogenbosch", "Oss": "Oss", "Gilze Rijen": "Gilze en Rijen",
    "Lelystad": "Lelystad", "Utrecht": "Utrecht", "Almere": "Almere", "Delft": "Delft",
    "Rotterdam": "Rotterdam", "Deventer": "Deventer", "Arnhem": "Arnhem",
    "Maastricht": "Maastricht", "Helden": "Helden", "Venlo": "Venlo", "Assen": "Assen",
    "Drachten": "Smallingerland", "Groningen": "Groningen", "Meppel": "Meppel",
    "Zaanstad": "Zaanstad", "Haarlem": "Haarlem",
}
# Municipalities from another GIA region at a meeting (the G4 at several meetings).
CROSS_VISITS = {
    ("2008-10-06", "Den Bosch"): ("Dordrecht",),
    ("2009-01-23", "Oss"): ("Nijmegen",),
    ("2008-09-29", "Lelystad"): ("'s-Gravenhage", "Zwolle"),
    ("2009-02-05", "Utrecht"): ("Amsterdam", "Rotterdam", "'s-Gravenhage"),
    ("2009-06-18", "Almere"): ("Amsterdam",),
    ("2009-01-21", "Delft"): ("Utrecht",),
    ("2009-05-20", "Rotterdam"): ("Amsterdam", "Utrecht"),
    ("2009-06-29", "Arnhem"): ("Utrecht",),
}
ORGANISERS = {
    "Zeeland & Noord-Brabant": ("Palet",),
    "Zuid-Holland": ("CMO Stimulans", "RMO Meander"),
    "Oost": ("Enzovoort", "Osmose", "Variya"),
    "Limburg": ("EMOL", "Provinciaal Platform Minderheden"),
    "Noord-Holland": ("BMC",),
}
ORGANISERS_BY_PLACE = {
    "Lelystad": ("Axion CMO Flevoland",), "Almere": ("Axion CMO Flevoland",),
    "Utrecht": ("Alleato CMO Utrecht",), "Assen": ("CMO Stamm", "Enova"),
    "Drachten": ("CMO Partoer",), "Groningen": ("CMO Groningen",), "Meppel": ("CMO Stamm",),
}
REMARKS = {
    ("2009-03-02", "Drachten"): "staatssecretaris Klijnsma aanwezig",
    ("2009-06-29", "Arnhem"): "minister Van der Laan aanwezig",
}

# --- templates -------------------------------------------------------------------------
# field order per template; header text per field
TEMPLATES = {
    "T1": dict(kind="csv", encoding="cp1252",
               columns=(("line_no", "Nr"), ("person_name", "Naam"), ("organisation", "Organisatie"),
                        ("function", "Functie"), ("municipality_text", "Gemeente"))),
    "T2": dict(kind="xlsx",
               columns=(("line_no", "Nr."), ("person_name", "Achternaam, voornaam"),
                        ("organisation", "Instelling"), ("function", "Functie/rol"),
                        ("municipality_text", "Plaats"), ("email", "E-mailadres"),
                        ("signature", "Handtekening"))),
    "T3": dict(kind="csv", encoding="utf-8-sig",
               columns=(("line_no", "Volgnummer"), ("person_name", "Deelnemer"),
                        ("organisation", "Organisatie/gemeente"), ("function", "Functie"),
                        ("municipality_text", "Woonplaats werkzaam"))),
    "T4": dict(kind="xlsx",
               columns=(("line_no", "nr."), ("person_name", "Naam deelnemer"), ("function", "Functie"),
                        ("organisation", "Organisatie"), ("municipality_text", "Gemeente/plaats"),
                        ("email", "E-mail"))),
}
REGION_TEMPLATE = {
    "Zeeland & Noord-Brabant": "T1", "Zuid-Holland": "T1", "Oost": "T2", "Limburg": "T2",
    "Noord": "T3", "Midden": "T4", "Noord-Holland": "T4",
}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

CANCEL_RE = re.compile(r"\b(afgemeld|afgem|afmelding|afwezig|niet[\s-]+aanwezig|niet\s+gekomen|niet\s+verschenen|no[\s-]*show|ziek|ziekgemeld|geannuleerd|verhinderd|afgezegd)\b",
                       re.IGNORECASE)


# ======================================================================================
# helpers
# ======================================================================================
def norm(text: str | None) -> str:
    """Contract normalisation: strip diacritics (NFKD), casefold, collapse whitespace."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFKD", str(text))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.casefold().split())


def org_key(text) -> str:
    """Rule 6's organisation key: the part before the first comma, normalised, punctuation as
    spaces, without a leading `gemeente`/`gem.` (`Gem. Oss` = `Gemeente Oss`)."""
    t = " ".join(re.sub(r"[\W_]+", " ", norm(("" if text is None else str(text)).split(",")[0])).split())
    return re.sub(r"^(gemeente|gem)( |$)", "", t)


def slug(text: str) -> str:
    t = norm(text).replace("'", "").replace("&", "en")
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def load_municipalities() -> list[dict]:
    with open(REFERENCE_DIR / "gemeenten_2009.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 441
    return rows


def load_g31() -> dict[str, str]:
    with open(REFERENCE_DIR / "g31_2009.csv", encoding="utf-8", newline="") as fh:
        return {r["gemeentecode"]: r["group"] for r in csv.DictReader(fh)}


def load_aliases() -> list[tuple[str, str]]:
    with open(ALIASES, encoding="utf-8", newline="") as fh:
        return [(r["alias"], r["gemeentecode"]) for r in csv.DictReader(fh)]


def resolver() -> dict[str, str]:
    """normalised name or alias -> CBS code (exact after normalisation; nothing fuzzy)."""
    out: dict[str, str] = {}
    for r in load_municipalities():
        out[norm(r["gemeentenaam"])] = r["gemeentecode"]
    for alias, code in load_aliases():
        key = norm(alias)
        assert out.get(key, code) == code, f"alias {alias!r} conflicts"
        out[key] = code
    return out


def load_category_rules(path: Path = CATEGORY_RULES) -> tuple[list[dict], str]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for r in spec["rules"]:
        rules.append({
            "category": r["category"],
            "organisation": re.compile(r["organisation"], re.IGNORECASE) if "organisation" in r else None,
            "function": re.compile(r["function"], re.IGNORECASE) if "function" in r else None,
        })
    return rules, spec.get("fallback", "onbekend")


def classify(rules: list[dict], fallback: str, organisation: str | None, function: str | None) -> str:
    org = (organisation or "").strip()
    fun = (function or "").strip()
    for r in rules:
        if r["organisation"] is not None and not r["organisation"].search(org):
            continue
        if r["function"] is not None and not r["function"].search(fun):
            continue
        return r["category"]
    return fallback


def region_of_province() -> dict[str, str]:
    return {p: reg for reg, (provs, _) in F.REGIONS.items() for p in provs}


def meeting_key(m: F.Meeting) -> tuple[str, str]:
    return (m.date, m.place)


# ======================================================================================
# 1. plan
# ======================================================================================
@dataclass
class Slot:
    category: str
    code: str | None = None     # represented municipality (Wethouders / Overig gemeente)


@dataclass
class MeetingPlan:
    index: int
    meeting: F.Meeting
    municipalities: list[str] = field(default_factory=list)   # CBS codes, in pick order
    slots: list[Slot] = field(default_factory=list)


def _weighted_order(rng: Random, items: list[str], weight) -> list[str]:
    """Deterministic weighted random order (Efraimidis-Spirakis keys)."""
    keyed = [(rng.random() ** (1.0 / weight(x)), x) for x in items]
    keyed.sort(key=lambda kv: (-kv[0], kv[1]))
    return [x for _, x in keyed]


def plan_meetings(rng: Random, visits: tuple[tuple[str, str, str], ...] = ()) -> list[MeetingPlan]:
    """`visits`: (CBS code, ISO date, place) of the survey's reported visits; the municipality of
    each is planned onto that meeting's list, so that the two sources agree."""
    munis = load_municipalities()
    g31 = load_g31()
    code_of = {r["gemeentenaam"]: r["gemeentecode"] for r in munis}
    prov_of = {r["gemeentecode"]: r["provincie"] for r in munis}
    reg_of_prov = region_of_province()
    reg_of = {c: reg_of_prov[p] for c, p in prov_of.items()}

    plans = [MeetingPlan(i, m) for i, m in enumerate(F.MEETINGS)]
    with_list = [p for p in plans if p.meeting.categories is not None]

    # groups of meetings that share a reach set
    groups = []   # (provinces, [plans], reach)
    for region, (provs, _) in F.REGIONS.items():
        ps = sorted((p for p in with_list if p.meeting.region == region), key=lambda p: p.meeting.date)
        if region == "Noord":
            for prov in provs:
                sub = [p for p in ps if prov_of[code_of[HOSTS[p.meeting.place]]] == prov]
                groups.append(((prov,), sub, NOORD_SPLIT[prov]))
        else:
            groups.append((provs, ps, REACH[region]))

    cross = {k: [code_of[n] for n in v] for k, v in CROSS_VISITS.items()}
    cross_all = [c for k in sorted(cross) for c in cross[k]]
    listed = {meeting_key(p.meeting) for p in with_list}
    must: dict[tuple[str, str], list[str]] = {}      # meeting -> survey visitors' municipalities
    for code, day, place in sorted(visits):
        if (day, place) in listed and code not in must.setdefault((day, place), []):
            must[(day, place)].append(code)
    visitors = [c for k in sorted(must) for c in must[k]]

    for provs, ps, reach in groups:
        if not ps:
            assert reach == 0
            continue
        pool = sorted(c for c, p in prov_of.items() if p in provs)
        forced: list[str] = []
        for p in ps:
            forced.append(code_of[HOSTS[p.meeting.place]])
        forced += [c for c in sorted(g31) if prov_of[c] in provs]
        forced += [c for c in cross_all if prov_of[c] in provs]
        forced += [c for c in visitors if prov_of[c] in provs]
        forced = list(dict.fromkeys(forced))
        assert len(forced) <= reach, (provs, forced)
        rest = [c for c in pool if c not in forced]
        zeeland_weight = lambda c: 0.35 if prov_of[c] == "Zeeland" else 1.0
        ranked = forced + _weighted_order(rng, rest, zeeland_weight)[: reach - len(forced)]
        rank = {c: i for i, c in enumerate(ranked)}

        own_sizes = [p.meeting.municipalities - len(cross.get(meeting_key(p.meeting), ())) for p in ps]
        assert max(own_sizes) <= reach <= sum(own_sizes), (provs, own_sizes, reach)
        uncovered = list(ranked)
        covered: list[str] = []
        for j, p in enumerate(ps):
            s = own_sizes[j]
            later = sum(own_sizes[j + 1:])
            host = code_of[HOSTS[p.meeting.place]]
            needed = {host, *must.get(meeting_key(p.meeting), ())}
            lo = max(0, len(uncovered) - later, s - len(covered), len(needed & set(uncovered)))
            hi = min(len(uncovered), s - len(needed & set(covered)))
            target = round(len(uncovered) * s / (s + later))
            n_new = min(max(target, lo), hi)
            assert lo <= n_new <= hi, (p.meeting.place, lo, n_new, hi)
            host_prov = prov_of[host]
            new = sorted((c for c in uncovered if c != host),
                         key=lambda c: (c not in needed, prov_of[c] != host_prov, rank[c]))
            old = sorted((c for c in covered if c != host), key=lambda c: (c not in needed, rank[c]))
            if host in uncovered:
                new_pick = [host] + new[: n_new - 1]
                old_pick = old[: s - n_new]
            else:
                new_pick = new[:n_new]
                old_pick = [host] + old[: s - n_new - 1]
            p.municipalities = new_pick + old_pick
            for c in new_pick:
                uncovered.remove(c)
                covered.append(c)
            covered.sort(key=lambda c: rank[c])
        assert not uncovered, (provs, uncovered)

    # cross-region visitors join after the own-region municipalities
    for p in with_list:
        p.municipalities += cross.get(meeting_key(p.meeting), [])

    # spread wethouders and officials over each meeting's municipalities
    for p in with_list:
        m = p.meeting
        nw, no = m.categories[0], m.categories[1]
        host = code_of[HOSTS[m.place]]
        own = [c for c in p.municipalities if reg_of[c] == m.region]
        assert nw <= len(own)
        others = [c for c in own if c != host]
        w_codes = ([host] + rng.sample(others, nw - 1)) if nw else []
        o_count = {c: 0 for c in p.municipalities}
        for c in p.municipalities:
            if c not in w_codes:
                o_count[c] = 1
        extra = no - sum(o_count.values())
        assert extra >= 0, m.place
        host_extra = int(extra * 0.3)
        o_count[host] += host_extra
        extra -= host_extra
        cands = list(p.municipalities)
        weights = [3.0 if c in g31 else (0.5 if reg_of[c] != m.region else 1.0) for c in cands]
        for c in rng.choices(cands, weights=weights, k=extra):
            o_count[c] += 1
        slots = [Slot(W, c) for c in w_codes]
        for c in p.municipalities:
            slots += [Slot(O, c)] * o_count[c]
        for cat, n in zip(F.CATEGORIES[2:], m.categories[2:]):
            slots += [Slot(cat) for _ in range(n)]
        p.slots = [Slot(s.category, s.code) for s in slots]

    _check_plan(plans, prov_of, reg_of)
    for p in with_list:
        missing = set(must.get(meeting_key(p.meeting), ())) - {s.code for s in p.slots}
        assert not missing, (p.meeting.place, missing)
    return plans


def _check_plan(plans: list[MeetingPlan], prov_of: dict, reg_of: dict) -> None:
    totals = [0] * 8
    distinct: dict[str, None] = {}
    pairs = 0
    for p in plans:
        m = p.meeting
        if m.categories is None:
            assert not p.slots
            continue
        counts = tuple(sum(1 for s in p.slots if s.category == c) for c in F.CATEGORIES)
        assert counts == m.categories, (m.place, counts, m.categories)
        codes = sorted({s.code for s in p.slots if s.category in MUNICIPAL})
        assert len(codes) == m.municipalities, (m.place, len(codes))
        assert all(s.code is None for s in p.slots if s.category not in MUNICIPAL)
        if m.place in F.OWN_PROVINCE_ONLY:
            assert all(prov_of[c] == F.OWN_PROVINCE_ONLY[m.place] for c in codes), m.place
        pairs += len(codes)
        for c in codes:
            distinct[c] = None
        totals = [a + b for a, b in zip(totals, counts)]
    assert totals == [81, 314, 144, 40, 32, 45, 375, 199], totals
    assert sum(m.headcount for m in F.MEETINGS) == 1413
    assert pairs == 231, pairs
    assert len(distinct) == F.DISTINCT_MUNICIPALITIES_ATTENDING, len(distinct)
    reach = {r: 0 for r in F.REGIONS}
    for c in distinct:
        reach[reg_of[c]] += 1
    assert reach == REACH, reach
    for r, n in F.REGION_REACH.items():
        assert reach[r] == n


# ======================================================================================
# 2. render people
# ======================================================================================
@dataclass
class Person:
    first: str
    tussen: str
    surname: str
    organisation: str
    function: str
    place: str              # municipality text (what this person usually writes)
    category: str
    code: str | None = None
    email: str = ""
    uid: int = 0                    # who this is: the truth file's person number
    org_variants: tuple = ()        # other ways this person writes the organisation
    appearances: int = 0            # rows written so far

    def full(self) -> str:
        return " ".join(x for x in (self.first, self.tussen, self.surname) if x)

    def initialled(self) -> str:
        """'B. de Bruijn': a weak form that a resolver must not merge on."""
        return " ".join(x for x in (f"{self.first[0]}.", self.tussen, self.surname) if x)

    def last_first(self) -> str:
        return f"{self.surname}, {self.first}" + (f" {self.tussen}" if self.tussen else "")


@dataclass
class Row:
    """One written line of a list, with what the generator intends it to be."""
    values: dict                 # canonical field -> text (None = empty cell)
    intent: str                  # count | empty | blank | cancelled | duplicate
    category: str | None = None
    code: str | None = None
    person: Person | None = None  # who wrote it (count and duplicate rows)


class People:
    """Person factory with globally unique (normalised) names."""

    def __init__(self, rng: Random):
        self.rng = rng
        self.taken: dict[str, None] = {}
        self._name_org: dict[tuple[str, str], None] = {}   # (name, organisation) of everyone made
        self.made: list[Person] = []
        # positions in `made` by normalised place, by category and by both: a homonym's candidates
        # are found by counting, not by scanning everyone made so far (quadratic at scale 1000)
        self._at_place: dict[str, list[int]] = {}
        self._at_category: dict[str, list[int]] = {}
        self._at_both: dict[tuple[str, str], list[int]] = {}

    def name(self) -> tuple[str, str, str]:
        rng = self.rng
        for attempt in range(1000):
            first = rng.choice(D.FIRST_NAMES)
            tussen, sur = rng.choice(D.SURNAMES)
            if attempt > 3 or rng.random() < 0.05:   # double surname (married names)
                t2, s2 = rng.choice(D.SURNAMES)
                second = " ".join(x for x in (t2, s2) if x)
                if second != " ".join(x for x in (tussen, sur) if x):
                    sur = f"{sur}-{second}"
            key = norm(" ".join(x for x in (first, tussen, sur) if x))
            if key not in self.taken:
                self.taken[key] = None
                return first, tussen, sur
        raise RuntimeError("name space exhausted")

    def new(self, organisation: str, function: str, place: str, category: str,
            code: str | None = None) -> Person:
        first, tussen, sur = self.name()
        return self._make(first, tussen, sur, organisation, function, place, category, code)

    def homonym(self, organisation: str, function: str, place: str, category: str) -> Person | None:
        """A new person who bears the name of an earlier one from another place (real lists hold
        namesakes: a resolver that merges on the name alone would merge them)."""
        others = _Others(len(self.made), self._at_place.get(norm(place), []), self._at_category.get(category, []),
                         self._at_both.get((norm(place), category), []))
        if not others:
            return None
        x = self.made[self.rng.choice(others)]
        name = norm(" ".join(v for v in (x.first, x.tussen, x.surname) if v))
        if (name, norm(organisation)) in self._name_org:
            # a second namesake at the same organisation would be one person on a list (at x1000
            # two homonyms of one name landed at one school and on one list); the person drawn
            # stays who they were, and no further random draw is made
            return None
        return self._make(x.first, x.tussen, x.surname, organisation, function, place, category, None)

    def _make(self, first: str, tussen: str, sur: str, organisation: str, function: str, place: str,
              category: str, code: str | None) -> Person:
        p = Person(first, tussen, sur, organisation, function, place, category, code, uid=len(self.made) + 1)
        at, where = len(self.made), norm(place)
        self._at_place.setdefault(where, []).append(at)
        self._at_category.setdefault(category, []).append(at)
        self._at_both.setdefault((where, category), []).append(at)
        self.made.append(p)
        self._name_org[(norm(" ".join(v for v in (first, tussen, sur) if v)), norm(organisation))] = None
        if self.rng.random() < 0.85:
            local = f"{norm(first)[0]}.{slug(tussen + sur).replace('-', '')}"
            domain = email_domain(organisation)
            p.email = f"{local}@{domain}.example.nl"
        return p


class _Others:
    """The positions 0..n-1 of the persons made so far whose place and category both differ from
    a new person's, as a sequence (what `Random.choice` draws from: its length, then one item), in
    the order of `made`: the positions excluded by place or category are counted with bisection."""

    def __init__(self, n: int, same_place: list[int], same_category: list[int], same_both: list[int]):
        self.n, self.lists = n, (same_place, same_category, same_both)

    def _excluded_upto(self, x: int) -> int:
        a, b, both = (bisect.bisect_right(lst, x) for lst in self.lists)
        return a + b - both

    def __len__(self) -> int:
        return self.n - self._excluded_upto(self.n - 1) if self.n else 0

    def __getitem__(self, k: int) -> int:
        """The position of the k-th candidate: the smallest x with k + 1 candidates in 0..x."""
        if not 0 <= k < len(self):
            raise IndexError(k)
        lo, hi = 0, self.n - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if mid + 1 - self._excluded_upto(mid) >= k + 1:
                hi = mid
            else:
                lo = mid + 1
        return lo


def email_domain(organisation: str) -> str:
    """An organisation-like fake domain: 'Gemeente Venlo, afdeling X' -> gemeente-venlo.example.nl."""
    words = [w for w in slug(organisation.split(",")[0].replace("/", " ")).split("-")
             if w and w not in ("stichting", "b", "v", "bv", "van", "de", "der", "den", "voor", "en")]
    return "-".join(words[:3]) or "mail"


class Renderer:
    def __init__(self, rng: Random, wave: int):
        self.rng = rng
        self.wave = wave
        munis = load_municipalities()
        self.name_of = {r["gemeentecode"]: r["gemeentenaam"] for r in munis}
        self.prov_of = {r["gemeentecode"]: r["provincie"] for r in munis}
        self.aliases: dict[str, list[str]] = {}
        for alias, code in load_aliases():
            if alias != "The Hague":
                self.aliases.setdefault(code, []).append(alias)

    # --- municipality spelling as people type it
    def muni_text(self, code: str) -> str:
        rng = self.rng
        name = self.name_of[code]
        if code in self.aliases and rng.random() < 0.6:
            return rng.choice(self.aliases[code])
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        if ascii_name != name and rng.random() < 0.5:
            return ascii_name
        r = rng.random()
        if r < 0.08:
            return name.lower()
        if r < 0.12:
            return name.upper()
        return name

    def org_name_for(self, code: str, text: str) -> str:
        """How a municipal employee writes the organisation."""
        name = text.strip() if self.rng.random() < 0.6 else self.name_of[code]
        pattern = self.rng.choice(("Gemeente {n}", "Gemeente {n}", "Gemeente {n}", "gemeente {n}",
                                   "Gem. {n}", "gem. {n}", "Gemeente {n}, afdeling Samenleving",
                                   "GEMEENTE {n}"))
        return pattern.format(n=name)


def _noisy(rng: Random, text: str | None) -> str | None:
    """Trailing spaces / mixed case as typed."""
    if not text:
        return text
    r = rng.random()
    if r < 0.06:
        return text + " "
    if r < 0.08:
        return "  " + text
    if r < 0.10:
        return text + "  "
    return text


class Pools:
    """Recurring people for one wave."""

    def __init__(self, rng: Random, people: People, rend: Renderer):
        self.rng, self.people, self.rend = rng, people, rend
        self.projectleider = people.new(D.MINISTRIES["WWI"][0], "projectleider GIA", "Den Haag", RIJK)
        self.forum_coord = people.new("FORUM", D.FORUM_COORDINATOR_FUNCTION, "Utrecht", FORUM)
        self.rijk: dict[str, list[Person]] = {}
        self.forum: list[Person] = []
        self.cmo: dict[str, list[Person]] = {}
        self.prov: dict[str, list[Person]] = {}
        self.wethouders: dict[str, list[Person]] = {}
        self.officials: dict[str, list[Person]] = {}
        self.local: dict[tuple[str, str], list[Person]] = {}

    @staticmethod
    def _with_variants(person: Person, variants) -> Person:
        person.org_variants = tuple(v for v in variants if v != person.organisation)
        return person

    def _pick(self, pool: list[Person], used: dict, make, p_reuse: float) -> Person:
        free = [x for x in pool if id(x) not in used]
        if free and self.rng.random() < p_reuse:
            person = self.rng.choice(free)
        else:
            person = make()
            pool.append(person)
        used[id(person)] = None
        return person

    # --- categories
    def rijk_people(self, n: int, theme: str, used: dict) -> list[Person]:
        out = [self.projectleider] if n else []
        used[id(self.projectleider)] = None
        for i in range(n - 1):
            ministry = D.THEME_MINISTRY.get(theme, "WWI") if i % 2 == 0 else "WWI"
            pool = self.rijk.setdefault(ministry, [])
            out.append(self._pick(pool, used, lambda m=ministry: self.people.new(
                self.rng.choice(D.MINISTRIES[m]), self.rng.choice(D.RIJK_FUNCTIONS[m]), "Den Haag", RIJK),
                0.6 if len(pool) < 4 else 1.0))
        return out

    def forum_people(self, n: int, used: dict) -> list[Person]:
        out = [self.forum_coord] if n else []
        used[id(self.forum_coord)] = None
        for _ in range(n - 1):
            out.append(self._pick(self.forum, used, lambda: self.people.new(
                self.rng.choice(D.FORUM_ORGS), self.rng.choice(D.FORUM_FUNCTIONS), "Utrecht", FORUM),
                0.6 if len(self.forum) < 8 else 1.0))
        return out

    def cmo_people(self, n: int, region: str, organisers: tuple[str, ...], used: dict) -> list[Person]:
        region_cmos = D.REGION_INFO[region]["cmos"]
        out = []
        for k in range(n):
            # the organisers' core staff (first of each pool) first, then a mix of the region's CMOs
            core = k < len(organisers)
            if core:
                cmo = organisers[k]
            elif self.rng.random() < 0.6:
                cmo = self.rng.choice(organisers)
            else:
                cmo = self.rng.choice(region_cmos)
            spellings, seat = D.CMOS[cmo]
            pool = self.cmo.setdefault(cmo, [])
            make = lambda s=spellings, st=seat: self._with_variants(self.people.new(
                self.rng.choice(s), self.rng.choice(D.CMO_FUNCTIONS), st, CMO), s)
            if core and pool and id(pool[0]) not in used:
                person = pool[0]
                used[id(person)] = None
            else:
                person = self._pick(pool, used, make, 0.0 if core else 0.55)
            out.append(person)
        return out

    def prov_people(self, n: int, region: str, host_prov: str, used: dict) -> list[Person]:
        info = D.REGION_INFO[region]
        provs = [host_prov] + [p for p in sorted(info["provinces"]) if p != host_prov]
        if "places_by_province" in info:
            provs = [host_prov]
        out = []
        for k in range(n):
            prov = host_prov if k < 2 or self.rng.random() < 0.5 else self.rng.choice(provs)
            pool = self.prov.setdefault(prov, [])
            out.append(self._pick(pool, used, lambda pr=prov: self.people.new(
                self.rng.choice(info["provinces"][pr]), self.rng.choice(D.PROVINCIE_FUNCTIONS),
                info["seats"][pr], PROV), 0.5))
        return out

    def local_people(self, n: int, category: str, region: str, host_prov: str, used: dict) -> list[Person]:
        info = local_info(region, host_prov)
        pool = self.local.setdefault((category, region, info["key"]), [])
        out = []
        for _ in range(n):
            out.append(self._pick(pool, used, lambda: self._new_local(category, info), 0.15))
        return out

    def _new_local(self, category: str, info: dict) -> Person:
        person = new_local_person(self.rng, self.people, category, info)
        if self.rng.random() < 0.03:   # a namesake of someone from elsewhere instead
            person = self.people.homonym(person.organisation, person.function, person.place, category) or person
        return person

    def wethouder(self, code: str, used: dict) -> Person:
        pool = self.wethouders.setdefault(code, [])
        return self._pick(pool, used, lambda: self._new_municipal(code, W, ""),
                          0.7 if len(pool) < 3 else 1.0)

    def official(self, code: str, theme: str, used: dict) -> Person:
        pool = self.officials.setdefault(code, [])
        return self._pick(pool, used, lambda: self._new_municipal(code, O, theme, first=not pool), 0.45)

    def _new_municipal(self, code: str, category: str, theme: str, first: bool = False) -> Person:
        rng, rend = self.rng, self.rend
        text = rend.muni_text(code)
        if category == W:
            name = text.strip() if rng.random() < 0.6 else rend.name_of[code]
            org = rng.choice(("Gemeente {n}", "Gemeente {n}", "gemeente {n}", "Gem. {n}", "{n}")).format(n=name)
            fun = rng.choice(D.WETHOUDER_FUNCTIONS)
        else:
            r = rng.random()
            if r < 0.09:
                fun = rng.choice(D.RAAD_FUNCTIONS)
                name = text.strip()
                org = rng.choice((f"Gemeenteraad {name}", f"{rng.choice(D.PARTIES)}-fractie {name}",
                                  f"Gemeente {name}"))
            elif r < 0.12:
                fun = rng.choice(D.ASSISTANT_FUNCTIONS)
                org = rend.org_name_for(code, text)
            else:
                if first:
                    fun = rng.choice(D.COORDINATOR_FUNCTIONS)
                else:
                    fun = rng.choice(D.OFFICIAL_FUNCTIONS.get(theme, ()) + D.OFFICIAL_FUNCTIONS[""])
                org = rend.org_name_for(code, text)
        person = self.people.new(org, fun, text, category, code)
        if re.match(r"(?i)gem(eente|\.) ", org):     # writes the municipality's name differently at times
            name = rend.name_of[code]
            return Pools._with_variants(person, (f"Gemeente {name}", f"gem. {name}", f"GEMEENTE {name}"))
        return person


def local_info(region: str, host_prov: str) -> dict:
    """Places, provinces, ROCs and hogescholen local organisations are drawn from: the region's,
    or for Noord (whose meetings drew only from their own province) the host province's."""
    info = D.REGION_INFO[region]
    if "places_by_province" not in info:
        return {**info, "key": region}
    return {"key": host_prov, "places": info["places_by_province"][host_prov],
            "provinces": {host_prov: info["provinces"][host_prov]},
            "roc": info["roc_by_province"][host_prov], "hbo": info["hbo_by_province"][host_prov]}


def new_local_person(rng: Random, people: People, category: str, info: dict) -> Person:
    """A person of a local welfare organisation, a school or a firm of the region."""
    place = rng.choice(info["places"])
    prov = rng.choice(sorted(info["provinces"]))
    firm = rng.choice(D.FIRM_WORDS)
    if category == WELZ:
        org = rng.choice(D.WELZIJN_PATTERNS).format(p=place, prov=prov)
        fun = rng.choice(D.WELZIJN_FUNCTIONS)
    elif rng.random() < 0.55:
        org = rng.choice(D.EDU_PATTERNS).format(p=place, roc=rng.choice(info["roc"]),
                                                hbo=rng.choice(info["hbo"]), firm=firm)
        fun = rng.choice(D.EDU_FUNCTIONS)
    else:
        org = rng.choice(D.COM_PATTERNS).format(p=place, firm=firm)
        fun = rng.choice(D.COM_FUNCTIONS)
    return people.new(org, fun, place, category)


# --- one list ---------------------------------------------------------------------------
def organisers_of(m: F.Meeting) -> tuple[str, ...]:
    return ORGANISERS_BY_PLACE.get(m.place) or ORGANISERS[m.region]


def render_wave(rng: Random, plans: list[MeetingPlan], people: People, wave: int,
                noise: dict[int, dict]) -> dict[int, list[Row]]:
    rend = Renderer(rng, wave)
    pools = Pools(rng, people, rend)
    out: dict[int, list[Row]] = {}
    for p in sorted((p for p in plans if p.slots), key=lambda p: p.meeting.date):
        m = p.meeting
        used: dict = {}
        persons: list[tuple[Person, str, str | None]] = []   # person, category, code
        host_prov = rend.prov_of[resolver_cache()[norm(HOSTS[m.place])]]
        counts = dict(zip(F.CATEGORIES, m.categories))
        for s in p.slots:
            if s.category == W:
                persons.append((pools.wethouder(s.code, used), W, s.code))
            elif s.category == O:
                persons.append((pools.official(s.code, m.theme, used), O, s.code))
        for x in pools.rijk_people(counts[RIJK], m.theme, used):
            persons.append((x, RIJK, None))
        for x in pools.forum_people(counts[FORUM], used):
            persons.append((x, FORUM, None))
        for x in pools.cmo_people(counts[CMO], m.region, organisers_of(m), used):
            persons.append((x, CMO, None))
        for x in pools.prov_people(counts[PROV], m.region, host_prov, used):
            persons.append((x, PROV, None))
        for cat in (WELZ, EDU):
            for x in pools.local_people(counts[cat], cat, m.region, host_prov, used):
                persons.append((x, cat, None))
        out[p.index] = _rows_for(rng, people, rend, p, persons, noise.get(p.index, {}))
    return out


def _rows_for(rng: Random, people: People, rend: Renderer, p: MeetingPlan,
              persons: list[tuple[Person, str, str | None]], noise: dict) -> list[Row]:
    tpl = REGION_TEMPLATE[p.meeting.region]
    last_first = tpl == "T2"
    has_signature = tpl == "T2"

    def values(person: Person, code: str | None) -> dict:
        name = person.last_first() if last_first else person.full()
        organisation = person.organisation
        if person.appearances:    # a recurring person, written differently on another list
            if not last_first and rng.random() < 0.02:
                name = person.initialled()
            if person.org_variants and rng.random() < 0.3:
                organisation = rng.choice(person.org_variants)
        person.appearances += 1
        r = rng.random()
        if r < 0.03:
            name = name.upper()
        elif r < 0.05:
            name = name.lower()
        muni = person.place
        if code is not None and rng.random() < 0.15:
            muni = rend.muni_text(code)          # typed differently this time
        email = person.email if rng.random() < 0.9 else ""
        v = {"person_name": _noisy(rng, name), "organisation": _noisy(rng, organisation),
             "function": _noisy(rng, person.function), "municipality_text": _noisy(rng, muni),
             "email": email}
        if has_signature:
            v["signature"] = "x" if rng.random() < 0.85 else ""
        return v

    rows = [Row(values(x, code), "count", cat, code, x) for x, cat, code in persons]
    if last_first:   # pre-printed from registrations: alphabetical
        order = sorted(range(len(rows)), key=lambda i: (norm(persons[i][0].surname),
                                                         norm(persons[i][0].first)))
    else:            # signed in order of arrival
        order = list(range(len(rows)))
        rng.shuffle(order)
    rows = [rows[i] for i in order]

    # cancelled rows (people who registered but cancelled)
    for _ in range(noise.get("cancelled", 0)):
        cat = rng.choice((W, O, WELZ, EDU))
        region = p.meeting.region
        if cat in MUNICIPAL:
            code = rng.choice(sorted({s.code for s in p.slots if s.code}))
            person = _cancel_person(rng, people, rend, code, cat)
        else:
            host_prov = rend.prov_of[resolver_cache()[norm(HOSTS[p.meeting.place])]]
            person = new_local_person(rng, people, cat, local_info(region, host_prov))
        v = values(person, None)
        marker = rng.choice(("afgemeld", "AFGEMELD", "afgemeld per mail", "(afgemeld)"))
        if has_signature and rng.random() < 0.6:
            v["signature"] = marker
        elif rng.random() < 0.5:
            v["function"] = marker
        else:
            v["person_name"] = f"{v['person_name'].strip()} ({marker.strip('()')})"
        rows.insert(rng.randrange(len(rows) + 1), Row(v, "cancelled"))

    # the same person written twice
    for _ in range(noise.get("duplicate", 0)):
        candidates = [i for i, r in enumerate(rows) if r.intent == "count"]
        i = rng.choice(candidates)
        v = dict(rows[i].values)
        v["person_name"] = rng.choice((v["person_name"].strip(), v["person_name"].strip() + " ",
                                       v["person_name"].strip().upper()))
        v["organisation"] = rng.choice((v["organisation"].strip(), v["organisation"].strip() + " "))
        rows.insert(rng.randrange(i + 1, len(rows) + 1), Row(v, "duplicate", person=rows[i].person))

    # empty lines: numbered but blank, or entirely blank
    for _ in range(noise.get("empty", 0)):
        rows.insert(rng.randrange(1, len(rows)), Row({}, "empty"))
    for _ in range(noise.get("blank", 0)):
        rows.insert(rng.randrange(1, len(rows)), Row({}, "blank"))
    return rows


def _cancel_person(rng: Random, people: People, rend: Renderer, code: str, cat: str) -> Person:
    text = rend.muni_text(code)
    if cat == W:
        return people.new(rend.org_name_for(code, text), rng.choice(D.WETHOUDER_FUNCTIONS), text, W, code)
    return people.new(rend.org_name_for(code, text), rng.choice(D.OFFICIAL_FUNCTIONS[""]), text, O, code)


_RESOLVER: dict[str, str] = {}


def resolver_cache() -> dict[str, str]:
    if not _RESOLVER:
        _RESOLVER.update(resolver())
    return _RESOLVER


# ======================================================================================
# 3. files
# ======================================================================================
def list_file_name(m: F.Meeting) -> str:
    d = dt.date.fromisoformat(m.date)
    s = slug(m.place).replace("-", "_")
    tpl = REGION_TEMPLATE[m.region]
    if tpl == "T1":
        return f"deelnemerslijst_{s}_{d:%d-%m-%Y}.csv"
    if tpl == "T2":
        if m.region == "Limburg":
            return f"Presentielijst {m.place} {d:%d-%m-%y}.xlsx"
        return f"presentielijst_{s}_{d:%Y%m%d}.xlsx"
    if tpl == "T3":
        return f"aanwezigen_{s}_{d:%Y%m%d}.csv"
    return f"GIA_{m.place.replace(' ', '')}_{d:%d%m%Y}_deelnemers.xlsx"


def title_rows(m: F.Meeting) -> list[list[str]]:
    d = dt.date.fromisoformat(m.date)
    tpl = REGION_TEMPLATE[m.region]
    if tpl == "T2" and m.region == "Limburg":
        return [[f"Presentielijst GIA-regiobijeenkomst {m.place}, {d:%d-%m-%y}"], []]
    if tpl == "T2":
        return [[f"Presentielijst regiobijeenkomst Gemeenschappelijke Integratie Agenda \u2013 {m.theme}"],
                [f"{m.place}, {d.day} {MONTHS[d.month - 1]} {d.year}"], []]
    if tpl == "T4" and m.region == "Noord-Holland":
        return [[f"Deelnemerslijst GIA bijeenkomst {m.theme} {m.place} {d:%d-%m-%Y}"], []]
    return []


def table_rows(m: F.Meeting, rows: list[Row]) -> list[list]:
    cols = TEMPLATES[REGION_TEMPLATE[m.region]]["columns"]
    out = [[h for _, h in cols]]
    n = 0
    for r in rows:
        if r.intent == "blank":
            out.append([None] * len(cols))
            continue
        n += 1
        line = []
        for f, _ in cols:
            if f == "line_no":
                line.append(n)
            else:
                v = r.values.get(f)
                line.append(v if v else None)
        out.append(line)
    return out


def truth_rows(file_name: str, rows: list[Row]) -> list[list]:
    """(file, line_no, person number) of every row written by a person (counted or duplicate),
    numbered as table_rows numbers the lines."""
    out, n = [], 0
    for r in rows:
        if r.intent == "blank":
            continue
        n += 1
        if r.person is not None and r.intent in ("count", "duplicate"):
            out.append([file_name, n, r.person.uid])
    return out


def write_csv(path: Path, lines: list[list], encoding: str) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in lines:
        w.writerow(["" if v is None else v for v in line])
    path.write_bytes(buf.getvalue().encode(encoding))


def write_xlsx(path: Path, lines: list[list], creator: str) -> None:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Presentielijst")
    for line in lines:
        ws.append(line)
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()     # not save_workbook(): that stamps `modified` = now
    path.write_bytes(_normalise_zip(raw.getvalue()))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite every entry with a fixed timestamp, fixed attributes and compression."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            dst.writestr(zi, src.read(info.filename), compresslevel=6)
    return out.getvalue()


def register_lines(scale: int) -> list[list]:
    header = ["Bijeenkomst", "Datum", "Plaats", "Thema", "Regio", "Organisatie", "Aantal aanwezigen",
              "Status presentielijst", "Bestand presentielijst", "Opmerking"]
    lines = [header]
    for i, m in enumerate(F.MEETINGS, start=1):
        d = dt.date.fromisoformat(m.date)
        remark = {"incomplete": "presentielijst onvolledig", "none": "geen presentielijst ontvangen"}.get(
            m.list_status, "")
        extra = REMARKS.get(meeting_key(m))
        if extra:
            remark = f"{remark}; {extra}" if remark else extra
        lines.append([f"RB{i:02d}", f"{d:%d-%m-%Y}", m.place, m.theme, m.region,
                      " / ".join(organisers_of(m)), str(m.headcount * scale), STATUS[m.list_status],
                      list_file_name(m) if m.categories is not None else "", remark])
    return lines


# ======================================================================================
# 4. self-check on what is written
# ======================================================================================
def _check_rendered(plans: list[MeetingPlan], rows_by_meeting: dict[int, list[Row]], scale: int) -> None:
    rules, fallback = load_category_rules()
    res = resolver_cache()
    by_index = {p.index: p for p in plans}
    for idx, rows in rows_by_meeting.items():
        m = by_index[idx].meeting
        seen: dict[tuple[str, str], None] = {}
        counts = {c: 0 for c in F.CATEGORIES}
        codes: dict[str, None] = {}
        for r in rows:
            v = r.values
            content = [v.get(f) for f in ("person_name", "organisation", "function",
                                          "municipality_text", "email")]
            if not any(x and x.strip() for x in content):
                assert r.intent in ("empty", "blank"), (m.place, r)
                continue
            if any(v.get(f) and CANCEL_RE.search(v[f]) for f in ("person_name", "function", "signature")):
                assert r.intent == "cancelled", (m.place, v)
                continue
            key = (norm(v["person_name"]), org_key(v.get("organisation")))
            if key in seen:
                assert r.intent == "duplicate", (m.place, v)
                continue
            seen[key] = None
            assert r.intent == "count", (m.place, r.intent, v)
            cat = classify(rules, fallback, v.get("organisation"), v.get("function"))
            assert cat == r.category, (m.place, cat, r.category, v)
            counts[cat] += 1
            if cat in MUNICIPAL:
                code = res.get(norm(v.get("municipality_text")))
                assert code == r.code, (m.place, v, code, r.code)
                codes[code] = None
            for f in ("person_name", "organisation", "function", "municipality_text"):
                assert v.get(f) and not CANCEL_RE.search(v[f]), (m.place, v)
        assert tuple(counts[c] for c in F.CATEGORIES) == tuple(scale * n for n in m.categories), m.place
        assert len(codes) == m.municipalities, (m.place, len(codes))


# ======================================================================================
# entry point
# ======================================================================================
def _noise_plan(rng: Random, plans: list[MeetingPlan]) -> dict[int, dict]:
    idx = [p.index for p in plans if p.slots]
    noise: dict[int, dict] = {i: {} for i in idx}
    for kind, n_lists, lo, hi in (("empty", 7, 1, 2), ("blank", 4, 1, 1), ("cancelled", 8, 1, 2),
                                  ("duplicate", 6, 1, 1)):
        for i in sorted(rng.sample(idx, n_lists)):
            noise[i][kind] = rng.randint(lo, hi)
    return noise


def generate(out_dir: Path, seed: int = 2010, scale: int = 1) -> list[Path]:
    """Write the meeting register and the attendance lists under out_dir (the raw root).

    Writes out_dir/meetings/regiobijeenkomsten.csv and out_dir/attendance/<list files>, removes
    other *.csv / *.xlsx files from those two folders (stale lists would be files the register
    does not name) and returns the written paths. Fails (AssertionError) if the generated data
    does not reproduce the report under the data contract.
    """
    if scale < 1:
        raise ValueError("scale must be >= 1")
    out_dir = Path(out_dir)
    rng = Random(seed)
    # the survey's wave 1 reports visits; its municipalities are put on those lists (waves > 1 are
    # synthetic replicas with other respondents and share wave 1's plan)
    visits = tuple((code, day, place) for wave, code, day, place in survey.survey_visits(seed) if wave == 1)
    plans = plan_meetings(rng, visits)
    people = People(rng)
    rows_by_meeting: dict[int, list[Row]] = {p.index: [] for p in plans if p.slots}
    for wave in range(scale):
        noise = _noise_plan(rng, plans)
        for idx, rows in render_wave(rng, plans, people, wave, noise).items():
            rows_by_meeting[idx].extend(rows)
    _check_rendered(plans, rows_by_meeting, scale)

    meetings_dir = out_dir / "meetings"
    lists_dir = out_dir / "attendance"
    meetings_dir.mkdir(parents=True, exist_ok=True)
    lists_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    reg = meetings_dir / REGISTER_NAME
    write_csv(reg, register_lines(scale), "utf-8")
    written.append(reg)

    truth = [["list_file", "line_no", "person"]]
    for p in plans:
        m = p.meeting
        if m.categories is None:
            continue
        tpl = TEMPLATES[REGION_TEMPLATE[m.region]]
        path = lists_dir / list_file_name(m)
        lines = title_rows(m) + table_rows(m, rows_by_meeting[p.index])
        truth += truth_rows(path.name, rows_by_meeting[p.index])
        if tpl["kind"] == "csv":
            write_csv(path, lines, tpl["encoding"])
        else:
            write_xlsx(path, lines, creator=" / ".join(organisers_of(m)))
        written.append(path)

    truth_path = truth_file(out_dir)
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    with open(truth_path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(truth)
    written.append(truth_path)

    # stale outputs of earlier runs would be "list files not in the register"
    keep = {q.resolve() for q in written}
    for d in (meetings_dir, lists_dir):
        for q in sorted(d.iterdir()):
            if q.suffix in (".csv", ".xlsx") and q.resolve() not in keep:
                q.unlink()
    return written
