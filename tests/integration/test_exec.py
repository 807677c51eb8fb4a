"""`pyspace-test exec [--fake NAME=PATH]... SCRIPT [ARGS...]`, `--version`, `--help`."""

import json
import re
import subprocess

import pytest

from pst_support import PYTHON, PYTHON_VERSION, SAMPLES, base_env, pst, write_tree


@pytest.fixture
def project(tmp_path):
    return write_tree(tmp_path, {
        "show.py": """
            import json, os, sys
            import helper
            print(json.dumps({
                "argv": sys.argv,
                "path0": sys.path[0],
                "name": __name__,
                "helper": helper.VALUE,
            }))
            """,
        "helper.py": "VALUE = 42\n",
        "exit_with.py": """
            import sys
            kind, value = sys.argv[1], sys.argv[2]
            print("before exit", flush=True)
            if kind == "int":
                sys.exit(int(value))
            if kind == "str":
                sys.exit(value)
            if kind == "none":
                sys.exit(None)
            """,
        "raises.py": """
            print("stdout before the error")

            def inner():
                raise LookupError("the needle is missing")

            def outer():
                inner()

            outer()
            """,
        "syntax_error.py": "x = 1\ndef broken(:\n    pass\n",
    })


def test_version():
    result = pst("--version", cwd=".")
    assert result.rc == 0, str(result)
    assert re.search(r"pyspace-test \d+\.\d+\.\d+", result.out), str(result)
    assert f"embedded Python {PYTHON_VERSION}." in result.out, str(result)


def test_a_stdlib_package_is_one_module_for_the_space_and_root_imports(tmp_path):
    """dataclasses (imported in the space) and inspect (always a root import) both use
    collections: one module, with its `abc` submodule attribute (3.12's start-up imports fewer
    modules than 3.11's, so the space used to get a copy of its own)."""
    project = write_tree(tmp_path / "p", {"both.py": """
        import dataclasses, inspect, collections, typing
        print(inspect.collections is collections, hasattr(collections, "abc"))
        """})
    result = pst("exec", "both.py", cwd=project)
    assert result.rc == 0, str(result)
    assert result.out.split() == ["True", "True"], str(result)


def test_help_lists_subcommands():
    result = pst("--help", cwd=".")
    assert result.rc == 0, str(result)
    assert "exec" in result.out, str(result)


def test_exec_help():
    result = pst("exec", "--help", cwd=".")
    assert result.rc == 0, str(result)
    assert "SCRIPT" in result.out, str(result)


def test_no_subcommand_is_a_usage_error():
    result = pst(cwd=".")
    assert result.rc == 4, str(result)
    assert result.err.strip(), str(result)


def test_unknown_subcommand_is_a_usage_error():
    result = pst("frobnicate", cwd=".")
    assert result.rc == 4, str(result)
    assert "frobnicate" in result.err or "subcommand" in result.err.lower(), str(result)


def test_unknown_global_flag_is_a_usage_error():
    result = pst("--frobnicate", cwd=".")
    assert result.rc == 4, str(result)
    assert "--frobnicate" in result.err, str(result)


def test_script_runs_as_main_with_argv_and_its_dir_first_on_path(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = project / "show.py"
    result = pst("exec", script, "a", "--flag", "two words", cwd=elsewhere)
    assert result.rc == 0, str(result)
    data = json.loads(result.out.strip().splitlines()[-1])
    assert data["argv"] == [str(script), "a", "--flag", "two words"]
    assert data["path0"] == str(project)
    assert data["name"] == "__main__"
    assert data["helper"] == 42  # imported from the script's directory


def test_relative_script_path_kept_in_argv(project):
    result = pst("exec", "show.py", "x", cwd=project)
    assert result.rc == 0, str(result)
    data = json.loads(result.out.strip().splitlines()[-1])
    assert data["argv"] == ["show.py", "x"]
    assert data["path0"] == str(project)


@pytest.mark.parametrize("kind, value, status", [
    ("int", "0", 0),
    ("int", "3", 3),
    ("int", "255", 255),
    ("none", "-", 0),
    ("str", "fatal: bad input", 1),
])
def test_exit_status_is_the_scripts_sys_exit_code(project, kind, value, status):
    result = pst("exec", "exit_with.py", kind, value, cwd=project)
    assert result.rc == status, str(result)
    assert "before exit" in result.out, str(result)
    if kind == "str":
        assert "fatal: bad input" in result.err, str(result)  # printed to stderr, as python3 does
    assert "Traceback" not in result.err, str(result)


def test_falling_off_the_end_exits_0(tmp_path):
    write_tree(tmp_path, {"last.py": "print('last line')\n"})
    result = pst("exec", "last.py", cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert result.out == "last line\n" and result.err == "", str(result)


def test_uncaught_exception_prints_traceback_and_exits_1(project):
    result = pst("exec", "raises.py", cwd=project)
    assert result.rc == 1, str(result)
    assert "stdout before the error" in result.out, str(result)
    assert "Traceback (most recent call last):" in result.err, str(result)
    assert "LookupError: the needle is missing" in result.err, str(result)
    # The traceback shows the script's frames, innermost last.
    assert re.search(r'raises\.py", line 4, in inner', result.err), str(result)
    assert result.err.index("in outer") < result.err.index("in inner"), str(result)
    assert result.err.rstrip().endswith("LookupError: the needle is missing"), str(result)


def test_syntax_error_in_script(project):
    result = pst("exec", "syntax_error.py", cwd=project)
    assert result.rc == 1, str(result)
    assert "SyntaxError" in result.err, str(result)
    assert re.search(r'syntax_error\.py", line 2', result.err), str(result)


def test_missing_script_is_a_usage_error_naming_it(tmp_path):
    result = pst("exec", "no_such_script.py", cwd=tmp_path)
    assert result.rc == 4, str(result)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, str(result)
    assert lines[0].startswith("pyspace-test: error: "), str(result)
    assert "no_such_script.py" in lines[0], str(result)
    assert result.out == "", str(result)


def test_missing_script_argument(tmp_path):
    result = pst("exec", cwd=tmp_path)
    assert result.rc == 4, str(result)
    assert result.err.startswith("pyspace-test: error: "), str(result)


def test_directory_is_not_a_script(tmp_path):
    result = pst("exec", tmp_path, cwd=tmp_path)
    assert result.rc != 0, str(result)


def test_fake_module_replaces_the_real_one(tmp_path):
    write_tree(tmp_path, {
        "fakes/fake_json.py": """
            FAKE = True
            def dumps(obj, **kwargs):
                return "<fake json>"
            """,
        "project/uses_json.py": """
            import json
            def encode(obj):
                return json.dumps(obj)
            """,
        "project/main.py": """
            import json, sys
            import uses_json
            print("fake:", getattr(json, "FAKE", False))
            print("encoded:", uses_json.encode({"a": 1}))
            print("module file:", json.__file__)
            print("same module:", uses_json.json is json)
            """,
    })
    result = pst("exec", "--fake", "json=../fakes/fake_json.py", "main.py", cwd=tmp_path / "project")
    assert result.rc == 0, str(result)
    assert "fake: True" in result.out, str(result)
    assert "encoded: <fake json>" in result.out, str(result)
    assert "fake_json.py" in result.out, str(result)
    assert "same module: True" in result.out, str(result)


def test_several_fakes(tmp_path):
    write_tree(tmp_path, {
        "fake_a.py": "NAME = 'fake socket'\n",
        "fake_b.py": "NAME = 'fake requests'\n",
        "main.py": """
            import socket, requests
            print(socket.NAME, "/", requests.NAME)
            """,
    })
    result = pst("exec", "--fake", "socket=fake_a.py", "--fake", "requests=fake_b.py", "main.py",
                 cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert "fake socket / fake requests" in result.out, str(result)


def test_without_fake_the_real_module_is_used(tmp_path):
    write_tree(tmp_path, {"main.py": "import json\nprint(json.dumps([1]))\n"})
    result = pst("exec", "main.py", cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert result.out.strip() == "[1]", str(result)


def test_fake_socket_sample_fake_through_exec(tmp_path):
    """The fake_socket sample's fake, given on the command line, serves its project code."""
    sample = SAMPLES / "fake_socket"
    write_tree(tmp_path, {"main.py": f"""
        import sys
        sys.path.insert(0, {str(sample / 'src')!r})
        import socket
        socket.respond("Oslo", "OK -3.5")
        from weather import WeatherClient
        print(WeatherClient().temperature("Oslo"), socket.sent, socket.connections)
        """})
    result = pst("exec", "--fake", f"socket={sample / 'tests/fakes/fake_socket.py'}", "main.py",
                 cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert result.out.strip() == "-3.5 [b'TEMP Oslo\\n'] [('192.0.2.10', 7070)]", str(result)


def test_missing_fake_file_is_a_usage_error_naming_fake_and_path(tmp_path):
    write_tree(tmp_path, {"main.py": "print('ran')\n"})
    result = pst("exec", "--fake", "socket=nowhere/fake_socket.py", "main.py", cwd=tmp_path)
    assert result.rc == 4, str(result)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pyspace-test: error: "), str(result)
    assert "socket" in lines[0] and "nowhere/fake_socket.py" in lines[0], str(result)
    assert "ran" not in result.out, str(result)


@pytest.mark.parametrize("spec", ["socket", "=x.py", "socket="])
def test_malformed_fake_spec_is_a_usage_error(tmp_path, spec):
    write_tree(tmp_path, {"main.py": "print('ran')\n", "x.py": ""})
    result = pst("exec", "--fake", spec, "main.py", cwd=tmp_path)
    assert result.rc == 4, str(result)
    assert "pyspace-test: error:" in result.err, str(result)
    assert "ran" not in result.out, str(result)


def test_stdin_reaches_the_script(tmp_path):
    write_tree(tmp_path, {"main.py": "import sys\nprint(sys.stdin.read().upper())\n"})
    result = pst("exec", "main.py", cwd=tmp_path, stdin=b"hello\n")
    assert result.rc == 0, str(result)
    assert result.out.strip() == "HELLO", str(result)


def test_non_ascii_output_and_arguments(tmp_path):
    """Debian's python3 prints UTF-8 under LANG=C.UTF-8; so must the embedded interpreter."""
    write_tree(tmp_path, {"main.py": "import sys\nprint('h\\u00e9llo \\u2713', sys.argv[1])\n"})
    result = pst("exec", "main.py", "caf\u00e9", cwd=tmp_path, env=base_env(LANG="C.UTF-8"))
    assert result.rc == 0, str(result)
    assert result.out_bytes == "h\u00e9llo \u2713 caf\u00e9\n".encode(), str(result)


def test_script_in_non_ascii_directory(tmp_path):
    write_tree(tmp_path, {"d\u00e9j\u00e0/main.py": "import helper\nprint(helper.X)\n",
                          "d\u00e9j\u00e0/helper.py": "X = 'imported'\n"})
    result = pst("exec", "d\u00e9j\u00e0/main.py", cwd=tmp_path, env=base_env(LANG="C.UTF-8"))
    assert result.rc == 0, str(result)
    assert result.out.strip() == "imported", str(result)


def test_stdlib_works_inside_the_space(tmp_path):
    """What DESIGN.md says a module space must not break: pickle, asyncio, dataclasses with
    string annotations, typing.get_type_hints, inspect.getmodule, mock.patch by dotted name."""
    write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/mod.py": """
            def greet():
                return "real"
            """,
        "main.py": """
            from __future__ import annotations
            import asyncio, dataclasses, inspect, pickle, typing
            from unittest import mock
            import pkg.mod

            @dataclasses.dataclass
            class Point:
                x: int
                y: Point | None = None

            def hinted(a: Point) -> int:
                return a.x

            assert pickle.loads(pickle.dumps(Point(1))) == Point(1)
            assert asyncio.run(asyncio.sleep(0, result="async ok")) == "async ok"
            assert [f.name for f in dataclasses.fields(Point)] == ["x", "y"]
            assert typing.get_type_hints(hinted)["a"] is Point
            assert inspect.getmodule(Point).__name__ == "__main__"
            with mock.patch("pkg.mod.greet", return_value="patched"):
                assert pkg.mod.greet() == "patched"
            assert pkg.mod.greet() == "real"
            print("all ok")
            """,
    })
    result = pst("exec", "main.py", cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert result.out.strip() == "all ok", str(result)


def test_demo_script_runs():
    """`make demo` runs sample_suites/demo_script.py."""
    result = pst("exec", SAMPLES / "demo_script.py", "hello", cwd=SAMPLES.parent,
                 env=base_env(PYTHONDONTWRITEBYTECODE="1"))
    assert result.rc == 0, str(result)
    assert "'hello'" in result.out, str(result)


def test_process_end_joins_threads_runs_atexit_and_flushes_as_python_does(tmp_path):
    # The binary ends its interpreter without the module teardown (InterpreterOptions::finalize);
    # what a program can observe must still happen, in Python's order.
    project = write_tree(tmp_path, {
        "ending.py": """
            import atexit, sys, threading, time

            def late():
                time.sleep(0.2)
                print("thread done", flush=True)

            atexit.register(lambda: print("atexit ran"))
            threading.Thread(target=late).start()
            sys.stdout.write("unflushed, no newline|")
            sys.exit(3)
            """,
    })
    result = pst("exec", "ending.py", cwd=project)
    assert result.rc == 3, str(result)
    assert result.out == "unflushed, no newline|thread done\natexit ran\n", str(result)
    python = subprocess.run([PYTHON, "ending.py"], cwd=project, capture_output=True, text=True)
    assert (python.returncode, python.stdout) == (result.rc, result.out)


@pytest.mark.parametrize("spec, message", [
    ("not a name=f.py", "--fake not a name=f.py: 'not a name' is not a module name"),
    ("socket", "--fake expects NAME=PATH, got 'socket'"),
])
def test_exec_and_run_read_fake_the_same_way(tmp_path, spec, message):
    """One --fake parser: exec rejects what run rejects, exit 4 with the same message."""
    write_tree(tmp_path, {"main.py": "print('ran')\n", "f.py": "", "test_a.py": "def test_a(): pass\n"})
    by_exec = pst("exec", "--fake", spec, "main.py", cwd=tmp_path)
    by_run = pst("run", "--fake", spec, "test_a.py", cwd=tmp_path)
    for result in (by_exec, by_run):
        assert result.rc == 4, str(result)
        assert result.err.strip() == f"pyspace-test: error: {message}", str(result)
    assert "ran" not in by_exec.out, str(by_exec)
