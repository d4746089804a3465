"""The cache files of lib/json_cache.py: parsed once per process until another process replaces
them, and bounded where the caller says how many results to keep."""

import json
import os

import pytest

from gia_pipeline.lib import json_cache


@pytest.fixture
def parses(monkeypatch):
    """A new process's view (nothing parsed yet), counting the files it parses."""
    monkeypatch.setattr(json_cache, "_PARSED", {})
    count = []
    real = json.loads

    def counting(text, *args, **kwargs):
        count.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(json_cache.json, "loads", counting)
    return count


def replace_as_another_process(path, content: dict) -> None:
    tmp = path.with_name("elsewhere.tmp")
    tmp.write_text(json.dumps(content))
    os.replace(tmp, path)


def test_a_file_is_parsed_once_until_another_process_replaces_it(tmp_path, parses):
    cache = tmp_path / "c.json"
    replace_as_another_process(cache, {"a": [1]})
    assert json_cache.load(cache) == {"a": [1]} and json_cache.load(cache) == {"a": [1]}
    assert len(parses) == 1

    mine = json_cache.load(cache)
    mine["b"] = [2]                                   # the caller's dict, not the parsed one
    assert json_cache.load(cache) == {"a": [1]}

    replace_as_another_process(cache, {"a": [1], "c": [3]})
    assert json_cache.load(cache) == {"a": [1], "c": [3]}
    assert len(parses) == 2

    json_cache.save(cache, {"d": [4]})                # what this process wrote it need not parse
    assert json_cache.load(cache) == {"d": [4]}
    assert len(parses) == 2


def test_an_unreadable_or_missing_file_is_an_empty_cache(tmp_path, parses):
    assert json_cache.load(None) == {} and json_cache.load(tmp_path / "none.json") == {}
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert json_cache.load(broken) == {}


def test_keep_bounds_the_file_to_the_newest_results(tmp_path, parses):
    cache = tmp_path / "c.json"
    for key in "abcde":
        json_cache.remembered({}, cache, key, lambda key=key: key.upper(), keep=3)
    assert json.loads(cache.read_text()) == {"c": "C", "d": "D", "e": "E"}
    computed = []
    assert json_cache.remembered({}, cache, "d", lambda: computed.append("d")) == "D"   # read, not computed
    assert computed == []
