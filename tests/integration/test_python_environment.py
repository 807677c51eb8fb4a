"""The PYTHON* variables about how a program runs reach the embedded interpreter as they reach
`python` (and so `python -m pytest`): each value a test sees is compared with what the embedded
Python's own executable sees under the same environment."""

import json
import subprocess

import pytest

from pst_support import PYTHON, base_env, pst, write_tree

PROBE = """
import json, os, sys, tracemalloc
print(json.dumps({
    "hash": hash("abc") if "PYTHONHASHSEED" in os.environ else None,
    "optimize": sys.flags.optimize,
    "warnoptions": sys.warnoptions,
    "dont_write_bytecode": sys.dont_write_bytecode,
    "write_through": sys.__stdout__.write_through,
    "tracemalloc": tracemalloc.is_tracing(),
    "stdout_errors": sys.__stdout__.errors,
}))
"""

SETTINGS = [
    {"PYTHONHASHSEED": "0"},
    {"PYTHONHASHSEED": "12345"},
    {"PYTHONOPTIMIZE": "2"},
    {"PYTHONOPTIMIZE": "x"},
    {"PYTHONWARNINGS": "error::UserWarning, ignore::DeprecationWarning"},
    {"PYTHONDONTWRITEBYTECODE": "1"},
    {"PYTHONWARNINGS": ",default,,"},
    {"PYTHONUNBUFFERED": "1"},
    {"PYTHONTRACEMALLOC": "3"},
    {"PYTHONIOENCODING": ":replace"},
]


def seen_by_python(env):
    out = subprocess.run([PYTHON, "-c", PROBE], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def seen_by_a_test(tmp_path, env):
    result_file = tmp_path / "seen.json"
    root = write_tree(tmp_path / "suite", {"test_probe.py": f"""
        import contextlib, io

        def test_probe():
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec({PROBE!r}, {{}})
            open({str(result_file)!r}, "w").write(out.getvalue())
        """})
    result = pst("run", "-p", "no:cacheprovider", "-q", cwd=root, env=env)
    assert result.rc == 0, str(result)
    return json.loads(result_file.read_text())


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: "-".join(f"{k}={v}" for k, v in s.items()))
def test_a_test_sees_what_python_sees(tmp_path, setting):
    env = base_env(**{"PYTHONUNBUFFERED": None, "PYTHONDONTWRITEBYTECODE": None, **setting})
    expected = seen_by_python(env)
    assert seen_by_a_test(tmp_path, env) == expected


def test_a_bad_hash_seed_is_refused_as_python_refuses_it(tmp_path):
    env = base_env(PYTHONHASHSEED="nope")
    python = subprocess.run([PYTHON, "-c", "pass"], env=env, capture_output=True, text=True)
    assert python.returncode != 0 and "PYTHONHASHSEED must be" in python.stderr
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    ours = pst("run", cwd=root, env=env)
    assert ours.rc != 0 and "PYTHONHASHSEED must be" in ours.err, str(ours)
    assert "Traceback" not in ours.err, str(ours)


@pytest.mark.parametrize("value", ["1", None])
def test_pythonfaulthandler_outside_a_run_is_pythons(tmp_path, value):
    """A run has faulthandler on while tests run (as pytest's plugin); `exec` and the state
    after a run follow PYTHONFAULTHANDLER as python does."""
    env = base_env(PYTHONFAULTHANDLER=value)
    script = tmp_path / "probe.py"
    script.write_text("import faulthandler\nprint(faulthandler.is_enabled())\n")
    python = subprocess.run([PYTHON, str(script)], env=env, capture_output=True, text=True, check=True)
    ours = pst("exec", str(script), cwd=tmp_path, env=env)
    assert ours.out.strip() == python.stdout.strip() == str(value == "1"), str(ours)
