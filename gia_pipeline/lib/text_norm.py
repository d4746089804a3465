"""Normalised text, the contract's `norm` (docs/data-contract.md, "Common conventions"): one
implementation for every comparison of free text that ignores case, accents and spacing, so
that the reader, the pseudonyms and staging never disagree on which texts are "the same".
"""

import functools
import re
import unicodedata


def _is_latin(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


@functools.lru_cache(maxsize=1 << 16)   # organisations and names repeat across lists
def fold(text: str) -> str:
    """Compatibility forms unified (`ﬁ` → `fi`, full-width letters), case folded (`ß` → `ss`)
    and the accents of Latin letters dropped (`é` → `e`). Letters of other scripts keep their
    marks: `й` and `и` are different letters, so are `ك` and `ک`."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    out, after_latin = [], False
    for ch in decomposed:
        if unicodedata.combining(ch):
            if after_latin:
                continue
        else:
            after_latin = _is_latin(ch)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def norm_text(text: str | None) -> str:
    """`fold`, every run of whitespace (tabs, non-breaking spaces, …) one space, trimmed; '' for
    an empty cell."""
    return " ".join(fold(text or "").split())


_NOT_WORD = re.compile(r"[\W_]+")
_MUNICIPALITY_PREFIX = re.compile(r"^(gemeente|gem)( |$)")


@functools.lru_cache(maxsize=1 << 16)
def organisation_key(text: str | None) -> str:
    """An organisation as two rows of one person are compared — by the attendance duplicate rule
    and by the person resolution alike: `fold`, the part before the first comma, punctuation as
    spaces, without a leading `gemeente`/`gem.` (`Gemeente Venlo, afdeling Samenleving` = `gem.
    Venlo` = `venlo`); '' for an empty cell."""
    t = " ".join(_NOT_WORD.sub(" ", fold((text or "").split(",")[0])).split())
    return _MUNICIPALITY_PREFIX.sub("", t)
