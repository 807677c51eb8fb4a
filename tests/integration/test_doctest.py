"""Doctests as pytest 7.2's doctest plugin runs them: --doctest-modules, --doctest-glob, text
files, ids, order, outcomes and the failure text, each compared with the oracle on one suite."""

import re

import pytest

from pst_support import (closing_counts, outcome_diff, outcomes_by_id, pst, pytest_outcomes,
                         pytest_run, read_events, write_tree)

PROJECT = {
    "conftest.py": """
        '''A conftest's doctests are collected too.

        >>> 1 + 1
        2
        '''
        import pytest

        @pytest.fixture(autouse=True)
        def add_answer(doctest_namespace):
            doctest_namespace["ANSWER"] = 42

        @pytest.fixture
        def thing():
            return "thing"
        """,
    "setup.py": '"""\n>>> 1\n1\n"""\nimport setuptools\n',
    "__main__.py": '"""\n>>> 1\n2\n"""\n',
    "other.py": '"""\n>>> ANSWER\n42\n"""\n',
    "test_guide.txt": """
        A text doctest, collected by default (test*.txt).

        >>> ANSWER
        42
        >>> getfixture('thing')
        'thing'
        >>> 1 + 1
        3
        """,
    "notes.txt": ">>> 1\n2\n",
    "pkg/__init__.py": '"""\n>>> 1 + 1\n2\n"""\n',
    "pkg/Alpha.py": '"""\n>>> "A"\n\'A\'\n"""\n',
    "pkg/mod.py": '''
        """Module doc.

        >>> x = 3
        >>> x * 2
        6
        """
        from pkg import helper


        def double(a):
            """Double.

            >>> double(2)
            4
            >>> double(3)
            7
            >>> double(4)
            8
            """
            return helper.times(a, 2)


        def boom():
            """
            >>> boom()
            3
            """
            raise ValueError("bad")


        class Klass:
            """
            >>> Klass().meth()
            'm'
            """

            def meth(self):
                """
                >>> 1/0
                """
                return "m"

            @property
            def prop(self):
                """
                >>> Klass().prop
                5
                """
                return 5


        def skipped():
            """
            >>> 1  # doctest: +SKIP
            2
            """


        def ellipsis():
            """
            >>> list(range(20))
            [0, 1, ..., 19]
            """


        def no_examples():
            """Nothing to run."""
        ''',
    "pkg/helper.py": "def times(a, b):\n    return a * b\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/test_both.py": '''
        """
        >>> 2
        2
        """


        def test_plain():
            pass
        ''',
}

# The lines of a failure's text that are pytest's doctest report (the headline, where pytest
# writes "[doctest] name", is left out).
_REPORT_LINE = re.compile(r"^(\d{3} |Expected:|Got:|UNEXPECTED EXCEPTION|Traceback|  File |    |"
                          r"\S+:\d+: (DocTestFailure|UnexpectedException)$|[A-Za-z]+Error: |[-+?!@ ] )")


def run_events(cwd, *args):
    """(Result, events) of `pyspace-test run --json-events FILE args...`."""
    events_file = cwd.parent / f"{cwd.name}-events.jsonl"
    result = pst("run", "--json-events", events_file, *args, cwd=cwd)
    events = read_events(events_file.read_text()) if events_file.exists() else None
    return result, events


def failure_sections(text):
    """{headline without pytest's '[doctest] ': [report lines]} of the FAILURES section."""
    section = text.split(" FAILURES ", 1)[1].split(" short test summary info ", 1)[0]
    found = {}
    current = None
    for line in section.splitlines():
        heading = re.match(r"^_+ (?:\[doctest\] )?(.+?) _+$", line)
        if heading:
            current = found.setdefault(heading.group(1), [])
        elif current is not None and _REPORT_LINE.match(line):
            current.append(line)
    return found


def summary_lines(text):
    return [line for line in text.splitlines() if re.match(r"^(FAILED|ERROR) ", line)]


def compare(project, tmp_path, *args):
    """Runs pytest and pyspace-test with args; asserts equal exit codes, outcomes by id, order
    of the tests and summary lines; returns (oracle result, pyspace-test result)."""
    oracle, expected, _ = pytest_outcomes("-v", *args, cwd=project, tmp_path=tmp_path)
    result, events = run_events(project, "-v", *args)
    assert events is not None, str(result)
    actual = outcomes_by_id(events)
    assert actual == expected, outcome_diff(expected, actual) + "\n" + str(result)
    assert list(actual) == list(expected), f"order differs:\n{list(expected)}\n{list(actual)}"
    assert result.rc == oracle.rc, f"{result}\n--- pytest ---\n{oracle}"
    assert summary_lines(result.out) == summary_lines(oracle.out), f"{result}\n--- pytest ---\n{oracle}"
    return oracle, result


@pytest.fixture
def project(tmp_path):
    return write_tree(tmp_path / "proj", PROJECT)


def test_doctest_modules_ids_order_outcomes_and_failure_text(project, tmp_path):
    oracle, result = compare(project, tmp_path, "--doctest-modules")
    assert "pkg/mod.py::pkg.mod.double" in result.out, str(result)
    assert failure_sections(result.out) == failure_sections(oracle.out), f"{result}\n--- pytest ---\n{oracle}"
    assert closing_counts(result.out) == closing_counts(oracle.out), str(result)


def test_text_files_are_collected_without_flags(project, tmp_path):
    oracle, result = compare(project, tmp_path)
    assert "test_guide.txt::test_guide.txt" in result.out, str(result)
    assert "pkg/mod.py::" not in result.out, str(result)
    assert failure_sections(result.out) == failure_sections(oracle.out), f"{result}\n--- pytest ---\n{oracle}"


@pytest.mark.parametrize("args", [
    ["--doctest-glob", "*.txt"],
    ["--doctest-glob", "notes*", "--doctest-glob", "test_*.txt"],
    ["--doctest-glob", "docs/*.rst"],
    ["notes.txt", "docs/guide.rst"],
])
def test_doctest_glob_and_text_file_arguments(project, tmp_path, args):
    write_tree(project, {"docs/guide.rst": ".. a reST file\n\n>>> 'rst'\n'rst'\n"})
    compare(project, tmp_path, *args)


def test_collect_only_lists_doctest_ids_as_pytest(project):
    oracle = pytest_run("--co", "-q", "--doctest-modules", cwd=project)
    result = pst("run", "--co", "-q", "--doctest-modules", cwd=project)
    ids = [line for line in oracle.out.splitlines() if "::" in line]
    assert [line for line in result.out.splitlines() if "::" in line] == ids, str(result)


def test_keyword_selects_doctests(project, tmp_path):
    compare(project, tmp_path, "--doctest-modules", "-k", "double or guide or Klass")


CONTINUE = {
    "calc.py": '''
        def calc():
            """
            >>> 1 + 1
            3
            >>> undefined_name
            >>> 2 + 2
            5
            >>> 3
            3
            """
        ''',
}


@pytest.mark.parametrize("args", [[], ["--doctest-continue-on-failure"]])
def test_continue_on_failure(tmp_path, args):
    project = write_tree(tmp_path / "proj", CONTINUE)
    oracle, result = compare(project, tmp_path, "--doctest-modules", *args)
    sections = failure_sections(result.out)
    assert sections == failure_sections(oracle.out), f"{result}\n--- pytest ---\n{oracle}"
    locations = [line for line in sections["calc.calc"] if line.endswith(("Failure", "Exception"))]
    assert len(locations) == (3 if args else 1), str(result)


REPORT = {
    "lines.py": '''
        def lines():
            r"""
            >>> print("a\\nb\\nc\\nd")
            a
            B
            c
            d
            """
        ''',
}


@pytest.mark.parametrize("choice", ["none", "udiff", "cdiff", "ndiff", "only_first_failure"])
def test_doctest_report(tmp_path, choice):
    project = write_tree(tmp_path / "proj", REPORT)
    oracle, result = compare(project, tmp_path, "--doctest-modules", "--doctest-report", choice)
    assert failure_sections(result.out) == failure_sections(oracle.out), f"{result}\n--- pytest ---\n{oracle}"


FLAGS = {
    "flags.py": '''
        def spaces():
            """
            >>> print("a   b")
            a b
            """


        def number():
            """
            >>> 3.14159
            3.14
            >>> 1e-10  # doctest: +NUMBER
            1.1e-10
            """


        def literals():
            """
            >>> b"x", "y"
            (b'x', 'y')
            >>> "x"
            u'x'
            >>> b"z"
            'z'
            """


        def no_ellipsis():
            """
            >>> list(range(9))
            [0, ..., 8]
            """
        ''',
}


@pytest.mark.parametrize("flags", [
    None,  # pytest's default: ELLIPSIS
    "NORMALIZE_WHITESPACE NUMBER",
    "ALLOW_UNICODE ALLOW_BYTES",
    "NUMBER ELLIPSIS NORMALIZE_WHITESPACE ALLOW_UNICODE ALLOW_BYTES",
])
def test_doctest_optionflags(tmp_path, flags):
    files = dict(FLAGS)
    if flags is not None:
        files["pytest.ini"] = f"[pytest]\ndoctest_optionflags = {flags}\n"
    project = write_tree(tmp_path / "proj", files)
    compare(project, tmp_path, "--doctest-modules")


def test_unknown_optionflag_is_a_collection_error_of_each_file(tmp_path):
    project = write_tree(tmp_path / "proj", {
        **FLAGS, "pytest.ini": "[pytest]\ndoctest_optionflags = ELLIPSIS NOT_A_FLAG\n"})
    oracle = pytest_run("--doctest-modules", cwd=project)
    result = pst("run", "--doctest-modules", cwd=project)
    assert result.rc == oracle.rc == 2, str(result)
    assert "ERROR flags.py - KeyError: 'NOT_A_FLAG'" in summary_lines(oracle.out)
    assert summary_lines(result.out) == summary_lines(oracle.out), str(result)


def test_doctest_encoding(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "pytest.ini": "[pytest]\ndoctest_encoding = latin-1\n",
        "test_latin.txt": "café\n>>> len('café')\n4\n".encode("latin-1"),
    })
    compare(project, tmp_path)


IMPORTS = {
    "broken.py": '"""\n>>> 1\n1\n"""\nimport not_a_module_anywhere\n',
    "test_broken.py": "import not_a_module_anywhere\n\ndef test_x():\n    pass\n",
    "fine.py": '"""\n>>> 1\n1\n"""\n',
}


def test_import_errors_are_collection_errors(tmp_path):
    project = write_tree(tmp_path / "proj", IMPORTS)
    oracle = pytest_run("--doctest-modules", cwd=project)
    result = pst("run", "--doctest-modules", cwd=project)
    assert result.rc == oracle.rc == 2, str(result)
    assert closing_counts(result.out) == closing_counts(oracle.out), f"{result}\n--- pytest ---\n{oracle}"
    # (pytest's summary line of the test module's error has no message)
    errors = [line.split(" - ")[0] for line in summary_lines(oracle.out)]
    assert [line.split(" - ")[0] for line in summary_lines(result.out)] == errors, str(result)
    assert "ERROR broken.py - ModuleNotFoundError: No module named 'not_a_module_anywhere'" in result.out
    assert "E   ModuleNotFoundError: No module named 'not_a_module_anywhere'" in result.out


SKIPS = {
    "broken.py": '"""\n>>> 1\n1\n"""\nimport not_a_module_anywhere\n',
    "fine.py": '"""\n>>> 1\n1\n"""\n',
    "test_skips.py": ('"""\n>>> 1\n1\n"""\nimport pytest\n'
                      'pytest.skip("whole module", allow_module_level=True)\n'),
}


@pytest.mark.parametrize("args", [[], ["--doctest-ignore-import-errors"]])
def test_ignore_import_errors_and_module_skips(tmp_path, args):
    project = write_tree(tmp_path / "proj", SKIPS)
    oracle = pytest_run("--doctest-modules", *args, cwd=project)
    result = pst("run", "--doctest-modules", *args, cwd=project)
    assert result.rc == oracle.rc, f"{result}\n--- pytest ---\n{oracle}"
    assert summary_lines(result.out) == summary_lines(oracle.out), f"{result}\n--- pytest ---\n{oracle}"
    if args:  # (without, the import error interrupts the run, and pyspace-test counts no skipped
        # module there: an older difference, the same without doctests)
        assert closing_counts(result.out) == closing_counts(oracle.out), f"{result}\n--- pytest ---\n{oracle}"
        assert closing_counts(result.out) == {"passed": 1, "skipped": 3}, str(result)


def test_all_skipped_doctest_is_skipped_with_its_reason(project):
    result, events = run_events(project, "--doctest-modules", "pkg/mod.py")
    skipped = [e for e in events if e["event"] == "test" and e["id"] == "pkg/mod.py::pkg.mod.skipped"]
    assert [e["outcome"] for e in skipped] == ["skipped"], str(result)
    assert "all tests skipped by +SKIP option" in str(skipped[0]), skipped


def test_junit_names_doctests_as_pytest(project, tmp_path):
    from pst_support import junit_cases
    pytest_run("--doctest-modules", f"--junitxml={tmp_path / 'pytest.xml'}", cwd=project)
    result = pst("run", "--doctest-modules", f"--junitxml={tmp_path / 'pst.xml'}", cwd=project)
    expected = junit_cases(tmp_path / "pytest.xml")
    assert ("pkg.mod", "pkg.mod.double") in expected and ("test_guide.txt", "test_guide.txt") in expected
    assert junit_cases(tmp_path / "pst.xml") == expected, str(result)


def test_no_doctest_plugin_collects_no_text_files(project, tmp_path):
    (project / "conftest.py").unlink()  # (its fixture needs doctest_namespace, then unknown)
    oracle, result = compare(project, tmp_path, "-p", "no:doctest")
    assert "test_guide.txt" not in result.out, str(result)
