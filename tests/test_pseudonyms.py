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
