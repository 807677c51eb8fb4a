"""Watch mode end to end: reruns on save, selection, freshness, robustness, events, signals."""
import os
import signal
import time

from conftest import save


def outcomes(run_tests):
    return {event["id"]: event["outcome"] for event in run_tests}


def test_a_save_reruns_in_a_fresh_space_with_the_new_code(project, watch):
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    save(project / "proj" / "alpha.py", "VALUE = 'bbb'\n")
    runs = w.wait_runs(2)
    assert w.finish() == 1  # the last run's exit status
    assert runs[0]["counts"]["passed"] == 2
    assert runs[1]["counts"]["failed"] == 1
    assert runs[1]["trigger"] == [str(project / "proj" / "alpha.py")]


def test_two_edits_in_the_same_second_keeping_the_size_are_both_seen(project, watch):
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    target = project / "proj" / "alpha.py"
    stamp = os.stat(target).st_mtime_ns
    save(target, "VALUE = 'bbb'\n")
    os.utime(target, ns=(stamp, stamp))
    w.wait_runs(2)
    save(target, "VALUE = 'aaa'\n")
    os.utime(target, ns=(stamp, stamp))
    runs = w.wait_runs(3)
    assert [r["counts"]["failed"] for r in runs] == [0, 1, 0]
    assert w.finish() == 0


def test_with_all_the_affected_test_file_runs_first(project, watch):
    w = watch("--max-runs", "2", "--all")
    w.wait_runs(1)
    assert [t["id"] for t in w.tests_of_run(0)][0].startswith("tests/test_alpha.py")
    save(project / "proj" / "beta.py", "def beta():\n    return 2  # edited\n")
    w.wait_runs(2)
    ids = [t["id"] for t in w.tests_of_run(1)]
    assert ids == ["tests/test_beta.py::test_beta", "tests/test_alpha.py::test_alpha"]
    w.finish()


def test_by_default_a_save_runs_just_the_affected_file(project, watch):
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    save(project / "proj" / "beta.py", "def beta():\n    return 3\n")
    w.wait_runs(2)
    assert outcomes(w.tests_of_run(1)) == {"tests/test_beta.py::test_beta": "failed"}
    assert w.finish() == 1


def test_an_atomic_save_is_followed(project, watch):
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    for value in ("bbb", "aaa"):
        temporary = project / "proj" / ".alpha.py.tmp"
        temporary.write_text(f"VALUE = '{value}'\n")
        os.replace(temporary, project / "proj" / "alpha.py")
        w.wait_runs(2 if value == "bbb" else 3)
    assert [r["counts"]["failed"] for r in w.runs()] == [0, 1, 0]
    assert w.finish() == 0


def test_a_syntax_error_is_shown_and_the_next_save_recovers(project, watch):
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    save(project / "tests" / "test_alpha.py", "def test_alpha(:\n")
    runs = w.wait_runs(2)
    assert runs[1]["counts"]["collect_errors"] == 1
    errors = [e for e in w.events() if e["event"] == "collect_error"]
    assert errors and errors[0]["path"] == "tests/test_alpha.py"
    save(project / "tests" / "test_alpha.py", "def test_alpha():\n    pass\n")
    runs = w.wait_runs(3)
    assert runs[2]["counts"]["passed"] == 1  # the affected file alone
    assert w.finish() == 0


def test_a_burst_of_saves_gives_one_run(project, watch):
    w = watch("--max-runs", "3", "--debounce", "300")
    w.wait_runs(1)
    for index in range(5):
        save(project / "proj" / "beta.py", f"def beta():\n    return 2  # {index}\n")
        time.sleep(0.02)
    w.wait_runs(2)
    time.sleep(1.0)
    assert len(w.runs()) == 2
    save(project / "proj" / "alpha.py", "VALUE = 'aaa'  # last\n")
    w.wait_runs(3)
    assert w.finish() == 0


def test_new_test_files_run_and_deleted_ones_disappear(project, watch):
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    save(project / "tests" / "test_new.py", "def test_new():\n    pass\n")
    w.wait_runs(2)
    assert [t["id"] for t in w.tests_of_run(1)][0] == "tests/test_new.py::test_new"
    os.remove(project / "tests" / "test_new.py")
    save(project / "proj" / "alpha.py", "VALUE = 'aaa'  # edited\n")
    w.wait_runs(3)
    assert outcomes(w.tests_of_run(2)) == {"tests/test_alpha.py::test_alpha": "passed"}
    assert w.finish() == 0
    assert "deleted: tests/test_new.py" in w.output()


def test_a_deleted_and_recreated_directory_is_followed(project, watch):
    w = watch()
    w.wait_runs(1)
    (project / "tests" / "test_beta.py").unlink()
    (project / "tests" / "test_alpha.py").unlink()
    (project / "tests").rmdir()
    time.sleep(0.3)  # nothing to run: no test file is left
    (project / "tests").mkdir()
    time.sleep(0.3)
    save(project / "tests" / "test_back.py", "def test_back():\n    pass\n")
    w.wait_runs(2)
    assert outcomes(w.tests_of_run(1)) == {"tests/test_back.py::test_back": "passed"}
    w.stop()


def test_sigterm_ends_cleanly_with_the_last_runs_exit_status(project, watch):
    save(project / "proj" / "alpha.py", "VALUE = 'zzz'\n")
    w = watch()
    w.wait_runs(1)
    assert w.stop(signal.SIGTERM) == 1


def test_sigint_ends_cleanly(project, watch):
    w = watch()
    w.wait_runs(1)
    assert w.stop(signal.SIGINT) == 0
    assert "Traceback" not in w.output()


def test_a_config_change_is_read_again(project, watch):
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    (project / "fakes").mkdir()
    save(project / "fakes" / "alpha.py", "VALUE = 'faked'\n")
    save(project / "pyproject.toml",
         '[tool.pyspace-test]\npython_path = ["."]\n[tool.pyspace-test.fakes]\n"proj.alpha" = "fakes/alpha.py"\n')
    runs = w.wait_runs(2)
    assert runs[1]["counts"]["failed"] == 1
    w.finish()


def test_a_new_pytest_ini_is_read_before_the_next_run(project, watch):
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    save(project / "pytest.ini", "[pytest]\npython_files = test_alpha.py\n")
    w.wait_runs(2)
    assert list(outcomes(w.tests_of_run(1))) == ["tests/test_alpha.py::test_alpha"]
    w.finish()


def test_a_space_that_cannot_be_freed_is_reported_with_its_holder(project, watch):
    save(project / "tests" / "test_leak.py",
         "import atexit, proj.beta\n\ndef test_leak():\n"
         "    atexit.register(lambda module=proj.beta: None)\n")
    w = watch("--max-runs", "1")
    w.wait_runs(1)
    w.finish()
    warnings = [e["message"] for e in w.events() if e["event"] == "warning"]
    assert any(m.startswith("module 'proj.beta' is still alive after teardown, held by")
               and "an atexit registration" in m for m in warnings), warnings


def test_a_conftest_edit_is_seen_with_isolate_file(project, watch):
    save(project / "tests" / "conftest.py",
         "import pytest\n\n@pytest.fixture(autouse=True)\ndef marker():\n    return 1\n")
    w = watch("--max-runs", "2", "--isolate", "file")
    w.wait_runs(1)
    save(project / "tests" / "conftest.py",
         "import pytest\n\n@pytest.fixture(autouse=True)\ndef marker():\n    raise RuntimeError('edited')\n")
    runs = w.wait_runs(2)
    w.finish()
    assert runs[0]["counts"]["passed"] == 2
    assert runs[1]["counts"].get("errors", 0) + runs[1]["counts"].get("error", 0) == 2, runs[1]


def test_cov_measures_each_run(project, watch):
    w = watch("--cov=proj", "--cov-report=term-missing", "--max-runs", "2")
    w.wait_runs(1)
    save(project / "proj" / "beta.py", "def beta():\n    return 2\n\ndef unused():\n    return 3\n")
    w.wait_runs(2)
    assert w.finish() == 0
    tables = [line.split() for line in w.output().splitlines() if line.startswith("proj/beta.py")]
    # the first run's table, then the second's, with the new uncovered function
    assert tables == [["proj/beta.py", "2", "0", "100%"], ["proj/beta.py", "4", "1", "75%", "5"]], w.output()
