"""-n N workers (docs/cli.md): collection once, N children forked from the collected state, tests
handed out per --dist as workers ask; outcomes equal a run without -n and pytest's, each test once,
pytest-xdist's console, crashes contained per worker, -x stopping every worker. pytest runs are the
oracle with PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 (and `-p xdist` where pytest needs -n)."""

import importlib.util
import json

import pytest

from pst_support import base_env, closing_line, junit_cases, pst, pytest_run, read_events, outcomes_by_id, write_tree

SUITE = {
    "conftest.py": """
        import os
        import pytest

        @pytest.fixture(scope="session")
        def record(worker_id, tmp_path_factory):
            root = tmp_path_factory.getbasetemp().parent

            def seen(name):
                time.sleep(0.05)  # long enough that both workers get files
                (root / f"seen-{os.getpid()}-{name}").write_text(json.dumps(
                    [worker_id, os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("PYTEST_XDIST_WORKER_COUNT")]))
            return seen

        import json
        import time
        """,
    "test_mod.py": """
        import pytest

        SETUPS = []

        @pytest.fixture(scope="module")
        def once():
            SETUPS.append(1)
            return len(SETUPS)

        @pytest.mark.parametrize("n", range(6))
        def test_param(n, once, record):
            record(f"mod{n}")
            assert once == 1  # a file's module fixture is set up once in its worker
            assert n != 4

        @pytest.mark.skip(reason="no")
        def test_skipped():
            pass

        @pytest.mark.xfail
        def test_xfail():
            assert 0
        """,
    "test_cls.py": """
        class TestA:
            def test_one(self, record):
                record("one")

            def test_two(self):
                raise ValueError("boom")

        def test_plain():
            pass
        """,
    **{f"test_more{i}.py": f"""
        def test_a{i}(record):
            record("more{i}")

        def test_b{i}():
            assert {i} % 3
        """ for i in range(4)},
}


def junit(tmp_path, name):
    return junit_cases(tmp_path / name)


def run_with(tmp_path, *args, name="pst.xml", **kw):
    return pst("run", "-p", "no:cacheprovider", f"--junitxml={tmp_path / name}", *args, cwd=tmp_path, **kw)


@pytest.mark.parametrize("dist", ["loadfile", "load", "loadscope"])
def test_workers_give_the_outcomes_of_one_process_and_of_pytest(tmp_path, dist):
    write_tree(tmp_path, SUITE)
    one = run_with(tmp_path, "-n", "0", name="one.xml")
    two = run_with(tmp_path, "-n", "2", "--dist", dist, name="two.xml")
    assert junit(tmp_path, "two.xml") == junit(tmp_path, "one.xml"), str(two)
    assert two.rc == one.rc == 1
    assert closing_line(two.out) == closing_line(one.out)
    assert "gw0 [19] / gw1 [19]" in two.out, str(two)
    if importlib.util.find_spec("xdist") is None:
        pytest.skip("pytest-xdist is not installed (make test installs Debian's package)")
    oracle = pytest_run("-p", "xdist", "-n", "2", "--dist", dist, f"--junitxml={tmp_path / 'oracle.xml'}",
                        cwd=tmp_path)
    assert junit(tmp_path, "two.xml") == junit(tmp_path, "oracle.xml"), str(two)
    assert closing_line(two.out) == closing_line(oracle.out)
    assert oracle.rc == two.rc


def test_each_worker_has_pytest_xdists_name_and_environment_and_both_run_tests(tmp_path):
    write_tree(tmp_path, SUITE)
    result = run_with(tmp_path, "-n", "2", "--basetemp", str(tmp_path / "base"), "-p", "no:randomly")
    assert result.rc == 1, str(result)
    seen = [json.loads(p.read_text()) for p in tmp_path.glob("seen-*")]
    assert len(seen) == 11  # each recording test ran once
    assert {tuple(s) for s in seen} == {("gw0", "gw0", "2"), ("gw1", "gw1", "2")}
    assert "os.environ was modified" not in result.out + result.err  # the worker's variables are its own


def test_the_console_is_pytest_xdists(tmp_path):
    write_tree(tmp_path, {"test_a.py": "def test_1():\n    pass\n\ndef test_2():\n    assert 0\n"})
    quiet = run_with(tmp_path, "-n", "2")
    lines = quiet.out.splitlines()
    assert "gw0 [2] / gw1 [2]" in lines and not any(line.startswith("collected") for line in lines), quiet.out
    at = lines.index("gw0 [2] / gw1 [2]")
    assert lines[at + 1] == ""
    progress = lines[at + 2]
    assert progress.startswith((".F ", "F. ")) and progress.endswith("[100%]"), quiet.out  # no file name
    assert "[gw0] linux -- Python " in quiet.out or "[gw1] linux -- Python " in quiet.out
    verbose = run_with(tmp_path, "-n", "2", "-v")
    assert "scheduling tests via LoadFileScheduling" in verbose.out
    assert "] [ 50%] PASSED test_a.py::test_1 " in verbose.out or "] [100%] PASSED test_a.py::test_1 " in verbose.out
    assert "[gw0] [" in verbose.out or "[gw1] [" in verbose.out  # one file: whichever worker asked first


def test_a_test_that_kills_its_worker_fails_alone(tmp_path):
    files = {f"test_k{i}.py": "".join(f"def test_{j}():\n    pass\n\n" for j in range(3)) for i in range(4)}
    files["test_k1.py"] += "def test_segv():\n    import ctypes\n    ctypes.string_at(0)\n\ndef test_after():\n    pass\n"
    files["test_k2.py"] += "def test_exit():\n    import os\n    os._exit(3)\n"
    write_tree(tmp_path, files)
    result = run_with(tmp_path, "-n", "2", "--json-events", str(tmp_path / "events.jsonl"))
    assert result.rc == 1, str(result)
    cases = junit(tmp_path, "pst.xml")
    assert len(cases) == 15
    failed = {name for (_, name), outcome in cases.items() if outcome != ["passed"]}
    assert failed == {"test_segv", "test_exit"}, cases
    assert "crashed: SIGSEGV while running test_k1.py::test_segv" in result.out
    assert "crashed: exit status 3 while running test_k2.py::test_exit" in result.out
    events = read_events((tmp_path / "events.jsonl").read_text())
    assert events[-1]["event"] == "run_end"
    assert len(outcomes_by_id(events)) == 15


def test_maxfail_stops_every_worker_as_pytest_xdist(tmp_path):
    slow = "import time\n\n" + "".join(f"def test_{j}():\n    time.sleep(0.2)\n\n" for j in range(5))
    write_tree(tmp_path, {"test_a.py": "def test_fails():\n    assert 0\n\n" + slow.replace("import time\n\n", ""),
                          "test_b.py": slow, "conftest.py": "import time\n"})
    (tmp_path / "test_a.py").write_text("import time\n\n" + (tmp_path / "test_a.py").read_text())
    result = run_with(tmp_path, "-n", "2", "-x")
    assert result.rc == 2, str(result)
    assert "stopping after 1 failures" in result.out
    assert "xdist.dsession.Interrupted: stopping after 1 failures" in result.out
    assert len(junit(tmp_path, "pst.xml")) < 11  # the other worker stopped too


def test_timeout_in_a_worker_fails_that_test_and_the_others_go_on(tmp_path):
    write_tree(tmp_path, {
        "test_hang.py": "import time\n\ndef test_hangs():\n    time.sleep(30)\n\ndef test_next():\n    pass\n",
        **{f"test_ok{i}.py": "def test_ok():\n    pass\n" for i in range(3)}})
    result = run_with(tmp_path, "-n", "2", "--timeout", "0.5")
    assert result.rc == 1, str(result)
    cases = junit(tmp_path, "pst.xml")
    assert len(cases) == 5 and sum(o != ["passed"] for o in cases.values()) == 1, cases
    assert "Failed: Timeout >0.5s" in result.out


@pytest.mark.parametrize("args, message", [
    (("-n", "-1"), "argument -n/--numprocesses: invalid value '-1'"),
    (("-n", "many"), "argument -n/--numprocesses: invalid value 'many'"),
    (("-n", "2", "--no-supervise"), "--no-supervise runs them in this process"),
    (("-n", "2", "--isolate", "file"), "not with --isolate file"),
    (("-n", "2", "--dist", "sideways"), "argument --dist: invalid choice: 'sideways'"),
    (("-n", "2", "--dist", "each", "--engine", "native"), "--dist each"),
])
def test_bad_worker_flags_are_usage_errors(tmp_path, args, message):
    write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", *args, cwd=tmp_path)
    assert result.rc == 4, str(result)
    assert message in result.err, str(result)


def test_n0_runs_without_workers_and_auto_takes_the_cpus(tmp_path):
    write_tree(tmp_path, {"test_a.py": "def test_a(worker_id):\n    assert worker_id == 'master'\n"})
    none = pst("run", "-n", "0", cwd=tmp_path)
    assert none.rc == 0 and "gw0" not in none.out, str(none)
    auto = pst("run", "-n", "auto", cwd=tmp_path, env=base_env(PYTEST_XDIST_AUTO_NUM_WORKERS="3"))
    assert "gw0 [1] / gw1 [1] / gw2 [1]" in auto.out, str(auto)
    assert auto.rc == 1  # worker_id is "gw0" there


def test_worker_id_without_workers_or_xdist_is_not_a_fixture(tmp_path):
    write_tree(tmp_path, {"test_a.py": "def test_a(worker_id):\n    pass\n"})
    result = pst("run", cwd=tmp_path)
    assert result.rc == 1 and "fixture 'worker_id' not found" in result.out, str(result)


def test_watch_runs_with_workers(tmp_path):
    write_tree(tmp_path, {"test_a.py": "def test_a(worker_id):\n    assert worker_id in ('gw0', 'gw1')\n",
                          "test_b.py": "def test_b(worker_id):\n    assert worker_id in ('gw0', 'gw1')\n"})
    result = pst("watch", "-n", "2", "--max-runs", "1", cwd=tmp_path, stdin="")
    assert result.rc == 0, str(result)
    assert "gw0 [2] / gw1 [2]" in result.out and "2 passed" in result.out, str(result)
