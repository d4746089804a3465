"""Pseudonymous person keys: one key per person however the name is written, never one key for
two people (properties checked with Hypothesis, derandomised)."""

import os
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gia_pipeline.lib.pseudonyms import normalise_name, person_key


def test_same_person_written_differently_gets_one_key():
    assert normalise_name("Jansen, Piet") == "piet jansen"
    assert person_key("Jansen, Piet") == person_key("piet  Jansen ") == person_key("Piet Jánsen")
    assert person_key("Piet Jansen") != person_key("Piet Janssen")


def test_key_depends_on_the_secret_and_hides_the_name():
    k = person_key("Piet Jansen", b"one")
    assert k != person_key("Piet Jansen", b"two")
    assert len(k) == 16 and "jansen" not in k
    assert person_key("") is None and person_key(None) is None


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
