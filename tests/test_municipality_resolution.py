"""Resolution of typed municipality names: every alias class, fuzzy limits and garbage."""

import csv
import re

import pytest

from gia_pipeline.lib import paths
from gia_pipeline.lib.municipality_resolution import MunicipalityResolver, normalise, split_names


@pytest.fixture(scope="module")
def resolver():
    with (paths.REFERENCE_DIR / "gemeenten_2009.csv").open(encoding="utf-8", newline="") as f:
        municipalities = [(r["gemeentecode"], r["gemeentenaam"]) for r in csv.DictReader(f)]
    return MunicipalityResolver.from_files(municipalities)


@pytest.mark.parametrize("text, code, method", [
    ("'s-Gravenhage", "0518", "exact"),
    ("Nuenen, Gerwen en Nederwetten", "0820", "exact"),
    ("Den Haag", "0518", "alias"),
    ("den haag", "0518", "alias"),
    ("Den Bosch", "0796", "alias"),
    ("Gem. Den Bosch", "0796", "alias"),
    ("Hengelo (O)", "0164", "alias"),
    ("Bergen NH", "0373", "alias"),
    ("Bergen (L.)", "0893", "exact"),
    ("Dantumadeel", "1891", "alias"),
    ("Skasterlan", "0051", "alias"),
    ("Gem. Utrecht", "0344", "normalised"),
    ("Gemeente Utrecht", "0344", "normalised"),
    ("  UTRECHT ", "0344", "normalised"),
    ("s-Gravenhage", "0518", "normalised"),
    ("Skarsterlân", "0051", "exact"),
    ("Tytsjerksteradiel", "0737", "exact"),
    ("Tytsjerksteradeel", "0737", "fuzzy"),          # one letter off a long name
    ("Haarlemmermer", "0394", "fuzzy"),              # a dropped letter
])
def test_resolves(resolver, text, code, method):
    r = resolver.resolve(text)
    assert (r.gemeentecode, r.method) == (code, method), r


@pytest.mark.parametrize("text, reason", [
    ("", "empty"),
    (None, "empty"),
    ("???", "no letters or digits"),
    ("Ede2", "too short"),
    ("test", "too short"),
    ("Gemeente Nergenshuizen", "no municipality within similarity"),
    ("Provincie Limburg", "no municipality within similarity"),
    ("Bergen", "no municipality within similarity"),   # Bergen (NH.) or (L.)? never guessed
])
def test_unresolved_never_guesses(resolver, text, reason):
    r = resolver.resolve(text)
    assert r.gemeentecode is None and r.method == "unresolved"
    assert reason in r.reason


def test_unresolved_carries_candidates(resolver):
    r = resolver.resolve("Bergen")
    assert "Bergen (L.) (0893)" in r.candidates and "Ubbergen (0282)" in r.candidates


@pytest.mark.parametrize("text, pieces", [
    ("Oss/Uden; Bernheze,\nSint-Oedenrode", ["Oss", "Uden", "Bernheze", "Sint-Oedenrode"]),
    ("Oss / Uden /", ["Oss", "Uden"]),
    ("Alphen a/d Rijn", ["Alphen a/d Rijn"]),                       # 'aan den': one name
    ("Capelle a/d IJssel/Krimpen a/d IJssel", ["Capelle a/d IJssel", "Krimpen a/d IJssel"]),
    ("Bergen (L.)/Venray", ["Bergen (L.)", "Venray"]),
])
def test_partner_lists_split_on_separators_but_not_on_a_d(text, pieces):
    assert split_names(text) == pieces


@pytest.mark.parametrize("text", ["Alphen a/d Rijn", "Capelle a/d IJssel"])
def test_a_d_abbreviations_resolve(resolver, text):
    assert resolver.resolve(split_names(text)[0]).method == "alias"


def test_normalise():
    assert normalise("Gem. 's-Hertogenbosch") == "s hertogenbosch"
    assert normalise("Gaasterlân-Sleat") == "gaasterlan sleat"


def test_alias_to_unknown_code_is_refused():
    with pytest.raises(ValueError, match="unknown code"):
        MunicipalityResolver([("0001", "A")], [("B", "0002")])


@pytest.mark.parametrize("aliases", [[("Bergen", "0001"), ("Bergen", "0002")],    # one alias, two codes
                                     [("Gem. A", "0002")]])                         # an alias that is another's name
def test_an_alias_that_would_decide_by_file_order_is_refused(aliases):
    with pytest.raises(ValueError, match=r"points at 0002 \(B\), but it reads as 'A' \(0001\) already"):
        MunicipalityResolver([("0001", "A"), ("0002", "B")], aliases)


def test_an_alias_file_that_breaks_the_rules_is_named(tmp_path):
    bad = tmp_path / "aliases.csv"
    bad.write_text("alias,gemeentecode,note\nA,0002,wrong\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{bad}: alias 'A' points at 0002")):
        MunicipalityResolver.from_files([("0001", "A"), ("0002", "B")], bad)
