"""Console output of `pyspace-test run`: progress, -q/-v, colour (--color, NO_COLOR, terminal)."""

import os
import pty
import re
import subprocess

import pytest

from pst_support import BIN, base_env, closing_counts, closing_line, pst, pytest_run, write_tree

ESC = "\x1b["

SUITE = {
    "test_one.py": """
        import pytest

        def test_pass():
            pass

        def double(n):
            return 2 * n

        def test_fail():
            assert double(3) == 7

        @pytest.mark.skip(reason="not today")
        def test_skip():
            pass

        @pytest.mark.xfail(reason="known")
        def test_xfail():
            assert False
        """,
    "sub/test_two.py": """
        class TestTwo:
            def test_a(self):
                pass

            def test_b(self):
                pass
        """,
}


@pytest.fixture
def suite(tmp_path):
    return write_tree(tmp_path / "proj", SUITE)


def run_on_terminal(args, cwd, env):
    """Runs the binary with stdout and stderr on a pseudo-terminal; returns (status, output)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([BIN, *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    status = proc.wait(timeout=300)
    return status, b"".join(chunks).decode("utf-8", "replace")


def test_default_output(suite):
    result = pst("run", cwd=suite)
    assert result.rc == 1, str(result)
    lines = result.out.splitlines()
    assert any("test session starts" in line for line in lines), str(result)
    assert any(line.startswith("collected 6 items") for line in lines), str(result)
    progress = [line for line in lines if re.match(r"^\S+\.py [.FsxXE]+\s+\[\s*\d+%\]$", line)]
    assert [line.split()[:2] for line in progress] == [["test_one.py", ".Fsx"],
                                                      ["sub/test_two.py", ".."]], str(result)
    assert progress[-1].endswith("[100%]"), str(result)
    # pytest writes "- assert 6 == 7", without "AssertionError: "
    assert re.search(r"^FAILED test_one\.py::test_fail - assert 6 == 7$",
                     result.out, re.M), str(result)
    assert closing_counts(result.out) == {"failed": 1, "passed": 3, "skipped": 1, "xfailed": 1}
    assert ESC not in result.both, "colour on a pipe"


def test_verbose_one_line_per_test(suite):
    result = pst("run", "-v", cwd=suite)
    assert result.rc == 1, str(result)
    expected = {
        "test_one.py::test_pass": "PASSED",
        "test_one.py::test_fail": "FAILED",
        "test_one.py::test_skip": "SKIPPED",
        "test_one.py::test_xfail": "XFAIL",
        "sub/test_two.py::TestTwo::test_a": "PASSED",
        "sub/test_two.py::TestTwo::test_b": "PASSED",
    }
    for nodeid, word in expected.items():
        assert re.search(rf"^{re.escape(nodeid)} {word}\b", result.out, re.M), (nodeid, str(result))


def test_quiet_is_shorter_and_keeps_the_closing_line(suite):
    normal = pst("run", cwd=suite)
    quiet = pst("run", "-q", cwd=suite)
    assert quiet.rc == 1, str(quiet)
    assert "test session starts" not in quiet.out, str(quiet)
    assert len(quiet.out.splitlines()) < len(normal.out.splitlines())
    assert closing_counts(quiet.out) == closing_counts(normal.out), str(quiet)
    assert "FAILED test_one.py::test_fail" in quiet.out, str(quiet)


def test_no_tests_closing_line(tmp_path):
    (tmp_path / "empty").mkdir()
    result = pst("run", cwd=tmp_path / "empty")
    assert result.rc == 5, str(result)
    assert closing_line(result.out) == "no tests ran", str(result)


def test_color_yes_colours_a_pipe(suite):
    result = pst("run", "--color", "yes", cwd=suite)
    assert result.rc == 1, str(result)
    assert ESC in result.out, str(result)


def test_color_no(suite):
    result = pst("run", "--color", "no", cwd=suite)
    assert result.rc == 1, str(result)
    assert closing_counts(result.out)["failed"] == 1, str(result)
    assert ESC not in result.both, str(result)


def test_color_auto_on_a_pipe_is_plain(suite):
    result = pst("run", "--color", "auto", cwd=suite)
    assert result.rc == 1, str(result)
    assert closing_counts(result.out)["failed"] == 1, str(result)
    assert ESC not in result.both, str(result)


def test_terminal_gets_colour(suite):
    status, output = run_on_terminal(["run"], suite, base_env(TERM="xterm"))
    assert status == 1, output
    assert ESC in output, output


def test_no_color_is_honoured_on_a_terminal(suite):
    status, output = run_on_terminal(["run"], suite, base_env(TERM="xterm", NO_COLOR="1"))
    assert status == 1, output
    assert ESC not in output, output
    assert closing_counts(output)["failed"] == 1, output


def test_color_no_on_a_terminal(suite):
    status, output = run_on_terminal(["run", "--color", "no"], suite, base_env(TERM="xterm"))
    assert status == 1, output
    assert ESC not in output, output


def test_no_capture_output_comes_before_the_summary(tmp_path):
    """With -s a test's prints go straight to stdout, in order with the progress (as pytest)."""
    project = write_tree(tmp_path / "proj", {
        "test_prints.py": "def test_prints():\n    print('PRINTED BY TEST')\n",
    })
    result = pst("run", "-s", cwd=project)
    assert result.rc == 0, str(result)
    assert "PRINTED BY TEST" in result.out, str(result)
    assert result.out.index("PRINTED BY TEST") < result.out.index("1 passed"), str(result)


MESSAGES_AND_WARNINGS = {
    "test_msgs.py": """
        import warnings

        def test_rewritten():
            x = 3
            assert x == 4

        def test_quotes_keep_the_prefix():  # pytest's quirk: the repr uses double quotes
            assert {"a": 1} == {"a": 2}

        def test_assert_with_message():
            assert 1 == 2, "with a message"

        def test_raised_assert_text():
            raise AssertionError("assert made by hand")

        def test_raised_other_text():
            raise AssertionError("plain text")

        def test_value_error():
            raise ValueError("bad")

        def test_warns_twice():
            warnings.warn("careful", UserWarning)
            warnings.warn(DeprecationWarning("old api"))

        def test_same_warning_again():
            warnings.warn("careful", UserWarning)
        """,
    "test_import_warns.py": """
        import warnings
        warnings.warn("at import", RuntimeWarning)

        def test_ok():
            pass
        """,
}


def _summary_lines(text):
    return sorted(line for line in text.splitlines() if line.startswith("FAILED "))


def _warnings_section(text):
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "warnings summary" in line)
    end = next(i for i in range(start + 1, len(lines))
               if lines[i].startswith(("-- Docs:", "=====")))
    return [line for line in lines[start + 1:end] if line.strip()]


def test_short_summary_and_warnings_summary_match_pytest(tmp_path):
    project = write_tree(tmp_path / "proj", MESSAGES_AND_WARNINGS)
    oracle = pytest_run(cwd=project)
    result = pst("run", cwd=project)
    assert result.rc == oracle.rc == 1, str(result)
    assert _summary_lines(result.out) == _summary_lines(oracle.out), str(result) + str(oracle)
    assert _warnings_section(result.out) == _warnings_section(oracle.out), str(result) + str(oracle)
    assert closing_counts(result.out) == closing_counts(oracle.out), str(result) + str(oracle)
