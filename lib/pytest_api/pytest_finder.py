"""Serving the light pytest as `pytest` (module `_pyspace.pytest_api.pytest_finder`).

install() puts a meta-path finder in the root. When test code first imports `pytest`, the
finder looks for the real pytest (the light module hands everything it does not implement to
it) and, when it is installed, gives a module filled from `_pyspace.pytest_api.pytest_lite`; only then is
the light module imported, so a suite that never imports pytest pays for neither. Without an
installed pytest the import fails as it would without the runner.
Contract: install() runs in the root, GIL held, before any space exists; `pytest` is a shared
module, so its import always reaches this finder in the root's context.
"""
import sys


class PytestFinder:
    """Meta-path finder for the name `pytest` only."""

    def find_spec(self, name, path=None, target=None):
        if name != "pytest" or path is not None:
            return None
        from importlib.machinery import ModuleSpec, PathFinder
        real = PathFinder.find_spec("pytest")
        if real is None or real.loader is None:
            return None
        from _pyspace.pytest_api import pytest_lite
        pytest_lite.use_real_spec(real)
        return ModuleSpec("pytest", self, origin=real.origin)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        from _pyspace.pytest_api import pytest_lite
        for key, value in vars(pytest_lite).items():
            if not key.startswith("__") or key in ("__doc__", "__getattr__"):
                setattr(module, key, value)
        module.__file__ = module.__spec__.origin

    def invalidate_caches(self):
        pass


def install():
    """Serves the light pytest as `pytest` from now on, unless pytest is imported already.
    Returns whether the finder was installed."""
    if "pytest" in sys.modules or any(isinstance(f, PytestFinder) for f in sys.meta_path):
        return False
    sys.meta_path.insert(0, PytestFinder())
    return True
