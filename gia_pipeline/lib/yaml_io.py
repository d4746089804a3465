"""YAML for the declaration files (contracts, expectations, rules): libyaml's C safe loader when
PyYAML was built with it (about 8x faster, which the definitions load feels), PyYAML's pure-Python
safe loader otherwise. Both build plain Python objects only; both raise `yaml.YAMLError`."""

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def loads(text: str):
    return yaml.load(text, Loader=_LOADER)
