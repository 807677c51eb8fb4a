"""Ctrl-C (SIGINT) as pytest 7.2 reports it: while a test module is imported it is that file's
collection error; while a test runs, the run ends with pytest's KeyboardInterrupt block naming
file:line. Compared with `python3 -m pytest` (plugin autoload off) on the same suite."""

import re
import signal
import subprocess
import time

import pytest

from pst_support import BIN, ORACLE, base_env, write_tree

SUITES = {
    "collection": {"test_slow_import.py": "import time\ntime.sleep(30)\n\ndef test_a():\n    pass\n"},
    "test": {"test_slow.py": "import time\n\ndef test_b():\n    time.sleep(30)\n"},
}


def interrupted(argv, cwd, delay=3.0):
    """(exit status, stdout) of argv sent SIGINT after `delay` seconds."""
    process = subprocess.Popen(argv, cwd=cwd, env=base_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)
    return process.returncode, re.sub(r" in [0-9.]+s", "", out)


@pytest.mark.parametrize("where", sorted(SUITES))
def test_ctrl_c_is_reported_as_pytest_reports_it(tmp_path, where):
    if not ORACLE:
        pytest.skip("no oracle: the embedded Python has no pytest")
    root = write_tree(tmp_path / "proj", SUITES[where])
    theirs = interrupted([ORACLE, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root)
    ours = interrupted([BIN, "run", "-q", "-p", "no:cacheprovider"], root)
    assert ours == theirs, f"{ours[1]}\n--- pytest ---\n{theirs[1]}"
    assert theirs[0] == 2


def test_ctrl_c_ends_a_run_with_workers(tmp_path):
    files = {f"test_slow{i}.py": "import time\n\ndef test_b():\n    time.sleep(30)\n" for i in range(3)}
    root = write_tree(tmp_path / "proj", files)
    started = time.monotonic()
    rc, out = interrupted([BIN, "run", "-p", "no:cacheprovider", "-n", "2"], root, delay=2.0)
    assert rc == 2, out
    assert "KeyboardInterrupt" in out, out
    assert time.monotonic() - started < 20  # the workers were stopped, not waited for
