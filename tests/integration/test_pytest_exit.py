"""pytest.exit() as pytest 7.2 ends a run with it: the test (or fixture) that calls it gets no
outcome, no later test runs, the banner is the exception (`!!! _pytest.outcomes.Exit: why !!!`),
exit 2; the tests before it are reported as usual. Compared with pytest itself."""

import pytest

from pst_support import closing_line, junit_cases, needs_embedded_pytest, pst, pytest_run, write_tree

SUITE = {
    "test_a.py": """
        import pytest

        @pytest.fixture
        def leaves():
            pytest.exit("from a fixture")

        def test_first():
            pass

        def test_second():
            assert 1 == 2

        def test_exits():
            pytest.exit("enough")

        def test_never():
            pass

        def test_fixture_exits(leaves):
            pass
        """,
}


def lines_of(out):
    """The progress line, the banner and the closing counts (timings and paths left out)."""
    keep = [line for line in out.splitlines() if line.startswith("test_a.py") or "Exit" in line]
    return keep, closing_line(out)


@needs_embedded_pytest
@pytest.mark.parametrize("selected", ["test_first or test_second or test_exits or test_never",
                                      "test_first or test_fixture_exits"])
@pytest.mark.parametrize("supervise", [[], ["--no-supervise"]])
def test_pytest_exit_ends_the_run_as_pytest_does(tmp_path, selected, supervise):
    root = write_tree(tmp_path, SUITE)
    args = ["-k", selected, f"--junitxml={tmp_path / 'x.xml'}"]
    theirs = pytest_run(*args, cwd=root)
    ours_xml = tmp_path / "ours.xml"
    ours = pst("run", "-p", "no:cacheprovider", *supervise, "-k", selected, f"--junitxml={ours_xml}", cwd=root)
    assert ours.rc == theirs.rc == 2, str(ours)
    assert lines_of(ours.out) == lines_of(theirs.out), str(ours)
    # pytest 7.2 also writes an empty `<testcase time="0.000" />` for the test that exited (its
    # setup report opened one that nothing named); pyspace-test writes no element for it.
    theirs_cases = {key: value for key, value in junit_cases(tmp_path / "x.xml").items() if key != (None, None)}
    assert junit_cases(ours_xml) == theirs_cases
    assert "warnings summary" not in ours.out
