"""Modules a library imports eagerly but a refresh never uses, imported when first used instead.

Great Expectations imports `scipy.stats` (for its distribution and KL-divergence expectations,
none of which the project declares) and `altair` (its chart rendering) while it is imported:
about 0.8 s of the ~2.3 s that its import and context cost a refresh process (README,
Performance). `defer` puts a stand-in for such a module in `sys.modules`; the first attribute
read from it imports the real module, which then takes the stand-in's place. A library that does
use the module therefore gets it, only later.

The standard library's `importlib.util.LazyLoader` cannot do this here: its module loads on any
attribute read, and Python's import system reads `__spec__` of a module already in
`sys.modules` whenever it is imported again (`from scipy import stats` in GX's modules), so GX's
own import loaded both modules anyway (measured). The stand-in carries the real module's spec,
so those reads, `importlib.util.find_spec` and the import system's checks see a normal module.
"""

import importlib
import importlib.util
import sys
import threading
import types

_lock = threading.RLock()


class _Deferred(types.ModuleType):
    """Stands in for a module not yet imported. Module metadata (`__name__`, `__spec__`, …) is its
    own; any other attribute imports the real module and is read from it."""

    def __getattr__(self, attr: str):
        return getattr(_load(self), attr)


def defer(*names: str) -> None:
    """Defer importing each named module (a no-op for one already imported or not installed: it
    then imports, or fails to, exactly as it would have)."""
    with _lock:
        for name in names:
            if name in sys.modules:
                continue
            spec = importlib.util.find_spec(name)     # imports the parent package only
            if spec is None:
                continue
            # no __path__ or __file__: importing a submodule, or reading the file, imports the
            # real package first, as it would have
            stand_in = _Deferred(name)
            stand_in.__spec__ = spec
            stand_in.__loader__ = spec.loader
            sys.modules[name] = stand_in


def is_deferred(name: str) -> bool:
    """Whether `name` is still a stand-in (its real module not imported yet)."""
    return isinstance(sys.modules.get(name), _Deferred)    # once loaded, the real module is there


def _load(stand_in: _Deferred) -> types.ModuleType:
    name = stand_in.__name__
    with _lock:
        real = stand_in.__dict__.get("_loaded")
        if real is None:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]             # so the import system really imports it
            try:
                real = importlib.import_module(name)
            except BaseException:
                sys.modules.setdefault(name, stand_in)
                raise
            # what GX bound at import (`from scipy import stats`) is the stand-in: from now on it
            # reads the real module's attributes directly
            stand_in.__dict__.update(real.__dict__)
            stand_in.__dict__["_loaded"] = real
        return real
