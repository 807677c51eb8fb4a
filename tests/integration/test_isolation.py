"""--isolate run|file: one fresh module space per run (default) or per test file; process-global
state changed by a file's tests is restored afterwards with a warning naming the file."""

from importlib.machinery import EXTENSION_SUFFIXES

import pytest

from pst_support import (base_env, closing_counts, outcomes_by_id, pst, read_events, system_site_venv,
                         write_tree)


def run_events(cwd, *args, env=None):
    events_file = cwd.parent / f"{cwd.name}-events.jsonl"
    result = pst("run", "--json-events", events_file, *args, cwd=cwd, env=env)
    events = read_events(events_file.read_text()) if events_file.exists() else None
    return result, events


def warning_lines(result, filename, *words):
    return [line for line in result.both.splitlines()
            if filename in line and any(word in line for word in words)]


@pytest.fixture
def leaky(tmp_path):
    return write_tree(tmp_path / "proj", {
        "state.py": "ITEMS = []\nFLAG = 'pristine'\n",
        "test_a_leaks.py": """
            import os, sys
            import state

            def test_changes_module_state():
                state.ITEMS.append("from a")
                state.FLAG = "changed"

            def test_changes_sys():
                sys.path.insert(0, "/leaked/by/test_a")
                sys.modules["leaked_module"] = type(sys)("leaked_module")
            """,
        "test_b_checks.py": """
            import sys
            import state

            def test_module_state_is_fresh():
                assert state.ITEMS == [] and state.FLAG == "pristine"

            def test_sys_is_fresh():
                assert "/leaked/by/test_a" not in sys.path
                assert "leaked_module" not in sys.modules
            """,
    })


def test_isolate_file_gives_each_file_a_fresh_space(leaky):
    result, events = run_events(leaky, "--isolate", "file")
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)


def test_isolate_run_shares_one_space(leaky):
    result, events = run_events(leaky, "--isolate", "run")
    assert result.rc == 1, str(result)
    outcomes = outcomes_by_id(events)
    assert outcomes["test_b_checks.py::test_module_state_is_fresh"] == "failed", str(result)
    assert outcomes["test_a_leaks.py::test_changes_module_state"] == "passed", str(result)


def test_default_isolation_is_per_run(leaky):
    result = pst("run", cwd=leaky)
    assert result.rc == 1, str(result)
    assert closing_counts(result.out)["failed"] >= 1, str(result)


def test_each_test_file_is_imported_once(tmp_path):
    """Module-level code of a test file and of the project runs once per space, as in pytest."""
    log = tmp_path / "imports.log"
    project = write_tree(tmp_path / "proj", {
        "project_mod.py": f"open({str(log)!r}, 'a').write('project_mod\\n')\n",
        "test_one.py": f"import project_mod\nopen({str(log)!r}, 'a').write('test_one\\n')\n\n"
                       "def test_one():\n    pass\n",
        "test_two.py": f"import project_mod\nopen({str(log)!r}, 'a').write('test_two\\n')\n\n"
                       "def test_two():\n    pass\n",
    })
    for isolate, expected in (("run", ["project_mod", "test_one", "test_two"]),
                              ("file", ["project_mod", "test_one", "project_mod", "test_two"])):
        if log.exists():
            log.unlink()
        result = pst("run", "--isolate", isolate, cwd=project)
        assert result.rc == 0, str(result)
        assert log.read_text().split() == expected, f"--isolate {isolate}\n{result}"


def test_environ_restored_after_a_file_with_a_warning(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_a_env.py": """
            import os

            def test_sets_environ():
                os.environ["PST_LEAKED_VAR"] = "leaked"
                os.environ.pop("PST_PRESET_VAR", None)
            """,
        "test_b_env.py": """
            import os

            def test_environ_is_restored():
                assert "PST_LEAKED_VAR" not in os.environ
                assert os.environ.get("PST_PRESET_VAR") == "preset"
            """,
    })
    env = base_env(PST_PRESET_VAR="preset")
    result, events = run_events(project, "--isolate", "file", env=env)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)
    assert warning_lines(result, "test_a_env.py", "os.environ"), str(result)
    assert not warning_lines(result, "test_b_env.py", "os.environ"), str(result)


@pytest.mark.parametrize("isolate", ["run", "file"])
def test_a_thread_left_running_is_named(tmp_path, isolate):
    # `threading` is imported by the test itself (the runner does not need it): the thread
    # check must still know which threads existed before.
    project = write_tree(tmp_path / "proj", {
        "test_a_thread.py": """
            import threading
            release = threading.Event()

            def test_starts_a_thread():
                threading.Thread(target=release.wait, args=(2,), name="pst-dangling").start()
            """,
        "test_b_quiet.py": """
            def test_nothing():
                pass
            """,
    })
    result, events = run_events(project, "--isolate", isolate)
    assert result.rc == 0, str(result)
    assert warning_lines(result, "test_a_thread.py", "pst-dangling"), str(result)
    assert not warning_lines(result, "test_b_quiet.py", "threads"), str(result)


def test_cwd_restored_after_a_file_with_a_warning(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "elsewhere/.keep": "",
        "test_a_cwd.py": """
            import os

            def test_changes_directory():
                os.chdir("elsewhere")
            """,
        "test_b_cwd.py": """
            import os

            def test_directory_is_restored():
                assert os.getcwd() == os.environ["ORIG_CWD"]
            """,
    })
    env = base_env(ORIG_CWD=str(project))
    result, events = run_events(project, "--isolate", "file", env=env)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)
    assert warning_lines(result, "test_a_cwd.py", "cwd", "working directory",
                         "current directory"), str(result)


def test_shared_module_attributes_do_not_leak_between_files(tmp_path):
    """Attributes set on a stdlib module (shared by every space) are rolled back per file."""
    project = write_tree(tmp_path / "proj", {
        "test_a_patch.py": """
            import json

            def test_patch_json():
                json.dumps = lambda *a, **k: "patched"
                json.NEW_ATTRIBUTE = 1
            """,
        "test_b_json.py": """
            import json

            def test_json_is_pristine():
                assert json.dumps([1]) == "[1]"
                assert not hasattr(json, "NEW_ATTRIBUTE")
            """,
    })
    result, events = run_events(project, "--isolate", "file")
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)


def test_inspect_is_imported_when_first_needed_and_shared(tmp_path):
    """The runner imports `inspect` only when needed; test code importing it gets the root's
    one module, as when the runner imported it at start-up (root_import.ROOT_STDLIB_MODULES)."""
    project = write_tree(tmp_path / "proj", {
        "test_a_first.py": """
            import sys
            IMPORTED_BEFORE = "inspect" in sys.modules
            import inspect

            def test_not_imported_by_the_runner():
                assert not IMPORTED_BEFORE

            def test_mark_the_class():
                inspect.Parameter.pyspace_probe = "set by test_a_first"
            """,
        "test_b_second.py": """
            import inspect

            def test_same_module_in_the_next_space():
                assert getattr(inspect.Parameter, "pyspace_probe", None) == "set by test_a_first"
            """,
    })
    result, events = run_events(project, "--isolate", "file")
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)


def test_edited_module_is_reloaded_between_runs(tmp_path):
    """Within one process there is only one run, but the code cache must not serve stale code:
    edit a module keeping its size and mtime second, and the next run sees the edit."""
    import os
    project = write_tree(tmp_path / "proj", {
        "value.py": "VALUE = 1\n",
        "test_value.py": "import value\n\ndef test_value():\n    assert value.VALUE == 1\n",
    })
    first = pst("run", cwd=project)
    assert first.rc == 0, str(first)
    stat = os.stat(project / "value.py")
    (project / "value.py").write_text("VALUE = 2\n")  # same size
    os.utime(project / "value.py", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = pst("run", cwd=project)
    assert second.rc == 1, str(second)


@pytest.fixture
def conftest_project(tmp_path):
    """A conftest whose fixture returns an instance of a project class; each test file checks
    it against the class it imports itself. conftest.py logs every import of itself."""
    return write_tree(tmp_path / "proj", {
        "pyproject.toml": '[tool.pyspace-test]\npython_path = ["."]\n',
        "thing.py": "class Thing:\n    pass\n",
        "conftest.py": """
            import os
            import pytest
            from thing import Thing

            with open(os.path.join(os.path.dirname(__file__), "imports.log"), "a") as log:
                log.write("conftest\\n")

            @pytest.fixture
            def thing():
                return Thing()
            """,
        "test_one.py": """
            from thing import Thing

            def test_fixture_value_is_this_spaces_class(thing):
                assert isinstance(thing, Thing)
            """,
        "test_two.py": """
            from thing import Thing

            def test_fixture_value_is_this_spaces_class(thing):
                assert isinstance(thing, Thing)
            """,
    })


def test_isolate_file_imports_conftests_in_each_files_space(conftest_project):
    # Each file's space owns its conftest modules and fixtures: nothing of the first file's
    # space is reachable from the next one (the conftest memo used to sit in the root).
    result, events = run_events(conftest_project, "--isolate", "file")
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)
    assert (conftest_project / "imports.log").read_text().split() == ["conftest", "conftest"]


def test_isolate_run_imports_conftests_once(conftest_project):
    result, events = run_events(conftest_project, "--isolate", "run")
    assert result.rc == 0, str(result)
    assert (conftest_project / "imports.log").read_text().split() == ["conftest"]


def test_a_conftests_pytest_configure_runs_natively_in_each_files_space(tmp_path):
    # (the native engine calls it: lib/collect/hooks.py; each file's space imports the conftest)
    project = write_tree(tmp_path / "proj", {
        "conftest.py": "def pytest_configure(config):\n    config.option.configured = True\n",
        "test_one.py": "def test_one(pytestconfig):\n    assert pytestconfig.option.configured\n",
        "test_two.py": "def test_two(pytestconfig):\n    assert pytestconfig.option.configured\n",
    })
    result = pst("run", "--isolate", "file", cwd=project)
    assert result.rc == 0, str(result)
    assert "pytest's engine" not in result.err, str(result)


def test_a_test_module_inside_an_installed_package_with_extensions_is_the_spaces(tmp_path):
    # The package holds an extension, so it is a root package; its test modules still belong
    # to the space: imported with the fresh loader, asserts rewritten (a call's value is shown).
    site, env = system_site_venv(tmp_path)
    package = write_tree(site / "instpkg", {
        "__init__.py": "",
        "_speedups" + EXTENSION_SUFFIXES[0]: "",  # never imported: it only marks the package
        "tests/__init__.py": "",
        "tests/test_inside.py": """
            def value():
                return 1

            def test_rewritten():
                assert value() == 2
            """,
    })
    result = pst("run", str(package / "tests" / "test_inside.py"), cwd=tmp_path, env=env)
    assert result.rc == 1, str(result)
    assert "where 1 = value()" in result.out, str(result)
