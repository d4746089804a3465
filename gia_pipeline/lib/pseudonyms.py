"""Pseudonymous person keys: analysts can count repeat visitors without seeing a name.

key = first 16 hex digits of HMAC-SHA256(secret, normalised name). Names come from short public
lists, so the secret is what keeps a key from being turned back into a name by hashing
candidates: it is never in the repository. `GIA_PSEUDONYM_KEY` sets it explicitly; otherwise it
is the per-installation key file (`paths.pseudonym_key_file()`), created on first use with 32
random bytes and owner-only permissions.
"""

import functools
import hmac
import os
import re
import secrets
import unicodedata
from pathlib import Path

from gia_pipeline.lib import paths
from gia_pipeline.lib.text_norm import fold

_KEY_BYTES = 32
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
#: forms of address and titles in front of a name (`Dhr. P. Jansen`, `Mevr. drs. A. de Vries`,
#: `Jansen, mw. Anna`), after normalisation; they name nobody, and with them one person on two
#: lists got two keys. Only in front and never the last word: `Dr` alone stays a name. RE2-safe
#: (the Arrow path applies the same pattern).
_TITLES = r"^(?:(?:dhr|mevr|mvr|mw|mevrouw|meneer|de heer|mr|drs|dr|ir|ing|prof|ds) )+"
_TITLES_RE = re.compile(_TITLES)
#: a remark in brackets (`Piet Jansen (wethouder)`, `Mohammed (Mo) El Amrani`) is not the name
_BRACKETED = r"\([^()]*\)|\[[^\[\]]*\]"
_BRACKETED_RE = re.compile(_BRACKETED)


class PseudonymKeyError(RuntimeError):
    """The key file is unusable; the message names the file, never its content."""


def secret() -> bytes:
    """The HMAC secret: `GIA_PSEUDONYM_KEY` if set, else the installation's key file (read once
    per process and path: person_key may be called once per row)."""
    explicit = os.environ.get("GIA_PSEUDONYM_KEY", "")
    if explicit.strip():
        return explicit.encode()
    return _file_key(str(paths.pseudonym_key_file()))


@functools.lru_cache(maxsize=4)
def _file_key(path: str) -> bytes:
    return load_or_create_key(Path(path))


def load_or_create_key(path: Path) -> bytes:
    """The key in `path` (64 hex digits); created atomically on first use, readable by the owner
    only. Concurrent first uses agree on one key: it is written to a private temporary file and
    hard-linked into place, and a process that loses the race reads the winner's file."""
    if not path.exists():
        _create_key(path)
    return _read_key(path)


def _create_key(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_bytes(_KEY_BYTES).hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)          # fails if another process was first: its key wins
        except FileExistsError:
            pass
        except OSError as e:            # e.g. a file system without hard links
            raise PseudonymKeyError(f"{path}: cannot create the pseudonym key file ({e.strerror}); set "
                                    "GIA_PSEUDONYM_KEY_FILE to a path on a local file system") from e
    finally:
        tmp.unlink(missing_ok=True)


def _read_key(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & 0o077:
        raise PseudonymKeyError(f"{path}: the pseudonym key file is accessible to group or others (mode {mode & 0o777:o}); "
                                f"make it owner-only: chmod 600 {path}")
    text = path.read_text(encoding="ascii", errors="replace").strip()
    if not re.fullmatch(r"[0-9a-fA-F]{64,}", text) or len(text) % 2:
        raise PseudonymKeyError(f"{path}: not a pseudonym key (expected at least 64 hexadecimal digits on one "
                                "line); restore it from your backup, or remove it to create a new key "
                                "(every person_key then changes)")
    return bytes.fromhex(text)


def normalise_name(name: str) -> str:
    """`Jansen, Piet`, `piet  jansen`, `Piet Jánsen`, `Dhr. Piet Jansen` and `Piet Jansen (wethouder)`
    are the same person: case, the accents of Latin letters, spacing, punctuation, a leading form
    of address or title (`_TITLES`) and remarks in brackets don't count, and `Surname, First name`
    is reordered at its first comma.
    Digits and letters of every script do count (`Deelnemer 1` is not `Deelnemer 2`, `李明` is
    not `王芳`); a name without any letter or digit normalises to ''."""
    t = _BRACKETED_RE.sub(" ", fold(name))
    if "," in t:
        last, _, first = t.partition(",")
        t = f"{first} {last}"
    if t.isascii():
        return _TITLES_RE.sub("", " ".join(_NOT_ALNUM.sub(" ", t).split()))
    # letters and digits of any script, with the marks that belong to them, make up the words
    words = "".join(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else " " for ch in t).split()
    return _TITLES_RE.sub("", " ".join(w for w in words if any(ch.isalnum() for ch in w)))


def person_keys(names) -> list[str | None]:
    """The person key of every name, with the secret read once."""
    key = secret()
    return [person_key(name, key) for name in names]


def person_keys_array(names):
    """`person_keys` of an Arrow array of names, as an Arrow array; each distinct normalised name
    is keyed once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = normalise_names_array(names)
    distinct = pc.unique(t)
    key = secret()
    keys = pa.array([key_of_normalised(n, key) for n in distinct.to_pylist()], pa.string())
    return keys.take(pc.index_in(t, value_set=distinct))


def normalise_names_array(names):
    """`normalise_name` of an Arrow array of names (null: ''), as an Arrow array: ASCII names (the
    most) are normalised by Arrow kernels doing exactly what `normalise_name` does to them (lower
    case, remarks in brackets dropped, reordered at the first comma, every run of other characters
    one space, trimmed, leading titles dropped), the others by `normalise_name` itself."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = pc.fill_null(names, "")
    ascii_ = pc.string_is_ascii(names)
    t = pc.ascii_lower(pc.if_else(ascii_, names, ""))
    t = pc.replace_substring_regex(t, pattern=_BRACKETED, replacement=" ")
    t = pc.replace_substring_regex(t, pattern="(?s)^([^,]*),(.*)$", replacement="\\2 \\1")
    t = pc.ascii_trim(pc.replace_substring_regex(t, pattern="[^a-z0-9]+", replacement=" "), " ")
    t = pc.replace_substring_regex(t, pattern=_TITLES, replacement="")
    other = pc.indices_nonzero(pc.invert(ascii_))
    if len(other):
        normalised = [normalise_name(n) for n in names.take(other).to_pylist()]
        mask = pc.invert(ascii_)
        t = pc.replace_with_mask(t, mask, pa.array(normalised, pa.string()))
    return t


def person_key(name: str | None, key: bytes | None = None) -> str | None:
    return key_of_normalised(normalise_name(name or ""), key)


def key_of_normalised(norm: str, key: bytes | None = None) -> str | None:
    """The person key of a name `normalise_name` has already normalised (None for '')."""
    if not norm:
        return None
    return hmac.digest(key or secret(), norm.encode(), "sha256").hex()[:16]   # one-shot: no HMAC object
