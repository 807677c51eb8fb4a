"""Start-up of pyspace-test's embedded Python code (module `_pyspace.python.bootstrap`).

Executed once by lib/python/interpreter.cpp right after Py_InitializeFromConfig, in the root
(no space exists yet). `install()` registers an importer serving the sources compiled into the
binary: `_pyspace.<dir>.<stem>` for each lib/<dir>/<stem>.py (in package `_pyspace.<dir>`), and
the public `pyspace` module.
"""
import marshal
import sys
import types
from importlib.machinery import ModuleSpec

import _pyspace_native

PUBLIC_ALIASES = {"pyspace": "_pyspace.space.pyspace"}


class EmbeddedImporter:
    """Meta-path finder and loader for the embedded sources. Contract: sources never change
    during the process, so code objects are compiled once (at build time); source text and code
    are read from the binary when a module is loaded or its source asked for."""

    def __init__(self, origins):
        self._origins = origins  # module name -> origin path
        self._packages = {name.rpartition(".")[0] for name in origins}  # "_pyspace.<dir>"

    def _key(self, name):
        return PUBLIC_ALIASES.get(name, name)

    def find_spec(self, name, path=None, target=None):
        if name in self._packages:
            return ModuleSpec(name, self, is_package=True)
        origin = self._origins.get(self._key(name))
        if origin is None:
            return None
        return ModuleSpec(name, self, origin=origin)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        if module.__name__ in self._packages:
            return  # a directory's package: its modules are imported one by one
        key = self._key(module.__name__)
        module.__file__ = self._origins[key]
        exec(marshal.loads(_pyspace_native.embedded_code(key)), module.__dict__)

    def get_source(self, name):
        if name in self._packages:
            return ""
        return _pyspace_native.embedded_source(self._key(name))

    def invalidate_caches(self):
        pass


def _package(name, importer):
    package = types.ModuleType(name)
    package.__path__ = []
    package.__spec__ = ModuleSpec(name, importer, is_package=True)
    package.__loader__ = importer
    return package


def install(extra_path):
    """Registers the embedded modules and completes sys.path. Called once, GIL held."""
    # Root modules from start-up on every version: on 3.11 importlib.util imports contextlib (and
    # with it collections, functools, operator, keyword, reprlib); 3.12 no longer does. Left to
    # the first space, a space would own its copy of collections while a root import (inspect)
    # sets `collections.abc` on the root's copy: typing then fails ("module 'collections' has no
    # attribute 'abc'").
    import contextlib  # noqa: F401
    importer = EmbeddedImporter(_pyspace_native.embedded_origins())
    sys.meta_path.insert(0, importer)
    sys.modules["_pyspace"] = _package("_pyspace", importer)
    for entry in extra_path:
        if entry not in sys.path:
            sys.path.append(entry)
