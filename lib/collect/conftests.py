"""conftest.py files from the rootdir down to a test file's directory (module `_pyspace.collect.conftests`).

Each is imported once per space as pytest's prepend import mode does: inside a package (its
directory has __init__.py) under its dotted name with the package's base directory first on
sys.path; otherwise as top-level `conftest` with its directory first on sys.path (the previous
`conftest` module is dropped from sys.modules first). The memo of what was imported belongs to
the active space (space_state), so it goes away with the space and the next space imports its
conftests afresh.

layers(rootdir, path, confcutdir) gives the fixture layers (definitions.Layer) of those conftests,
outermost first, after the builtin layer. The search starts at confcutdir (default: the
rootdir); pytest 7.2 without an ini file starts at the filesystem root ("/").
"""

import importlib
import os
import sys

from _pyspace.python import lazy
from _pyspace.space import space_state
from _pyspace.collect import hooks, import_modes
from _pyspace.fixtures import builtin_fixtures, definitions


class ConftestImportError(Exception):
    """A conftest.py failed to import; .path is the file, __cause__ the exception."""

    def __init__(self, path):
        super().__init__(f"ImportError while loading conftest '{path}'.")
        self.path = path


class _Memo:
    """What one space imported and found (kept in its space_state under this module's name)."""

    __slots__ = ("modules", "layers", "builtin", "unsupported", "isfile")

    def __init__(self):
        self.modules = {}   # conftest path -> module
        self.layers = {}    # conftest path -> definitions.Layer
        self.builtin = None
        self.unsupported = []  # what loaded conftests define that the native engine ignores
        self.isfile = {}    # path -> os.path.isfile(path), asked once per space


def _memo():
    return space_state.owned(__name__, _Memo)


def is_file(path):
    """os.path.isfile(path), remembered for the rest of this space's collection (the files
    of a run are collected before any test runs)."""
    known = _memo().isfile
    found = known.get(path)
    if found is None:
        found = known[path] = os.path.isfile(path)
    return found


def builtin_layer():
    """The layer of builtin fixtures (one per space)."""
    memo = _memo()
    if memo.builtin is None:
        memo.builtin = definitions.Layer(builtin_fixtures.definitions())
    return memo.builtin


_switches = {"noconftest": False}


def set_noconftest(value):
    """--noconftest: no conftest.py file is loaded (for the whole run)."""
    _switches["noconftest"] = bool(value)


def conftest_paths(rootdir, path, confcutdir=None):
    """conftest.py files from confcutdir (default: rootdir) down to path's directory; none with
    --noconftest."""
    if _switches["noconftest"]:
        return []
    top = os.path.abspath(confcutdir or rootdir)
    directory = os.path.dirname(os.path.abspath(path))
    if directory != top and not directory.startswith(top.rstrip(os.sep) + os.sep):
        directories = [directory]
    else:
        relative = os.path.relpath(directory, top)
        parts = [] if relative == "." else relative.split(os.sep)
        directories = [os.path.join(top, *parts[:depth]) for depth in range(len(parts) + 1)]
    found = []
    for candidate in directories:
        conftest = os.path.join(candidate, "conftest.py")
        if is_file(conftest):
            found.append(conftest)
    return found


def layers(rootdir, path, confcutdir=None):
    """[builtin layer, conftest layers outermost first]. Raises ConftestImportError."""
    memo = _memo()
    result = [builtin_layer()]
    for conftest in conftest_paths(rootdir, path, confcutdir):
        layer = memo.layers.get(conftest)
        if layer is None:
            module = load(conftest)
            directory = os.path.dirname(conftest)
            baseid = os.path.relpath(directory, rootdir).replace(os.sep, "/")
            location = sys.intern(baseid if baseid != "." else "")
            layer = definitions.Layer(definitions.definitions_in(module, location,
                                                            location_dir=location))
            memo.layers[conftest] = layer
        result.append(layer)
    return result


failure_text = lazy.module("_pyspace.assertion.failure_text")  # only for a failed initial conftest


def initial_failure(anchors, rootdir, confcutdir=None):
    """pytest's initial conftests (Config._set_initial_conftests), imported now, before any test
    file: for each anchor (a command-line path, or the invocation directory when none was given)
    the conftest.py files down to it and, for a directory, down to each of its `test*`
    subdirectories. When one does not import: pytest's text for it ("ImportError while loading
    conftest '...'." and the short traceback without importlib's frames), with which pytest
    exits 4 before the session starts; else None. Contract: the run's space active."""
    for anchor in anchors:
        if not os.path.exists(anchor):
            continue
        targets = [anchor]
        if os.path.isdir(anchor):
            targets = [os.path.join(anchor, "_")]
            targets.extend(os.path.join(anchor, entry, "_") for entry in sorted(os.listdir(anchor))
                           if entry.startswith("test") and os.path.isdir(os.path.join(anchor, entry)))
        for target in targets:
            try:
                layers(rootdir, target, confcutdir)
            except ConftestImportError as exc:
                return _initial_failure_text(exc)
    return None


def _initial_failure_text(exc):
    cause = exc.__cause__
    if cause is None:
        return f"{exc}\n"
    kept, tb = [], cause.__traceback__
    while tb is not None:  # pytest's filter_traceback_for_conftest_import_failure
        if "importlib" not in tb.tb_frame.f_code.co_filename.split(os.sep):
            kept.append(tb)
        tb = tb.tb_next
    for before, after in zip(kept, kept[1:]):
        before.tb_next = after
    if kept:
        kept[-1].tb_next = None
    cause.__traceback__ = kept[0] if kept else None
    _, text = failure_text.describe(cause, style="short")
    return f"{exc}\n{text.rstrip()}\n"


def modules():
    """The conftest modules imported in this space so far (path -> module)."""
    return dict(_memo().modules)


def load(conftest):
    """Import one conftest.py (memoized per space). Raises ConftestImportError."""
    memo = _memo()
    module = memo.modules.get(conftest)
    if module is not None:
        return module
    try:
        module = _import(conftest)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        raise ConftestImportError(conftest) from exc
    memo.modules[conftest] = module
    memo.unsupported.extend(_unsupported(module, conftest))
    needs_pytest = hooks.register(module, conftest, _shown(conftest))
    if needs_pytest:
        memo.unsupported.append(needs_pytest)
    return module


def _import(conftest):
    """The conftest's module, imported as --import-mode says (import_modes.py); nothing is left in
    sys.modules under its name when that raises."""
    if import_modes.by_path():
        return import_modes.import_by_path(conftest)
    name, basedir = _identity(conftest)
    if name == "conftest":
        sys.modules.pop("conftest", None)
    import_modes.put_on_path(basedir)
    space_state.claim_file(name, conftest)
    try:
        return importlib.import_module(name)
    except BaseException:
        sys.modules.pop(name, None)
        raise


def unsupported():
    """What the conftest.py files loaded in this space define that the native engine does not
    honour (hooks, pytest_plugins, collect_ignore), one message each, in the order met."""
    return list(_memo().unsupported)


_UNHONOURED_NAMES = ("pytest_plugins", "collect_ignore", "collect_ignore_glob")


def _unsupported(module, path):
    found = []
    namespace = vars(module)
    shown = _shown(path)
    for name in sorted(namespace):
        value = namespace[name]
        if name in _UNHONOURED_NAMES:
            if value:
                found.append(f"{shown} sets {name}")
        elif name.startswith("pytest_") and callable(value) and name not in hooks.NATIVE:
            code = getattr(value, "__code__", None)
            where = f"{shown}:{code.co_firstlineno}" if code is not None else shown
            found.append(f"{where} defines the hook {name}")
    return found


def _shown(path):
    """A path as pytest's messages show it: relative to the working directory when inside."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def _identity(path):
    """(module name, sys.path entry) for a conftest.py, by pytest's rule (resolve_package_path),
    as discovery.cpp's import_name_for names test modules: a directory is a package level when it
    holds an __init__.py and its name is an identifier (`my-tests/conftest.py` is `conftest`)."""
    directory, filename = os.path.split(path)
    parts = [filename[:-3]]
    while (os.path.basename(directory).isidentifier()
           and os.path.isfile(os.path.join(directory, "__init__.py"))):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
    return ".".join(parts), directory
