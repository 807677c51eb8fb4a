"""Configuration: pyproject.toml [tool.pyspace-test], pyspace.toml, -c; keys paths,
python_path, isolate, shared, fakes; bad configuration is a usage error (exit 4)."""

import re

import pytest

from pst_support import base_env, closing_counts, outcomes_by_id, pst, read_events, write_tree

CHECKS = {
    "checks/test_in_paths.py": "def test_in_paths():\n    pass\n",
    "test_outside_paths.py": "def test_outside():\n    assert False, 'must not run'\n",
}


def run_events(cwd, *args, env=None):
    events_file = cwd.parent / f"{cwd.name}-events.jsonl"
    result = pst("run", "--json-events", events_file, *args, cwd=cwd, env=env)
    events = read_events(events_file.read_text()) if events_file.exists() else None
    return result, events


def error_location(text, filename):
    """(line, col) of the first 'FILENAME:LINE:COL:' in text, or None."""
    match = re.search(rf"{re.escape(filename)}:(\d+):(\d+):", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


# --------------------------------------------------------------------------------------------
# where the configuration comes from

def test_pyproject_paths(tmp_path):
    project = write_tree(tmp_path / "proj", {
        **CHECKS, "pyproject.toml": '[tool.pyspace-test]\npaths = ["checks"]\n'})
    result, events = run_events(project)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events)) == {"checks/test_in_paths.py::test_in_paths"}, str(result)


def test_pyspace_toml_top_level_keys(tmp_path):
    project = write_tree(tmp_path / "proj", {**CHECKS, "pyspace.toml": 'paths = ["checks"]\n'})
    result, events = run_events(project)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events)) == {"checks/test_in_paths.py::test_in_paths"}, str(result)


def test_pyspace_toml_wins_over_pyproject_in_the_same_directory(tmp_path):
    project = write_tree(tmp_path / "proj", {
        **CHECKS,
        "pyspace.toml": 'paths = ["checks"]\n',
        "pyproject.toml": '[tool.pyspace-test]\npaths = ["."]\n',
    })
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    assert closing_counts(result.out) == {"passed": 1}, str(result)


def test_pyproject_without_our_table_is_not_our_config(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_x.py": "def test_x():\n    pass\n",
        "pyproject.toml": '[project]\nname = "demo"\n\n[tool.black]\nline-length = 99\n',
    })
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    assert closing_counts(result.out) == {"passed": 1}, str(result)
    assert "warning" not in result.err.lower(), str(result)


def test_config_found_from_a_subdirectory(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "pyproject.toml": '[tool.pyspace-test]\npython_path = ["src"]\n',
        "src/lib_mod.py": "VALUE = 'from src'\n",
        "tests/test_uses_src.py": """
            import lib_mod

            def test_value():
                assert lib_mod.VALUE == "from src"
            """,
    })
    result = pst("run", cwd=project / "tests")
    assert result.rc == 0, str(result)
    assert closing_counts(result.out) == {"passed": 1}, str(result)


def test_explicit_config_file(tmp_path):
    project = write_tree(tmp_path / "proj", {
        **CHECKS,
        "ci/ci.toml": 'paths = ["../checks"]\n',
    })
    result, events = run_events(project, "-c", "ci/ci.toml")
    assert result.rc == 0, str(result)
    assert [e.split("::")[-1] for e in outcomes_by_id(events)] == ["test_in_paths"], str(result)


def test_explicit_config_file_missing(tmp_path):
    project = write_tree(tmp_path / "proj", CHECKS)
    result = pst("run", "-c", "nowhere.toml", cwd=project)
    assert result.rc == 4, str(result)
    assert "nowhere.toml" in result.err, str(result)


def test_command_line_paths_override_config_paths(tmp_path):
    project = write_tree(tmp_path / "proj", {
        **CHECKS, "other/test_other.py": "def test_other():\n    pass\n",
        "pyproject.toml": '[tool.pyspace-test]\npaths = ["checks"]\n'})
    result, events = run_events(project, "other")
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events)) == {"other/test_other.py::test_other"}, str(result)


# --------------------------------------------------------------------------------------------
# bad configuration

@pytest.mark.parametrize("filename, text, line", [
    ("pyproject.toml", '[tool.pyspace-test]\npaths = ["checks"\nisolate = "file"\n', 3),
    ("pyproject.toml", '[tool.pyspace-test]\nisolate = "file\n', 2),
    ("pyspace.toml", 'paths = ["checks"]\n\nisolate = = "run"\n', 3),
    ("pyspace.toml", 'paths = ["checks"]\npaths = ["."]\n', 2),  # duplicate key
])
def test_malformed_toml_is_a_usage_error_with_file_line_col(tmp_path, filename, text, line):
    project = write_tree(tmp_path / "proj", {**CHECKS, filename: text})
    result = pst("run", cwd=project)
    assert result.rc == 4, str(result)
    location = error_location(result.err, filename)
    assert location is not None, str(result)
    assert location[0] == line and location[1] >= 1, str(result)
    assert "passed" not in result.out, str(result)


def test_malformed_explicit_config(tmp_path):
    project = write_tree(tmp_path / "proj", {**CHECKS, "ci.toml": "paths = [\n"})
    result = pst("run", "-c", "ci.toml", cwd=project)
    assert result.rc == 4, str(result)
    assert error_location(result.err, "ci.toml") is not None, str(result)


def test_unknown_key_is_a_warning_with_file_and_line(tmp_path):
    project = write_tree(tmp_path / "proj", {
        **CHECKS,
        "pyproject.toml": '[tool.pyspace-test]\npaths = ["checks"]\n\ncolour = "always"\n'})
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    lines = [l for l in result.both.splitlines() if "pyproject.toml:4" in l and "colour" in l]
    assert lines, str(result)
    assert closing_counts(result.out) == {"passed": 1}, str(result)


def test_unknown_key_in_pyspace_toml(tmp_path):
    project = write_tree(tmp_path / "proj", {
        **CHECKS, "pyspace.toml": 'paths = ["checks"]\nmaxfail = 3\n'})
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    assert any("pyspace.toml:2" in l and "maxfail" in l for l in result.both.splitlines()), \
        str(result)


@pytest.mark.parametrize("setting, line", [
    ('isolate = "module"', 2),
    ('paths = "checks"', 2),
    ('python_path = [1, 2]', 2),
    ('shared = ["not a module"]', 2),
    ('fakes = { socket = 3 }', 2),
])
def test_bad_value_is_a_usage_error_with_file_and_line(tmp_path, setting, line):
    project = write_tree(tmp_path / "proj", {
        **CHECKS, "pyproject.toml": f"[tool.pyspace-test]\n{setting}\n"})
    result = pst("run", cwd=project)
    assert result.rc == 4, str(result)
    assert f"pyproject.toml:{line}" in result.err, str(result)


def test_missing_fake_file_is_a_usage_error_naming_fake_and_path(tmp_path):
    project = write_tree(tmp_path / "proj", {
        **CHECKS,
        "pyproject.toml": '[tool.pyspace-test]\npaths = ["checks"]\n'
                          'fakes = { socket = "tests/fakes/fake_socket.py" }\n'})
    result = pst("run", cwd=project)
    assert result.rc == 4, str(result)
    assert "socket" in result.err and "tests/fakes/fake_socket.py" in result.err, str(result)
    assert "passed" not in result.out, str(result)


def test_missing_fake_file_on_the_command_line(tmp_path):
    project = write_tree(tmp_path / "proj", CHECKS)
    result = pst("run", "--fake", "requests=fakes/requests.py", "checks", cwd=project)
    assert result.rc == 4, str(result)
    assert "requests" in result.err and "fakes/requests.py" in result.err, str(result)


# --------------------------------------------------------------------------------------------
# what the keys do

def test_fake_file_is_the_module_in_every_file(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "pyproject.toml": '[tool.pyspace-test]\nfakes = { socket = "fakes/sock.py" }\n',
        "fakes/sock.py": "FAKE = True\n",
        "app.py": "import socket\n\ndef which():\n    return getattr(socket, 'FAKE', False)\n",
        "test_one.py": "import socket, app\n\ndef test_one():\n"
                       "    assert socket.FAKE and app.which()\n",
        "test_two.py": "def test_two():\n    import socket\n    assert socket.FAKE\n",
    })
    for isolate in ("run", "file"):
        result = pst("run", "--isolate", isolate, cwd=project)
        assert result.rc == 0, str(result)
        assert closing_counts(result.out) == {"passed": 2}, str(result)


def test_fake_false_makes_a_module_unimportable(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "pyproject.toml": '[tool.pyspace-test]\n\n[tool.pyspace-test.fakes]\n'
                          'sqlite3 = false\nlocal_helper = false\n',
        "local_helper.py": "X = 1\n",
        "test_unimportable.py": """
            import importlib

            def test_stdlib_module_is_unimportable():
                try:
                    importlib.import_module("sqlite3")
                except ModuleNotFoundError:
                    return
                raise AssertionError("sqlite3 was importable")

            def test_project_module_is_unimportable():
                try:
                    import local_helper
                except ImportError:
                    return
                raise AssertionError("local_helper was importable")
            """,
    })
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    assert closing_counts(result.out) == {"passed": 2}, str(result)


def test_command_line_fake_overrides_config_fake(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "pyproject.toml": '[tool.pyspace-test]\nfakes = { socket = "fakes/a.py" }\n',
        "fakes/a.py": "WHICH = 'config'\n",
        "fakes/b.py": "WHICH = 'command line'\n",
        "test_which.py": "import socket\n\ndef test_which():\n"
                         "    assert socket.WHICH == 'command line'\n",
    })
    result = pst("run", "--fake", "socket=fakes/b.py", cwd=project)
    assert result.rc == 0, str(result)
    assert closing_counts(result.out) == {"passed": 1}, str(result)


def test_python_path(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "pyproject.toml": '[tool.pyspace-test]\npaths = ["tests"]\npython_path = ["src", "lib"]\n',
        "src/alpha.py": "NAME = 'alpha'\n",
        "lib/beta.py": "NAME = 'beta'\n",
        "tests/test_path.py": """
            import alpha, beta

            def test_both():
                assert (alpha.NAME, beta.NAME) == ("alpha", "beta")
            """,
    })
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    without = write_tree(project, {"pyproject.toml": '[tool.pyspace-test]\npaths = ["tests"]\n'})
    result = pst("run", cwd=without)
    assert result.rc == 2, str(result)  # ModuleNotFoundError at collection


@pytest.mark.parametrize("environment", [None, "/nonexistent/from-env"])
def test_python_path_reaches_the_python_subprocesses_tests_start(tmp_path, environment):
    # click's suite starts sys.executable and imports the project there; pytest's own
    # `pythonpath` key stays pytest's process's, as in pytest.
    project = write_tree(tmp_path / "proj", {
        "pyproject.toml": '[tool.pyspace-test]\npython_path = ["src"]\n',
        "pytest.ini": "[pytest]\npythonpath = lib\n",
        "src/alpha.py": "NAME = 'alpha'\n",
        "lib/beta.py": "NAME = 'beta'\n",
        "test_child.py": """
            import os, subprocess, sys

            def child(code):
                return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

            def test_python_path_in_the_child():
                done = child("import alpha; print(alpha.NAME)")
                assert done.returncode == 0 and done.stdout == "alpha\\n", done.stderr

            def test_pytests_pythonpath_is_not():
                assert child("import beta").returncode == 1

            def test_the_environments_entries_follow():
                entries = os.environ["PYTHONPATH"].split(os.pathsep)
                assert entries[0].endswith("/src") and entries[1:] == os.environ["EXPECTED"].split()
            """,
    })
    env = base_env(EXPECTED=environment or "")
    if environment:
        env["PYTHONPATH"] = environment
    else:
        env.pop("PYTHONPATH", None)
    result, events = run_events(project, env=env)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)


def test_isolate_key(tmp_path):
    files = {
        "state.py": "VALUE = 'pristine'\n",
        "test_a.py": "import state\n\ndef test_a():\n    state.VALUE = 'changed'\n",
        "test_b.py": "import state\n\ndef test_b():\n    assert state.VALUE == 'pristine'\n",
    }
    project = write_tree(tmp_path / "proj", {**files, "pyspace.toml": 'isolate = "file"\n'})
    assert pst("run", cwd=project).rc == 0
    write_tree(project, {"pyspace.toml": 'isolate = "run"\n'})
    assert pst("run", cwd=project).rc == 1
    write_tree(project, {"pyspace.toml": 'isolate = "run"\n'})
    assert pst("run", "--isolate", "file", cwd=project).rc == 0  # the command line wins


def test_shared_modules_are_imported_once(tmp_path):
    """With isolate = "file" every file gets a fresh space, so a project module is imported
    once per file, unless it is listed in `shared` (then once, in the root)."""
    log = tmp_path / "imports.log"
    project = write_tree(tmp_path / "proj", {
        "counted.py": f"with open({str(log)!r}, 'a') as f:\n    f.write('imported\\n')\n",
        "test_one.py": "import counted\n\ndef test_one():\n    pass\n",
        "test_two.py": "import counted\n\ndef test_two():\n    pass\n",
        "pyspace.toml": 'isolate = "file"\n',
    })
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    assert log.read_text().count("imported") == 2
    log.unlink()
    write_tree(project, {"pyspace.toml": 'isolate = "file"\nshared = ["counted"]\n'})
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    assert "unknown key" not in result.both, str(result)
    assert log.read_text().count("imported") == 1


def test_reloading_a_shared_module_executes_it_again_in_the_root(tmp_path):
    """importlib.reload() of a shared (root) module from a test runs its code again, in the
    root's context: what it imports for the first time is a root module, shared by later files."""
    log = tmp_path / "imports.log"
    project = write_tree(tmp_path / "proj", {
        "counted.py": (f"with open({str(log)!r}, 'a') as f:\n    f.write('executed\\n')\n"
                       "SEEN = globals().get('SEEN', [])\n"
                       "if globals().get('LOADED'):\n    import helper_on_reload\n"
                       "LOADED = True\n"),
        "helper_on_reload.py": "VALUE = object()\n",
        "test_a_reload.py": """
            import importlib
            import counted

            def test_reload():
                assert importlib.reload(counted) is counted
                import helper_on_reload
                counted.SEEN.append(helper_on_reload.VALUE)
            """,
        "test_b_next.py": """
            import counted
            import helper_on_reload

            def test_module_imported_by_the_reload_is_the_roots():
                assert len(counted.SEEN) == 1 and counted.SEEN[0] is helper_on_reload.VALUE
            """,
        "pyspace.toml": 'isolate = "file"\nshared = ["counted"]\n',
    })
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)
    assert log.read_text().count("executed") == 2


def test_a_shared_module_and_the_tests_see_one_pathlib(tmp_path):
    """Standard-library modules the runner once imported at start-up (pathlib, tempfile, ...)
    are imported in the root when first needed, so a root package (here `shared`) and test code
    importing pathlib first agree on pathlib.Path (matplotlib's style tests check exactly that)."""
    project = write_tree(tmp_path / "proj", {
        "takes_paths.py": "from pathlib import Path\n\ndef is_path(value):\n"
                          "    return isinstance(value, Path)\n",
        "test_paths.py": """
            import pathlib
            import tempfile
            import takes_paths

            def test_same_path_class():
                assert takes_paths.is_path(pathlib.Path("x"))
            """,
        "pyspace.toml": 'shared = ["takes_paths"]\n',
    })
    result = pst("run", cwd=project)
    assert result.rc == 0, str(result)


def test_a_finder_a_shared_module_installs_serves_the_space_that_imported_it(tmp_path):
    """A root import (here a `shared` module) that adds a meta-path finder: the space that
    imported it sees the finder at once (tlz installs one for tlz.curried), later spaces too."""
    project = write_tree(tmp_path / "proj", {
        "virtual_finder.py": """
            import sys, types
            from importlib.machinery import ModuleSpec

            class Finder:
                def find_spec(self, name, path=None, target=None):
                    if name == "virtual_mod":
                        return ModuleSpec(name, self)
                def create_module(self, spec):
                    return types.ModuleType(spec.name)
                def exec_module(self, module):
                    module.ANSWER = 42

            sys.meta_path.append(Finder())
            """,
        "test_one.py": "import virtual_finder\nimport virtual_mod\n\ndef test_one():\n    assert virtual_mod.ANSWER == 42\n",
        "test_two.py": "import virtual_mod\n\ndef test_two():\n    assert virtual_mod.ANSWER == 42\n",
        "pyspace.toml": 'isolate = "file"\nshared = ["virtual_finder"]\n',
    })
    events_file = tmp_path / "events.jsonl"
    result = pst("run", "--json-events", events_file, cwd=project)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(read_events(events_file.read_text())).values()) == {"passed"}
