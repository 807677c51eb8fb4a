"""Outcome parity with pytest 7.2, test by test, on the suites/ and on packaged real suites."""

import os
import shutil

import pytest

import parity

SUITES = ["xunit", "marks", "unit", "unit_module", "collection", "failures"]
PACKAGED = ["/usr/lib/python3/dist-packages/" + name for name in (
    "toolz/tests", "simplejson/tests", "pyflakes/test", "bs4/tests", "mpmath/tests")]


@pytest.mark.parametrize("name", SUITES)
def test_suite_outcomes_match_pytest(name, suite_copy, pyspace_parent):
    mismatches, count = parity.compare(str(suite_copy(name)), pyspace_parent,
                                       pytest_args=["--continue-on-collection-errors"])
    assert count > 0
    assert mismatches == []


@pytest.mark.parametrize("path", PACKAGED)
def test_packaged_suite_outcomes_match_pytest(path, tmp_path, pyspace_parent):
    if not os.path.isdir(path):
        pytest.skip(f"{path} is not installed")
    copy = tmp_path / "suite"
    shutil.copytree(path, copy, ignore=shutil.ignore_patterns("__pycache__"))
    mismatches, count = parity.compare(str(copy), pyspace_parent)
    assert count > 100
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
