"""--capture=sys, --capture=tee-sys and -s against pytest 7.2 (plugin autoload off on both
sides): the whole console output, where what tests write lands among the progress (pytest
writes a file's name, or with -v the node id, before the test runs), and the Captured sections
of failures. fd-level output (os.write, child processes) is not captured by sys and tee-sys."""

import re

import pytest

from pst_support import base_env, pst, pytest_run, write_tree

SUITE = {"test_c.py": """
    import os
    import subprocess
    import sys

    def test_print_pass():
        print("printed while passing")

    def test_fd_write():
        os.write(1, b"fd level out\\n")
        os.write(2, b"fd level err\\n")

    def test_fail():
        print("printed then failed")
        sys.stderr.write("err then failed\\n")
        assert 0

    def test_child():
        subprocess.run([sys.executable, "-c", "print('from a child')"])

    def test_capsys(capsys):
        print("inside capsys")
        assert capsys.readouterr().out == "inside capsys\\n"
    """}


def normalized(text):
    text = re.sub(r" in \d+\.\d+s", " in T", text)
    text = re.sub(r"pytest-[\d.]+, pluggy-\S+|pyspace-test-\S+", "VERSIONS", text)
    return text


@pytest.mark.parametrize("unbuffered", ["1", None], ids=["PYTHONUNBUFFERED", "buffered"])
@pytest.mark.parametrize("args", [["--capture=sys"], ["--capture=tee-sys"], ["-s"],
                                  ["--capture=tee-sys", "-v"], ["-s", "-v"], ["-v"]])
def test_output_lands_where_pytest_puts_it(tmp_path, args, unbuffered):
    root = write_tree(tmp_path, SUITE)
    env = base_env(PYTHONUNBUFFERED=unbuffered)
    # stderr into stdout, as at a terminal: the order of the two is part of what is compared
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=root, env=env, merge_stderr=True)
    theirs = pytest_run(*args, cwd=root, env=env, merge_stderr=True)
    assert ours.rc == theirs.rc == 1, str(ours)
    if "-v" in args:
        assert " -- " in theirs.out.splitlines()[1]  # the header names sys.executable
    assert normalized(ours.out) == normalized(theirs.out), str(ours) + "\n--- pytest ---\n" + theirs.out


def test_fd_output_is_not_captured_by_sys(tmp_path):
    root = write_tree(tmp_path, SUITE)
    for mode in ("sys", "tee-sys"):
        ours = pst("run", "-p", "no:cacheprovider", f"--capture={mode}", "-q", cwd=root)
        assert "fd level out" in ours.out and "fd level err" in ours.err, str(ours)
        assert "from a child" in ours.out, str(ours)
    fd = pst("run", "-p", "no:cacheprovider", "-q", cwd=root)
    assert "fd level out" not in fd.out and "from a child" not in fd.out, str(fd)


STDIN_SUITE = {"test_s.py": """
    import os
    import sys

    def test_input():
        assert input() == "typed"

    def test_read():
        assert sys.stdin.read() == "typed\\n"

    def test_fd_reads_nothing():
        assert os.read(0, 10) == b""
    """}


@pytest.mark.parametrize("args", [[], ["--capture=sys"], ["--capture=tee-sys"], ["-s"]])
def test_reading_stdin_while_captured_fails_at_once_as_in_pytest(tmp_path, args):
    root = write_tree(tmp_path, STDIN_SUITE)
    ours = pst("run", "-p", "no:cacheprovider", "-rA", *args, cwd=root, stdin=b"typed\n")
    theirs = pytest_run("-rA", *args, cwd=root, env=base_env(), stdin=b"typed\n")
    assert ours.rc == theirs.rc == 1, str(ours)
    short = lambda out: [l for l in out.splitlines() if l.startswith(("PASSED", "FAILED"))]
    assert short(ours.out) == short(theirs.out), str(ours) + "\n--- pytest ---\n" + theirs.out
