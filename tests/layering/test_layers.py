"""The layer order of lib/layers.txt holds for lib/, and the check finds what breaks it."""

import pathlib
import shutil

import check_layers

REPO = pathlib.Path(__file__).resolve().parents[2]


def test_lib_follows_the_layer_order():
    assert check_layers.violations(REPO) == []


def _tree(tmp_path, files):
    shutil.copy(REPO / "lib" / "layers.txt", tmp_path / "layers.txt")
    (tmp_path / "lib").mkdir()
    shutil.move(tmp_path / "layers.txt", tmp_path / "lib" / "layers.txt")
    for name, text in files.items():
        path = tmp_path / "lib" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_an_upward_python_import_is_found(tmp_path):
    repo = _tree(tmp_path, {"run/execute.py": "", "collect/collect.py":
                            "def f():\n    from _pyspace.run import execute\n"})
    assert check_layers.violations(repo) == [
        "lib/collect/collect.py:2: _pyspace.run.execute points up: lib/collect may not use lib/run"]


def test_a_lazy_import_by_name_is_checked(tmp_path):
    repo = _tree(tmp_path, {"assertion/sources.py": "", "space/space.py":
                            "from _pyspace.python import lazy\n"
                            "sources = lazy.module('_pyspace.assertion.sources')\n",
                            "python/lazy.py": ""})
    assert check_layers.violations(repo) == [
        "lib/space/space.py:2: _pyspace.assertion.sources points up: lib/space may not use lib/assertion"]


def test_a_flat_or_unknown_module_name_is_found(tmp_path):
    repo = _tree(tmp_path, {"run/execute.py": "from _pyspace import scopes\nimport _pyspace.run.nope\n",
                            "run/scopes.py": ""})
    assert check_layers.violations(repo) == [
        "lib/run/execute.py:1: _pyspace.scopes names no directory; it is lib/run/scopes.py",
        "lib/run/execute.py:2: _pyspace.run.nope is no module of lib/"]


def test_an_upward_include_is_found(tmp_path):
    repo = _tree(tmp_path, {"space/module_space.cpp": '#include "space/x.h"\n#include "run/test_runner.h"\n',
                            "run/test_runner.h": ""})
    assert check_layers.violations(repo) == [
        'lib/space/module_space.cpp:2: #include "run/..." points up: lib/space may not use lib/run']


def test_a_directory_missing_from_the_order_is_found(tmp_path):
    repo = _tree(tmp_path, {"extra/thing.py": ""})
    assert "lib/extra is not in lib/layers.txt" in check_layers.violations(repo)
