"""Watch mode's keys on a terminal: a all, f the known failures, t by test name, p by file, Esc
cancels a prompt, Enter reruns, q quits (at once, also during a run)."""
import signal
import time

import pytest

from conftest import save

KEYS = "Watching for changes. Keys:"


def ids(w, index):
    return sorted(t["id"] for t in w.tests_of_run(index))


def test_f_runs_exactly_the_known_failures_and_says_when_there_are_none(project, terminal):
    w = terminal()
    w.wait_for(KEYS)
    w.press("f")
    w.wait_for("no failing tests known: nothing to run (a runs all)")
    assert len(w.runs()) == 1
    save(project / "proj" / "alpha.py", "VALUE = 'broken'\n")
    w.wait_runs(2)
    w.wait_for(KEYS)
    save(project / "proj" / "beta.py", "def beta():\n    return 2  # edited\n")
    w.wait_runs(3)
    screen = w.wait_for(KEYS)
    assert "1 failing test in files not rerun: press f\n  tests/test_alpha.py::test_alpha\n" in screen
    w.press("f")
    w.wait_runs(4)
    screen = w.wait_for(KEYS)
    assert ids(w, 3) == ["tests/test_alpha.py::test_alpha"]
    assert "running the 1 known failure (in 1 file)" in screen
    w.press("a")
    w.wait_runs(5)
    assert ids(w, 4) == ["tests/test_alpha.py::test_alpha", "tests/test_beta.py::test_beta"]
    w.press("q")
    assert w.finish() == 1


def test_t_filters_by_test_name_p_by_file_and_esc_cancels(project, terminal):
    (project / "tests" / "test_more.py").write_text(
        "def test_gamma():\n    pass\n\ndef test_beta_too():\n    pass\n")
    w = terminal()
    w.wait_for(KEYS)
    w.press("t")
    w.wait_for("test name filter")
    w.press("beta\r")
    w.wait_runs(2)
    screen = w.wait_for(KEYS)
    assert ids(w, 1) == ["tests/test_beta.py::test_beta", "tests/test_more.py::test_beta_too"]
    assert "tests matching -k 'beta'" in screen
    w.press("p")
    w.wait_for("test file filter")
    w.press("*more*\r")
    w.wait_runs(3)
    w.wait_for(KEYS)
    assert ids(w, 2) == ["tests/test_more.py::test_beta_too"]
    w.press("t")
    w.wait_for("test name filter")
    w.press("\x7f\x7f\x7f\x7fgamma\x1b")  # edited, then Esc: the filter stays
    w.wait_for("filter unchanged")
    time.sleep(0.3)
    assert len(w.runs()) == 3
    w.press("\r")  # Enter: the last run again
    w.wait_runs(4)
    assert ids(w, 3) == ["tests/test_more.py::test_beta_too"]
    w.wait_for(KEYS)
    w.press("t")
    w.wait_for("test name filter")
    w.press("\x7f\x7f\x7f\x7f\r")  # emptied: no filter
    w.wait_runs(5)
    assert ids(w, 4) == ["tests/test_more.py::test_beta_too", "tests/test_more.py::test_gamma"]
    w.press("q")
    assert w.finish() == 0


def test_q_during_a_run_quits_at_once(project, terminal):
    (project / "tests" / "test_slow.py").write_text(
        "import time\nimport pytest\n\n@pytest.mark.parametrize('n', range(100))\n"
        "def test_slow(n):\n    time.sleep(0.05)\n")
    w = terminal()
    w.wait_for(KEYS, timeout=60)
    w.press("a")
    deadline = time.monotonic() + 10
    while not w.tests_of_run_so_far() and time.monotonic() < deadline:
        time.sleep(0.01)
    pressed = time.monotonic()
    w.press("q")
    w.finish(timeout=10)
    assert time.monotonic() - pressed < 1.5  # not the 5 s the run would take
    assert len(w.tests_of_run(1)) < 100
    assert "Traceback" not in w.output()


def test_ctrl_c_during_a_run_quits_at_once(project, watch):
    (project / "tests" / "test_slow.py").write_text(
        "import time\nimport pytest\n\n@pytest.mark.parametrize('n', range(100))\n"
        "def test_slow(n):\n    time.sleep(0.05)\n")
    w = watch()
    deadline = time.monotonic() + 10
    while not w.tests_of_run_so_far() and time.monotonic() < deadline:
        time.sleep(0.01)
    pressed = time.monotonic()
    w.stop(signal.SIGINT)
    assert time.monotonic() - pressed < 1.5
    assert "Traceback" not in w.output()


@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["one-process", "workers"])
def test_q_during_a_long_test_quits_at_once(project, terminal, workers):
    # with -n, the parent hands the SIGINT on to the workers at once
    (project / "tests" / "test_long.py").write_text("import time\n\ndef test_long():\n    time.sleep(30)\n")
    w = terminal(*workers)
    deadline = time.monotonic() + 10
    while not any(t["id"].startswith("tests/test_beta") for t in w.tests_of_run_so_far()):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.2)  # in test_long now (files run in name order, or by the other worker)
    pressed = time.monotonic()
    w.press("q")
    w.finish(timeout=10)
    assert time.monotonic() - pressed < 1.5  # not the 30 s the test sleeps
    out = w.output()
    assert "Traceback" not in out and "internal error" not in out, out
