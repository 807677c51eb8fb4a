"""Supervised runs (the default; docs/reliability.md): the tests run in a child forked after
collection, and the process that collected reports what the child sends. A test that segfaults,
aborts or calls os._exit() fails alone, with the Python stacks of where it died, and a new child
forked from the collected state goes on with the tests after it: every other test's result is in
the console, the JUnit XML, the JSON events and the cache. Under pytest the whole report is lost
there (test_fatal_signal.py runs that case with --no-supervise)."""

import json

import pytest

from pst_support import (closing_line, junit_cases, needs_embedded_pytest, outcomes_by_id, pst, read_events,
                         write_tree)

SUITE = {
    "test_a.py": """
        import ctypes
        import os

        def test_first():
            pass

        def test_segfault():
            ctypes.string_at(0)

        def test_after_the_segfault():
            pass

        def test_fails():
            assert 1 == 2

        def test_exits():
            os._exit(0)

        def test_last_of_a():
            pass
        """,
    "test_b.py": """
        import os

        def test_b_first():
            pass

        def test_aborts():
            os.abort()

        def test_b_last():
            print("still here")
        """,
}

EXPECTED = {
    "test_a.py::test_first": "passed",
    "test_a.py::test_segfault": "failed",
    "test_a.py::test_after_the_segfault": "passed",
    "test_a.py::test_fails": "failed",
    "test_a.py::test_exits": "failed",
    "test_a.py::test_last_of_a": "passed",
    "test_b.py::test_b_first": "passed",
    "test_b.py::test_aborts": "failed",
    "test_b.py::test_b_last": "passed",
}


def test_a_test_that_kills_its_process_fails_alone_and_the_run_goes_on(tmp_path):
    root = write_tree(tmp_path, SUITE)
    xml, events = tmp_path / "out.xml", tmp_path / "events.jsonl"
    ours = pst("run", "-p", "no:cacheprovider", "-rf", f"--junitxml={xml}", f"--json-events={events}", cwd=root)
    assert ours.rc == 1, str(ours)
    assert closing_line(ours.out) == "4 failed, 5 passed", str(ours)
    assert "test_a.py .F.FF." in ours.out and "test_b.py .F." in ours.out, str(ours)
    for how, name in (("SIGSEGV", "test_a.py::test_segfault"), ("exit status 0", "test_a.py::test_exits"),
                      ("SIGABRT", "test_b.py::test_aborts")):
        assert f"FAILED {name} - crashed: {how} while running {name}" in ours.out, str(ours)
    # The failure sections hold faulthandler's stacks of the child, down to the test's line.
    assert "Fatal Python error: Segmentation fault" in ours.out, str(ours)
    assert 'test_a.py", line 8 in test_segfault' in ours.out, str(ours)
    assert "Fatal Python error: Aborted" in ours.out and 'test_b.py", line 7 in test_aborts' in ours.out
    assert "pyspace-test: fatal signal (Segmentation fault) while running test_a.py::test_segfault" in ours.out
    assert outcomes_by_id(read_events(events.read_text())) == EXPECTED
    cases = junit_cases(xml)
    assert {f"{c.replace('.', '/')}.py::{n}": o[0].replace("failure", "failed") for (c, n), o in cases.items()} == EXPECTED
    assert "crashed: SIGSEGV while running test_a.py::test_segfault" in xml.read_text()
    assert "Fatal Python error" not in ours.err, str(ours)  # the child's last words are in the report


def test_the_cache_records_a_crashed_test_as_failed(tmp_path):
    """--lf after a crash reruns the crashed test: the parent, which writes the cache, saw it fail."""
    root = write_tree(tmp_path, SUITE)
    first = pst("run", "-q", cwd=root)
    assert first.rc == 1, str(first)
    lastfailed = json.loads((root / ".pytest_cache" / "v" / "cache" / "lastfailed").read_text())
    assert set(lastfailed) == {k for k, v in EXPECTED.items() if v == "failed"}
    again = pst("run", "-q", "--lf", cwd=root)
    assert closing_line(again.out) == "4 failed", str(again)  # as pytest -q --lf says it


def test_maxfail_counts_a_crash_and_stops_every_child(tmp_path):
    root = write_tree(tmp_path, SUITE)
    ours = pst("run", "-p", "no:cacheprovider", "--maxfail", "2", cwd=root)
    assert ours.rc == 1, str(ours)
    assert "test_a.py .F.F" in ours.out and "test_b.py" not in ours.out, str(ours)
    assert "stopping after 2 failures" in ours.out, str(ours)
    assert closing_line(ours.out) == "2 failed, 2 passed", str(ours)


@needs_embedded_pytest
def test_a_new_child_sets_module_fixtures_up_again(tmp_path):
    """The next child is forked from the collected state: a module fixture the dead child had
    set up is set up again (as in a replaced pytest-xdist worker)."""
    root = write_tree(tmp_path, {"test_m.py": """
        import ctypes
        import pytest

        SETUPS = []

        @pytest.fixture(scope="module")
        def counted():
            SETUPS.append(1)
            return len(SETUPS)

        def test_first(counted):
            assert counted == 1

        def test_segfault(counted):
            ctypes.string_at(0)

        def test_after(counted):
            assert counted == 1 and len(SETUPS) == 1
        """})
    ours = pst("run", "-p", "no:cacheprovider", cwd=root)
    assert closing_line(ours.out) == "1 failed, 2 passed", str(ours)


@needs_embedded_pytest
def test_a_crash_in_a_session_fixtures_teardown_fails_the_last_test(tmp_path):
    root = write_tree(tmp_path, {
        "conftest.py": """
            import os
            import pytest

            @pytest.fixture(scope="session", autouse=True)
            def dies_at_the_end():
                yield
                os._exit(3)
            """,
        "test_x.py": "def test_one():\n    pass\n\ndef test_two():\n    pass\n",
    })
    ours = pst("run", "-p", "no:cacheprovider", "-rf", cwd=root)
    # The session's fixtures are torn down after the last test's call, as part of that test (as
    # pytest reports a session fixture's teardown error on the last test).
    assert "FAILED test_x.py::test_two - crashed: exit status 3 while running test_x.py::test_two" in ours.out, str(ours)
    assert closing_line(ours.out) == "1 failed, 1 passed", str(ours)


@needs_embedded_pytest
def test_supervision_keeps_pytest_exit_and_the_state_of_the_run(tmp_path):
    """One child runs the whole run when nothing dies: state a test leaves in a module is seen by
    the next file's test as under pytest, and pytest.exit() ends the run with exit 2."""
    root = write_tree(tmp_path, {
        "state.py": "SEEN = []\n",
        "test_1.py": "import state\n\ndef test_mark():\n    state.SEEN.append(1)\n",
        "test_2.py": """
            import pytest
            import state

            def test_sees_it():
                assert state.SEEN == [1]

            def test_exit():
                pytest.exit("enough")

            def test_never():
                pass
            """,
    })
    ours = pst("run", "-p", "no:cacheprovider", cwd=root)
    alone = pst("run", "-p", "no:cacheprovider", "--no-supervise", cwd=root)
    assert ours.rc == alone.rc == 2, str(ours)
    assert "test_2.py::test_sees_it" not in ours.out and "_pytest.outcomes.Exit: enough" in ours.out, str(ours)
    assert closing_line(ours.out) == closing_line(alone.out) == "2 passed"


@pytest.mark.parametrize("capture", ["no", "tee-sys", "sys"])
def test_what_a_test_prints_comes_where_it_would_unsupervised(tmp_path, capture):
    """With -s a test writes to the terminal itself: its output comes after its file's name and
    before its outcome, as in one process (the child waits for the parent at each test)."""
    root = write_tree(tmp_path, {
        "test_p.py": "import os\n\n" + "".join(
            f"def test_{i}():\n    print('line {i}')\n    os.write(1, b'raw {i}\\n')\n\n" for i in range(20)),
    })
    supervised = pst("run", "-p", "no:cacheprovider", f"--capture={capture}", cwd=root)
    alone = pst("run", "-p", "no:cacheprovider", f"--capture={capture}", "--no-supervise", cwd=root)
    assert supervised.rc == alone.rc == 0, str(supervised)
    strip = lambda text: [line for line in text.splitlines() if " in " not in line or "passed" not in line]
    assert strip(supervised.out) == strip(alone.out)


def test_the_supervise_key_turns_supervision_off(tmp_path):
    """`supervise = false` in [tool.pyspace-test]: as --no-supervise, the tests run in the
    process, so a segfault ends it (exit status -11, as pytest's)."""
    root = write_tree(tmp_path, {**SUITE, "pyproject.toml": "[tool.pyspace-test]\nsupervise = false\n"})
    ours = pst("run", "-p", "no:cacheprovider", "-k", "first or segfault", cwd=root)
    assert ours.rc == -11, str(ours)
    assert "pyspace-test: fatal signal (Segmentation fault) while running test_a.py::test_segfault" in ours.err
    limited = pst("run", "-p", "no:cacheprovider", "--timeout", "5", cwd=root)
    assert limited.rc == 4 and "supervise = false runs the tests in this process" in limited.err, str(limited)
    (root / "pyproject.toml").write_text("[tool.pyspace-test]\nsupervise = \"no\"\n")
    bad = pst("run", cwd=root)
    assert bad.rc == 4 and "pyproject.toml:2:13: 'supervise' must be true or false, not a string" in bad.err, str(bad)


@pytest.mark.parametrize("mode", [[], ["-n", "2"], ["--no-supervise"]])
def test_atexit_callbacks_of_the_tests_run_when_the_run_ends(tmp_path, mode):
    """A test's atexit.register() callback runs when the run ends, as at pytest's exit (the
    child ended with _exit and dropped it); what it writes, and the traceback of one that
    raises, comes after the closing line, in the order the callbacks ran (last registered
    first); the parent's own callbacks do not run in a child."""
    root = write_tree(tmp_path, {
        "test_exit.py": """
            import atexit, pathlib

            def _note():
                pathlib.Path(__file__).with_name("noted").write_text("yes")
                print("note written")

            def _boom():
                raise RuntimeError("from atexit")

            def test_note():
                atexit.register(_note)

            def test_boom():
                atexit.register(_boom)
            """,
    })
    ours = pst("run", "-p", "no:cacheprovider", "-q", *mode, cwd=root, merge_stderr=True)
    assert ours.rc == 0, str(ours)
    assert (root / "noted").read_text() == "yes"
    after = ours.out.split(closing_line(ours.out), 1)[1].splitlines()
    # (3.13 words it "... atexit callback <function _boom at 0x...>:", without the colon)
    assert after[1].startswith("Exception ignored in atexit callback") and "<function _boom at 0x" in after[1]
    assert after[-2:] == ["RuntimeError: from atexit", "note written"], str(ours)


def test_threads_collection_started_keep_the_tests_in_this_process(tmp_path):
    """A module that starts a thread when imported (psutil's tests, a metrics client): a child
    forked after collection would not have it (the thread is stopped there, os.getpid() is
    another), so the tests run in the process that collected them, and the run says so; with
    --timeout they still need a child, and the run says what they lack."""
    root = write_tree(tmp_path, {"test_thread.py": """
        import os, threading, time

        PID = os.getpid()
        stop = threading.Event()
        worker = threading.Thread(target=stop.wait, name="collector-thread", daemon=True)
        worker.start()

        def test_the_thread_runs():
            assert worker.is_alive()

        def test_the_process_imported_the_module():
            assert os.getpid() == PID
        """})
    ours = pst("run", "-p", "no:cacheprovider", "-q", cwd=root)
    assert ours.rc == 0, str(ours)
    assert "the tests run in this process, not in a supervised child: collection started threads " \
           "(collector-thread)" in ours.out, str(ours)
    limited = pst("run", "-p", "no:cacheprovider", "-q", "--timeout", "30", cwd=root)
    assert limited.rc == 1 and "collection started threads (collector-thread): the tests run in child " \
                               "processes, which do not have them" in limited.out, str(limited)
