"""Watch mode with -n workers and time limits: the runs are supervised (children forked after
collection), and what the children's tests use still selects the files a save affects (a save
stopping such a run: test_watch_selection.py; `q`: test_watch_keys.py)."""
import time

from conftest import add, ran, save


def test_with_workers_what_a_workers_tests_import_selects_their_files(project, watch):
    add(project, "proj/lazy.py", "VALUE = 1\n")
    for name in ("one", "two", "three"):
        add(project, f"tests/test_{name}.py",
            f"def test_{name}(worker_id):\n    assert worker_id.startswith('gw')\n")
    add(project, "tests/test_lazy.py",
        "def test_lazy(worker_id):\n    from proj import lazy\n    assert lazy.VALUE == 1\n")
    w = watch("-n", "2", "--max-runs", "3")
    runs = w.wait_runs(1)
    assert runs[0]["counts"]["passed"] == 6  # worker_id is "gw0" or "gw1": the tests ran in workers
    # imported inside a test, in a worker: the parent knows it
    save(project / "proj" / "lazy.py", "VALUE = 2\n")
    runs = w.wait_runs(2)
    assert ran(w, 1) == ["tests/test_lazy.py::test_lazy"]
    assert runs[1]["counts"]["failed"] == 1
    save(project / "proj" / "beta.py", "def beta():\n    return 3\n")
    runs = w.wait_runs(3)
    assert ran(w, 2) == ["tests/test_beta.py::test_beta"]
    assert w.finish() == 1
    assert "not honoured" not in w.output()


def test_with_workers_a_file_the_tests_write_is_not_a_save(project, watch):
    add(project, "tests/test_writes.py",
        "import pathlib, time\n\ndef test_writes():\n"
        "    (pathlib.Path(__file__).parent / 'out.txt').write_text('x')\n    time.sleep(0.3)\n\n"
        "def test_after():\n    time.sleep(0.3)\n")
    w = watch("-n", "2", "--max-runs", "2", "--watch-extensions", "txt")
    runs = w.wait_runs(1)
    assert runs[0]["counts"] == {**runs[0]["counts"], "passed": 4}
    assert not runs[0].get("interrupted")
    time.sleep(0.5)
    assert len(w.runs()) == 1  # the test's own output did not start a run
    save(project / "proj" / "alpha.py", "VALUE = 'aaa'  # edited\n")
    runs = w.wait_runs(2)
    assert ran(w, 1) == ["tests/test_alpha.py::test_alpha"]
    assert w.finish() == 0


def test_watch_honours_timeout(project, watch):
    add(project, "tests/test_hangs.py", "import time\n\ndef test_hangs():\n    time.sleep(30)\n")
    w = watch("--timeout", "1", "--max-runs", "1")
    runs = w.wait_runs(1, timeout=20)
    assert runs[0]["counts"]["failed"] == 1 and runs[0]["counts"]["passed"] == 2
    hung = [t for t in w.tests_of_run(0) if t["id"] == "tests/test_hangs.py::test_hangs"]
    assert hung and hung[0]["outcome"] == "failed"
    assert w.finish() == 1
    assert "Failed: Timeout >1.0s" in w.output()


def test_watch_says_a_timeout_marker_is_not_honoured_without_timeout(project, watch):
    add(project, "tests/test_marked.py",
        "import pytest\n\n@pytest.mark.timeout(2)\ndef test_marked():\n    pass\n")
    w = watch("--max-runs", "1")
    w.wait_runs(1)
    assert w.finish() == 0
    assert ("tests/test_marked.py::test_marked: its timeout marker (2.0s) is not honoured: the tests run in "
            "this process (--no-supervise, watch without --timeout or -n" in w.output())
