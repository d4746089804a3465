"""Pseudonymous person keys: analysts can count repeat visitors without seeing a name.

key = first 16 hex digits of HMAC-SHA256(secret, normalised name). The secret comes from
`GIA_PSEUDONYM_KEY`; the default is public, so set your own wherever the key must not be
reversible by hashing a list of candidate names.
"""

import hashlib
import hmac
import os
import re
import unicodedata

from gia_pipeline.lib.text_norm import fold

DEFAULT_KEY = "gia-pipeline-development-key"
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def secret() -> bytes:
    return (os.environ.get("GIA_PSEUDONYM_KEY") or DEFAULT_KEY).encode()


def normalise_name(name: str) -> str:
    """`Jansen, Piet`, `piet  jansen` and `Piet Jánsen` are the same person: case, the accents of
    Latin letters, spacing and punctuation don't count, and `Surname, First name` is reordered at
    its first comma. Digits and letters of every script do count (`Deelnemer 1` is not
    `Deelnemer 2`, `李明` is not `王芳`); a name without any letter or digit normalises to ''."""
    t = fold(name)
    if "," in t:
        last, _, first = t.partition(",")
        t = f"{first} {last}"
    if t.isascii():
        return " ".join(_NOT_ALNUM.sub(" ", t).split())
    # letters and digits of any script, with the marks that belong to them, make up the words
    words = "".join(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else " " for ch in t).split()
    return " ".join(w for w in words if any(ch.isalnum() for ch in w))


def person_key(name: str | None, key: bytes | None = None) -> str | None:
    norm = normalise_name(name or "")
    if not norm:
        return None
    return hmac.new(key or secret(), norm.encode(), hashlib.sha256).hexdigest()[:16]
