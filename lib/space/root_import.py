"""Which imports must happen in the root, and the loader that hands such a module to a space
(module `_pyspace.space.root_import`).

C extensions cannot be loaded twice reliably (a single-phase extension comes back as a restored
copy; numpy refuses or warns), so an extension module, a package that contains extensions, and
every module the user lists as shared are imported in the root's context and shared by all
spaces, even when a space is the first to ask for them.
"""
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec, PathFinder

# Standard-library packages whose C accelerator imports the package back while it initialises
# (`_asyncio` imports asyncio.events, `_zoneinfo` imports zoneinfo._common): imported in a space,
# the accelerator (a root module) would build a second copy of the package in the root in the
# middle of the space's import. They are shared from the root as a whole. Found by importing
# every module of lib-dynload in a fresh interpreter and listing what each one imports.
ACCELERATED_PACKAGES = frozenset({"asyncio", "zoneinfo"})

# Standard-library modules whose state is the process's: `threading` knows the main thread and
# the live threads interpreter shutdown joins. One copy, in the root, imported when first needed.
PROCESS_WIDE_MODULES = frozenset({"threading"})

# Standard-library modules the runner imports only when needed (`inspect.signature` for a
# decorated test function, `tempfile` for tmp_path, `configparser` for setup.cfg, ...) although
# they once were root modules from start-up: one copy, in the root, imported when first needed
# by the runner or by test code. Otherwise a test importing one first would get a copy of its
# own, and a root package importing it later another (pathlib.Path from a test would not be the
# pathlib.Path matplotlib checks for). `ast`, `dis` and `opcode` come with `inspect`.
ROOT_STDLIB_MODULES = frozenset({"inspect", "ast", "dis", "opcode", "pathlib", "tempfile",
                                 "platform", "configparser", "sysconfig"})

_package_has_extension = {}  # package directory -> bool (checked once per process)


def _tree_has_extension(directory):
    cached = _package_has_extension.get(directory)
    if cached is None:
        cached = _scan_for_extension(directory)
        _package_has_extension[directory] = cached
    return cached


def _scan_for_extension(directory):
    pending = [directory]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(tuple(EXTENSION_SUFFIXES)):
                return True
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith((".", "__pycache__")):
                pending.append(entry.path)
    return False


def is_extension_spec(spec):
    origin = spec.origin or ""
    return origin == "built-in" or origin.endswith(tuple(EXTENSION_SUFFIXES))


ROOT = object()  # locate()'s answer for a module that must be imported in the root


def locate(name, path, shared_tops, root_tops, fakes=frozenset(), notices=None):
    """ROOT when module `name` (about to be imported while a space is active, with parent
    package search path `path`) must be imported in the root instead, else the spec PathFinder
    finds for it with the current sys.path and path hooks (None: not found there).

    The classloader rule: the standard library and installed distributions (whatever lives
    outside the project's directories, fresh_loader.is_project_path) are the root's, imported
    in the root's context, so that there is one copy of each (numbers with numpy's ABC
    registrations, patsy's classes for statsmodels); the project's code is the space's. Not
    that rule's exceptions: a module whose import would reach a faked or blocked name (`fakes`,
    fake_reach) stays in the space, so that the fake is what it imports; extensions and a
    top-level package holding them are the root's, a project package too (it is one unit with
    its in-tree extension; `notices` gets one sentence saying so).
    `shared_tops`: top-level names the user marked shared; `root_tops`: top-level packages
    already imported in the root (their submodules follow them)."""
    top = name.partition(".")[0]
    if top in shared_tops or top in root_tops or top in ACCELERATED_PACKAGES or top == "_pyspace" \
            or name in PROCESS_WIDE_MODULES or name in ROOT_STDLIB_MODULES:
        return ROOT
    if name in sys.builtin_module_names:
        return ROOT
    spec = PathFinder.find_spec(name, path)
    if spec is None:
        return None
    if is_extension_spec(spec):
        return ROOT
    from _pyspace.space.fresh_loader import is_project_path
    locations = spec.submodule_search_locations
    directories = list(locations) if locations else [os.path.dirname(spec.origin or "")]
    if not any(is_project_path(d) for d in directories):  # the stdlib or an installed package
        if fakes and _reaches_fake(name, spec, fakes, notices):
            return spec
        return ROOT
    if "." not in name and locations and any(_tree_has_extension(d) for d in locations):
        if notices is not None:
            notices.append(f"project package '{name}' holds a C extension: it is imported once, "
                           "shared by every space (edits to its Python files need a new run)")
        return ROOT
    return spec


def local_spec(name, path, notices):
    """The spec for `name`, one of a space's local names (local_modules), found on the space's
    own path: None when it is not there (the next finders try: a frozen module), ROOT for a C
    extension or a package holding one (loaded once, the root's: the extension would import the
    root's copy of its package; `notices` says why)."""
    spec = PathFinder.find_spec(name, path)
    if spec is None:
        return None
    if is_extension_spec(spec):
        reason = "is a C extension"
    elif spec.submodule_search_locations and any(
            _tree_has_extension(d) for d in spec.submodule_search_locations):
        reason = "holds a C extension"
    else:
        return spec
    notice = f"local '{name}' {reason}: it cannot be loaded twice, the space shares the root's"
    if notices is not None and notice not in notices:
        notices.append(notice)
    return ROOT


def find_in_root(name, path, target, root_path, meta_path):
    """The spec the root's meta-path finders give for `name`, PathFinder searching `root_path`
    for a top-level name (sys.path is the space's while it is active); None when none does."""
    for finder in meta_path:
        if finder is PathFinder:
            spec = PathFinder.find_spec(name, root_path if path is None else path, target)
        else:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
        if spec is not None:
            return spec
    return None


def _reaches_fake(name, spec, fakes, notices):
    from _pyspace.space import fake_reach
    origin = spec.origin if spec.has_location else None
    fake = fake_reach.reaches(name, origin, fakes)
    if fake is not None and notices is not None:
        notices.append(f"'{name}' is imported in the space, not shared: it imports the faked "
                       f"'{fake}'")
    return fake is not None


# Meta-path finders known to claim only their own few names, so that asking them first is
# cheap and exact: (module, class name) of this process's embedded importer, the light pytest
# finder and setuptools' distutils shim.
_NARROW_FINDERS = {("_pyspace.python.bootstrap", "EmbeddedImporter"), ("_pyspace.pytest_api.pytest_finder", "PytestFinder"),
                   ("_distutils_hack", "DistutilsMetaFinder")}


def path_finder_decides(name, path, meta_path, skip):
    """True when, in `meta_path` (minus `skip`), PathFinder is the first finder that would
    return a spec for `name`: every finder before it is a narrow one that declines."""
    from importlib.machinery import BuiltinImporter, FrozenImporter
    for finder in meta_path:
        if finder is skip:
            continue
        if finder is PathFinder:
            return True
        if finder is BuiltinImporter or finder is FrozenImporter or \
                (type(finder).__module__, type(finder).__name__) in _NARROW_FINDERS:
            if finder.find_spec(name, path) is not None:
                return False
            continue
        return False  # an unknown finder may claim anything
    return False


class AlreadyImported:
    """Loader that gives importlib a module the root already imported. importlib overwrites
    __spec__ while "creating" it; exec_module puts the real one back, then calls `after(module)`
    (space_state.after_import's hook) when given, the module being in the table by then."""

    def __init__(self, module, after=None):
        self.module = module
        self.spec = getattr(module, "__spec__", None)
        self.after = after

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        if self.spec is not None:
            module.__spec__ = self.spec
        if self.after is not None:
            self.after(module)


def spec_for(name, module, after=None):
    return ModuleSpec(name, AlreadyImported(module, after))


def find_spec(name, path, target):
    """The spec the meta-path finders of the current context give (importlib's own search, as
    importlib.reload does it); None when none does."""
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        if find is not None:
            spec = find(name, path, target)
            if spec is not None:
                return spec
    return None


class ReloadInRoot:
    """Loader for importlib.reload() of a root module from a space: the module is executed again
    by its real loader in the root's context (`in_root(callable)`), as a reload in the root
    would do. importlib sets __spec__ and __loader__ to ours first; the real ones are put back."""

    def __init__(self, spec, in_root):
        self.spec = spec
        self._in_root = in_root

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__spec__ = self.spec
        module.__loader__ = self.spec.loader
        self._in_root(lambda: self.spec.loader.exec_module(module))


def reload_spec(spec, in_root):
    """What the space's finder answers for a reload of a root module (None: not found)."""
    if spec is None or spec.loader is None:
        return spec
    ours = ModuleSpec(spec.name, ReloadInRoot(spec, in_root), origin=spec.origin)
    ours.submodule_search_locations = spec.submodule_search_locations  # importlib sets __path__
    return ours
