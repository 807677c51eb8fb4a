"""pytest's --import-mode for test modules and conftest.py files (module
`_pyspace.collect.import_modes`).

prepend (the default): the file's base directory (the first one upward that is not a package)
goes first on sys.path and the file is imported under its dotted name from there. append: the
base directory goes last on sys.path when it is not there yet. importlib: sys.path is left alone;
the file is executed as the module named by its path from the rootdir ("tests/unit/test_x.py"
is "tests.unit.test_x"), and the parents of that name which cannot be imported are empty modules.

configure() is called once per run before collection (module state of the root, shared by
every space); the other functions with the space active.
"""

import importlib
import importlib.util
import os
import sys
import types

from _pyspace.space import fresh_loader, space_state

MODES = ("prepend", "append", "importlib")
_settings = {"mode": "prepend", "rootdir": ""}


def configure(mode, rootdir):
    if mode not in MODES:
        raise ValueError(f"unknown import mode {mode!r}")
    _settings["mode"] = mode
    _settings["rootdir"] = rootdir


def by_path():
    """True under --import-mode=importlib."""
    return _settings["mode"] == "importlib"


def put_on_path(directory):
    """directory on sys.path as the mode wants it (prepend: first; append: last if missing)."""
    path = sys.path
    if _settings["mode"] == "append":
        if directory not in path:
            path.append(directory)
        return
    if path and path[0] == directory:
        return
    if directory in path:
        path.remove(directory)
    path.insert(0, directory)


def module_name_for(path):
    """pytest 7.2's module_name_from_path: the file's path from the rootdir, dotted, without
    '.py'; from the filesystem root when outside it."""
    stem = os.path.splitext(path)[0]
    rootdir = _settings["rootdir"]
    relative = os.path.relpath(stem, rootdir) if rootdir else stem
    if not rootdir or relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        relative = stem.lstrip(os.sep)
    return ".".join(relative.split(os.sep))


def import_by_path(path):
    """--import-mode=importlib: executes `path` as the active space's module module_name_for(path)
    (the fresh loader, so asserts are rewritten), then fills in missing parent modules. Raises
    what executing it raises (the module is then not left in sys.modules)."""
    name = module_name_for(path)
    space_state.claim_file(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=fresh_loader.FreshSourceLoader(name, path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    _insert_missing_parents(name)
    return module


def _insert_missing_parents(name):
    parts = name.split(".")[:-1]
    while parts:
        parent = ".".join(parts)
        if parent not in sys.modules:
            try:
                importlib.import_module(parent)
            except ModuleNotFoundError:
                sys.modules[parent] = types.ModuleType(
                    parent, "Empty module created by pytest's importmode=importlib.")
        parts.pop()
