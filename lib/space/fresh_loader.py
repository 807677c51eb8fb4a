"""Freshness of project code (module `_pyspace.space.fresh_loader`).

CPython validates a .pyc by the source's mtime in whole seconds plus its size, so an edit within
the same second that keeps the size is silently ignored. For the project's own directories (all
but the standard library and installed packages) spaces import through `FreshSourceLoader`,
which always reads the source and reuses a compiled code object only when the source bytes are
identical to those it was compiled from. Code objects are immutable, so one compiled object
serves every space. No .pyc is read or written for project files.
"""
import marshal
import os
import site
import sys
from importlib.machinery import (EXTENSION_SUFFIXES, SOURCE_SUFFIXES, ExtensionFileLoader,
                                 FileFinder, SourceFileLoader)

# path -> (source bytes, code); shared by all spaces of the process.
_code_cache = {}


def set_transform(transform):
    """Sets the hook (source bytes, path) -> code that compiles every project module of every
    space (lib/assertion's rewriter installs itself here: this layer knows no rewriting).
    Process-wide by design: all spaces compile the same source the same way, and the code cache
    and the disk cache key on the transform's cache_tag. None: plain compilation."""
    FreshSourceLoader.transform = staticmethod(transform) if transform is not None else None


class FreshSourceLoader(SourceFileLoader):
    """SourceFileLoader that never trusts bytecode caches. Contract: called by importlib with the
    import lock for the module held; the space importing it is active."""

    transform = None  # set_transform(): (source bytes, path) -> code, e.g. assertion rewriting

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        source = self.get_data(path)
        cached = _code_cache.get(path)
        if cached is not None and cached[0] == source:
            return cached[1]
        transform = FreshSourceLoader.transform
        code = _disk_cache.load(path, source, transform)
        if code is None:
            code = transform(source, path) if transform else self.source_to_code(source, path)
            _disk_cache.store(path, source, transform, code)
        _code_cache[path] = (source, code)
        return code

    def set_data(self, path, data, *, _mode=0o666):
        pass  # never write bytecode for project files


class _DiskCodeCache:
    """Compiled (and assertion-rewritten) code of project files kept between processes, keyed by
    a hash of the exact source bytes, the file's path, the transform's identity and the
    interpreter's bytecode magic: content, not mtime, decides, so a stale entry cannot be used.
    Lives in $XDG_CACHE_HOME/pyspace-test (or ~/.cache/pyspace-test); PYSPACE_TEST_NO_CACHE=1 or an
    unwritable directory turns it off."""

    def __init__(self):
        self._directory = None
        self._enabled = os.environ.get("PYSPACE_TEST_NO_CACHE", "") in ("", "0")

    def _dir(self):
        if self._directory is None:
            import importlib.util
            base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
            tag = importlib.util.MAGIC_NUMBER.hex()
            self._directory = os.path.join(base, "pyspace-test", f"code-{tag}")
        return self._directory

    def _file(self, path, source, transform):
        from _blake2 import blake2b  # builtin; hashlib would load OpenSSL (ms) first
        digest = blake2b(source, digest_size=20)
        digest.update(path.encode("utf-8", "surrogateescape"))
        digest.update(getattr(transform, "cache_tag", "plain").encode())
        return os.path.join(self._dir(), digest.hexdigest() + ".code")

    def load(self, path, source, transform):
        if not self._enabled or (transform is not None and not hasattr(transform, "cache_tag")):
            return None
        try:
            with open(self._file(path, source, transform), "rb") as handle:
                return marshal.loads(handle.read())
        except (OSError, ValueError, EOFError, TypeError):
            return None

    def store(self, path, source, transform, code):
        if not self._enabled or (transform is not None and not hasattr(transform, "cache_tag")):
            return
        target = self._file(path, source, transform)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            temporary = f"{target}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                handle.write(marshal.dumps(code))
            os.replace(temporary, target)
        except OSError:
            self._enabled = False  # read-only home, full disk: compile every time


_disk_cache = _DiskCodeCache()


def _system_prefixes():
    """Directories whose modules are the interpreter's or installed packages (trusted .pyc)."""
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    candidates.add(os.path.dirname(os.__file__))  # the stdlib (sysconfig would cost 2 ms)
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
