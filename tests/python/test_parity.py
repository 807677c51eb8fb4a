"""Outcome parity with pytest 7.2, test by test, on the suites/ and on packaged real suites."""

import os
import shutil

import pytest

import parity

EXTRA_FIXTURE_SUITES = ("numpy/polynomial/tests", "scipy/io/tests", "numpy/random/tests")
NETWORKX = "/usr/lib/python3/dist-packages/networkx"
SUITES = ["xunit", "marks", "unit", "unit_module", "collection", "failures", "fixtures",
          "markers"]
PACKAGED = ["/usr/lib/python3/dist-packages/" + name for name in (
    "toolz/tests", "simplejson/tests", "pyflakes/test", "bs4/tests", "mpmath/tests",
    "networkx/algorithms/shortest_paths/tests", "networkx/utils/tests",
    "networkx/readwrite/tests")]
# packaged suites that use fixtures (tmp_path, monkeypatch, parametrized and class fixtures...)
PACKAGED_FIXTURES = ["/usr/lib/python3/dist-packages/" + name for name in EXTRA_FIXTURE_SUITES]


@pytest.mark.parametrize("name", SUITES)
def test_suite_outcomes_match_pytest(name, suite_copy, pyspace_parent):
    mismatches, count = parity.compare(str(suite_copy(name)), pyspace_parent,
                                       pytest_args=["--continue-on-collection-errors"])
    assert count > 0
    assert mismatches == []


@pytest.mark.parametrize("path", PACKAGED + PACKAGED_FIXTURES)
def test_packaged_suite_outcomes_match_pytest(path, tmp_path, pyspace_parent):
    if not os.path.isdir(path):
        pytest.skip(f"{path} is not installed")
    copy = tmp_path / "suite"
    shutil.copytree(path, copy, ignore=shutil.ignore_patterns("__pycache__"))
    mismatches, count = parity.compare(str(copy), pyspace_parent)
    assert count > (100 if path in PACKAGED else 20)
    assert mismatches == []


@pytest.mark.parametrize("expression", [
    "not skip", "xfail and not strict", "TestClassParametrize", "v1 or first",
    "(a0 or x) and not empty",
])
def test_keyword_selection_matches_pytest(expression, suite_copy, pyspace_parent):
    mismatches, _ = parity.compare(str(suite_copy("marks")), pyspace_parent,
                                   pytest_args=["-k", expression],
                                   driver_args=["--keyword", expression])
    assert mismatches == []


@pytest.mark.parametrize("expression", [
    "slow", "not slow", "slow and not custom", "network and (custom or slow)", "custom",
])
def test_marker_selection_matches_pytest(expression, suite_copy, pyspace_parent):
    mismatches, count = parity.compare(str(suite_copy("markers")), pyspace_parent,
                                       pytest_args=["-m", expression],
                                       driver_args=["--markexpr", expression])
    assert mismatches == []


@pytest.mark.parametrize("subdir", ["utils/tests", "readwrite/tests",
                                    "algorithms/shortest_paths/tests"])
def test_networkx_with_its_conftest_matches_pytest(subdir, tmp_path, pyspace_parent):
    """networkx's own conftest.py (autouse fixtures, doctest_namespace) above its tests."""
    if not os.path.isdir(os.path.join(NETWORKX, subdir)):
        pytest.skip("python3-networkx is not installed")
    root = tmp_path / "nx"
    shutil.copytree(os.path.join(NETWORKX, subdir), root / subdir,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(os.path.join(NETWORKX, "conftest.py"), root / "conftest.py")
    mismatches, count = parity.compare(str(root), pyspace_parent)
    assert count > 100
    assert mismatches == []


@pytest.mark.parametrize("subdir", ["utils/tests", "readwrite/tests",
                                    "algorithms/shortest_paths/tests"])
def test_networkx_in_place_matches_pytest(subdir, pyspace_parent):
    """In place, as pytest 7.2 runs it without an ini file: conftest.py files from "/" down
    (confcutdir), so networkx/conftest.py applies. Nothing is written (no bytecode, no cache)."""
    path = os.path.join(NETWORKX, subdir)
    if not os.path.isdir(path):
        pytest.skip("python3-networkx is not installed")
    mismatches, count = parity.compare(path, pyspace_parent, driver_args=["--confcutdir", "/"])
    assert count > 100
    assert mismatches == []
