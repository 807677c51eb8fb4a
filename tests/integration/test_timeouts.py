"""pytest-timeout's settings in supervised runs (docs/cli.md, docs/reliability.md): a test past
its time fails with "Failed: Timeout >Ns" and the stacks of its threads where it hung; its
process is replaced and the run goes on, with every other result in the reports. --timeout,
PYTEST_TIMEOUT, the `timeout` ini key and the `timeout` marker, in pytest-timeout's order;
--session-timeout ends the run with what ran (exit 2)."""

import pytest

from pst_support import closing_line, junit_cases, needs_embedded_pytest, pst, write_tree

SUITE = {
    "test_t.py": """
        import threading
        import time

        import pytest

        def test_fast():
            pass

        def test_sleeps():
            time.sleep(60)

        @pytest.mark.timeout(0.3)
        def test_spins():
            while True:
                pass

        @pytest.fixture
        def slow_setup():
            time.sleep(60)

        def test_in_setup(slow_setup):
            pass

        def test_waits_for_a_thread():
            worker = threading.Thread(target=time.sleep, args=(60,), daemon=True)
            worker.start()
            worker.join()

        @pytest.mark.timeout(0)
        def test_unbounded_by_its_marker():
            time.sleep(0.8)

        @pytest.mark.timeout("soon")
        def test_bad_marker():
            pass

        def test_last():
            pass
        """,
}


@needs_embedded_pytest
def test_a_test_past_its_time_fails_with_its_stacks_and_the_run_goes_on(tmp_path):
    root = write_tree(tmp_path, SUITE)
    xml = tmp_path / "out.xml"
    ours = pst("run", "-p", "no:cacheprovider", "--timeout", "0.6", "-rfE", f"--junitxml={xml}", cwd=root)
    assert ours.rc == 1, str(ours)
    assert closing_line(ours.out) == "4 failed, 3 passed, 1 error", str(ours)
    for name, limit in (("test_sleeps", "0.6"), ("test_spins", "0.3"), ("test_in_setup", "0.6"),
                        ("test_waits_for_a_thread", "0.6")):
        assert f"FAILED test_t.py::{name} - Failed: Timeout >{limit}s" in ours.out, str(ours)
    # Where each one hung: the test's own line, the fixture's, the join and the other thread.
    assert 'test_t.py", line 10 in test_sleeps' in ours.out, str(ours)
    assert 'test_t.py", line 14 in test_spins' in ours.out or 'test_t.py", line 15 in test_spins' in ours.out
    assert 'test_t.py", line 19 in slow_setup' in ours.out, str(ours)
    assert 'test_t.py", line 27 in test_waits_for_a_thread' in ours.out and "Thread 0x" in ours.out, str(ours)
    assert "ERROR test_t.py::test_bad_marker - ValueError: Invalid timeout 'soon' from marker" in ours.out
    cases = junit_cases(xml)
    assert cases[("test_t", "test_last")] == ["passed"] and cases[("test_t", "test_sleeps")] == ["failure"]
    assert cases[("test_t", "test_unbounded_by_its_marker")] == ["passed"]


@needs_embedded_pytest
@pytest.mark.parametrize("how", ["ini", "env", "marker-over-flag"])
def test_where_the_limit_comes_from(tmp_path, how):
    files = {"test_s.py": "import time\nimport pytest\n\n"
                          "@pytest.mark.timeout(0.3)\ndef test_marked():\n    time.sleep(60)\n\n"
                          "def test_plain():\n    time.sleep(60)\n"}
    args, env = ["-p", "no:cacheprovider", "-rf"], None
    if how == "ini":
        files["pytest.ini"] = "[pytest]\ntimeout = 0.4\n"
    elif how == "env":
        env = {"PYTEST_TIMEOUT": "0.4"}
    else:
        args += ["--timeout", "0.4"]
    root = write_tree(tmp_path, files)
    from pst_support import base_env
    ours = pst("run", *args, cwd=root, env=base_env(**env) if env else None)
    assert ours.rc == 1, str(ours)
    assert "FAILED test_s.py::test_marked - Failed: Timeout >0.3s" in ours.out, str(ours)
    assert "FAILED test_s.py::test_plain - Failed: Timeout >0.4s" in ours.out, str(ours)


def test_a_hung_test_without_pytest_imported(tmp_path):
    """The limit needs nothing from pytest: a plain suite, a sleep and a thread's join."""
    root = write_tree(tmp_path, {"test_p.py": "import threading\nimport time\n\n"
                                 "def test_ok():\n    pass\n\n"
                                 "def test_sleeps():\n    time.sleep(60)\n\n"
                                 "def test_joins():\n    worker = threading.Thread(target=time.sleep, args=(60,), daemon=True)\n"
                                 "    worker.start()\n    worker.join()\n\n"
                                 "def test_after():\n    pass\n"})
    ours = pst("run", "-p", "no:cacheprovider", "--timeout", "0.5", "-rf", cwd=root)
    assert ours.rc == 1, str(ours)
    assert closing_line(ours.out) == "2 failed, 2 passed", str(ours)
    assert "FAILED test_p.py::test_sleeps - Failed: Timeout >0.5s" in ours.out
    assert 'test_p.py", line 8 in test_sleeps' in ours.out and 'test_p.py", line 13 in test_joins' in ours.out, str(ours)


def test_session_timeout_ends_the_run_with_what_ran(tmp_path):
    root = write_tree(tmp_path, {"test_s.py": "import time\n\n"
                                 "def test_1():\n    time.sleep(0.3)\n\n"
                                 "def test_2():\n    time.sleep(60)\n\n"
                                 "def test_3():\n    pass\n"})
    xml = tmp_path / "out.xml"
    ours = pst("run", "-p", "no:cacheprovider", "--session-timeout", "1", f"--junitxml={xml}", cwd=root)
    assert ours.rc == 2, str(ours)
    assert "Interrupted: session timeout of 1.0s exceeded" in ours.out, str(ours)
    assert closing_line(ours.out) == "1 failed, 1 passed", str(ours)
    assert set(junit_cases(xml)) == {("test_s", "test_1"), ("test_s", "test_2")}


@pytest.mark.parametrize("args, message", [
    (["--timeout=-5"], "argument --timeout: invalid timeout '-5': seconds must be >= 0"),
    (["--timeout", "x"], "argument --timeout: invalid float value: 'x'"),
    (["--session-timeout=-1"], "argument --session-timeout: invalid timeout '-1': seconds must be >= 0"),
    (["--timeout", "3", "--no-supervise"], "--timeout needs a supervised run"),
    (["--timeout", "3", "--isolate", "file"], "--timeout needs a supervised run"),
])
def test_bad_limits_are_usage_errors(tmp_path, args, message):
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    ours = pst("run", *args, cwd=root)
    assert ours.rc == 4, str(ours)
    assert message in ours.err, str(ours)


def test_a_configured_limit_without_supervision_is_said(tmp_path):
    root = write_tree(tmp_path, {"pytest.ini": "[pytest]\ntimeout = 5\n", "test_a.py": "def test_a():\n    pass\n"})
    ours = pst("run", "-p", "no:cacheprovider", "--no-supervise", cwd=root)
    assert ours.rc == 0, str(ours)
    assert "pytest.ini: timeout is not honoured with --no-supervise: tests run without a time limit" in ours.out, str(ours)


@needs_embedded_pytest
def test_a_timeout_marker_without_supervision_is_said(tmp_path):
    root = write_tree(tmp_path, {"test_a.py": "import pytest\n\ndef test_a():\n    pass\n\n"
                                              "@pytest.mark.timeout(3)\ndef test_b():\n    pass\n\n"
                                              "@pytest.mark.timeout(4)\ndef test_c():\n    pass\n"})
    ours = pst("run", "-p", "no:cacheprovider", "--no-supervise", cwd=root)
    assert ours.rc == 0, str(ours)
    assert ours.out.count("its timeout marker") == 1, str(ours)
    assert ("test_a.py::test_b: its timeout marker (3.0s) is not honoured: the tests run in this process"
            in ours.out), str(ours)
    supervised = pst("run", "-p", "no:cacheprovider", cwd=root)
    assert supervised.rc == 0 and "not honoured" not in supervised.out, str(supervised)


@needs_embedded_pytest
def test_the_timeout_marker_is_registered(tmp_path):
    root = write_tree(tmp_path, {"test_a.py": "import pytest\n\n@pytest.mark.timeout(5)\ndef test_a():\n    pass\n"})
    ours = pst("run", "-p", "no:cacheprovider", "--strict-markers", cwd=root)
    assert ours.rc == 0, str(ours)
    assert "PytestUnknownMarkWarning" not in ours.out
