"""Person keys: one key per person however the name is written, never one key for two people
(properties checked with Hypothesis, derandomised), and not reversible with what the repository
holds (its name lists, its code, every string in it)."""

import os
import re
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gia_pipeline.lib import paths, pseudonyms
from gia_pipeline.lib.contract import load as load_contract
from gia_pipeline.lib.pseudonyms import PseudonymKeyError, normalise_name, person_key
from gia_pipeline.lib.raw_reader import read_file
from gia_rawgen import attendance_data


def test_same_person_written_differently_gets_one_key():
    assert normalise_name("Jansen, Piet") == "piet jansen"
    assert person_key("Jansen, Piet") == person_key("piet  Jansen ") == person_key("Piet Jánsen")
    assert person_key("Piet Jansen") != person_key("Piet Janssen")


def test_a_form_of_address_or_title_in_front_names_nobody():
    for written in ("Dhr. Piet Jansen", "dhr Piet Jansen", "De heer Piet Jansen", "Jansen, dhr. Piet",
                    "Drs. ing. Piet Jansen", "Prof.dr. Piet Jansen", "MEVR. Piet Jansen"):
        assert normalise_name(written) == "piet jansen", written
    assert normalise_name("Mevr. drs. A. de Vries") == "a de vries"      # initials stay (a weak name)
    assert normalise_name("Dr") == "dr" and normalise_name("Piet Dr") == "piet dr"   # never the last word
    assert normalise_name("Drees") == "drees" and normalise_name("Ingrid Mulder") == "ingrid mulder"


def test_a_remark_in_brackets_is_not_part_of_the_name():
    for written in ("Piet Jansen (wethouder)", "Piet (Pietje) Jansen", "Jansen, Piet [gem. Oss]", "Piet Jansen ()"):
        assert normalise_name(written) == "piet jansen", written
    assert normalise_name("(onbekend)") == ""          # nothing left: no key (attendance rule 5)
    assert normalise_name("Piet Jansen (wethouder") == "piet jansen wethouder"   # unbalanced: kept


def test_key_depends_on_the_secret_and_hides_the_name():
    k = person_key("Piet Jansen", b"one")
    assert k != person_key("Piet Jansen", b"two")
    assert len(k) == 16 and "jansen" not in k
    assert person_key("") is None and person_key(None) is None


# --------------------------------------------------------------------------- the key file

PRINT_KEY = "from gia_pipeline.lib.pseudonyms import person_key; print(person_key('Piet Jansen'))"


def _without_env_key(key_file: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "GIA_PSEUDONYM_KEY"}
    return {**env, "GIA_PSEUDONYM_KEY_FILE": str(key_file)}


def test_key_file_created_on_first_use_owner_only_and_stable_across_processes(tmp_path):
    key_file = tmp_path / "fresh" / ".secrets" / "pseudonym.key"
    env = _without_env_key(key_file)
    # four processes start at once on a machine without a key: they must agree on one
    procs = [subprocess.Popen([sys.executable, "-c", PRINT_KEY], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    keys = {out.strip() for out, _ in outputs}
    assert len(keys) == 1 and re.fullmatch(r"[0-9a-f]{16}", keys.pop()) is not None
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert [p.name for p in key_file.parent.iterdir()] == ["pseudonym.key"], "temporary files left behind"
    assert re.fullmatch(r"[0-9a-f]{64}\n", key_file.read_text())
    first = outputs[0][0]
    later = subprocess.run([sys.executable, "-c", PRINT_KEY], env=env, capture_output=True, text=True, check=True)
    assert later.stdout == first                                  # the next run: same keys
    assert person_key("Piet Jansen", bytes.fromhex(key_file.read_text())) == first.strip()
    # GIA_PSEUDONYM_KEY still overrides the file
    override = subprocess.run([sys.executable, "-c", PRINT_KEY], env={**env, "GIA_PSEUDONYM_KEY": "x" * 40},
                              capture_output=True, text=True, check=True)
    assert override.stdout.strip() == person_key("Piet Jansen", b"x" * 40) != first.strip()


def test_another_installation_gets_another_key(tmp_path):
    a = pseudonyms.load_or_create_key(tmp_path / "a" / "pseudonym.key")
    b = pseudonyms.load_or_create_key(tmp_path / "b" / "pseudonym.key")
    assert len(a) == 32 and a != b


def test_unsafe_or_damaged_key_file_is_refused_without_showing_it(tmp_path):
    path = tmp_path / "pseudonym.key"
    pseudonyms.load_or_create_key(path)
    content = path.read_text().strip()
    path.chmod(0o644)
    with pytest.raises(PseudonymKeyError, match="accessible to group or others") as err:
        pseudonyms.load_or_create_key(path)
    assert content not in str(err.value)
    path.chmod(0o600)
    path.write_text("not-a-key\n")
    with pytest.raises(PseudonymKeyError, match="not a pseudonym key") as err:
        pseudonyms.load_or_create_key(path)
    assert "not-a-key" not in str(err.value)


def test_default_key_file_is_outside_tracked_files(monkeypatch):
    monkeypatch.delenv("GIA_PSEUDONYM_KEY_FILE", raising=False)
    default = paths.pseudonym_key_file()
    rel = default.relative_to(paths.PROJECT_ROOT)
    ignored = subprocess.run(["git", "check-ignore", "-q", str(rel)], cwd=paths.PROJECT_ROOT)
    assert ignored.returncode == 0, f"{rel} must be gitignored"
    assert str(rel) not in _tracked_files()


# --------------------------------------------------------------------------- the dictionary attack

def _tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=paths.PROJECT_ROOT, capture_output=True, check=True)
    return [f for f in out.stdout.decode().split("\0") if f]


def repository_keys() -> set[bytes]:
    """Every secret a file of the repository could provide: each whole file, line, quoted string
    and token of every tracked file (as text, and as hex where it is hex), the empty key and the
    key that used to be the default."""
    texts: set[str] = {"", "gia-pipeline-development-key"}
    for rel in _tracked_files():
        data = (paths.PROJECT_ROOT / rel).read_bytes()
        if b"\0" in data[:4096]:
            continue                                               # binary (xlsx, images)
        text = data.decode("cp1252" if rel.endswith(".csv") and not _is_utf8(data) else "utf-8", "replace")
        texts.add(text)
        texts.update(line.strip() for line in text.splitlines())
        texts.update(a or b for a, b in re.findall(r"'([^'\n]*)'|\"([^\"\n]*)\"", text))
        texts.update(re.findall(r"[^\s'\"`,;()\[\]{}<>=:]+", text))
    keys = {t.encode() for t in texts}
    keys.update(bytes.fromhex(t) for t in texts if re.fullmatch(r"(?:[0-9a-fA-F]{2})+", t))
    return keys


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def candidate_names(raw_dir: Path) -> list[str]:
    """The attacker's dictionary from the repository: every name on the shipped lists (the
    strongest dictionary there is: it holds every real name) and every combination of the
    generator's first names and surnames, in both orders and with initials; normalised by the
    pipeline's own code."""
    contract = load_contract("attendance")
    names = [n for p in sorted((raw_dir / "attendance").iterdir())
             for n in read_file(p, contract).columns["person_name"] if n]
    for first in attendance_data.FIRST_NAMES:
        for tussen, sur in attendance_data.SURNAMES:
            full = " ".join(x for x in (tussen, sur) if x)
            names += [f"{first} {full}", f"{sur}, {first} {tussen}".strip(), f"{first[0]}. {full}"]
    return list(dict.fromkeys(filter(None, map(normalise_name, names))))


def attack(targets: set[str], names: list[str], keys: set[bytes]) -> set[str]:
    """Person keys recovered by hashing candidate names with candidate keys. A key is tried on a
    probe of names that are certainly on the lists (the right key hashes all of them into
    `targets`); a key that hits any is then run over the whole dictionary."""
    import hmac

    probe = [n.encode() for n in names[:25]]
    encoded = [n.encode() for n in names]
    recovered: set[str] = set()
    for key in keys:
        if any(hmac.digest(key, n, "sha256")[:8].hex() in targets for n in probe):
            recovered |= {h for h in (hmac.digest(key, n, "sha256")[:8].hex() for n in encoded) if h in targets}
    return recovered


def test_person_keys_are_not_reversible_with_the_repository_alone(sandbox, tmp_path, monkeypatch):
    """The default setup (nothing configured) on a fresh machine: a real refresh, then the
    attack with every name and every key the repository holds recovers no person key. The same
    attack on keys made with a repository string recovers them all: the test can fail."""
    monkeypatch.delenv("GIA_PSEUDONYM_KEY")
    key_file = tmp_path / "installation" / "pseudonym.key"
    monkeypatch.setenv("GIA_PSEUDONYM_KEY_FILE", str(key_file))
    assert sandbox.refresh("+key:staging/stg_attendance_rows").success
    targets = {k for (k,) in sandbox.query("SELECT DISTINCT person_key FROM staging.stg_attendance_rows "
                                           "WHERE person_key IS NOT NULL")}
    assert len(targets) > 900
    names = candidate_names(sandbox.raw_dir)
    keys = repository_keys()
    assert len(keys) > 10_000 and len(names) > 20_000

    assert attack(targets, names, keys) == set()
    secret = key_file.read_text().strip()
    assert pseudonyms.secret() == bytes.fromhex(secret) and bytes.fromhex(secret) not in keys
    for rel in _tracked_files():                       # not even as a fragment of any file
        data = (paths.PROJECT_ROOT / rel).read_bytes()
        assert secret.encode() not in data.lower() and bytes.fromhex(secret) not in data, rel

    # the attack works: with a string from the repository as the secret every key falls
    monkeypatch.setenv("GIA_PSEUDONYM_KEY", "gia_pipeline.definitions")
    assert "gia_pipeline.definitions".encode() in keys
    assert sandbox.refresh("key:raw/attendance_lists").success
    weak = {k for (k,) in sandbox.query("SELECT DISTINCT person_key FROM raw.attendance_lists "
                                        "WHERE person_key IS NOT NULL")}
    assert attack(weak, names, keys) == weak


# --------------------------------------------------------------------------- properties (Hypothesis)

PROPERTIES = settings(derandomize=True, database=None, deadline=None,
                      max_examples=int(os.environ.get("GIA_HYPOTHESIS_EXAMPLES", 300)))
LATIN_WORD = st.text(st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")), min_size=1, max_size=8)
NON_LATIN_LETTER = st.characters(categories=("Lu", "Ll", "Lo")).filter(
    lambda c: "LATIN" not in unicodedata.name(c, "LATIN"))


@PROPERTIES
@given(st.lists(LATIN_WORD, min_size=1, max_size=3), st.data())
def test_case_accents_spacing_and_order_never_make_another_person(words, data):
    name = " ".join(words)
    accented = "".join(data.draw(st.sampled_from([c, unicodedata.normalize("NFC", c + "\u0301"), c.upper()]))
                       if c != " " else c for c in name)
    spaced = data.draw(st.sampled_from([" ", "\t", "\u00a0", "  ", "\u3000"])).join(accented.split(" "))
    assert person_key(spaced, b"k") == person_key(name, b"k")
    if len(words) > 1:
        assert person_key(f"{words[-1]}, {' '.join(words[:-1])}", b"k") == person_key(name, b"k")


@PROPERTIES
@given(LATIN_WORD, st.integers(0, 9), st.integers(0, 9))
def test_names_that_differ_only_in_digits_are_two_people(word, a, b):
    if a != b:
        assert person_key(f"{word} {a}", b"k") != person_key(f"{word} {b}", b"k")
        assert person_key(f"{word}{a}", b"k") != person_key(f"{word}{b}", b"k")


@PROPERTIES
@given(LATIN_WORD, NON_LATIN_LETTER, NON_LATIN_LETTER)
def test_names_that_differ_only_in_a_non_latin_letter_are_two_people(word, a, b):
    assert person_key(a, b"k") is not None
    # another case or compatibility form of a letter (ﾊ, ハ) is the same letter
    if unicodedata.normalize("NFKD", a.casefold()) != unicodedata.normalize("NFKD", b.casefold()):
        assert person_key(f"{word} {a}", b"k") != person_key(f"{word} {b}", b"k")


NO_LETTER = st.characters(categories=("P", "S", "Z", "Cc", "M")).filter(   # not even in another form (⒜, ͅ → ι)
    lambda c: not any(x.isalnum() for x in unicodedata.normalize("NFKD", c) + unicodedata.normalize("NFKD", c.casefold())))


@PROPERTIES
@given(st.text(NO_LETTER))
def test_a_name_without_letters_or_digits_has_no_key(name):
    assert normalise_name(name) == "" and person_key(name, b"k") is None


NAME_CHARS = st.one_of(st.characters(min_codepoint=0, max_codepoint=0x7f), st.sampled_from(",  ,.-'\u00e9\u00eb\u00a0\u674e"))
# names that start with forms of address and titles, in both paths (ASCII and not)
TITLED = st.builds(lambda titles, rest: "".join(titles) + rest,
                   st.lists(st.sampled_from(["Dhr. ", "mevr ", "Mw.", "De heer ", "drs. ", "Dr ", "ing.", "Prof. ",
                                             "Jansen, dhr. ", "m\u00e9vr. ", "(wethouder) ", "[x] ", "(("]), max_size=3),
                   st.text(NAME_CHARS, max_size=12))


@PROPERTIES
@given(st.lists(st.one_of(st.none(), st.text(NAME_CHARS, max_size=20), TITLED), max_size=20))
def test_the_vectorised_keys_are_the_keys_of_each_name(names):
    import pyarrow as pa

    from gia_pipeline.lib.pseudonyms import person_keys, person_keys_array

    assert person_keys_array(pa.array(names, pa.string())).to_pylist() == person_keys(names)
