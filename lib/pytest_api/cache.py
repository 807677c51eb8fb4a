"""pytest's `Cache` (`config.cache`, the `cache` fixture; module `_pyspace.pytest_api.cache`),
over the same `.pytest_cache` directory pytest uses (_pytest/cacheprovider.py): a value is the
JSON file <cachedir>/v/<key>, mkdir() directories live under <cachedir>/d, and a cache directory
first created by set() gets pytest's README.md, .gitignore and CACHEDIR.TAG (the same texts the
C++ side writes, lib/run/cache.cpp). The run's own keys (cache/lastfailed, cache/nodeids,
cache/stepwise) are read and written by the C++ runner (lib/run/cache_session.h).
"""

import json
import os
import warnings

_README = """\
# pytest cache directory #

This directory contains data from the pytest's cache plugin,
which provides the `--lf` and `--ff` options, as well as the `cache` fixture.

**Do not** commit this to version control.

See [the docs](https://docs.pytest.org/en/stable/how-to/cache.html) for more information.
"""

_CACHEDIR_TAG = b"""\
Signature: 8a477f597d28d172789f06886806bc55
# This file is a cache directory tag created by pytest.
# For information about cache directory tags, see:
#\thttps://bford.info/cachedir/spec.html
"""


def _warn(message):
    """pytest's PytestCacheWarning when pytest is importable, else a UserWarning."""
    import sys
    pytest = sys.modules.get("pytest")
    category = getattr(pytest, "PytestCacheWarning", UserWarning)
    warnings.warn(category(message), stacklevel=3)


class Cache:
    """pytest.Cache: get/set JSON values by '/'-separated key, mkdir(name) a directory."""

    def __init__(self, cachedir):
        import pathlib
        self._cachedir = pathlib.Path(cachedir)

    def __repr__(self):
        return f"Cache(_cachedir={self._cachedir!r})"

    def mkdir(self, name):
        """The directory <cachedir>/d/<name> (created); `name` must not contain a separator."""
        import pathlib
        path = pathlib.Path(name)
        if len(path.parts) > 1:
            raise ValueError("name is not allowed to contain path separators")
        result = self._cachedir.joinpath("d", path)
        result.mkdir(exist_ok=True, parents=True)
        return result

    def _getvaluepath(self, key):
        import pathlib
        return self._cachedir.joinpath("v", pathlib.Path(key))

    def get(self, key, default):
        """The cached value of `key`, or `default` when missing or unreadable."""
        path = self._getvaluepath(key)
        try:
            with path.open("r", encoding="UTF-8") as f:
                return json.load(f)
        except (ValueError, OSError):
            return default

    def set(self, key, value):
        """Saves `value` (JSON-serialisable) under `key`."""
        path = self._getvaluepath(key)
        try:
            if path.parent.is_dir():
                existed = True
            else:
                existed = self._cachedir.exists()
                path.parent.mkdir(exist_ok=True, parents=True)
        except OSError:
            _warn(f"could not create cache path {path}")
            return
        if not existed:
            self._ensure_supporting_files()
        data = json.dumps(value, ensure_ascii=False, indent=2)
        try:
            f = path.open("w", encoding="UTF-8")
        except OSError:
            _warn(f"cache could not write path {path}")
        else:
            with f:
                f.write(data)

    def _ensure_supporting_files(self):
        (self._cachedir / "README.md").write_text(_README, encoding="UTF-8")
        (self._cachedir / ".gitignore").write_text("# Created by pytest automatically.\n*\n",
                                                   encoding="UTF-8")
        (self._cachedir / "CACHEDIR.TAG").write_bytes(_CACHEDIR_TAG)


def for_directory(cachedir):
    """A Cache for `cachedir` (absolute), or None when there is none (-p no:cacheprovider)."""
    return Cache(os.fspath(cachedir)) if cachedir else None
