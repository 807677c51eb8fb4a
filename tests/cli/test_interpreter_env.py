"""The embedded interpreter's environment: isolated from PYTHON* variables; sys.executable a real
Python. (Virtualenvs: tests/integration/test_virtualenv.py.)"""
import os
import subprocess

BIN = os.environ.get("PYSPACE_TEST_BIN", "/work/main/build/app/pyspace-test")


def run_script(tmp_path, source, env_extra):
    script = tmp_path / "script.py"
    script.write_text(source)
    env = dict(os.environ, **env_extra)
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([BIN, "exec", str(script)], capture_output=True, text=True, env=env, timeout=60)


def test_pythonpath_and_pythonhome_are_ignored(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "sneaky.py").write_text("X = 1\n")
    result = run_script(tmp_path, "import sys\ntry:\n    import sneaky\n    print('imported')\n"
                        "except ImportError:\n    print('isolated', sys.flags.ignore_environment)\n",
                        {"PYTHONPATH": str(tmp_path / "elsewhere"), "PYTHONHOME": "/nonexistent"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "isolated 1"


def test_sys_executable_is_the_embedded_python(tmp_path):
    result = run_script(tmp_path, "import sys, subprocess\n"
                        "print(subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True, text=True).stdout.strip())\n", {})
    assert result.stdout.strip() == "42"
    embedded = os.environ.get("PYSPACE_TEST_PYTHON")
    if embedded:
        result = run_script(tmp_path, "import sys\nprint(sys.executable)\n", {})
        assert result.stdout.strip() == embedded
