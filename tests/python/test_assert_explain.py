"""The pieces of pytest 7.2's assert explanations: the markup layout, truncation, comparison
details per verbosity and CI, saferepr, the crash message's prefix rule. Expected texts are what
pytest 7.2.1 prints for the same values (tests/integration/test_assert_explanation.py compares
whole runs with pytest)."""

import importlib

import pytest


@pytest.fixture(scope="module")
def assertion(pyspace):
    """The _pyspace.assertion modules (the pyspace fixture put _pyspace on sys.path)."""
    import types
    names = ("compare", "compare_text", "exception_text", "explanation", "saferepr")
    return types.SimpleNamespace(**{name: importlib.import_module(f"_pyspace.assertion.{name}")
                                    for name in names})


def test_markup_nests_where_and_and_lines(assertion):
    text = "assert (False\n{False = f(1)\n{1 = g()\n}\n} and x)\n~detail\n>after"
    assert assertion.explanation.format_explanation(text).split("\n") == [
        "assert (False and x)", " +  where False = f(1)", " +    where 1 = g()", "  detail",
        "after"]
    siblings = "assert a\n{a = f()\n}\n{b = g()\n}"
    assert assertion.explanation.format_explanation(siblings).split("\n") == [
        "assert a", " +  where a = f()", " +  and   b = g()"]
    # any other newline is shown escaped
    assert assertion.explanation.format_explanation("assert 'a\nb'") == "assert 'a\\nb'"


def test_truncation_keeps_eight_lines_or_640_characters(assertion):
    truncate = assertion.explanation.truncate
    assert truncate(["x"] * 8) == ["x"] * 8
    assert truncate(["x"] * 10) == ["x"] * 7 + ["x...", "",
                                                "...Full output truncated (3 lines hidden), use '-vv' to show"]
    assert truncate(["x"] * 9)[-1] == "...Full output truncated (2 lines hidden), use '-vv' to show"
    long = ["a" * 300, "b" * 300, "c" * 300]
    cut = truncate(long)
    assert cut[:3] == ["a" * 300, "b" * 300, "c" * 40 + "..."]
    assert cut[-1] == "...Full output truncated (1 line hidden), use '-vv' to show"


def test_text_diff_skips_and_pytest_trailing_quirk(assertion):
    diff_text = assertion.compare_text.diff_text
    left, right = "a" * 50 + "X" + "b" * 50, "a" * 50 + "Y" + "b" * 50
    assert diff_text(left, right)[:2] == [
        "Skipping 40 identical leading characters in diff, use -v to show",
        "Skipping 41 identical trailing characters in diff, use -v to show"]
    assert not diff_text(left, right, verbose=1)[0].startswith("Skipping")
    # differing first characters: pytest's count from the end stops at once
    assert diff_text("X" + "b" * 60, "Y" + "b" * 60) == ["- Y" + "b" * 60, "? ^",
                                                         "+ X" + "b" * 60, "? ^"]
    assert diff_text(" ", "\t") == ["Strings contain only whitespace, escaping them using repr()",
                                    "- '\\t'", "+ ' '"]


def test_sequences_per_verbosity_and_ci(assertion):
    compare = assertion.compare.assertrepr_compare
    left, right = list(range(30)), list(range(29)) + [99]
    assert compare("==", left, right) == [
        "[0, 1, 2, 3, 4, 5, ...] == [0, 1, 2, 3, 4, 5, ...]", "At index 29 diff: 29 != 99",
        "Use -v to get more diff"]
    verbose = compare("==", [1, 2, 3], [1, 2, 4], verbose=1)
    assert verbose == ["[1, 2, 3] == [1, 2, 4]", "At index 2 diff: 3 != 4", "Full diff:",
                       "- [1, 2, 4]", "?        ^", "+ [1, 2, 3]", "?        ^"]
    assert compare("==", [1, 2, 3], [1, 2, 4], on_ci=True) == verbose
    multi_line = compare("==", left, right, verbose=1)
    assert multi_line[2:5] == ["Full diff:", "  [", "   0,"]
    assert multi_line[-5:] == ["-  99,", "?  ^", "+  29,", "?  ^", "  ]"]
    assert compare("==", left, right, verbose=2)[0] == f"{left!r} == {right!r}"


def test_dicts_records_and_failed_details(assertion):
    import collections
    compare = assertion.compare.assertrepr_compare
    assert compare("==", {"a": 1, "b": 2}, {"a": 1, "b": 3}) == [
        "{'a': 1, 'b': 2} == {'a': 1, 'b': 3}", "Omitting 1 identical items, use -vv to show",
        "Differing items:", "{'b': 2} != {'b': 3}", "Use -v to get more diff"]
    assert compare("==", {"a": 1, "b": 2}, {"a": 1, "b": 3}, verbose=2)[1:3] == [
        "Common items:", "{'a': 1}"]
    Pair = collections.namedtuple("Pair", "left right")
    assert compare("==", Pair(1, 2), Pair(1, 3)) == [
        "Pair(left=1, right=2) == Pair(left=1, right=3)", "",
        "Omitting 1 identical items, use -vv to show", "Differing attributes:", "['right']", "",
        "Drill down into differing attribute right:", "  right: 2 != 3",
        "Use -v to get more diff"]

    class Bad:
        def __repr__(self):
            raise ValueError("no repr")
    lines = compare("==", [Bad()], [1])
    assert lines[1].startswith("(pytest_assertion plugin: representation of details failed: ")
    assert lines[1].endswith(": ValueError: no repr.") and __file__ in lines[1]
    assert lines[2] == " Probably an object has a faulty __repr__.)"
    assert compare("<", 1, 2) is None and compare("==", 1, 2) is None


def test_not_in_text(assertion):
    assert assertion.compare.assertrepr_compare("not in", "lo", "hello") == [
        "'lo' not in 'hello'", "'lo' is contained here:", "  hello", "?    ++"]


def test_saferepr_limits_like_reprlib(assertion):
    saferepr = assertion.saferepr.saferepr
    assert saferepr(list(range(10))) == "[0, 1, 2, 3, 4, 5, ...]"
    assert saferepr("x" * 300, maxsize=20) == "'xxxxxxx...xxxxxxxx'"

    class Bad:
        def __repr__(self):
            raise KeyError("k")
    assert saferepr(Bad()).startswith("<[KeyError('k') raised in repr()] Bad object at 0x")


def test_crash_message_prefix_rule(assertion):
    exconly = assertion.exception_text.exconly
    assert exconly(AssertionError("assert [1] == [2]\n  more")) == "assert [1] == [2]\n  more"
    # a ' without a " makes repr() use double quotes: pytest keeps the prefix then
    assert exconly(AssertionError("assert 'a' == 'b'")) == "AssertionError: assert 'a' == 'b'"
    assert exconly(AssertionError()) == "AssertionError"
    assert exconly(ValueError("one\ntwo  ")) == "ValueError: one\ntwo"
