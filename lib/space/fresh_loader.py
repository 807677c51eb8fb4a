"""Freshness of project code (module `_pyspace.fresh_loader`).

CPython validates a .pyc by the source's mtime in whole seconds plus its size, so an edit within
the same second that keeps the size is silently ignored. For the project's own directories (all
but the standard library and installed packages) spaces import through `FreshSourceLoader`,
which always reads the source and reuses a compiled code object only when the source bytes are
identical to those it was compiled from. Code objects are immutable, so one compiled object
serves every space. No .pyc is read or written for project files.
"""
import os
import site
import sys
import sysconfig
from importlib.machinery import (EXTENSION_SUFFIXES, SOURCE_SUFFIXES, ExtensionFileLoader,
                                 FileFinder, SourceFileLoader)

# path -> (mtime_ns, size, source bytes, code); shared by all spaces of the process.
_code_cache = {}


class FreshSourceLoader(SourceFileLoader):
    """SourceFileLoader that never trusts bytecode caches. Contract: called by importlib with the
    import lock for the module held; the space importing it is active."""

    transform = None  # optional hook (source bytes, path) -> code, e.g. assertion rewriting

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        source = self.get_data(path)
        stat = os.stat(path)
        cached = _code_cache.get(path)
        if cached is not None and cached[2] == source:
            return cached[3]
        transform = FreshSourceLoader.transform
        code = transform(source, path) if transform else self.source_to_code(source, path)
        _code_cache[path] = (stat.st_mtime_ns, stat.st_size, source, code)
        return code

    def set_data(self, path, data, *, _mode=0o666):
        pass  # never write bytecode for project files


def _system_prefixes():
    """Directories whose modules are the interpreter's or installed packages (trusted .pyc)."""
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    candidates.update(sysconfig.get_paths().values())
    try:
        candidates.update(site.getsitepackages())
    except AttributeError:
        pass
    prefixes = set()
    for path in candidates:
        if path and path not in ("/", "/usr", "/usr/local"):
            prefixes.add(os.path.join(os.path.realpath(path), ""))
    for path in sys.path:  # dist-packages of Debian, a virtualenv's site-packages
        if path.endswith(("site-packages", "dist-packages")) or "/lib/python3" in path:
            prefixes.add(os.path.join(os.path.realpath(path), ""))
    return tuple(sorted(prefixes))


SYSTEM_PREFIXES = _system_prefixes()


def is_project_path(path):
    """True for a directory outside the stdlib and installed packages (or a relative one)."""
    real = os.path.join(os.path.realpath(path or os.getcwd()), "")
    return not real.startswith(SYSTEM_PREFIXES)


def _fresh_finder_factory():
    return FileFinder.path_hook((ExtensionFileLoader, EXTENSION_SUFFIXES),
                                (FreshSourceLoader, SOURCE_SUFFIXES))


_make_fresh_finder = _fresh_finder_factory()


def fresh_path_hook(path):
    """sys.path_hooks entry used while a space is active: FileFinders with FreshSourceLoader for
    project directories; ImportError (next hook) for the others."""
    if path and not os.path.isdir(path):
        raise ImportError("not a directory")
    if not is_project_path(path):
        raise ImportError("system directory: the regular FileFinder serves it")
    return _make_fresh_finder(path or os.getcwd())
