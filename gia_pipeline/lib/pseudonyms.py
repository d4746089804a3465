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

DEFAULT_KEY = "gia-pipeline-development-key"


def secret() -> bytes:
    return (os.environ.get("GIA_PSEUDONYM_KEY") or DEFAULT_KEY).encode()


def normalise_name(name: str) -> str:
    """`Jansen, Piet` and `piet  jansen` are the same person; diacritics and case don't count."""
    t = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    if "," in t:
        last, _, first = t.partition(",")
        t = f"{first} {last}"
    t = re.sub(r"[^a-z]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def person_key(name: str | None, key: bytes | None = None) -> str | None:
    norm = normalise_name(name or "")
    if not norm:
        return None
    return hmac.new(key or secret(), norm.encode(), hashlib.sha256).hexdigest()[:16]
