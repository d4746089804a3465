"""Generator of the web-survey export (`data/raw/survey/gia_webenquete_export.csv`).

The rows are built by exact assignment: every count of the report (sections 1.3, 3.1, 3.2.2,
4.1, 4.2, 5.2) is a quota in `survey_spec`, and quotas are handed to municipalities with
`random.Random` shuffles and rankings, never by sampling and hoping. Around the 141 valid
responses the export carries the noise a real export has: incomplete and test submissions, a
municipality that submitted twice, colleague responses, out-of-scale answers (only on excluded
rows) and municipality names typed the way people type them. The cleaning rules that undo the
noise are the contract (`gia_pipeline/defs/raw/survey/contract.yaml`, `docs/data-contract.md (part A)`).

Same seed => byte-identical files. `scale=k` writes k independent waves (column `Golf`), each a
complete replica with the report's distributions.
"""

import csv
import io
import math
import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from gia_rawgen import report_facts as rf
from gia_rawgen import survey_spec as sp
from gia_rawgen import survey_texts as tx
from gia_rawgen.survey_names import (TYPO_MARGIN, Municipality, Resolver, letters, load_aliases,
                                     load_municipalities, strip_diacritics, typo_variants)

EXPORT_NAME = "gia_webenquete_export.csv"
LAUNCH = date(2009, 10, 12)          # invitation mailed (Monday)
REMINDERS = (date(2009, 10, 26), date(2009, 11, 16))
CLOSE = date(2009, 12, 11)
TEST_DAYS = (date(2009, 10, 8), date(2009, 10, 9))   # the bureau tests the form before launch
ID_BLOCK = 1000                      # respondent ids of wave w: w*1000 + 1 ...
FIXED_ZIP_TIME = (2010, 1, 15, 12, 0, 0)

# Municipalities whose typed names exercise the alias file / diacritics / a comma in the name;
# always among the respondents (G27 ones among the 17 G27).
SHOWCASE_G27 = ("0164", "0796")                                  # Hengelo, 's-Hertogenbosch
SHOWCASE_OVERIG = ("0373", "0502", "0653", "0710", "0784", "0820", "1891")

PAGES = {   # questionnaire pages: an incomplete submission has answers up to some page
    1: ("municipality_text", "respondent_role", "function", "function_other",
        "partner_municipalities_text"),
    2: ("policy_form", "policy_since"),
    3: ("read_handreiking",) + sp.HR_FIELDS + ("hr_discussed", "hr_new_insights", "hr_grade",
                                               "hr_remarks"),
    4: ("attended_meeting",) + tuple(f for f in sp.FIELDS if f.startswith("visit"))
       + ("mt_discussed", "mt_new_insights", "mt_grade", "mt_remarks"),
    5: ("dialogue_rijk", "dialogue_college", "follow_up", "follow_up_other", "policy_plan_year",
        "remarks"),
}


def region_of(province: str) -> str:
    for region, (provinces, _) in rf.REGIONS.items():
        if province in provinces:
            return region
    raise KeyError(province)


def meetings_for(province: str | None) -> list[rf.Meeting]:
    """The meetings a municipality of `province` could plausibly have visited (its own region;
    Drachten/Groningen/Meppel only from their own province, report 3.2.1)."""
    if province is None:
        return list(rf.MEETINGS)
    region = region_of(province)
    return [m for m in rf.MEETINGS if m.region == region
            and rf.OWN_PROVINCE_ONLY.get(m.place, province) == province]


meeting_label = sp.meeting_label


@dataclass(eq=False)
class Row:
    kind: str                              # valid | colleague | superseded | test | incomplete
    muni: Municipality | None
    ans: dict = field(default_factory=lambda: {f: "" for f in sp.FIELDS})
    start: datetime | None = None
    end: datetime | None = None
    policy: int = -1
    read: bool = False
    attend: bool = False
    attitude: float = 0.0                  # latent opinion of the handreiking (readers)
    mt_attitude: float = 0.0               # latent opinion of the meetings (attendees)
    visits: list = field(default_factory=list)         # [Meeting]
    visit_scores: list = field(default_factory=list)
    text_kind: str = "exact"
    # links of excluded rows to the valid row they relate to, and their timing role
    coordinator: "Row | None" = None       # colleague -> the coordinator's valid row
    after: bool = False                    # colleague answered after the coordinator
    later: "Row | None" = None             # superseded -> the valid row that replaces it
    same_as: "Row | None" = None           # incomplete attempt of a valid respondent
    when: str = ""                         # incomplete: before | after | test | any
    test_day: date | None = None

    @property
    def group(self) -> str:
        return "G31" if self.muni and self.muni.group in ("G4", "G27") else "overig"

    @property
    def code(self) -> str:
        return self.muni.code if self.muni else ""


class _Visit:
    """One visit (attendee row, block index), ranked like a row by `_Wave.deal`."""

    def __init__(self, r: Row, i: int):
        self.r, self.i, self.code = r, i, f"{r.code}-{i}"


class _Wave:
    def __init__(self, seed: int, wave: int, munis: list[Municipality], resolver: Resolver,
                 aliases: dict[str, list[str]]):
        self.rng = random.Random(seed * 7919 + wave)
        self.wave = wave
        self.munis = munis
        self.by_code = {m.code: m for m in munis}
        self.resolver = resolver
        self.aliases = aliases
        self.valid: list[Row] = []
        self.rows: list[Row] = []
        self.partner_codes: set[str] = set()

    # -- helpers -------------------------------------------------------------------------------
    def shuffled(self, items):
        out = list(items)
        self.rng.shuffle(out)
        return out

    def ranked(self, rows, key, noise):
        """Rows in ascending order of key + noise (rows first put in a fixed shuffled order)."""
        rows = self.shuffled(sorted(rows, key=lambda r: r.code))
        scored = [(key(r) + self.rng.gauss(0, noise), i, r) for i, r in enumerate(rows)]
        return [r for _, _, r in sorted(scored, key=lambda t: (t[0], t[1]))]

    def deal(self, rows, labels, counts, key=None, noise=0.0):
        """Give labels[i] to counts[i] rows; rows ordered by `ranked` (lowest key first) or shuffled."""
        assert len(rows) == sum(counts), (len(rows), counts)
        order = self.ranked(rows, key, noise) if key else self.shuffled(rows)
        out, i = [], 0
        for label, n in zip(labels, counts):
            out += [(r, label) for r in order[i:i + n]]
            i += n
        return out

    def take(self, pool: list, n: int, score, noise: float = 0.7) -> list:
        """Remove and return the n rows of `pool` with the highest score + noise."""
        order = self.ranked(pool, lambda r: -score(r), noise)[:n]
        for r in order:
            pool.remove(r)
        return order

    # -- 1. who responds -----------------------------------------------------------------------
    def select_respondents(self) -> None:
        rng, munis = self.rng, self.munis
        g4 = [m for m in munis if m.group == "G4"]
        g27 = [m for m in munis if m.group == "G27"]
        forced = [self.by_code[c] for c in SHOWCASE_G27]
        picks = rng.sample(g4, sp.G4) + forced + rng.sample(
            [m for m in g27 if m not in forced], sp.G27 - len(forced))
        provinces = sorted({m.province for m in munis})
        size = {p: sum(m.province == p for m in munis) for p in provinces}
        exact = {p: size[p] * sp.RESPONDENTS / len(munis) for p in provinces}
        quota = {p: math.floor(exact[p]) for p in provinces}
        by_remainder = sorted(provinces, key=lambda p: (-(exact[p] - quota[p]), p))
        for p in by_remainder[:sp.RESPONDENTS - sum(quota.values())]:
            quota[p] += 1
        for p in provinces:
            need = quota[p] - sum(m.province == p for m in picks)
            assert need >= 0, p
            pool = [m for m in munis if m.province == p and m.group == "overig"]
            must = [m for m in pool if m.code in SHOWCASE_OVERIG]
            picks += must + rng.sample([m for m in pool if m not in must], need - len(must))
        assert len(picks) == sp.RESPONDENTS and len({m.code for m in picks}) == sp.RESPONDENTS
        self.valid = [Row("valid", m) for m in sorted(picks, key=lambda m: m.code)]

    # -- 2. the design cells ---------------------------------------------------------------------
    def assign_design(self) -> None:
        for _ in range(200):
            if self._try_design():
                return
        raise RuntimeError("no feasible assignment of meeting visits")

    def _try_design(self) -> bool:
        for r in self.valid:
            r.read = r.attend = False
            r.visits = []
        for group in ("G31", "overig"):
            rows = [r for r in self.valid if r.group == group]
            for r, pol in self.deal(rows, range(4), sp.POLICY_COUNTS[group]):
                r.policy = pol
        for (group, pol), (both, read_only, attend_only) in sp.CELLS.items():
            rows = self.shuffled([r for r in self.valid if r.group == group and r.policy == pol])
            for r in rows[:both]:
                r.read = r.attend = True
            for r in rows[both:both + read_only]:
                r.read = True
            for r in rows[both + read_only:both + read_only + attend_only]:
                r.attend = True
        attendees = [r for r in self.valid if r.attend]
        pool = list(attendees)
        plan = {}
        for n in sorted(sp.VISITS_PER_ATTENDEE, reverse=True):
            able = [r for r in pool if len(meetings_for(r.muni.province)) >= n]
            if not able:
                return False
            pick = self.ranked(able, lambda r: 0.0 if r.group == "G31" else 1.0, 0.4)[0]
            pool.remove(pick)
            plan[id(pick)] = n
        for r in attendees:
            avail = meetings_for(r.muni.province)
            chosen = []
            for _ in range(plan[id(r)]):
                m = self.rng.choices(avail, weights=[x.headcount for x in avail])[0]
                avail = [x for x in avail if x is not m]
                chosen.append(m)
            r.visits = sorted(chosen, key=lambda m: (m.date, m.place))
        return True

    # -- 3. answers of the valid respondents ---------------------------------------------------
    def answer_valid(self) -> None:
        V = self.valid
        for r in V:
            a = r.ans
            a["respondent_role"] = sp.ROLE_COORDINATOR
            a["policy_form"] = sp.POLICY_FORMS[r.policy]
            a["read_handreiking"] = sp.YES if r.read else sp.NO
            a["attended_meeting"] = sp.YES if r.attend else sp.NO
        # since when (integral policy only)
        for group in ("G31", "overig"):
            rows = [r for r in V if r.group == group and r.policy == sp.INTEGRAL]
            for r, lab in self.deal(rows, sp.POLICY_SINCE + (sp.DONT_KNOW,), sp.SINCE_COUNTS[group]):
                r.ans["policy_since"] = lab
        # functions: coordinators and integration officers mostly where there is integral policy
        g31_counts = sp.FUNCTION_COUNTS_G31
        other_counts = tuple(t - g for t, g in zip(sp.FUNCTION_COUNTS, g31_counts))
        for group, counts in (("G31", g31_counts), ("overig", other_counts)):
            rows = [r for r in V if r.group == group]
            for r, lab in self.deal(rows, sp.FUNCTIONS, counts,
                                    key=lambda r: {0: 0.0, 1: 1.0}.get(r.policy, 2.0), noise=1.2):
                r.ans["function"] = lab
        self._answer_readers([r for r in V if r.read])
        self._answer_attendees([r for r in V if r.attend])
        self._answer_follow_up([r for r in V if r.read or r.attend])
        self._answer_plan_year(V)

    def answering(self, rows: list[Row], fld: str) -> list[Row]:
        """The rows that answer `fld`: all but the sp.SKIPPED[fld] drawn to leave it empty."""
        rows = sorted(rows, key=lambda r: r.code)
        skip = self.rng.sample(rows, sp.SKIPPED.get(fld, 0))
        return [r for r in rows if r not in skip]

    def _answer_readers(self, R: list[Row]) -> None:
        assert len(R) == 48
        for r in sorted(R, key=lambda r: r.code):
            r.attitude = self.rng.gauss(0, 1) + (0.3 if r.group == "G31" else 0.0)
        for fld, stmt in zip(sp.HR_FIELDS, sp.HR_STATEMENTS):
            for r, lab in self.deal(self.answering(R, fld), sp.LIKERT, sp.HR_LIKERT_COUNTS[stmt],
                                    key=lambda r: r.attitude, noise=0.6):
                r.ans[fld] = lab
        pos = {lab: i for i, lab in enumerate(sp.LIKERT)}
        mean_pos = {id(r): sum(pos[r.ans[f]] for f in sp.HR_FIELDS if r.ans[f])
                    / sum(bool(r.ans[f]) for f in sp.HR_FIELDS) for r in R}
        grades = list(sp.HR_GRADES)
        for r, g in self.deal(self.answering(R, "hr_grade"), grades, [sp.HR_GRADES[g] for g in grades],
                              key=lambda r: mean_pos[id(r)], noise=0.35):
            r.ans["hr_grade"] = str(g)
        pool = list(R)
        for r in self.take(pool, sp.HR_DISCUSSED[sp.YES],
                           lambda r: (r.group == "G31") + 0.5 * (r.policy == sp.INTEGRAL)):
            r.ans["hr_discussed"] = sp.YES
        for r in self.take(pool, sp.HR_DISCUSSED[sp.DONT_KNOW], lambda r: r.group == "overig"):
            r.ans["hr_discussed"] = sp.DONT_KNOW
        for r in pool:
            r.ans["hr_discussed"] = sp.NO
        pool = self.answering(R, "hr_new_insights")
        for r in self.take(pool, sp.HR_INSIGHTS[sp.YES],
                           lambda r: r.attitude + 0.8 * (r.ans["policy_since"] == "2008-2009")):
            r.ans["hr_new_insights"] = sp.YES
        for r in pool:
            r.ans["hr_new_insights"] = sp.NO
        for fld, counts in sp.DIALOGUE_COUNTS.items():
            for r, lab in self.deal(self.answering(R, fld), sp.DIALOGUE, counts, key=lambda r: r.attitude,
                                    noise=0.9):
                r.ans[fld] = lab

    def _answer_attendees(self, A: list[Row]) -> None:
        assert len(A) == 24 and sum(len(r.visits) for r in A) == 33
        for r in sorted(A, key=lambda r: r.code):
            r.mt_attitude = self.rng.gauss(0, 1)
            # Drachten (Werk, with the state secretary) was the success of region Noord (3.2.3)
            r.visit_scores = [r.mt_attitude + (0.8 if m.place == "Drachten" else 0.0)
                              + self.rng.gauss(0, 0.5) for m in r.visits]
        V_ = [_Visit(r, i) for r in sorted(A, key=lambda r: r.code) for i in range(len(r.visits))]
        for fld, stmt in zip(sp.MT_FIELDS, sp.MT_STATEMENTS):
            # the Onderwijs meeting in Noord (Meppel) was hardly recognised as relevant (3.2.2)
            penalty = (lambda v: -1.0 if v.r.visits[v.i].place == "Meppel" else 0.0) \
                if fld == "local_fit" else (lambda v: 0.0)
            for v, lab in self.deal(V_, sp.LIKERT, sp.MT_LIKERT_COUNTS[stmt],
                                    key=lambda v: v.r.visit_scores[v.i] + penalty(v), noise=0.5):
                v.r.ans[f"visit{v.i + 1}_{fld}"] = lab
        for r in A:
            for i, m in enumerate(r.visits):
                r.ans[f"visit{i + 1}_meeting"] = meeting_label(m)
        pos = {lab: i for i, lab in enumerate(sp.LIKERT)}
        mean_pos = {id(r): sum(pos[r.ans[f"visit{i + 1}_{f}"]] for i in range(len(r.visits))
                               for f in sp.MT_FIELDS) / (4 * len(r.visits)) for r in A}
        grades = list(sp.MT_GRADES)
        for r, g in self.deal(self.answering(A, "mt_grade"), grades, [sp.MT_GRADES[g] for g in grades],
                              key=lambda r: mean_pos[id(r)], noise=0.3):
            r.ans["mt_grade"] = str(g)
        pool = list(A)
        for r in self.take(pool, sp.MT_DISCUSSED[sp.YES],
                           lambda r: (r.group == "G31") + 0.5 * (r.policy == sp.INTEGRAL)):
            r.ans["mt_discussed"] = sp.YES
        for r in self.take(pool, sp.MT_DISCUSSED[sp.DONT_KNOW], lambda r: 0.0):
            r.ans["mt_discussed"] = sp.DONT_KNOW
        for r in pool:
            r.ans["mt_discussed"] = sp.NO
        pool = list(A)

        def insight(r):
            places = {m.place for m in r.visits}
            noord_only = all(m.region == "Noord" for m in r.visits) and "Drachten" not in places
            return -5.0 if noord_only else r.mt_attitude + 2.0 * ("Drachten" in places)
        for r in self.take(pool, sp.MT_INSIGHTS[sp.YES], insight, noise=0.5):
            r.ans["mt_new_insights"] = sp.YES
        for r in pool:
            r.ans["mt_new_insights"] = sp.NO

    def _answer_follow_up(self, U: list[Row]) -> None:
        assert len(U) == 53
        since = lambda r: r.ans["policy_since"]   # noqa: E731
        integral = lambda r: r.policy == sp.INTEGRAL   # noqa: E731
        scores = {
            2: lambda r: 3.0 * (r.policy == 1),
            0: lambda r: 3.0 * (since(r) == "2008-2009") + 1.0 * integral(r) - 2.0 * (r.policy >= 2),
            1: lambda r: 2.0 * (integral(r) and since(r) in ("<2003", "2004-2007")) + 1.5 * (r.policy == 1),
            5: lambda r: 3.0 * (r.policy >= 2) + 1.0 * (since(r) == "<2003"),
            4: lambda r: 1.5 * (not integral(r)) + 1.0 * (since(r) == "2004-2007"),
            3: lambda r: 1.0 * (r.policy in (1, 3)) + 0.5 * integral(r),
        }
        pool = list(U)
        for opt, score in scores.items():
            for r in self.take(pool, sp.FOLLOW_UP_COUNTS[opt], score):
                r.ans["follow_up"] = sp.FOLLOW_UP[opt]
        assert len(pool) == sp.FOLLOW_UP_COUNTS[sp.FOLLOW_UP_OTHER]
        for r in pool:
            r.ans["follow_up"] = sp.FOLLOW_UP[sp.FOLLOW_UP_OTHER]

    def _answer_plan_year(self, V: list[Row]) -> None:
        fu = lambda r, i: r.ans["follow_up"] == sp.FOLLOW_UP[i]   # noqa: E731
        prefs = {   # year index -> score; Onbekend takes the rest
            0: lambda r: 3.0 * fu(r, 1),
            2: lambda r: 2.0 * fu(r, 4) + 1.0 * (r.ans["policy_since"] == "2004-2007"),
            1: lambda r: 2.5 * fu(r, 1) + 2.0 * fu(r, 4) + 1.5 * (r.ans["policy_since"] == "<2003")
            - 2.0 * fu(r, 0) - 2.0 * fu(r, 5),
        }
        for counts, rows in ((sp.PLAN_COUNTS_INTEGRAL, [r for r in V if r.policy == sp.INTEGRAL]),
                             (sp.PLAN_COUNTS_OTHER, [r for r in V if r.policy != sp.INTEGRAL])):
            pool = list(rows)
            for yi, score in prefs.items():
                for r in self.take(pool, counts[yi], score):
                    r.ans["policy_plan_year"] = sp.PLAN_YEARS[yi]
            assert len(pool) == counts[3]
            for r in pool:
                r.ans["policy_plan_year"] = sp.PLAN_YEARS[3]

    # -- 4. partner municipalities -------------------------------------------------------------
    def assign_partners(self) -> None:
        taken = {r.code for r in self.valid}
        eligible = sorted((r for r in self.valid if r.group == "overig" and r.policy in (0, 1)
                           and r.code not in SHOWCASE_OVERIG), key=lambda r: r.code)
        by_prov: dict[str, list[Row]] = {}
        for r in eligible:
            by_prov.setdefault(r.muni.province, []).append(r)
        used: set[str] = set()

        def free_partners(prov: str) -> list[Municipality]:
            """Overig municipalities of the province that are no respondent nor partner yet, and
            whose name holds no separator of the partner list."""
            return [m for m in self.munis if m.province == prov and m.code not in taken
                    and m.group == "overig"
                    and m.code not in self.partner_codes and not re.search(r"[,;/]", m.name)]

        for n_resp, n_part in sp.VERBANDEN:
            if n_resp == 2:
                prov = self.rng.choice(sorted(p for p, rs in by_prov.items()
                                              if len([r for r in rs if r.code not in used]) >= 2))
                members = self.rng.sample([r for r in by_prov[prov] if r.code not in used], 2)
            else:
                members = [self.rng.choice([r for r in eligible if r.code not in used])]
            used |= {r.code for r in members}
            prov = members[0].muni.province
            cands = free_partners(prov)
            if len(cands) < n_part:
                # in some generated waves this province has run out of free partners: take the
                # verband's partners from the province with the most free candidates instead
                prov = max(sorted({m.province for m in self.munis}), key=lambda p: len(free_partners(p)))
                cands = free_partners(prov)
            partners = self.rng.sample(cands, n_part)
            self.partner_codes |= {m.code for m in partners}
            for r in members:
                others = [o.muni for o in members if o is not r] + partners
                r.ans["partner_municipalities_text"] = self.partner_text(others)
        assert len(self.partner_codes) == sp.INDIRECT

    def partner_text(self, munis: list[Municipality]) -> str:
        rng = self.rng
        sep = rng.choice(["; ", ", ", " / ", "\n", ";", ",", "/ ", " ;"])
        pieces = []
        for m in munis:
            u = rng.random()
            piece = m.name if u < 0.7 else m.name.lower() if u < 0.85 else f"gemeente {m.name}"
            assert self.resolver.resolve(piece).code == m.code, piece
            pieces.append(piece)
        text = sep.join(pieces)
        return text + sep.strip() if rng.random() < 0.2 and sep.strip() else text

    # -- 5. rows that the contract excludes ----------------------------------------------------
    def random_answers(self, row: Row, role: str, function: tuple[str, str], policy: int | None = None,
                       read: bool | None = None, attend: bool | None = None) -> None:
        rng, a = self.rng, row.ans
        a["respondent_role"] = role
        a["function"], a["function_other"] = function
        row.policy = rng.randrange(4) if policy is None else policy
        a["policy_form"] = sp.POLICY_FORMS[row.policy]
        if row.policy == sp.INTEGRAL:
            a["policy_since"] = rng.choice(sp.POLICY_SINCE + (sp.DONT_KNOW,))
        row.read = rng.random() < 0.5 if read is None else read
        row.attend = rng.random() < 0.3 if attend is None else attend
        a["read_handreiking"] = sp.YES if row.read else sp.NO
        lik = lambda: rng.choices(sp.LIKERT, weights=(1, 2, 4, 6, 2))[0]   # noqa: E731
        if row.read:
            for f in sp.HR_FIELDS:
                a[f] = lik()
            a["hr_discussed"] = rng.choice((sp.YES, sp.NO, sp.DONT_KNOW))
            a["hr_new_insights"] = rng.choice((sp.YES, sp.NO, sp.NO))
            a["hr_grade"] = str(rng.choice((5, 6, 7, 7, 8, 8, 9)))
            for f in ("dialogue_rijk", "dialogue_college"):
                a[f] = rng.choices(sp.DIALOGUE, weights=(1, 2, 5, 3, 1))[0]
        a["attended_meeting"] = sp.YES if row.attend else sp.NO
        if row.attend:
            avail = meetings_for(row.muni.province if row.muni else None)
            row.visits = sorted(rng.sample(avail, min(len(avail), rng.choice((1, 1, 2)))),
                                key=lambda m: (m.date, m.place))
            for i, m in enumerate(row.visits, 1):
                a[f"visit{i}_meeting"] = meeting_label(m)
                for f in sp.MT_FIELDS:
                    a[f"visit{i}_{f}"] = lik()
            a["mt_discussed"] = rng.choice((sp.YES, sp.NO))
            a["mt_new_insights"] = rng.choice((sp.YES, sp.NO, sp.NO))
            a["mt_grade"] = str(rng.choice((5, 6, 7, 7, 8)))
        if row.read or row.attend:
            a["follow_up"] = rng.choice(sp.FOLLOW_UP)
        a["policy_plan_year"] = rng.choices(sp.PLAN_YEARS, weights=(1, 4, 1, 10))[0]

    def add_colleagues(self) -> None:
        cands_g31 = [r for r in self.valid if r.group == "G31" and r.policy == sp.INTEGRAL]
        cands_other = [r for r in self.valid if r.group == "overig" and r.policy == sp.INTEGRAL
                       and not r.ans["partner_municipalities_text"]]
        chosen = self.rng.sample(cands_g31, 4) + self.rng.sample(cands_other, 3)
        counts = self.shuffled(sp.COLLEAGUES_PER_MUNICIPALITY)
        functions = self.shuffled(tx.COLLEAGUE_FUNCTIONS)
        k = 0
        for coord, n in zip(sorted(chosen, key=lambda r: r.code), counts):
            for j in range(n):
                row = Row("colleague", coord.muni)
                row.coordinator = coord
                row.after = j == 0          # the first colleague answers after the coordinator
                self.random_answers(row, sp.ROLE_COLLEAGUE, functions[k % len(functions)],
                                    policy=coord.policy if self.rng.random() < 0.8 else None,
                                    read=True if k < 2 else None)
                k += 1
                self.rows.append(row)
        # out-of-scale answers on excluded rows only: a Likert word off the scale, a decimal grade
        self.rows[-16].ans["hr_informative"] = sp.OUT_OF_SCALE_LIKERT
        self.rows[-15].ans["hr_grade"] = "7,5"
        self.colleague_codes = {r.code for r in chosen}

    def add_superseded(self) -> None:
        busy = self.colleague_codes | {r.code for r in self.valid if r.ans["partner_municipalities_text"]}
        cands = [r for r in self.valid if r.code not in busy]
        with_alias = [r for r in cands if r.code in self.aliases]
        first = self.rng.choice(with_alias) if with_alias else self.rng.choice(cands)
        second = self.rng.choice([r for r in cands if r is not first and r.group == "overig"])
        self.superseded_of = {}
        for k, later in enumerate((first, second)):
            row = Row("superseded", later.muni)
            self.random_answers(row, sp.ROLE_COORDINATOR, (later.ans["function"], ""),
                                policy=later.policy, read=True if k == 0 else not later.read,
                                attend=False)
            if k == 0:
                row.ans["hr_grade"] = "11"         # out of scale, on the superseded row
            row.later = later
            self.rows.append(row)
        self.superseded_codes = {first.code, second.code}

    def add_tests(self) -> None:
        for k, text in enumerate(sp.TEST_MUNICIPALITIES):
            row = Row("test", None)
            self.random_answers(row, sp.ROLE_COORDINATOR, ("Overig", "Onderzoeker"),
                                read=True, attend=(k == 0))
            row.ans["municipality_text"] = text
            if k == 0:
                row.ans["mt_grade"] = "0"
                row.ans["hr_readable"] = sp.OUT_OF_SCALE_LIKERT
            row.test_day = TEST_DAYS[k]
            self.rows.append(row)

    def add_incomplete(self) -> None:
        rng = self.rng
        specs: list[tuple[Municipality | None, str | None, int, str]] = []
        for _ in range(sp.INCOMPLETE_EMPTY):
            specs.append((None, "", 0, "any"))
        for text in sp.INCOMPLETE_UNRESOLVABLE:
            specs.append((None, text, rng.randint(1, 3), "any"))
        for text in sp.INCOMPLETE_TEST:
            specs.append((None, text, 2, "test"))
        busy = self.colleague_codes | self.superseded_codes
        resp = rng.sample([r for r in self.valid if r.code not in busy],
                          sp.INCOMPLETE_OF_RESPONDENTS_BEFORE + sp.INCOMPLETE_OF_RESPONDENTS_AFTER)
        for k, r in enumerate(resp):
            when = "before" if k < sp.INCOMPLETE_OF_RESPONDENTS_BEFORE else "after"
            specs.append((r.muni, None, rng.randint(1, 4), when))
        taken = {r.code for r in self.valid} | self.partner_codes
        others = rng.sample([m for m in self.munis if m.code not in taken], sp.INCOMPLETE_OTHER)
        for m in others:
            specs.append((m, None, rng.randint(1, 4), "any"))
        resp_iter = iter(resp)
        for muni, text, page, when in specs:
            row = Row("incomplete", muni)
            self.random_answers(row, sp.ROLE_COORDINATOR,
                                (rng.choice(sp.FUNCTIONS[:8]), ""))
            row.ans["municipality_text"] = text if text is not None else ""
            for p in range(page + 1, 6):
                for f in PAGES[p]:
                    row.ans[f] = ""
            if page < 2:
                row.policy = -1
            row.when = when
            row.same_as = next(resp_iter) if when in ("before", "after") else None
            if when == "test":
                row.test_day = TEST_DAYS[1]
            self.rows.append(row)

    # -- 6. municipality text as typed ---------------------------------------------------------
    def variant(self, m: Municipality, kind: str) -> str:
        rng, name = self.rng, m.name
        if kind == "exact":
            return name
        if kind == "upper":
            return name.upper()
        if kind == "lower":
            return name.lower()
        if kind == "spaces":
            return rng.choice([f" {name}", f"{name} ", f"  {name}  ", name.replace(" ", "  ", 1)
                               if " " in name else f"{name}  "])
        if kind == "prefix":
            return rng.choice(["Gemeente ", "gemeente ", "Gem. ", "gem. ", "GEMEENTE "]) + name
        if kind == "alias":
            return rng.choice(self.aliases[m.code])
        if kind == "nodiacritics":
            return strip_diacritics(name)
        if kind == "typo":
            for cand in self.shuffled(typo_variants(name)):
                res = self.resolver.resolve(cand)
                if res.method == "fuzzy" and res.code == m.code and res.score - res.runner_up >= TYPO_MARGIN:
                    return cand
            raise ValueError(name)
        raise KeyError(kind)

    def typo_ok(self, m: Municipality) -> bool:
        if letters(m.name) < 9:
            return False
        return any((res := self.resolver.resolve(c)).method == "fuzzy" and res.code == m.code
                   and res.score - res.runner_up >= TYPO_MARGIN for c in typo_variants(m.name))

    def render_municipalities(self) -> None:
        rng = self.rng
        rest = []
        for r in self.shuffled(self.valid):
            if strip_diacritics(r.muni.name) != r.muni.name and rng.random() < 0.7:
                r.text_kind = "nodiacritics"
            elif r.code in self.aliases and rng.random() < 0.7:
                r.text_kind = "alias"
            else:
                rest.append(r)
        n_typo = 0
        for r in rest:
            if n_typo < 4 and self.typo_ok(r.muni):
                r.text_kind, n_typo = "typo", n_typo + 1
        rest = [r for r in rest if r.text_kind == "exact"]
        for r, kind in zip(rest, ["upper", "lower"] * 3 + ["spaces"] * 5 + ["prefix"] * 7):
            r.text_kind = kind
        for r in self.valid:
            r.ans["municipality_text"] = self.variant(r.muni, r.text_kind)
        for r in self.rows:
            typed = r.kind in ("colleague", "superseded") or (
                r.kind == "incomplete" and r.muni is not None and r.ans["respondent_role"] != "")
            if typed:
                kind = rng.choice(["exact", "exact", "lower", "prefix", "spaces"])
                if r.kind == "superseded":
                    kind = "exact" if r.later.text_kind != "exact" else "prefix"
                r.ans["municipality_text"] = self.variant(r.muni, kind)
        for r in self.valid + [r for r in self.rows if r.kind in ("colleague", "superseded")]:
            text = r.ans["municipality_text"]
            assert self.resolver.resolve(text).code == r.code, text

    # -- 7. open answers -----------------------------------------------------------------------
    def remarks(self) -> None:
        rng = self.rng
        readers = sorted((r for r in self.valid if r.read), key=lambda r: r.attitude)
        for r, text in zip(readers[:5], self.shuffled(tx.HR_NEGATIVE)):
            r.ans["hr_remarks"] = text
        for r, text in zip(rng.sample(readers[10:], 12), self.shuffled(tx.HR_POSITIVE)):
            r.ans["hr_remarks"] = text
        att = sorted((r for r in self.valid if r.attend), key=lambda r: r.ans["mt_grade"] + r.code)
        for r, text in zip(att[:5], self.shuffled(tx.MT_NEGATIVE)):
            r.ans["mt_remarks"] = text
        for r, text in zip(att[-4:], self.shuffled(tx.MT_POSITIVE)):
            r.ans["mt_remarks"] = text
        other = [r for r in self.valid if r.ans["follow_up"] == sp.FOLLOW_UP[sp.FOLLOW_UP_OTHER]]
        for r, text in zip(rng.sample(other, 12), self.shuffled(tx.FOLLOW_UP_OTHER)):
            r.ans["follow_up_other"] = text
        overig = [r for r in self.valid if r.ans["function"] == "Overig"]
        for r, text in zip(rng.sample(overig, 8), self.shuffled(tx.FUNCTION_OTHER)):
            r.ans["function_other"] = text
        for pol, n in tx.REMARKS_PER_POLICY.items():
            texts = tx.REMARKS[pol]
            texts = (texts[0],) + tuple(self.shuffled(texts[1:]))
            rows = rng.sample([r for r in self.valid if r.policy == pol], n)
            for r, text in zip(rows, texts * 2):
                r.ans["remarks"] = text

    # -- 8. time stamps and ids ----------------------------------------------------------------
    def day(self, first: date = LAUNCH, last: date = CLOSE) -> date:
        days, weights = [], []
        d = max(first, LAUNCH)
        while d <= min(last, CLOSE):
            w = 1.0 + 8.0 * math.exp(-(d - LAUNCH).days / 3.0)
            for rem, amp in zip(REMINDERS, (5.0, 3.0)):
                if d >= rem:
                    w += amp * math.exp(-(d - rem).days / 2.5)
            if d.weekday() >= 5:
                w *= 0.08
            days.append(d)
            weights.append(w)
            d += timedelta(days=1)
        if not days:
            return min(max(first, LAUNCH), CLOSE)
        return self.rng.choices(days, weights=weights)[0]

    def clock(self, d: date) -> datetime:
        hour = self.rng.choices(range(7, 23), weights=(1, 6, 9, 9, 8, 5, 7, 8, 8, 6, 3, 1, 1, 2, 2, 1))[0]
        return datetime(d.year, d.month, d.day, hour, self.rng.randrange(60), self.rng.randrange(60))

    def duration(self, row: Row) -> timedelta:
        answered = sum(bool(v) for v in row.ans.values())
        minutes = max(3.5, 5.0 + 0.3 * answered + self.rng.gauss(0, 2.5))
        if self.rng.random() < 0.04:
            minutes += self.rng.uniform(40, 300)     # left the form open
        return timedelta(seconds=round(minutes * 60))

    def timestamps(self) -> None:
        rng = self.rng
        for r in self.valid:
            first = LAUNCH
            if r.visits:
                first = max(first, date.fromisoformat(r.visits[-1].date) + timedelta(days=1))
            r.start = self.clock(self.day(first))
            r.end = r.start + self.duration(r)
        for r in self.rows:
            if r.kind == "test" or r.when == "test":
                r.start = self.clock(r.test_day)
            elif r.kind == "colleague":
                c = r.coordinator
                if r.after:
                    d = self.day(c.end.date() + timedelta(days=1), c.end.date() + timedelta(days=14))
                else:
                    d = self.day(c.start.date() - timedelta(days=7), c.start.date() + timedelta(days=14))
                r.start = self.clock(d)
                if r.after and r.start <= c.end:
                    r.start = c.end + timedelta(hours=2)
            elif r.kind == "superseded":
                later = r.later
                if later.start.date() <= LAUNCH + timedelta(days=1):
                    later.start += timedelta(days=7)
                    later.end += timedelta(days=7)
                d = self.day(LAUNCH, later.start.date() - timedelta(days=1))
                r.start = self.clock(d)
                if r.start + timedelta(hours=8) >= later.start:
                    r.start = later.start - timedelta(days=1, hours=10)
            elif r.when == "before":
                s = r.same_as.start
                r.start = self.clock(self.day(s.date() - timedelta(days=6), s.date()))
                if r.start >= s - timedelta(minutes=20):
                    r.start = s - timedelta(minutes=rng.randint(20, 50))
            elif r.when == "after":
                r.start = r.same_as.end + timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 5),
                                                    minutes=rng.randrange(60))
                if r.start.date() > CLOSE:
                    r.start = r.same_as.end + timedelta(minutes=rng.randint(30, 90))
            else:
                r.start = self.clock(self.day())
            if r.kind != "incomplete":
                r.end = r.start + self.duration(r)
        for r in self.rows:
            if r.kind == "superseded":
                assert r.end < r.later.start

    def finish(self) -> list[Row]:
        rows = sorted(self.valid + self.rows,
                      key=lambda r: (r.start, r.kind, r.code, r.ans["municipality_text"]))
        assert len(rows) < ID_BLOCK
        rid = self.wave * ID_BLOCK
        for r in rows:
            rid += self.rng.choice((1, 1, 1, 1, 1, 2, 3))
            a = r.ans
            a["response_id"] = str(rid)
            a["wave"] = str(self.wave)
            a["started_at"] = f"{r.start:%d-%m-%Y %H:%M:%S}"
            if r.kind == "incomplete":
                a["status"] = sp.STATUS_INCOMPLETE
            else:
                a["status"] = sp.STATUS_COMPLETE
                a["submitted_at"] = f"{r.end:%d-%m-%Y %H:%M:%S}"
                minutes = (r.end - r.start).total_seconds() / 60
                a["duration_min"] = f"{minutes:.1f}".replace(".", ",")
        assert rid < (self.wave + 1) * ID_BLOCK
        return rows

    def build(self) -> list[Row]:
        self.select_respondents()
        self.assign_design()
        self.answer_valid()
        self.assign_partners()
        self.add_colleagues()
        self.add_superseded()
        self.add_tests()
        self.add_incomplete()
        self.render_municipalities()
        self.remarks()
        self.timestamps()
        return self.finish()


def build_waves(seed: int = 2010, scale: int = 1) -> list[list[Row]]:
    if scale < 1:
        raise ValueError("scale must be >= 1")
    munis = load_municipalities()
    alias_rows = load_aliases()
    resolver = Resolver(munis, alias_rows)
    aliases: dict[str, list[str]] = {}
    for alias, code in alias_rows:
        aliases.setdefault(code, []).append(alias)
    return [_Wave(seed, w, munis, resolver, aliases).build() for w in range(1, scale + 1)]


def build_rows(seed: int = 2010, scale: int = 1) -> list[list[str]]:
    """The export's data rows (all text, in column order), waves one after the other."""
    return [[r.ans[f] for f in sp.FIELDS] for rows in build_waves(seed, scale) for r in rows]


def render_csv(rows: list[list[str]]) -> bytes:
    """As Excel (NL) saves 'CSV (gescheiden door lijstscheidingsteken)': `;`, Windows-1252, CRLF,
    fields quoted only when they hold `;`, `"` or a line break (line breaks in a cell stay LF)."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow(sp.HEADERS)
    w.writerows(rows)
    return buf.getvalue().encode("cp1252")


def generate(out_dir: Path, seed: int = 2010, scale: int = 1) -> list[Path]:
    """Write the survey export into `out_dir/"survey"` (out_dir is the raw root, data/raw)."""
    target = Path(out_dir) / "survey"
    target.mkdir(parents=True, exist_ok=True)
    path = target / EXPORT_NAME
    path.write_bytes(render_csv(build_rows(seed, scale)))
    return [path]


def survey_visits(seed: int = 2010, scale: int = 1) -> list[tuple[int, str, str, str]]:
    """(wave, gemeentecode, ISO date, place) of every meeting visit in the valid responses, for
    generators of other sources that want to stay consistent with the survey."""
    out = []
    for w, rows in enumerate(build_waves(seed, scale), 1):
        for r in rows:
            if r.kind == "valid":
                out += [(w, r.code, m.date, m.place) for m in r.visits]
    return sorted(out)


def _xlsx_value(col: sp.Col, text: str):
    if text == "":
        return None
    if col.type == "integer" and re.fullmatch(r"-?\d+", text):
        return int(text)
    if col.type == "decimal" and re.fullmatch(r"-?\d+(,\d+)?", text):
        return float(text.replace(",", "."))
    if col.type == "datetime":
        return datetime.strptime(text, sp.DATETIME_FORMATS[0])
    return text


def write_survey_xlsx(out_path: Path, seed: int = 2010, scale: int = 1) -> Path:
    """The same submissions as an .xlsx export (one sheet, same headers): numbers as numbers,
    time stamps as date-time cells, everything else as text. Byte-identical for a seed. Not for
    data/raw (the pipeline would count the responses twice)."""
    from openpyxl import Workbook

    cols = sp.columns()
    wb = Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(list(sp.HEADERS))
    for row in build_rows(seed, scale):
        ws.append([_xlsx_value(c, v) for c, v in zip(cols, row)])
    for col_idx, c in enumerate(cols, 1):
        if c.type == "datetime":
            for cell in ws.iter_cols(min_col=col_idx, max_col=col_idx, min_row=2):
                for x in cell:
                    x.number_format = "dd-mm-yyyy hh:mm:ss"
    fixed = datetime(*FIXED_ZIP_TIME)
    wb.properties.creator = "gia_rawgen"
    wb.properties.created = fixed
    buf = io.BytesIO()
    wb.save(buf)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(_deterministic_zip(buf.getvalue(), fixed))
    return out_path


def _deterministic_zip(data: bytes, fixed: datetime) -> bytes:
    """Rewrite an xlsx with fixed entry times and a fixed dcterms:modified."""
    stamp = fixed.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, content)
    return out.getvalue()
