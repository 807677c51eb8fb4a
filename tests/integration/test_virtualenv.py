"""Virtualenvs as the venv's own `python` sees them (issue 15).

Each test makes a real venv with `$PYSPACE_TEST_PYTHON -m venv --without-pip` (the Python the
binary embeds; no network), "installs" packages by writing files into its site-packages, and
compares what pyspace-test sees with what the venv's python sees. The venv is found from the
binary's own path (<venv>/bin/pyspace-test, a hard link or copy of the built binary) or, when the
binary lives elsewhere, from $VIRTUAL_ENV.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pst_support import BIN, PYTHON, PYTHON_VERSION, base_env, write_tree

# What a Python sees: printed as JSON by `python probe.py` and by `pyspace-test exec probe.py`.
PROBE = """\
import json, os, site, sys, sysconfig
import importlib.metadata as md
def version(name):
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return None
def where(name):
    try:
        module = __import__(name)
    except ImportError as e:
        return "ImportError"
    return getattr(module, "__version__", None), getattr(module, "__file__", None)
print(json.dumps({
    "prefix": sys.prefix, "base_prefix": sys.base_prefix, "exec_prefix": sys.exec_prefix,
    "executable": sys.executable,
    "sitepackages": site.getsitepackages(),
    "path": [p for p in sys.path[1:] if os.path.exists(p)],
    "purelib": sysconfig.get_paths()["purelib"],
    "toolz": [version("toolz"), where("toolz")],
    "shadowpkg": [version("shadowpkg"), where("shadowpkg")],
}))
"""


def make_venv(root, *, system_site=False):
    venv = Path(root) / "venv"
    args = [PYTHON, "-m", "venv", "--without-pip", str(venv)]
    if system_site:
        args.insert(4, "--system-site-packages")
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return venv


def venv_python(venv, *args, cwd, env=None):
    return subprocess.run([str(venv / "bin" / "python"), "-s", *map(str, args)], cwd=cwd,
                          env=env or base_env(VIRTUAL_ENV=None), capture_output=True, text=True,
                          timeout=120)


def site_packages(venv):
    result = venv_python(venv, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                         cwd=venv)
    return Path(result.stdout.strip())


def install_binary(venv):
    """<venv>/bin/pyspace-test: a hard link to the built binary (a copy across file systems); a
    symlink would not do, /proc/self/exe resolves it."""
    target = venv / "bin" / "pyspace-test"
    try:
        os.link(BIN, target)
    except OSError:
        shutil.copy2(BIN, target)
    return target


def install_fake(site, name, version, body=""):
    """A distribution `name` of `version` in `site`: the package and its dist-info."""
    write_tree(site, {
        f"{name}/__init__.py": f"__version__ = {version!r}\n{body}",
        f"{name}-{version}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{name}-{version}.dist-info/RECORD": "",
    })


def probe(tmp_path, command, env=None):
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    if command == "python":
        result = venv_python(tmp_path / "venv", script, cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)
    result = _run_binary(command, ["exec", script], tmp_path, env)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _run_binary(binary, args, cwd, env):
    return subprocess.run([str(binary), *map(str, args)], cwd=cwd, env=env or base_env(VIRTUAL_ENV=None),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(params=["not activated", "activated"])
def venv_binary(request, tmp_path):
    """(binary, env) running in the venv at tmp_path/venv: the binary installed in its bin/ and no
    $VIRTUAL_ENV, or the build's binary with $VIRTUAL_ENV naming the venv."""
    def make(system_site=False):
        venv = make_venv(tmp_path, system_site=system_site)
        if request.param == "not activated":
            return venv, install_binary(venv), base_env(VIRTUAL_ENV=None)
        return venv, Path(BIN), base_env(VIRTUAL_ENV=str(venv))
    return make


@pytest.mark.parametrize("system_site", [False, True], ids=["isolated", "system-site-packages"])
def test_the_interpreter_is_configured_as_the_venvs_python(venv_binary, tmp_path, system_site):
    venv, binary, env = venv_binary(system_site)
    # A distribution only the venv has, and one that shadows the base installation's (Debian has
    # toolz 0.12; pyenv's Pythons have none).
    site = site_packages(venv)
    install_fake(site, "shadowpkg", "1.5")
    install_fake(site, "toolz", "99.0")
    python_sees = probe(tmp_path, "python")
    pyspace_sees = probe(tmp_path, binary, env)
    assert pyspace_sees == python_sees
    assert python_sees["prefix"] == str(venv)
    assert python_sees["executable"] == str(venv / "bin" / "python")
    assert python_sees["toolz"][0] == "99.0" and python_sees["toolz"][1][0] == "99.0"
    assert python_sees["shadowpkg"][0] == "1.5"
    base_site = [p for p in python_sees["path"] if p.startswith(python_sees["base_prefix"])
                 and p.endswith(("site-packages", "dist-packages"))]
    assert bool(base_site) == system_site, python_sees["path"]


def test_editable_installs_static_pth_and_editable_finder(venv_binary, tmp_path):
    venv, binary, env = venv_binary()
    site = site_packages(venv)
    # setuptools' two kinds of editable install: a .pth naming the source directory, and a .pth
    # importing an __editable__ finder that maps the package name to its directory.
    write_tree(tmp_path / "src_static", {"staticpkg/__init__.py": "WHERE = 'static'\n"})
    write_tree(tmp_path / "src_finder", {"finderpkg/__init__.py": "WHERE = 'finder'\n"})
    write_tree(site, {
        "__editable__.staticpkg-1.0.pth": f"{tmp_path / 'src_static'}\n",
        "__editable__.finderpkg-1.0.pth":
            "import __editable___finderpkg_1_0_finder; __editable___finderpkg_1_0_finder.install()\n",
        "__editable___finderpkg_1_0_finder.py": f"""
            import sys
            from importlib.util import spec_from_file_location
            MAPPING = {{"finderpkg": {str(tmp_path / 'src_finder' / 'finderpkg')!r}}}

            class _EditableFinder:
                @classmethod
                def find_spec(cls, fullname, path=None, target=None):
                    if fullname in MAPPING:
                        where = MAPPING[fullname]
                        return spec_from_file_location(fullname, where + "/__init__.py",
                                                       submodule_search_locations=[where])
                    return None

            def install():
                if _EditableFinder not in sys.meta_path:
                    sys.meta_path.append(_EditableFinder)
            """,
    })
    project = write_tree(tmp_path / "project", {
        "test_editable.py": """
            import staticpkg, finderpkg

            def test_static():
                assert staticpkg.WHERE == "static"

            def test_finder():
                assert finderpkg.WHERE == "finder"
            """,
    })
    result = _run_binary(binary, ["run"], project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout, result.stdout


def test_a_c_extension_from_the_venv(venv_binary, tmp_path):
    venv, binary, env = venv_binary()
    site = site_packages(venv)
    info = venv_python(venv, "-c", "import sysconfig, json; print(json.dumps([sysconfig.get_paths()['include'],"
                       " sysconfig.get_config_var('EXT_SUFFIX')]))", cwd=tmp_path)
    include, suffix = json.loads(info.stdout)
    source = write_tree(tmp_path / "ext", {"venvext.c": """
        #define PY_SSIZE_T_CLEAN
        #include <Python.h>
        static PyObject* answer(PyObject* self, PyObject* args) { return PyLong_FromLong(42); }
        static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, ""}, {NULL, NULL, 0, NULL}};
        static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "venvext", "", -1, methods};
        PyMODINIT_FUNC PyInit_venvext(void) { return PyModule_Create(&module); }
        """}) / "venvext.c"
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        pytest.skip("no C compiler (cc) to build the extension with")
    subprocess.run([compiler, "-shared", "-fPIC", f"-I{include}", str(source), "-o",
                    str(site / f"venvext{suffix}")], check=True, capture_output=True, timeout=120)
    project = write_tree(tmp_path / "project", {"test_ext.py": """
        import venvext, sys

        def test_extension():
            assert venvext.answer() == 42
            assert venvext.__file__.startswith(sys.prefix)
        """})
    result = _run_binary(binary, ["run"], project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout, result.stdout


def test_sys_executable_in_a_subprocess_is_the_venvs_python(venv_binary, tmp_path):
    venv, binary, env = venv_binary()
    install_fake(site_packages(venv), "mypkg", "2.0")
    project = write_tree(tmp_path / "project", {"test_sub.py": """
        import subprocess, sys

        def test_child_sees_the_venv():
            child = subprocess.run([sys.executable, "-c", "import mypkg; print(mypkg.__version__)"],
                                   capture_output=True, text=True)
            assert child.returncode == 0, child.stderr
            assert child.stdout.strip() == "2.0"
        """})
    result = _run_binary(binary, ["run"], project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout, result.stdout


def test_a_venv_of_another_minor_version_is_a_usage_error(tmp_path):
    major, minor = map(int, PYTHON_VERSION.split("."))
    other = f"{major}.{minor + 1 if minor < 13 else minor - 1}.0"
    venv = tmp_path / "venv"
    write_tree(venv, {"pyvenv.cfg": f"home = /opt/python{other}/bin\ninclude-system-site-packages = false\n"
                                    f"version = {other}\n", "bin/python": ""})
    script = write_tree(tmp_path, {"hello.py": "print('ran')\n"}) / "hello.py"
    for binary, env in [(install_binary(venv), base_env(VIRTUAL_ENV=None)),
                        (Path(BIN), base_env(VIRTUAL_ENV=str(venv)))]:
        result = _run_binary(binary, ["exec", script], tmp_path, env)
        assert result.returncode == 4, result.stdout + result.stderr
        assert "ran" not in result.stdout
        assert f"Python {other}" in result.stderr and f"embeds Python {PYTHON_VERSION}." in result.stderr, result.stderr
        assert "PYTHON=" in result.stderr and "pip install" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_no_venv_and_a_stale_virtual_env_mean_the_base_python(tmp_path):
    script = write_tree(tmp_path, {"where.py": "import sys\nprint(sys.prefix == sys.base_prefix, sys.executable)\n"}) / "where.py"
    for env in [base_env(VIRTUAL_ENV=None), base_env(VIRTUAL_ENV=str(tmp_path / "not-a-venv"))]:
        result = _run_binary(BIN, ["exec", script], tmp_path, env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["True", PYTHON], result.stdout
