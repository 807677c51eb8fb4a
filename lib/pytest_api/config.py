"""The `Config` test code sees (`pytestconfig`, `request.config`; module `_pyspace.pytest_api.config`).

The subset of pytest's Config that tests read, filled from the run's configuration by
set_config(). pathlib and py.path are imported only when a test asks for a path.
"""

import os
import sys

from _pyspace.space import space_state

_NOTSET = object()


_STATE_KEY = __name__  # the Config of the active space's session, in its space_state


def set_config(config):
    """Make `config` (a Config) what pytestconfig / request.config return in the active space."""
    space_state.current()[_STATE_KEY] = config


def space_config():
    """The active space's Config when something set one (conftest hooks do), else None."""
    return space_state.current().get(_STATE_KEY)


def config_object():
    """The active space's Config (an empty one until its session sets it)."""
    state = space_state.current()
    config = state.get(_STATE_KEY)
    if config is None:
        config = state[_STATE_KEY] = Config({})
    return config


class _Options:
    def __init__(self):
        self.verbose = 0
        self.capture = "fd"
        self.markexpr = ""
        self.keyword = ""
        self.runxfail = False

    def __getattr__(self, name):
        return None


class Config:
    """The subset of pytest's Config that tests read: getoption, getini, rootpath, option."""

    def __init__(self, ini, rootdir=None, options=None):
        self._ini = dict(ini or {})
        self.option = _Options()
        for key, value in (options or {}).items():
            setattr(self.option, key, value)
        self._root = os.path.realpath(rootdir or self._ini.get("rootdir") or ".")
        self._inifile = self._ini.get("file")
        self.args = []
        self.stash = {}
        self._cache = _NOTSET

    @property
    def cache(self):
        """pytest's Cache over the run's cache directory (None with -p no:cacheprovider);
        made on first use."""
        if self._cache is _NOTSET:
            from _pyspace.pytest_api import cache
            self._cache = cache.for_directory(self._ini.get("cache_dir_path"))
        return self._cache

    @cache.setter
    def cache(self, value):
        self._cache = value

    # pathlib and py.path are imported only when a test asks for these.
    @property
    def rootpath(self):
        import pathlib
        return pathlib.Path(self._root)

    @property
    def inipath(self):
        import pathlib
        return pathlib.Path(self._inifile) if self._inifile else None

    @property
    def rootdir(self):
        return legacy_path(self._root)

    @property
    def inifile(self):
        return legacy_path(self._inifile) if self._inifile else None

    def getoption(self, name, default=_NOTSET, skip=False):
        attr = name.lstrip("-").replace("-", "_")
        value = getattr(self.option, attr, None)
        if value is None:
            if default is not _NOTSET:
                return default
            if skip:
                import_skip = sys.modules.get("pytest")
                if import_skip is not None:
                    import_skip.skip(f"no {name!r} option found")
        return value

    def getvalue(self, name):
        return self.getoption(name)

    def getini(self, name):
        if name in self._ini and name not in ("file", "warnings", "lines"):
            return self._ini[name]
        return [] if name in ("markers", "filterwarnings", "testpaths") else ""

    def addinivalue_line(self, name, line):
        self._ini.setdefault(name, []).append(line)


def legacy_path(path):
    try:
        from py.path import local  # noqa: PLC0415 (optional, pure)
    except Exception:
        import pathlib
        return pathlib.Path(path)
    return local(path)
