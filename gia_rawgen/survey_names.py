"""Municipality names as survey respondents type them, and the contract's resolution rule.

The generator renders each municipality as a typed variant (case, whitespace, a `Gemeente`/`Gem.`
prefix, an alias from `gia_pipeline/rules/municipality_aliases.csv`, missing diacritics, a
single-character typo) and checks with `Resolver` -- an implementation of the rule written in
docs/data-contract.md (part A) -- that every variant it puts in a counted row resolves to the
intended CBS code.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUNICIPALITIES_CSV = ROOT / "data" / "reference" / "gemeenten_2009.csv"
G31_CSV = ROOT / "data" / "reference" / "g31_2009.csv"
ALIASES_CSV = ROOT / "gia_pipeline" / "rules" / "municipality_aliases.csv"

FUZZY_MIN = 90.0       # contract: best similarity must be at least this
FUZZY_MARGIN = 5.0     # contract: ... and this far ahead of the best other municipality
TYPO_MARGIN = 10.0     # generator: typos it ships are at least this far ahead (robustness)

_PREFIX = re.compile(r"^(gemeente|gem)\b\.?\s*")


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    province: str
    group: str    # G4 | G27 | overig


def load_municipalities() -> list[Municipality]:
    with open(G31_CSV, newline="", encoding="utf-8") as f:
        groups = {r["gemeentecode"]: r["group"] for r in csv.DictReader(f)}
    with open(MUNICIPALITIES_CSV, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return sorted((Municipality(r["gemeentecode"], r["gemeentenaam"], r["provincie"],
                                groups.get(r["gemeentecode"], "overig")) for r in rows),
                  key=lambda m: m.code)


def load_aliases() -> list[tuple[str, str]]:
    with open(ALIASES_CSV, newline="", encoding="utf-8") as f:
        return [(r["alias"], r["gemeentecode"]) for r in csv.DictReader(f)]


def strip_diacritics(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Contract normalisation (as gia_pipeline.lib.municipality_resolution): diacritics dropped, lower
    case, one leading `gemeente`/`gem.` prefix dropped, every run of other characters than a-z and
    0-9 made a single space, trimmed."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()
    t = _PREFIX.sub("", t)
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


def similarity(a: str, b: str) -> float:
    """Normalised Indel similarity in percent (= rapidfuzz.fuzz.ratio): 200*LCS/(len a + len b)."""
    if not a and not b:
        return 100.0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ca == cb else max(prev[j], cur[j - 1]))
        prev = cur
    return 200.0 * prev[-1] / (len(a) + len(b))


@dataclass(frozen=True)
class Resolution:
    code: str | None
    method: str          # name | alias | fuzzy | unresolved | empty
    score: float = 0.0
    runner_up: float = 0.0


class Resolver:
    def __init__(self, municipalities: list[Municipality], aliases: list[tuple[str, str]]):
        self.exact = {m.name: m.code for m in municipalities}
        self.by_name = {normalise(m.name): m.code for m in municipalities}
        self.by_alias = {normalise(a): c for a, c in aliases}
        self.candidates = sorted(set(self.by_name.items()) | set(self.by_alias.items()))

    def resolve(self, text: str) -> Resolution:
        """Contract order: CBS name as written, alias, normalised CBS name, fuzzy."""
        raw = text.strip()
        key = normalise(raw)
        if not raw:
            return Resolution(None, "empty")
        if raw in self.exact:
            return Resolution(self.exact[raw], "name", 100.0)
        if key in self.by_alias:
            return Resolution(self.by_alias[key], "alias", 100.0)
        if key in self.by_name:
            return Resolution(self.by_name[key], "name", 100.0)
        if len(key) < 5:
            return Resolution(None, "unresolved")
        best: dict[str, float] = {}
        for cand, code in self.candidates:
            s = similarity(key, cand)
            if s > best.get(code, -1.0):
                best[code] = s
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        (code, score), runner = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        if score >= FUZZY_MIN and score - runner >= FUZZY_MARGIN:
            return Resolution(code, "fuzzy", score, runner)
        return Resolution(None, "unresolved", score, runner)


def letters(name: str) -> int:
    return sum(ch.isalpha() for ch in name)


def typo_variants(name: str) -> list[str]:
    """Single-character typos of a name, in a fixed order: drop a letter, or double one (never
    the first letter)."""
    out = []
    for i in range(1, len(name)):
        if name[i].isalpha() and name[i - 1] != name[i]:
            out.append(name[:i] + name[i + 1:])
            out.append(name[:i] + name[i] + name[i:])
    return out
