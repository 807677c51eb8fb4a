"""A test that kills the process with a fatal signal, run unsupervised (--no-supervise: in the
process that reports): as under pytest (faulthandler plugin) the console's output up to that test
is there and the Python stacks are printed; pyspace-test adds the id of the test that was
running. The exit status is the signal's, as pytest's. Supervised runs (the default), where the
run goes on: test_supervised_runs.py."""

import pytest

from pst_support import pst, pytest_run, write_tree

SUITE = {
    "test_a.py": """
        import ctypes
        import os

        def test_ok():
            pass

        def test_crash():
            ctypes.string_at(0)

        def test_abort():
            os.abort()
        """,
    "test_b.py": "def test_b():\n    pass\n",
}


@pytest.mark.parametrize("name, signal_name, signum", [("test_crash", "Segmentation fault", 11),
                                                      ("test_abort", "Aborted", 6)])
def test_the_test_that_died_is_named(tmp_path, name, signal_name, signum):
    root = write_tree(tmp_path, SUITE)
    args = ["-k", f"test_ok or {name} or test_b"]
    ours = pst("run", "-p", "no:cacheprovider", "--no-supervise", *args, cwd=root)
    theirs = pytest_run(*args, cwd=root)
    assert ours.rc == theirs.rc == -signum, str(ours)
    assert "test_a.py ." in theirs.out
    assert "test_a.py ." in ours.out, str(ours)  # the console written out before dying
    for text in (f"Fatal Python error: {signal_name}", 'test_a.py", line ', f" in {name}"):
        assert text in theirs.err
        assert text in ours.err, str(ours)
    assert f"pyspace-test: fatal signal ({signal_name}) while running test_a.py::{name}" in ours.err, str(ours)


@pytest.mark.parametrize("isolate", ["run", "file"])
@pytest.mark.parametrize("supervise", [[], ["--no-supervise"]])
def test_the_runners_faulthandler_is_not_reported_as_a_tests_change(tmp_path, isolate, supervise):
    root = write_tree(tmp_path, SUITE)
    ours = pst("run", "-p", "no:cacheprovider", *supervise, "--isolate", isolate, "-k", "test_ok or test_b", cwd=root)
    assert ours.rc == 0, str(ours)
    assert "warnings summary" not in ours.out, str(ours)  # no "faulthandler was enabled by tests"
