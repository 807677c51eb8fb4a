"""Assertion rewriting: which files, what the explanations say, that semantics are unchanged."""

import snippet

import parity


def call_rewritten(pyspace, source, path="/x/test_mod.py", call="t"):
    """Rewrites `source` as test file `path`, executes it and returns its function `call`."""
    code = pyspace.assert_rewrite.rewrite_source(source, path)
    namespace = {"__name__": "test_mod"}
    exec(code, namespace)
    return namespace[call]


def explain_failure(pyspace, source, call="t"):
    function = call_rewritten(pyspace, source, call=call)
    try:
        function()
    except AssertionError as exc:
        return exc
    raise AssertionError("did not fail")


def lines_of(exc):
    """The explanation's lines: a rewritten assert's AssertionError text is pytest's whole
    explanation."""
    assert exc._pyspace_rewritten
    return str(exc).split("\n")


def test_comparison_values_and_where_lines(pyspace):
    exc = explain_failure(pyspace, (
        "class Box:\n    size = 3\n"
        "def f(x):\n    return x + 1\n"
        "def t():\n    total = 2\n    box = Box()\n    assert f(1) == box.size\n"))
    lines = lines_of(exc)
    assert lines[0] == "assert 2 == 3"
    assert " +  where 2 = f(1)" in lines, lines
    assert any(line.startswith(" +  and   3 = <test_mod.Box object at") and line.endswith(".size")
               for line in lines), lines
    assert str(exc).startswith("assert 2 == 3")


def test_message_comes_first(pyspace):
    exc = explain_failure(pyspace, "def t():\n    x = 1\n    assert x == 2, 'x is wrong'\n")
    assert str(exc) == "x is wrong\nassert 1 == 2"
    exc = explain_failure(pyspace, "def t():\n    assert 0, 'two\\nlines'\n")
    assert lines_of(exc) == ["two", "  lines", "assert 0"]  # pytest indents a message's lines


def test_diffs(pyspace):
    lines = lines_of(explain_failure(pyspace, "def t():\n    assert [1, 2, 3] == [1, 4]\n"))
    assert lines == ["assert [1, 2, 3] == [1, 4]", "  At index 1 diff: 2 != 4",
                     "  Left contains one more item: 3", "  Use -v to get more diff"]
    lines = lines_of(explain_failure(pyspace, "def t():\n    assert {'a': 1, 'b': 2} == {'a': 1, 'b': 3}\n"))
    assert "  Differing items:" in lines and "  {'b': 2} != {'b': 3}" in lines
    lines = lines_of(explain_failure(pyspace, "def t():\n    assert {1, 2} == {2, 3}\n"))
    assert lines[1:5] == ["  Extra items in the left set:", "  1", "  Extra items in the right set:", "  3"]
    lines = lines_of(explain_failure(pyspace, "def t():\n    a = 'x' * 60 + 'abc'\n    assert a == 'x' * 60 + 'abd'\n"))
    assert "  Skipping 52 identical leading characters in diff, use -v to show" in lines
    assert "  - xxxxxxxxabd" in lines and "  + xxxxxxxxabc" in lines


def test_a_custom_explanation_replaces_the_operands_where_lines(pyspace):
    # pytest: assertrepr_compare's lines stand for the whole comparison, so the calls that
    # made its operands are not explained.
    source = "def f():\n    return [1, 2]\ndef t():\n    assert f() == [1, 3]\n"
    assert lines_of(explain_failure(pyspace, source)) == [
        "assert [1, 2] == [1, 3]", "  At index 1 diff: 2 != 3", "  Use -v to get more diff"]
    # no details for two ints: the where-line stays
    source = "def f():\n    return 2\ndef t():\n    assert f() == 3\n"
    assert lines_of(explain_failure(pyspace, source)) == ["assert 2 == 3", " +  where 2 = f()"]


def test_boolean_operators_not_and_identity(pyspace):
    exc = explain_failure(pyspace, "def f():\n    return 0\ndef t():\n    assert f() is None\n")
    assert lines_of(exc) == ["assert 0 is None", " +  where 0 = f()"]
    exc = explain_failure(pyspace, "def t():\n    x = [1]\n    assert not x\n")
    assert lines_of(exc) == ["assert not [1]"]
    exc = explain_failure(pyspace, "def t():\n    x = 0\n    y = 5\n    assert x or y > 9\n")
    assert lines_of(exc)[0] == "assert (0 or 5 > 9)"  # pytest brackets no nested comparison
    exc = explain_failure(pyspace, "def t():\n    assert 'b' in 'xyz'\n")
    assert lines_of(exc)[0] == "assert 'b' in 'xyz'"
    exc = explain_failure(pyspace, "def t():\n    assert 1 < 2 < 1\n")
    assert lines_of(exc) == ["assert 2 < 1"]  # the failing link of a chain


def test_lambdas_and_starred_values_are_shown(pyspace):
    # pytest shows a called lambda by its repr and explains what a starred argument unpacks
    exc = explain_failure(pyspace, "def t():\n    assert (lambda: 0)()\n")
    assert lines_of(exc)[0] == "assert 0"
    assert lines_of(exc)[1].startswith(" +  where 0 = <function t.<locals>.<lambda> at 0x")
    source = "def f(*a):\n    return len(a)\ndef g():\n    return [1]\ndef t():\n    assert f(*g()) == 2\n"
    assert lines_of(explain_failure(pyspace, source)) == [
        "assert 1 == 2", " +  where 1 = f(*[1])", " +    where [1] = g()"]


def test_errors_in_the_test_are_reported_at_the_asserts_first_line(pyspace):
    # pytest's rewriter gives every node the assert's position
    source = "def t():\n    assert [1] == [\n        1 // 0,\n    ]\n"
    try:
        call_rewritten(pyspace, source)()
    except ZeroDivisionError as exc:
        assert exc.__traceback__.tb_next.tb_lineno == 2
    else:
        raise AssertionError("did not raise")


def test_semantics_unchanged(pyspace):
    source = (
        "calls = []\n"
        "def f(x):\n    calls.append(x)\n    return x\n"
        "def t():\n"
        "    assert f(1) and f(2)\n"
        "    assert f(0) or f(3)\n"
        "    assert not (f(0) and f(99))\n"
        "    assert [f(i) for i in range(2)] == [0, 1]\n"
        "    assert (lambda: f(7))() == 7\n"
        "    assert (y := f(8)) == 8 and y == 8\n"
        "    assert [*[f(9)], *(f(i) for i in [10])] == [9, 10]\n"
        "    assert (lambda: f(11))() == 11\n"
        "    return calls\n")
    assert call_rewritten(pyspace, source, "/x/test_sem.py")() == [1, 2, 0, 3, 0, 0, 1, 7, 8, 9, 10, 11]


def test_only_test_files_and_conftest_are_rewritten(pyspace):
    source = b"def t():\n    x = 1\n    assert x == 2\n"
    rewrite = pyspace.assert_rewrite
    assert rewrite.should_rewrite("/p/test_a.py") and rewrite.should_rewrite("/p/b_test.py")
    assert rewrite.should_rewrite("/p/conftest.py")
    assert not rewrite.should_rewrite("/p/helpers.py")
    plain = rewrite.transform(source, "/p/helpers.py")
    assert "@pyspace_ar" not in plain.co_names
    rewritten = rewrite.transform(source, "/p/test_a.py")
    assert "@pyspace_ar" in rewritten.co_names
    opted_out = rewrite.transform(b'"""PYTEST_DONT_REWRITE"""\n' + source, "/p/test_a.py")
    assert "@pyspace_ar" not in opted_out.co_names


def test_fresh_loader_hook_and_code_cache(tmp_path, pyspace_parent):
    (tmp_path / "test_cached.py").write_text("def test_a():\n    x = 2\n    assert x == 3\n")
    code = """
    import sys
    from _pyspace.space import fresh_loader
    from _pyspace.collect import collect
    from importlib.machinery import FileFinder
    assert fresh_loader.FreshSourceLoader.transform is not None
    path = "test_cached.py"
    loader = fresh_loader.FreshSourceLoader("test_cached", path)
    first = loader.get_code("test_cached")
    second = fresh_loader.FreshSourceLoader("test_cached", path).get_code("test_cached")
    print(json.dumps({"same": first is second, "rewritten": "@pyspace_ar" in first.co_names}))
    """
    data, _ = snippet.run(code, pyspace_parent, tmp_path)
    assert data == {"same": True, "rewritten": True}


def test_rewritten_failure_in_a_run(tmp_path, pyspace_parent):
    (tmp_path / "conftest.py").write_text(
        "import pytest\n@pytest.fixture\ndef checked():\n    yield\n    v = [1]\n    assert v == [2]\n")
    (tmp_path / "test_r.py").write_text(
        "def helper():\n    return {'a': 1}\n\n"
        "def test_r():\n    assert helper() == {'a': 2}\n\n"
        "def test_c(checked):\n    pass\n")
    data = parity.run_pyspace(str(tmp_path), pyspace_parent)
    by_id = {(r["nodeid"], r["when"]): r for r in data["reports"]}
    call = by_id[("test_r.py::test_r", "call")]
    # pytest's crash message is the whole explanation (the summary shows its first line)
    assert call["message"] == ("AssertionError: assert {'a': 1} == {'a': 2}\n  Differing items:\n"
                               "  {'a': 1} != {'a': 2}\n  Use -v to get more diff")
    assert "E         Differing items:" in call["longrepr"]
    assert "where" not in call["longrepr"]  # the details stand for the comparison, as pytest
    teardown = by_id[("test_r.py::test_c", "teardown")]
    assert teardown["message"] == "assert [1] == [2]\n  At index 0 diff: 1 != 2\n  Use -v to get more diff"


def test_syntax_error_is_not_chained(pyspace):
    try:
        pyspace.assert_rewrite.transform(b"def broken(:\n    pass\n", "/p/test_bad.py")
    except SyntaxError as exc:
        assert exc.__context__ is None and exc.lineno == 1
    else:
        raise AssertionError("no SyntaxError")


def test_plain_names_hold_no_extra_reference(pyspace):
    # As with pytest's rewrite: `x` is read by the test itself, never kept in a temporary.
    source = (
        "import sys\n"
        "def t():\n"
        "    x = object()\n"
        "    before = sys.getrefcount(x)\n"
        "    assert sys.getrefcount(x) == before\n"
        "    return True\n")
    assert call_rewritten(pyspace, source, "/x/test_refs.py")() is True


def test_global_and_local_names_are_shown_by_value(pyspace):
    exc = explain_failure(pyspace, "LIMIT = 3\ndef t():\n    count = 5\n    assert count < LIMIT\n")
    assert lines_of(exc)[0] == "assert 5 < 3"
