"""The -k expression parser (pure function, tested in-process)."""

import pytest


@pytest.fixture
def compile_keyword(pyspace):
    from _pyspace.collect.keyword_expr import compile_keyword
    return compile_keyword


@pytest.mark.parametrize("expression,names,expected", [
    ("", {"anything"}, True),
    ("foo", {"test_FOO_bar"}, True),
    ("foo", {"test_bar"}, False),
    ("not foo", {"test_bar"}, True),
    ("foo and bar", {"foo", "xbar"}, True),
    ("foo and bar", {"foo"}, False),
    ("foo or bar", {"bar"}, True),
    ("not (foo or bar)", {"baz"}, True),
    ("not not foo", {"foo"}, True),
    ("test_a[1-2]", {"test_a[1-2]"}, True),
    ("a or b and c", {"a"}, True),
    ("(a or b) and c", {"a"}, False),
    ("mod.py::Test", {"path/mod.py::TestX"}, True),
])
def test_matching(compile_keyword, expression, names, expected):
    assert compile_keyword(expression)(names) is expected


@pytest.mark.parametrize("expression", ["foo and", "(foo", "foo)", "and", "foo bar", "foo $"])
def test_invalid_expressions(compile_keyword, expression):
    with pytest.raises(ValueError, match="Wrong expression passed to '-k'"):
        compile_keyword(expression)


def test_marker_expressions_match_names_exactly(pyspace):
    compile_markers = pyspace.keyword_expr.compile_markers
    assert compile_markers("slow")({"slow", "network"})
    assert not compile_markers("slo")({"slow"})
    assert compile_markers("not slow")({"network"})
    assert compile_markers("slow and (network or db)")({"slow", "db"})
    assert not compile_markers("slow and not db")({"slow", "db"})
    assert compile_markers("")(set())


def test_invalid_marker_expression_names_option(pyspace):
    from _pyspace.collect import collect
    message = collect.validate_markexpr("slow and")
    assert message.startswith("Wrong expression passed to '-m': slow and: at column 9")
    assert collect.validate_markexpr("slow or not fast") is None
