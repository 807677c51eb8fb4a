"""Modules imported on first use (module `_pyspace.python.lazy`).

The runner's failure formatting and -k/-m parsing are only needed when a test fails or an
expression is given, `inspect` only for unusual test functions; importing them at start-up would
cost every run. `module(name)` returns a stand-in whose first attribute access imports the module
and from then on forwards to it. The module must be one a space imports in the root
(`_pyspace` modules, root_import.ROOT_STDLIB_MODULES), so that the stand-in never holds a
space's module.
"""

import importlib


class _LazyModule:
    __slots__ = ("_name", "_module")

    def __init__(self, name):
        self._name = name
        self._module = None

    def __getattr__(self, attribute):
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attribute)

    def __repr__(self):
        return f"<lazy module {self._name!r}>"


def module(name):
    """A stand-in for module `name`, imported the first time an attribute is read."""
    return _LazyModule(name)
