"""pytest_api/cache.py: pytest's Cache (config.cache, the `cache` fixture) writes the same
files as pytest 7.2's own Cache, byte for byte, and reads what it wrote; run_cache_show.text
gives cacheshow()'s lines."""

import importlib
import warnings

import pytest


@pytest.fixture
def cache_module(pyspace_parent):
    import sys
    if pyspace_parent not in sys.path:
        sys.path.insert(0, pyspace_parent)
    return importlib.import_module("_pyspace.pytest_api.cache")


def pytest_cache(path):
    from _pytest.cacheprovider import Cache

    class FakeConfig:
        hook = None
    return Cache(path, FakeConfig(), _ispytest=True)


def tree(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_set_writes_what_pytest_writes(cache_module, tmp_path):
    ours = cache_module.Cache(tmp_path / "ours" / ".pytest_cache")
    theirs = pytest_cache(tmp_path / "theirs" / ".pytest_cache")
    for cache in (ours, theirs):
        cache.set("mine/value", {"é": [1, None, True, "x\ny"], "b": 2.5})
        cache.set("cache/lastfailed", {})
        cache.mkdir("dump")
    assert tree(tmp_path / "ours") == tree(tmp_path / "theirs")
    assert (tmp_path / "ours/.pytest_cache/d/dump").is_dir()
    assert ours.get("mine/value", None) == {"é": [1, None, True, "x\ny"], "b": 2.5}


def test_get_gives_the_default_for_missing_or_broken_values(cache_module, tmp_path):
    cache = cache_module.Cache(tmp_path)
    assert cache.get("no/such", 7) == 7
    (tmp_path / "v" / "bad").parent.mkdir(parents=True)
    (tmp_path / "v" / "bad").write_text("{not json")
    assert cache.get("bad", "d") == "d"


def test_mkdir_refuses_separators(cache_module, tmp_path):
    with pytest.raises(ValueError, match="path separators"):
        cache_module.Cache(tmp_path).mkdir("a/b")


def test_an_unwritable_cache_warns(cache_module, tmp_path):
    (tmp_path / "file").write_text("")
    cache = cache_module.Cache(tmp_path / "file" / "cache")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cache.set("k", 1)
    assert [str(w.message) for w in caught] == [f"could not create cache path {tmp_path}/file/cache/v/k"]


def test_for_directory_is_none_without_a_directory(cache_module):
    assert cache_module.for_directory(None) is None
    assert cache_module.for_directory("/x").get("k", 3) == 3


def test_cache_show_text(pyspace_parent, tmp_path, monkeypatch):
    import sys
    if pyspace_parent not in sys.path:
        sys.path.insert(0, pyspace_parent)
    show = importlib.import_module("_pyspace.run.cache_show")
    monkeypatch.setenv("COLUMNS", "40")
    import io
    from _pytest._io import TerminalWriter

    def sep(char, title):  # pytest's own TerminalWriter at 40 columns
        out = io.StringIO()
        writer = TerminalWriter(out)
        writer.fullwidth = 40
        writer.sep(char, title)
        return out.getvalue().rstrip("\n")
    assert show.text(str(tmp_path / "none"), "*") == f"cachedir: {tmp_path}/none\ncache is empty\n"
    cache = pytest_cache(tmp_path / "c")
    cache.set("cache/lastfailed", {"t.py::a": True})
    (cache.mkdir("d1") / "f").write_bytes(b"123")
    assert show.text(str(tmp_path / "c"), "*").splitlines() == [
        f"cachedir: {tmp_path}/c",
        sep("-", "cache values for '*'"),
        "cache/lastfailed contains:",
        "  {'t.py::a': True}",
        sep("-", "cache directories for '*'"),
        "d/d1/f is a file of length 3",
    ]
