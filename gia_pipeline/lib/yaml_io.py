"""YAML for the declaration files (contracts, expectations, rules): libyaml's C safe loader when
PyYAML was built with it (about 8x faster, which the definitions load feels), PyYAML's pure-Python
safe loader otherwise. Both build plain Python objects only; both raise `yaml.YAMLError`."""

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def loads(text: str):
    return yaml.load(text, Loader=_LOADER)


def load_mapping(path, error: type[Exception], what: str) -> dict:
    """A declaration file whose top level maps table names to something; `error` (naming the
    file) when it is not valid YAML or not a mapping. An empty file is an empty mapping."""
    try:
        doc = loads(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise error(f"{path}: not valid YAML: {e}") from e
    if not isinstance(doc, dict):
        raise error(f"{path}: top level must map table names to {what}")
    return doc
