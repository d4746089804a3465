"""Resolution of typed municipality names to CBS codes — one component for survey and attendance.

In order, stopping at the first that gives exactly one municipality:
  1. exact   — the CBS name as written;
  2. alias   — a declared alias (rules/municipality_aliases.csv: `Den Haag`, `Den Bosch`, old
               Frisian spellings, …), compared after normalisation;
  3. normalised — case, diacritics, punctuation and a `Gemeente`/`Gem.` prefix ignored;
  4. fuzzy   — conservative: rapidfuzz ratio on normalised text ≥ FUZZY_MIN_SCORE, with a margin
               of ≥ FUZZY_MIN_MARGIN over the best candidate for another municipality.
Anything else is unresolved, with the best candidates, for the quarantine: nothing is guessed.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from rapidfuzz import fuzz, process

from gia_pipeline.lib import layers, paths

FUZZY_MIN_SCORE = 90.0
FUZZY_MIN_MARGIN = 5.0
FUZZY_MIN_LENGTH = 5
ALIASES_FILE = paths.RULES_DIR / "municipality_aliases.csv"

_PREFIX = re.compile(r"^(gemeente|gem)\b\.?\s*")


def normalise(text: str) -> str:
    """Lower case, no diacritics, punctuation as spaces, no `gemeente`/`gem.` prefix."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()
    t = _PREFIX.sub("", t)
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


#: `;`, `,`, a line break, and a `/` unless it joins two one-letter words: `Alphen a/d Rijn`
#: (aan den) is one name, `Oss/Uden` two
_LIST_SEPARATORS = re.compile(r"[;,\r\n]|(?<!\b[^\W\d_])/|/(?![^\W\d_]\b)")


def split_names(text: str | None) -> list[str] | None:
    """A typed list of municipality names (survey contract §6): split on every `;`, `,`, line
    break and `/` (not the one of `a/d`: between two one-letter words), each piece trimmed (any
    whitespace), empty pieces dropped. None for an empty cell."""
    if text is None:
        return None
    return [piece.strip() for piece in _LIST_SEPARATORS.split(text) if piece.strip()]


@dataclass(frozen=True)
class Resolution:
    text: str
    gemeentecode: str | None
    method: str            # exact | alias | normalised | fuzzy | unresolved
    score: float | None
    candidates: str | None  # "name (code) score; …" for unresolved and fuzzy matches
    reason: str | None


class MunicipalityResolver:
    def __init__(self, municipalities: list[tuple[str, str]], aliases: list[tuple[str, str]]):
        """`municipalities`: (code, CBS name); `aliases`: (alias, code)."""
        self.names = {code: name for code, name in municipalities}
        self.exact = {name: code for code, name in municipalities}
        self.normalised: dict[str, str] = {}
        for code, name in municipalities:
            key = normalise(name)
            if key in self.normalised and self.normalised[key] != code:
                raise ValueError(f"CBS names {name!r} and {self.names[self.normalised[key]]!r} normalise alike")
            self.normalised[key] = code
        self.aliases: dict[str, str] = {}
        for alias, code in aliases:
            if code not in self.names:
                raise ValueError(f"alias {alias!r} points at unknown code {code}")
            key = normalise(alias)
            # an alias that reads as another municipality's name or alias would decide by file order
            known = self.aliases.get(key) or self.normalised.get(key)
            if known is not None and known != code:
                raise ValueError(f"alias {alias!r} points at {code} ({self.names[code]}), but it reads as "
                                 f"{self.names[known]!r} ({known}) already")
            self.aliases[key] = code
        # fuzzy matching runs over names and aliases alike
        self._choices = {**self.normalised, **self.aliases}
        self._choice_keys = list(self._choices)

    @classmethod
    def from_files(cls, municipalities: list[tuple[str, str]], aliases_file: Path = ALIASES_FILE):
        with aliases_file.open(encoding="utf-8", newline="") as f:
            aliases = [(r["alias"], r["gemeentecode"]) for r in csv.DictReader(f)]
        try:
            return cls(municipalities, aliases)
        except ValueError as e:
            raise ValueError(f"{aliases_file}: {e}") from e

    def _candidates(self, key: str, limit: int = 5) -> list[tuple[str, float]]:
        """Best (code, score) per distinct municipality."""
        best: dict[str, float] = {}
        for choice, score, _ in process.extract(key, self._choice_keys, scorer=fuzz.ratio, limit=limit * 3):
            code = self._choices[choice]
            best[code] = max(best.get(code, 0.0), score)
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def _describe(self, cands: list[tuple[str, float]]) -> str | None:
        return "; ".join(f"{self.names[c]} ({c}) {s:.0f}" for c, s in cands[:3]) or None

    def resolve(self, text: str | None) -> Resolution:
        raw = (text or "").strip()
        if not raw:
            return Resolution(text or "", None, "unresolved", None, None, "empty")
        if raw in self.exact:
            return Resolution(raw, self.exact[raw], "exact", 100.0, None, None)
        key = normalise(raw)
        if key in self.aliases:
            return Resolution(raw, self.aliases[key], "alias", 100.0, None, None)
        if key in self.normalised:
            return Resolution(raw, self.normalised[key], "normalised", 100.0, None, None)
        cands = self._candidates(key) if key else []
        if len(key) >= FUZZY_MIN_LENGTH and cands:
            best_code, best = cands[0]
            runner_up = cands[1][1] if len(cands) > 1 else 0.0
            if best >= FUZZY_MIN_SCORE and best - runner_up >= FUZZY_MIN_MARGIN:
                return Resolution(raw, best_code, "fuzzy", best, self._describe(cands), None)
            reason = ("ambiguous: candidates too close" if best >= FUZZY_MIN_SCORE
                      else f"no municipality within similarity {FUZZY_MIN_SCORE:.0f}")
        else:
            reason = "too short to match fuzzily" if key else "no letters or digits"
        return Resolution(raw, None, "unresolved", cands[0][1] if cands else None, self._describe(cands), reason)


#: the columns of staging.<source>_municipality_resolution: a Resolution per distinct text, and
#: `normalised`, the resolver's normal form of the text, for the rules that read it (a test submission)
RESOLUTION_SCHEMA = pa.schema([("municipality_text", pa.string()), ("gemeentecode", pa.string()),
                               ("method", pa.string()), ("score", pa.float64()), ("candidates", pa.string()),
                               ("reason", pa.string()), ("normalised", pa.string())])


def resolve_mentions(conn, source: str) -> dict:
    """(Re)build staging.<source>_municipality_resolution from stg_<source>_municipality_mentions;
    returns the number of names per resolution method."""
    table = f"{layers.STAGING}.{source}_municipality_resolution"
    municipalities = conn.execute("SELECT gemeentecode, gemeentenaam FROM reference.municipalities").fetchall()
    texts = [r[0] for r in conn.execute(
        f"SELECT municipality_text FROM {layers.STAGING}.stg_{source}_municipality_mentions ORDER BY 1").fetchall()]
    resolver = MunicipalityResolver.from_files(municipalities)
    resolved = [(t, resolver.resolve(t).__dict__) for t in texts]
    arrow = pa.Table.from_pylist([{"municipality_text": r.pop("text"), **r, "normalised": normalise(t)} for t, r in resolved],
                                 schema=RESOLUTION_SCHEMA)
    conn.register("incoming", arrow)
    conn.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM incoming")
    conn.unregister("incoming")
    return dict(conn.execute(f"SELECT method, count(*) FROM {table} GROUP BY ALL ORDER BY ALL").fetchall())
