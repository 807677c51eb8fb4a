"""Harness for the Python half of pyspace-test (lib/collect, lib/run), run with the embedded Python (which needs pytest).

suites/ holds small test suites that are data, not tests of this harness.
"""

import pathlib
import shutil
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pyspace_pkg import make_package  # noqa: E402

collect_ignore = ["suites"]


@pytest.fixture(scope="session")
def pyspace_parent(tmp_path_factory):
    """A directory holding a `_pyspace` package made of the lib/ files (for sys.path)."""
    return make_package(tmp_path_factory.mktemp("pyspace"))


@pytest.fixture(scope="session")
def pyspace(pyspace_parent):
    """The _pyspace package imported in this process (for pure functions only)."""
    if pyspace_parent not in sys.path:
        sys.path.insert(0, pyspace_parent)
    import importlib
    import types

    modules = {}
    for name in ("pytest_api.pytest_config", "pytest_api.warning_filters", "assertion.assert_rewrite",
                 "collect.keyword_expr"):
        modules[name.rpartition(".")[2]] = importlib.import_module("_pyspace." + name)
    return types.SimpleNamespace(**modules)


@pytest.fixture
def suite_copy(tmp_path):
    """copy(name) -> a fresh copy of suites/<name> under tmp_path."""
    def copy(name):
        target = tmp_path / name
        shutil.copytree(HERE / "suites" / name, target)
        return target
    return copy
