"""`pyspace-test run`: usage errors, pytest's exit codes, discovery, collection errors and
selection (-k, -x, --maxfail, --collect-only). Suites are written into tmp_path."""

import re

import pytest

from pst_support import (base_env, closing_counts, closing_line, copy_sample, events_of, outcome_diff, outcomes_by_id,
                         pst, pytest_outcomes, pytest_run, read_events, write_tree)

PASSING = {
    "test_ok.py": """
        def test_one():
            assert 1 + 1 == 2

        def test_two():
            assert "a" in "abc"
        """,
}

MIXED = {
    "test_first.py": """
        def test_a_pass():
            pass

        def test_b_fail():
            assert 1 == 2

        def test_c_pass():
            pass
        """,
    "test_second.py": """
        def test_d_fail():
            raise RuntimeError("second file")

        def test_e_pass():
            pass

        def test_f_fail():
            assert [] == [1]
        """,
}


def run_events(cwd, *args):
    """(Result, events) of `pyspace-test run --json-events FILE args...`."""
    events_file = cwd.parent / f"{cwd.name}-events.jsonl"
    result = pst("run", "--json-events", events_file, *args, cwd=cwd)
    events = read_events(events_file.read_text()) if events_file.exists() else None
    return result, events


@pytest.fixture
def passing(tmp_path):
    return write_tree(tmp_path / "proj", PASSING)


@pytest.fixture
def mixed(tmp_path):
    return write_tree(tmp_path / "proj", MIXED)


# --------------------------------------------------------------------------------------------
# exit codes and usage errors

def test_help():
    result = pst("run", "--help", cwd=".")
    assert result.rc == 0, str(result)
    for flag in ("-k", "--exitfirst", "--maxfail", "--junitxml", "--json-events", "--isolate",
                 "--fake", "--color", "--collect-only", "--continue-on-collection-errors"):
        assert flag in result.out, flag


def test_all_passed_exits_0(passing):
    result = pst("run", cwd=passing)
    assert result.rc == 0, str(result)
    assert closing_counts(result.out) == {"passed": 2}, str(result)


def test_failures_exit_1(mixed):
    result = pst("run", cwd=mixed)
    assert result.rc == 1, str(result)
    assert closing_counts(result.out) == {"failed": 3, "passed": 3}, str(result)


def test_unknown_flag_is_a_usage_error(passing):
    result = pst("run", "--no-such-flag", cwd=passing)
    assert result.rc == 4, str(result)
    assert "--no-such-flag" in result.err, str(result)
    assert "passed" not in result.out, str(result)


@pytest.mark.parametrize("args", [
    ["--maxfail", "many"],
    ["--isolate", "module"],
    ["--color", "sometimes"],
    ["--junitxml"],
])
def test_bad_option_value_is_a_usage_error(passing, args):
    result = pst("run", *args, cwd=passing)
    assert result.rc == 4, str(result)
    assert result.err.strip(), str(result)


def test_missing_path_is_a_usage_error_naming_it(passing):
    result = pst("run", "test_ok.py", "no/such/dir", cwd=passing)
    assert result.rc == 4, str(result)
    assert "no/such/dir" in result.err, str(result)
    assert "passed" not in result.out, str(result)


def test_empty_directory_exits_5(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = pst("run", cwd=empty)
    assert result.rc == 5, str(result)
    assert "no tests ran" in result.out, str(result)


def test_no_test_files_exits_5(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "helpers.py": "def test_not_collected():\n    pass\n",
        "tests.py": "def test_not_collected_either():\n    pass\n",
        "check_x.py": "def test_nope():\n    pass\n",
    })
    result = pst("run", cwd=project)
    assert result.rc == 5, str(result)


def test_test_file_without_tests_exits_5(tmp_path):
    project = write_tree(tmp_path / "proj", {"test_nothing.py": "VALUE = 1\n"})
    result = pst("run", cwd=project)
    assert result.rc == 5, str(result)


def test_explicit_file_and_directory_paths(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "a/test_a.py": "def test_a():\n    pass\n",
        "b/test_b.py": "def test_b():\n    pass\n",
        "c/test_c.py": "def test_c():\n    assert False\n",
    })
    result, events = run_events(project, "a", "b/test_b.py")
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events)) == {"a/test_a.py::test_a", "b/test_b.py::test_b"}


def test_nodeid_argument_selects_one_test(mixed):
    result, events = run_events(mixed, "test_first.py::test_a_pass")
    assert result.rc == 0, str(result)
    assert outcomes_by_id(events) == {"test_first.py::test_a_pass": "passed"}


# --------------------------------------------------------------------------------------------
# discovery

DISCOVERY_TREE = {
    "test_top.py": "def test_top():\n    pass\n",
    "top_test.py": "def test_suffix():\n    pass\n",
    "test.py": "def test_plain_name():\n    pass\n",
    "tests.py": "def test_plural_name():\n    pass\n",
    "testing_helpers.py": "def test_helper():\n    pass\n",
    "sub/test_sub.py": """
        class TestGroup:
            def test_method(self):
                pass

        class TestWithInit:
            def __init__(self):
                pass

            def test_never(self):
                pass

        class Helper:
            def test_not_in_a_test_class(self):
                pass

        def helper():
            pass

        test_lambda = lambda: None
        """,
    "sub/deeper/more_test.py": "def test_deep():\n    pass\n",
    "pkg/__init__.py": "",
    "pkg/test_in_package.py": "def test_pkg():\n    pass\n",
    ".hidden/test_hidden.py": "def test_hidden():\n    pass\n",
    "build/test_built.py": "def test_built():\n    pass\n",
    "node_modules/test_nm.py": "def test_nm():\n    pass\n",
}


def test_discovery_matches_pytest(tmp_path):
    project = write_tree(tmp_path / "proj", DISCOVERY_TREE)
    oracle, expected, _ = pytest_outcomes(cwd=project, tmp_path=tmp_path)
    assert "test_top.py::test_top" in expected, str(oracle)
    result, events = run_events(project)
    actual = outcomes_by_id(events)
    assert actual == expected, outcome_diff(expected, actual) + "\n" + str(result)


def test_collect_only_lists_nodeids_and_runs_nothing(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_marker.py": """
            import pathlib

            def test_would_write_a_marker():
                pathlib.Path("RAN").write_text("ran")

            class TestGroup:
                def test_method(self):
                    pass
            """,
        "test_params.py": """
            import pytest

            @pytest.mark.parametrize("n", [1, 2])
            def test_param(n):
                pass
            """,
    })
    expected = ["test_marker.py::test_would_write_a_marker", "test_marker.py::TestGroup::test_method",
                "test_params.py::test_param[1]", "test_params.py::test_param[2]"]
    result = pst("run", "-p", "no:cacheprovider", "--collect-only", cwd=project)
    assert result.rc == 0, str(result)
    tree = [line for line in result.out.splitlines() if line.lstrip().startswith("<")]
    assert tree == ["<Module test_marker.py>", "  <Function test_would_write_a_marker>", "  <Class TestGroup>",
                    "    <Function test_method>", "<Module test_params.py>", "  <Function test_param[1]>",
                    "  <Function test_param[2]>"], str(result)
    assert closing_line(result.out) is None and "4 tests collected in " in result.out.splitlines()[-1]
    assert not (project / "RAN").exists(), "--collect-only ran a test"
    quiet = pst("run", "--collect-only", "-q", cwd=project)
    oracle = pytest_run("--collect-only", "-q", cwd=project)
    listed = [line for line in quiet.out.splitlines() if "::" in line]
    assert listed == [line for line in oracle.out.splitlines() if "::" in line] == expected, \
        str(quiet)
    assert not (project / "RAN").exists(), "--collect-only ran a test"


COLLECTION_TREE = {
    "tests/__init__.py": '"""The tests package."""\n',
    "tests/test_a.py": '''
        """Module doc."""
        import unittest, pytest

        class TestA:
            def test_m(self):
                """Doc of m.

                More."""

            class TestIn:
                def test_i(self):
                    pass

        class U(unittest.TestCase):
            """A test case."""
            def test_u(self):
                pass

        @pytest.mark.parametrize("x", [1, 2])
        def test_p(x):
            pass
        ''',
    "tests/mod.py": 'def f():\n    """\n    >>> 1\n    1\n    """\n',
    "tests/sub/__init__.py": "",
    "tests/sub/test_b.py": "def test_b():\n    pass\n",
    "tests/data/test_d.py": "def test_d():\n    pass\n",
    "plain/test_c.py": "def test_c():\n    pass\n",
    "plain/test_t.txt": ">>> 1\n1\n",
}


@pytest.mark.parametrize("args", [[], ["-v"], ["-q"], ["-qq"], ["--doctest-modules"], ["-k", "test_p or test_b"],
                                  ["tests/test_a.py", "-v"]])
def test_collect_only_prints_pytests_tree(tmp_path, args):
    # pytest's --collect-only: the collector nodes (flat packages, Module/Class/UnitTestCase/
    # Function/TestCaseFunction/Doctest* nodes), their docstrings with -v, the node ids with
    # -q, each file's count with -qq (pyspace-test printed the node ids whatever the verbosity)
    project = write_tree(tmp_path / "proj", COLLECTION_TREE)
    ours = pst("run", "-p", "no:cacheprovider", "--collect-only", *args, cwd=project)
    oracle = pytest_run("--collect-only", *args, cwd=project, env=base_env(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"))
    assert ours.rc == oracle.rc == 0, str(ours)
    shown = lambda text: [re.sub(r" in \d+\.\d+s", "", line) for line in text.splitlines()
                          if not line.startswith(("platform ", "plugins: ", "cachedir: "))]
    assert shown(ours.out) == shown(oracle.out), str(ours)


def test_collect_only_on_empty_directory_exits_5(tmp_path):
    (tmp_path / "empty").mkdir()
    result = pst("run", "--collect-only", cwd=tmp_path / "empty")
    assert result.rc == 5, str(result)


# --------------------------------------------------------------------------------------------
# collection errors

COLLECTION_ERRORS = {
    "test_a_good.py": "def test_good():\n    pass\n",
    "test_b_syntax.py": "def test_fine():\n    pass\n\ndef broken(:\n    pass\n",
    "test_c_good.py": "def test_also_good():\n    pass\n",
}


def test_syntax_error_interrupts_with_2_naming_file_and_line(tmp_path):
    project = write_tree(tmp_path / "proj", COLLECTION_ERRORS)
    result, events = run_events(project)
    assert result.rc == 2, str(result)
    assert re.search(r'test_b_syntax\.py(", line |:)4\b', result.out), str(result)
    assert "SyntaxError" in result.out, str(result)
    assert "Interrupted: 1 error during collection" in result.out, str(result)
    assert events_of(events, "test") == [], "tests ran although collection was interrupted"
    errors = events_of(events, "collect_error")
    assert [e["path"] for e in errors] == ["test_b_syntax.py"], errors


def test_syntax_error_report_shows_the_users_code_only(tmp_path):
    """As pytest: the offending line and caret, without the runner's own frames or a chained
    "During handling of the above exception" copy of the same error."""
    project = write_tree(tmp_path / "proj", COLLECTION_ERRORS)
    result = pst("run", cwd=project)
    assert result.rc == 2, str(result)
    assert "def broken(:" in result.out, str(result)
    assert "During handling of the above exception" not in result.out, str(result)
    assert result.out.count("SyntaxError: invalid syntax") <= 2, str(result)  # report + summary
    assert "ast.py" not in result.out and "_pyspace" not in result.out, str(result)


def test_import_error_interrupts_with_2(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_ok.py": "def test_ok():\n    pass\n",
        "test_imports.py": "import no_such_module_anywhere\n\ndef test_x():\n    pass\n",
    })
    result = pst("run", cwd=project)
    assert result.rc == 2, str(result)
    assert "no_such_module_anywhere" in result.out, str(result)
    assert "test_imports.py" in result.out, str(result)


def test_continue_on_collection_errors_runs_the_rest(tmp_path):
    project = write_tree(tmp_path / "proj", COLLECTION_ERRORS)
    result, events = run_events(project, "--continue-on-collection-errors")
    assert result.rc == 1, str(result)
    assert outcomes_by_id(events) == {"test_a_good.py::test_good": "passed",
                                      "test_c_good.py::test_also_good": "passed"}, str(result)
    assert closing_counts(result.out) == {"passed": 2, "errors": 1}, str(result)
    oracle = pytest_run("--continue-on-collection-errors", cwd=project)
    assert closing_counts(oracle.out) == closing_counts(result.out), str(oracle)
    assert oracle.rc == result.rc


# --------------------------------------------------------------------------------------------
# selection and stopping early

def test_exitfirst_stops_after_the_first_failure(mixed):
    for flag in ("-x", "--exitfirst"):
        result, events = run_events(mixed, flag)
        assert result.rc == 1, str(result)
        assert outcomes_by_id(events) == {"test_first.py::test_a_pass": "passed",
                                          "test_first.py::test_b_fail": "failed"}, str(result)
        assert closing_counts(result.out) == {"failed": 1, "passed": 1}, str(result)


@pytest.mark.parametrize("maxfail, ran", [
    ("1", ["test_first.py::test_a_pass", "test_first.py::test_b_fail"]),
    ("2", ["test_first.py::test_a_pass", "test_first.py::test_b_fail",
           "test_first.py::test_c_pass", "test_second.py::test_d_fail"]),
    ("3", None),  # all six
])
def test_maxfail_stops_after_n_failures(mixed, maxfail, ran):
    result, events = run_events(mixed, "--maxfail", maxfail)
    assert result.rc == 1, str(result)
    actual = list(outcomes_by_id(events))
    if ran is None:
        assert len(actual) == 6, str(result)
    else:
        assert actual == ran, str(result)
    oracle = pytest_run("--maxfail", maxfail, cwd=mixed)
    assert closing_counts(result.out) == closing_counts(oracle.out), str(result)


def test_maxfail_counts_errors_too(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_errors.py": """
            import pytest

            class TestSetupFails:
                def setup_method(self, method):
                    raise RuntimeError("setup broke")

                def test_one(self):
                    pass

                def test_two(self):
                    pass
            """,
    })
    result, events = run_events(project, "--maxfail", "1")
    assert result.rc == 1, str(result)
    assert outcomes_by_id(events) == {"test_errors.py::TestSetupFails::test_one": "error"}


@pytest.mark.parametrize("expression", [
    "fail",
    "not fail",
    "first and pass",
    "test_a_pass or test_e",
    "TEST_D",  # case-insensitive, as pytest
    "second and not (test_d or test_f)",
])
def test_keyword_selection_matches_pytest(mixed, tmp_path, expression):
    oracle, expected, _ = pytest_outcomes("-k", expression, cwd=mixed, tmp_path=tmp_path)
    assert expected, str(oracle)  # the expression selects something
    result, events = run_events(mixed, "-k", expression)
    actual = outcomes_by_id(events)
    assert actual == expected, outcome_diff(expected, actual) + "\n" + str(result)
    assert result.rc == oracle.rc, str(result)


def test_keyword_matches_parametrize_ids_and_classes(tmp_path):
    suite = copy_sample("basic", tmp_path)
    for expression in ("words", "Circle and not negative", "test_add"):
        oracle, expected, _ = pytest_outcomes("-k", expression, cwd=suite, tmp_path=tmp_path)
        result, events = run_events(suite, "-k", expression)
        actual = outcomes_by_id(events)
        assert actual == expected, f"-k {expression}\n{outcome_diff(expected, actual)}\n{result}"


def test_keyword_selecting_nothing_exits_5(mixed):
    result = pst("run", "-k", "no_test_has_this_name", cwd=mixed)
    assert result.rc == 5, str(result)


def test_bad_keyword_expression_is_a_usage_error(mixed):
    result = pst("run", "-k", "and or (", cwd=mixed)
    assert result.rc == 4, str(result)


# --------------------------------------------------------------------------------------------
# tests that try to leave

def test_sys_exit_in_a_test_is_a_failure(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_exits.py": """
            import sys

            def test_exits():
                sys.exit(3)

            def test_after():
                pass
            """,
    })
    oracle, expected, _ = pytest_outcomes(cwd=project, tmp_path=tmp_path)
    result, events = run_events(project)
    assert outcomes_by_id(events) == expected == {"test_exits.py::test_exits": "failed",
                                                  "test_exits.py::test_after": "passed"}
    assert result.rc == oracle.rc == 1, str(result)


def test_keyboard_interrupt_in_a_test_stops_the_run_with_2(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_interrupt.py": """
            def test_first():
                pass

            def test_interrupts():
                raise KeyboardInterrupt

            def test_never_reached():
                pass
            """,
    })
    oracle = pytest_run(cwd=project)
    result, events = run_events(project)
    assert result.rc == oracle.rc == 2, str(result)
    assert "test_interrupt.py::test_never_reached" not in outcomes_by_id(events or []), str(result)


def test_the_working_directory_is_on_sys_path_as_with_python_m_pytest(tmp_path):
    # `python -m pytest` puts the working directory first on sys.path: a test in tests/ (no
    # __init__.py, so only tests/ itself is prepended) imports a module at the project's top.
    project = write_tree(tmp_path / "proj", {
        "helper.py": "VALUE = 42\n",
        "tests/test_uses_helper.py": "import helper\n\ndef test_value():\n    assert helper.VALUE == 42\n",
    })
    oracle, expected, _ = pytest_outcomes("tests", cwd=project, tmp_path=tmp_path)
    assert expected == {"tests/test_uses_helper.py::test_value": "passed"}, str(oracle)
    result, events = run_events(project, "tests")
    actual = outcomes_by_id(events)
    assert actual == expected, outcome_diff(expected, actual) + "\n" + str(result)


def test_a_runner_failure_is_an_internal_error_with_the_reports_so_far(tmp_path):
    # A failure of the runner's own code (here forced: a test breaks a runner internal) is not
    # the next test's failure: exit 3 naming the test that was running, and the JUnit XML
    # holds what ran before it.
    project = write_tree(tmp_path / "proj", {
        "test_breaks_runner.py": """
            def test_first():
                from _pyspace.run import execute
                execute._ItemState = None

            def test_second():
                pass

            def test_third():
                pass
            """,
    })
    junit = tmp_path / "report.xml"
    result = pst("run", "--junitxml", junit, cwd=project)
    assert result.rc == 3, str(result)
    assert "internal error in pyspace-test while running test_breaks_runner.py::test_second" in result.both
    xml = junit.read_text()
    assert 'name="test_first"' in xml and 'name="test_second"' not in xml, xml
