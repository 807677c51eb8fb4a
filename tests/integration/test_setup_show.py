"""--setup-show against pytest 7.2 (plugin autoload off on both sides): the whole console output,
SETUP/TEARDOWN lines of every scope (with their dependencies and params), the test lines with
the fixtures they use, and the outcome letters where pytest writes them."""

import re

import pytest

from pst_support import pst, pytest_run, read_events, write_tree

SUITE = {
    "test_x.py": """
        import pytest

        @pytest.fixture(scope="module")
        def m():
            return 1

        @pytest.fixture
        def f(m, tmp_path):
            yield 2

        @pytest.fixture(params=["long parameter value " * 3, 7])
        def p(request):
            return request.param

        @pytest.mark.parametrize("d", [1, "x"])
        def test_a(f, d):
            pass

        def test_b():
            assert 0

        def test_c(p):
            pass

        class TestC:
            @pytest.fixture(scope="class")
            def k(self):
                return 3

            def test_k(self, k, m):
                pass

        @pytest.fixture
        def broken():
            raise RuntimeError("no")

        def test_broken(broken):
            pass
        """,
    "test_y.py": """
        def test_plain():
            pass
        """,
}


def normalized(text):
    text = re.sub(r" in \d+\.\d+s", " in T", text)
    text = re.sub(r"pytest-[\d.]+, pluggy-\S+|pyspace-test-\S+", "VERSIONS", text)
    return text.split("= FAILURES =")[0]


@pytest.mark.parametrize("args", [["--setup-show"], ["--setup-show", "-q"]])
def test_lines_as_pytests(tmp_path, args):
    root = write_tree(tmp_path, SUITE)
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=root)
    theirs = pytest_run(*args, cwd=root)
    assert ours.rc == theirs.rc == 1, str(ours)
    assert "SETUP    M m" in theirs.out
    assert normalized(ours.out) == normalized(theirs.out), str(ours) + "\n--- pytest ---\n" + theirs.out


@pytest.mark.parametrize("args", [["--setup-only"], ["--setup-plan"], ["--setup-only", "-k", "not broken"],
                                  ["--setup-plan", "-q"]])
def test_setup_only_and_setup_plan_as_pytests(tmp_path, args):
    """--setup-only sets fixtures up and tears them down without calling the tests;
    --setup-plan does not even call the fixtures: the lines, the counts and the exit code."""
    root = write_tree(tmp_path, SUITE)
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=root)
    theirs = pytest_run(*args, cwd=root)
    assert ours.rc == theirs.rc, str(ours)
    assert normalized(ours.out) == normalized(theirs.out), str(ours) + "\n--- pytest ---\n" + theirs.out
    tail = lambda out: [line for line in out.splitlines() if line.startswith("=")][-1:]
    assert normalized("\n".join(tail(ours.out))) == normalized("\n".join(tail(theirs.out))), str(ours)


def test_setup_show_with_events_on_stdout_keeps_the_stream_json(tmp_path):
    root = write_tree(tmp_path, SUITE)
    ours = pst("run", "-p", "no:cacheprovider", "--setup-show", "--json-events", "-", cwd=root)
    assert ours.rc == 1, str(ours)
    read_events(ours.out)  # every line of stdout is an event
    assert "SETUP    M m" in ours.err, str(ours)
