"""The doctest output checker and option flags (lib/collect/doctest_runner.py) agree with pytest
7.2's (`_pytest.doctest`) on the same want/got pairs."""

import doctest
import importlib
import sys

import pytest


@pytest.fixture(scope="module")
def runner(pyspace_parent):
    if pyspace_parent not in sys.path:
        sys.path.insert(0, pyspace_parent)
    return importlib.import_module("_pyspace.collect.doctest_runner")


CASES = [
    ("3.14\n", "3.14159\n"), ("3.14\n", "3.15\n"), ("1.1e-10\n", "1e-10\n"), ("1e5\n", "100000.0\n"),
    ("[1.0, 2.5]\n", "[1.0001, 2.4999]\n"), ("1.\n", "1.4\n"), ("1.\n", "2.4\n"),
    ("3\n", "3.0\n"), ("nan\n", "nan\n"), ("inf\n", "inf\n"), ("1.5 and 2\n", "1.5\n"),
    ("u'x'\n", "'x'\n"), ("'x'\n", "u'x'\n"), ("b'x'\n", "'x'\n"), ("(b'x', U'y')\n", "('x', 'y')\n"),
    ("a b\n", "a   b\n"), ("[0, ..., 9]\n", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n"),
]


@pytest.mark.parametrize("flags", [
    ["NUMBER"], ["ALLOW_UNICODE"], ["ALLOW_BYTES"], ["ELLIPSIS", "NORMALIZE_WHITESPACE"],
    ["NUMBER", "ALLOW_UNICODE", "ALLOW_BYTES", "ELLIPSIS"],
])
def test_checker_agrees_with_pytest(runner, flags):
    from _pytest import doctest as pytest_doctest
    theirs = pytest_doctest._get_checker()
    their_flags = 0
    lookup = pytest_doctest._get_flag_lookup()
    for name in flags:
        their_flags |= lookup[name]
    our_flags = runner.option_flags(flags)
    assert our_flags == their_flags
    ours = runner._classes().checker()
    for want, got in CASES:
        assert ours.check_output(want, got, our_flags) == theirs.check_output(want, got, their_flags), \
            (want, got, flags)


def test_unknown_flag(runner):
    with pytest.raises(runner.UnknownOptionFlag):
        runner.option_flags(["ELLIPSIS", "NOPE"])


def test_report_flags(runner):
    assert runner.report_flag("none") == 0
    assert runner.report_flag("udiff") == doctest.REPORT_UDIFF
    assert runner.report_flag("only_first_failure") == doctest.REPORT_ONLY_FIRST_FAILURE
