"""Watch mode's selection: a save reruns the test files that used the saved file when they last ran
(imports through conftest fixtures, importlib and lazy imports, data files opened), failures of
files not rerun are remembered, and files that must not trigger do not."""
import re
import subprocess
import time

import pytest

from conftest import BIN, add, ran, save

WORKERS = pytest.mark.parametrize("workers", [(), ("-n", "2", "--dist", "load")], ids=["one-process", "workers"])

HEADER = re.compile(r"^pyspace-test watch: run (\d+) at \d\d:\d\d:\d\d; .*$", re.M)


def test_a_module_reached_only_through_a_conftest_fixture_selects_its_tests(project, watch):
    add(project, "proj/gamma.py", "VALUE = 'g'\n")
    add(project, "proj/delta.py", "VALUE = 'd'\n")
    add(project, "tests/conftest.py",
        "import importlib\nimport pytest\n\n"
        "@pytest.fixture\ndef gamma():\n    return importlib.import_module('proj.gamma').VALUE\n")
    add(project, "tests/sub/conftest.py",
        "import pytest\nimport proj.delta\n\n@pytest.fixture\ndef delta():\n    return proj.delta.VALUE\n")
    add(project, "tests/test_gamma.py", "def test_gamma(gamma):\n    assert gamma == 'g'\n")
    add(project, "tests/sub/test_delta.py", "def test_delta(delta):\n    assert delta == 'd'\n")
    add(project, "tests/sub/test_delta_too.py", "def test_delta_too(delta):\n    assert delta == 'd'\n")
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    assert len(ran(w, 0)) == 5
    save(project / "proj" / "gamma.py", "VALUE = 'changed'\n")
    w.wait_runs(2)
    # imported by a fixture of tests/conftest.py: every file under it (its value may be shared)
    outcomes = {t["id"]: t["outcome"] for t in w.tests_of_run(1)}
    assert outcomes["tests/test_gamma.py::test_gamma"] == "failed"
    assert len(outcomes) == 5
    save(project / "proj" / "delta.py", "VALUE = 'changed'\n")
    w.wait_runs(3)
    # imported by the body of tests/sub/conftest.py (while the first file under it was collected):
    # every file under it
    assert {t["id"]: t["outcome"] for t in w.tests_of_run(2)} == {
        "tests/sub/test_delta.py::test_delta": "failed", "tests/sub/test_delta_too.py::test_delta_too": "failed"}
    w.finish()


def test_a_lazy_import_inside_a_test_and_a_conftest_change(project, watch):
    add(project, "proj/lazy.py", "VALUE = 1\n")
    add(project, "tests/test_lazy.py",
        "def test_lazy():\n    from proj import lazy\n    assert lazy.VALUE == 1\n")
    add(project, "tests/test_import_module.py",
        "import importlib\n\ndef test_it():\n    assert importlib.import_module('proj.alpha').VALUE == 'aaa'\n")
    w = watch("--max-runs", "4")
    w.wait_runs(1)
    save(project / "proj" / "lazy.py", "VALUE = 2\n")
    w.wait_runs(2)
    assert ran(w, 1) == ["tests/test_lazy.py::test_lazy"]
    save(project / "proj" / "alpha.py", "VALUE = 'aaa'  # edited\n")
    w.wait_runs(3)
    assert ran(w, 2) == ["tests/test_alpha.py::test_alpha", "tests/test_import_module.py::test_it"]
    save(project / "tests" / "conftest.py", "X = 1\n")  # a new conftest: every file under it
    w.wait_runs(4)
    assert len(ran(w, 3)) == 4
    w.finish()


def test_a_data_file_a_test_opened_triggers_and_selects_it(project, watch):
    add(project, "tests/data/rates.json", '{"eur": 1}\n')
    add(project, "tests/test_rates.py",
        "import json, pathlib\n\ndef test_rates():\n"
        "    data = json.loads((pathlib.Path(__file__).parent / 'data' / 'rates.json').read_text())\n"
        "    assert data['eur'] == 1\n")
    add(project, "proj/loader.py",
        "import json, os\nRATES = json.load(open(os.path.join(os.path.dirname(__file__), 'rates.json')))\n")
    add(project, "proj/rates.json", '{"usd": 2}\n')
    add(project, "tests/test_loader.py", "from proj import loader\n\ndef test_loader():\n"
        "    assert loader.RATES == {'usd': 2}\n")
    add(project, "tests/test_loader_again.py", "from proj import loader\n\ndef test_again():\n"
        "    assert loader.RATES['usd'] == 2\n")
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    save(project / "tests" / "data" / "rates.json", '{"eur": 3}\n')
    w.wait_runs(2)
    assert {t["id"]: t["outcome"] for t in w.tests_of_run(1)} == {"tests/test_rates.py::test_rates": "failed"}
    # opened by a module's body when the first file imported it: both files that import it
    save(project / "proj" / "rates.json", '{"usd": 5}\n')
    w.wait_runs(3)
    assert ran(w, 2) == ["tests/test_loader.py::test_loader", "tests/test_loader_again.py::test_again"]
    w.finish()


def test_failures_outside_the_selection_are_remembered(project, watch):
    save(project / "proj" / "alpha.py", "VALUE = 'broken'\n")
    w = watch("--max-runs", "2", "--no-clear")
    w.wait_runs(1)
    save(project / "proj" / "beta.py", "def beta():\n    return 2  # edited\n")
    w.wait_runs(2)
    assert ran(w, 1) == ["tests/test_beta.py::test_beta"]
    w.finish()
    out = w.output()
    assert "1 failing test in files not rerun: press f\n  tests/test_alpha.py::test_alpha\n" in out


def test_the_header_is_the_last_line_and_tells_runs_apart(project, watch):
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    save(project / "proj" / "beta.py", "def beta():\n    return 2  # edited\n")
    w.wait_runs(2)
    w.finish()
    out = w.output()
    lines = out.rstrip("\n").split("\n")
    assert re.fullmatch(r"pyspace-test watch: run 2 at \d\d:\d\d:\d\d; changed: proj/beta.py; "
                        r"running 1 affected test file \(of 2\)", lines[-1]), out
    headers = [m.group(0) for m in HEADER.finditer(out)]
    assert [h.split(";")[0].split(" at ")[0] for h in headers] == ["pyspace-test watch: run 1"] * 2 + \
        ["pyspace-test watch: run 2"] * 2
    assert "passed" in out.split(headers[2])[1]  # the results are between the two


def test_editor_lock_backup_and_hidden_files_never_trigger(project, watch):
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    (project / "proj" / ".#alpha.py").symlink_to("root@host.1234:1700000000")
    save(project / "proj" / "alpha.py~", "VALUE = 'x'\n")
    save(project / "proj" / "#alpha.py#", "VALUE = 'x'\n")
    save(project / "proj" / ".hidden.py", "VALUE = 'x'\n")
    (project / "proj" / "__pycache__").mkdir(exist_ok=True)
    save(project / "proj" / "__pycache__" / "alpha.py", "")
    time.sleep(0.6)
    assert len(w.runs()) == 1
    save(project / "proj" / "beta.py", "def beta():\n    return 2  # edited\n")
    runs = w.wait_runs(2)
    assert runs[1]["trigger"] == [str(project / "proj" / "beta.py")]
    w.finish()


def test_python_files_from_the_pytest_configuration(project, watch):
    save(project / "pytest.ini", "[pytest]\npython_files = check_*.py\n")
    add(project, "tests/check_beta.py", "from proj.beta import beta\n\ndef test_check():\n    assert beta() == 2\n")
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    assert ran(w, 0) == ["tests/check_beta.py::test_check"]
    save(project / "proj" / "beta.py", "def beta():\n    return 3\n")
    w.wait_runs(2)
    assert {t["id"]: t["outcome"] for t in w.tests_of_run(1)} == {"tests/check_beta.py::test_check": "failed"}
    save(project / "tests" / "check_new.py", "def test_new():\n    pass\n")
    w.wait_runs(3)
    assert ran(w, 2) == ["tests/check_new.py::test_new"]
    w.finish()


def test_watch_extensions_and_the_watch_key_add_triggers(project, watch):
    save(project / "pyproject.toml", '[tool.pyspace-test]\npython_path = ["."]\nwatch = ["*.sql"]\n')
    w = watch("--max-runs", "3", "--watch-extensions", "tmpl")
    w.wait_runs(1)
    save(project / "proj" / "schema.sql", "create table t (x);\n")  # no test read it: all files
    runs = w.wait_runs(2)
    assert runs[1]["trigger"] == [str(project / "proj" / "schema.sql")]
    assert len(ran(w, 1)) == 2
    save(project / "proj" / "notes.txt", "not a trigger\n")
    save(project / "proj" / "page.tmpl", "<p/>\n")
    runs = w.wait_runs(3)
    assert runs[2]["trigger"] == [str(project / "proj" / "page.tmpl")]
    w.finish()


@WORKERS
def test_a_save_stops_a_stale_run_between_tests(project, watch, workers):
    # with -n the parent stops the workers once the tests they are running have reported
    add(project, "tests/test_slow.py",
        "import time\nimport pytest\n\n@pytest.mark.parametrize('n', range(40))\n"
        "def test_slow(n):\n    time.sleep(0.05)\n")
    w = watch(*workers, "--max-runs", "3")
    w.wait_runs(1)
    save(project / "tests" / "test_slow.py",
         "import time\nimport pytest\n\n@pytest.mark.parametrize('n', range(40))\n"
         "def test_slow(n):\n    time.sleep(0.05)  # edited\n")
    deadline = time.monotonic() + 10
    while not w.tests_of_run_so_far() and time.monotonic() < deadline:
        time.sleep(0.01)
    saved = time.monotonic()
    save(project / "proj" / "alpha.py", "VALUE = 'aaa'  # edited\n")
    runs = w.wait_runs(2)
    stopped_after = time.monotonic() - saved
    assert runs[1]["interrupted"] is True
    assert runs[1]["counts"]["passed"] < 40
    assert stopped_after < 1.0  # one test of 50 ms (per worker), the debounce, not the 40 tests' 2 s
    runs = w.wait_runs(3)
    # the next run has every change since: the stale run's file and the new save's
    assert sorted(runs[2]["trigger"]) == sorted([str(project / "tests" / "test_slow.py"),
                                                 str(project / "proj" / "alpha.py")])
    assert runs[2]["counts"]["passed"] == 41
    assert w.finish() == 0
    out = w.output()
    assert "Interrupted: a save made this run stale" in out
    assert "KeyboardInterrupt" not in out and "Traceback" not in out, out


def test_a_bad_debounce_is_a_usage_error_naming_the_flag(project):
    for value, message in (("abc", "--debounce"), ("-5", "--debounce: -5 is negative")):
        result = subprocess.run([BIN, "watch", f"--debounce={value}", "--max-runs", "1"], cwd=project,
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        assert result.returncode == 4, result
        assert message in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
    result = subprocess.run([BIN, "watch", "--watch-extensions", "json,", "--max-runs", "1"], cwd=project,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert result.returncode == 4 and "--watch-extensions: 'json,' has an empty entry" in result.stderr
    result = subprocess.run([BIN, "watch", "--all", "--affected-only", "--max-runs", "1"], cwd=project,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert result.returncode == 4 and "--all: not with --affected-only" in result.stderr


def test_a_collection_error_the_same_for_many_files_is_shown_once(project, watch):
    add(project, "tests/conftest.py", "import nonexistent_module\n")
    add(project, "tests/test_gamma.py", "def test_gamma():\n    pass\n")
    w = watch("--max-runs", "1")
    w.wait_runs(1)
    w.finish()
    out = w.output()
    errors_section = out.split("short test summary info")[0]
    assert errors_section.count("No module named 'nonexistent_module'") == 1, out
    assert "(the same error for 3 test files: tests/test_alpha.py, tests/test_beta.py, tests/test_gamma.py)" in out
    assert w.runs()[0]["counts"]["collect_errors"] == 3


def test_notes_about_the_root_are_shown_once_per_session_on_their_own_line(project, watch):
    add(project, "fakes/socket.py", "AF_INET = 2\n_GLOBAL_DEFAULT_TIMEOUT = object()\n")
    save(project / "pyproject.toml",
         '[tool.pyspace-test]\npython_path = ["."]\n[tool.pyspace-test.fakes]\nsocket = "fakes/socket.py"\n')
    add(project, "tests/test_ftp.py", "import ftplib\n\ndef test_ftp():\n    assert ftplib\n")
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    for n in (2, 3):
        save(project / "tests" / "test_ftp.py", f"import ftplib\n\ndef test_ftp():\n    assert ftplib  # {n}\n")
        w.wait_runs(n)
    w.finish()
    out = w.output()
    assert out.count("not shared in the root because a fake must reach it: ftplib") == 1, out
    assert "\nnot shared in the root because a fake must reach it: ftplib\n" in out


def test_a_test_file_or_module_that_stops_using_a_module_is_no_longer_selected_by_it(project, watch):
    add(project, "tests/test_switch.py", "from proj import alpha\n\ndef test_switch():\n    assert alpha\n")
    add(project, "proj/mid.py", "from proj import alpha\n")
    add(project, "tests/test_mid.py", "import proj.mid\n\ndef test_mid():\n    assert proj.mid\n")
    w = watch("--max-runs", "5")
    w.wait_runs(1)
    save(project / "tests" / "test_switch.py", "from proj import beta\n\ndef test_switch():\n    assert beta\n")
    w.wait_runs(2)
    assert ran(w, 1) == ["tests/test_switch.py::test_switch"]
    save(project / "proj" / "mid.py", "from proj import beta\n")
    w.wait_runs(3)
    assert ran(w, 2) == ["tests/test_mid.py::test_mid"]
    save(project / "proj" / "alpha.py", "VALUE = 'aaa'  # edited\n")
    w.wait_runs(4)
    assert ran(w, 3) == ["tests/test_alpha.py::test_alpha"]
    save(project / "proj" / "beta.py", "def beta():\n    return 2  # edited\n")
    w.wait_runs(5)
    assert ran(w, 4) == ["tests/test_beta.py::test_beta", "tests/test_mid.py::test_mid",
                         "tests/test_switch.py::test_switch"]
    w.finish()


def test_the_watch_key_is_read_again_with_the_configuration(project, watch):
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    save(project / "pyproject.toml", '[tool.pyspace-test]\npython_path = ["."]\nwatch = ["*.sql"]\n')
    w.wait_runs(2)
    save(project / "proj" / "schema.sql", "create table t (x);\n")
    runs = w.wait_runs(3)
    assert runs[2]["trigger"] == [str(project / "proj" / "schema.sql")]
    w.finish()


def test_the_import_hook_is_invisible_to_warnings_and_to_a_failing_open(project, watch):
    add(project, "proj/old.py", "import warnings\nwarnings.warn('old module', DeprecationWarning, stacklevel=2)\n")
    add(project, "tests/test_old.py",
        "import proj.old\n\ndef test_open_nul():\n    try:\n        open('a\\0b')\n"
        "    except ValueError as error:\n        assert 'null' in str(error)\n")
    w = watch("--max-runs", "1")
    w.wait_runs(1)
    assert w.finish() == 0
    out = w.output()
    assert "tests/test_old.py:1: DeprecationWarning: old module" in out, out  # the importing line


def test_a_session_fixture_made_for_another_file_still_selects(project, watch):
    add(project, "tests/data/rates.json", '{"eur": 1}\n')
    add(project, "proj/lazy.py", "VALUE = 1\n")
    add(project, "tests/conftest.py",
        "import json, pathlib\nimport pytest\n\n@pytest.fixture(scope='session')\ndef rates():\n"
        "    from proj import lazy\n"
        "    data = json.loads((pathlib.Path(__file__).parent / 'data' / 'rates.json').read_text())\n"
        "    return data['eur'] * lazy.VALUE\n")
    add(project, "tests/test_r1.py", "def test_r1(rates):\n    assert rates == 1\n")
    add(project, "tests/test_r2.py", "def test_r2(rates):\n    assert rates == 1\n")
    w = watch("--max-runs", "3")
    w.wait_runs(1)
    # made while test_r1.py ran, used by test_r2.py too: a change of either file selects both
    save(project / "tests" / "data" / "rates.json", '{"eur": 2}\n')
    w.wait_runs(2)
    outcomes = {t["id"]: t["outcome"] for t in w.tests_of_run(1)}
    assert outcomes["tests/test_r1.py::test_r1"] == outcomes["tests/test_r2.py::test_r2"] == "failed"
    save(project / "tests" / "data" / "rates.json", '{"eur": 1}\n')
    save(project / "proj" / "lazy.py", "VALUE = 3\n")
    w.wait_runs(3)
    outcomes = {t["id"]: t["outcome"] for t in w.tests_of_run(2)}
    assert outcomes["tests/test_r1.py::test_r1"] == outcomes["tests/test_r2.py::test_r2"] == "failed"
    w.finish()


def test_a_data_file_a_module_read_once_and_kept_selects_its_later_users(project, watch):
    add(project, "proj/data.json", '{"k": 1}\n')
    add(project, "proj/cache.py",
        "import json, os\n_DATA = None\n\ndef data():\n    global _DATA\n    if _DATA is None:\n"
        "        with open(os.path.join(os.path.dirname(__file__), 'data.json')) as f:\n"
        "            _DATA = json.load(f)\n    return _DATA\n")
    add(project, "tests/test_c1.py", "from proj import cache\n\ndef test_c1():\n    assert cache.data()['k'] == 1\n")
    add(project, "tests/test_c2.py", "from proj import cache\n\ndef test_c2():\n    assert cache.data()['k'] == 1\n")
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    save(project / "proj" / "data.json", '{"k": 2}\n')  # read while test_c1.py ran, kept for test_c2.py
    w.wait_runs(2)
    outcomes = {t["id"]: t["outcome"] for t in w.tests_of_run(1)}
    assert outcomes == {"tests/test_c1.py::test_c1": "failed", "tests/test_c2.py::test_c2": "failed"}
    w.finish()


def test_a_module_a_project_function_imported_once_and_kept_selects_its_later_users(project, watch):
    add(project, "proj/plug.py", "NAME = 'p'\n")
    add(project, "proj/registry.py",
        "_PLUG = None\n\ndef plug():\n    global _PLUG\n    if _PLUG is None:\n"
        "        from proj import plug as module\n        _PLUG = module\n    return _PLUG\n")
    add(project, "tests/test_p0.py", "import proj.plug\n\ndef test_p0():\n    assert proj.plug\n")  # loaded first
    add(project, "tests/test_p1.py", "from proj import registry\n\ndef test_p1():\n    assert registry.plug().NAME == 'p'\n")
    add(project, "tests/test_p2.py", "from proj import registry\n\ndef test_p2():\n    assert registry.plug().NAME == 'p'\n")
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    save(project / "proj" / "plug.py", "NAME = 'q'\n")
    w.wait_runs(2)
    outcomes = {t["id"]: t["outcome"] for t in w.tests_of_run(1)}
    assert outcomes == {"tests/test_p0.py::test_p0": "passed", "tests/test_p1.py::test_p1": "failed",
                        "tests/test_p2.py::test_p2": "failed"}
    w.finish()


def test_files_the_tests_write_never_trigger(project, watch):
    add(project, "tests/test_writes.py",
        "import json, pathlib\nROOT = pathlib.Path(__file__).parent.parent\n\ndef test_writes():\n"
        "    (ROOT / 'out.json').write_text(json.dumps({'n': 1}))\n"
        "    assert json.loads((ROOT / 'out.json').read_text()) == {'n': 1}\n"
        "    (ROOT / 'generated.py').write_text('X = 1\\n')\n")
    w = watch("--max-runs", "2", "--watch-extensions", "json")
    w.wait_runs(1)
    time.sleep(0.8)
    assert len(w.runs()) == 1  # its own output: no rerun (else: a rerun each time it writes)
    save(project / "proj" / "beta.py", "def beta():\n    return 2  # edited\n")
    runs = w.wait_runs(2)
    assert runs[1]["trigger"] == [str(project / "proj" / "beta.py")]
    w.finish()
