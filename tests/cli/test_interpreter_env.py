"""The embedded interpreter's environment: isolated from PYTHON* variables, a virtualenv's
site-packages when VIRTUAL_ENV names one of the same Python version."""
import os
import subprocess

BIN = os.environ.get("PYSPACE_TEST_BIN", "/work/main/build/app/pyspace-test")


def run_script(tmp_path, source, env_extra):
    script = tmp_path / "script.py"
    script.write_text(source)
    env = dict(os.environ, **env_extra)
    return subprocess.run([BIN, "exec", str(script)], capture_output=True, text=True, env=env, timeout=60)


def test_pythonpath_and_pythonhome_are_ignored(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "sneaky.py").write_text("X = 1\n")
    result = run_script(tmp_path, "import sys\ntry:\n    import sneaky\n    print('imported')\n"
                        "except ImportError:\n    print('isolated', sys.flags.ignore_environment)\n",
                        {"PYTHONPATH": str(tmp_path / "elsewhere"), "PYTHONHOME": "/nonexistent"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "isolated 1"


def test_a_virtualenvs_site_packages_are_on_the_path(tmp_path):
    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (site / "venv_only_module.py").write_text("WHERE = 'venv'\n")
    result = run_script(tmp_path, "import venv_only_module\nprint(venv_only_module.WHERE)\n",
                        {"VIRTUAL_ENV": str(tmp_path / "venv")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "venv"


def test_a_virtualenv_of_another_python_version_is_not_used(tmp_path):
    site = tmp_path / "venv" / "lib" / "python3.9" / "site-packages"
    site.mkdir(parents=True)
    (site / "venv_only_module.py").write_text("WHERE = 'venv'\n")
    result = run_script(tmp_path, "try:\n    import venv_only_module\n    print('used')\n"
                        "except ImportError:\n    print('not used')\n",
                        {"VIRTUAL_ENV": str(tmp_path / "venv")})
    assert result.stdout.strip() == "not used"


def test_sys_executable_is_the_system_python(tmp_path):
    result = run_script(tmp_path, "import sys, subprocess\n"
                        "print(subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True, text=True).stdout.strip())\n", {})
    assert result.stdout.strip() == "42"
