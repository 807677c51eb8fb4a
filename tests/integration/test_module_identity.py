"""The names conftest.py files and test modules are imported under, as pytest's rule has them
(`_pytest.pathlib.resolve_package_path`): a directory is a package level only when it has an
`__init__.py` *and* its name is an identifier. Compared with `python3 -m pytest` on one tree."""

import json

from pst_support import base_env, pst, pytest_run, write_tree

# Each test records its module's and its conftest's __name__ into names-<runner>.json.
RECORD = """
import json, os
def test_names(conftest_name):
    out = os.path.join(os.environ["NAMES_DIR"], "names-" + os.environ["RUNNER"] + ".json")
    names = json.load(open(out)) if os.path.exists(out) else {}
    names[__file__.rsplit("/tests-root/", 1)[1]] = [__name__, conftest_name]
    json.dump(names, open(out, "w"), sort_keys=True)
"""
CONFTEST = """
import pytest
@pytest.fixture
def conftest_name():
    return __name__
"""


def env_of(runner, names_dir):
    return base_env(NAMES_DIR=str(names_dir), RUNNER=runner, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")


def test_conftest_and_test_module_names_match_pytest(tmp_path):
    root = tmp_path / "tests-root"
    files = {"pytest.ini": "[pytest]\n"}
    for package in ("my-tests", "pkg/my-sub", "pkg/sub", "plain"):
        files[f"{package}/conftest.py"] = CONFTEST
        files[f"{package}/test_{package.replace('/', '_').replace('-', '_')}.py"] = RECORD
        if package != "plain":
            files[f"{package}/__init__.py"] = ""
    files["pkg/__init__.py"] = ""
    write_tree(root, files)
    by_pytest = pytest_run(cwd=root, env=env_of("pytest", tmp_path))
    assert by_pytest.rc == 0, str(by_pytest)
    by_pst = pst("run", cwd=root, env=env_of("pst", tmp_path))
    assert by_pst.rc == 0, str(by_pst)
    expected = json.loads((tmp_path / "names-pytest.json").read_text())
    assert expected["my-tests/test_my_tests.py"] == ["test_my_tests", "conftest"]  # the rule
    assert expected["pkg/sub/test_pkg_sub.py"] == ["pkg.sub.test_pkg_sub", "pkg.sub.conftest"]
    assert json.loads((tmp_path / "names-pst.json").read_text()) == expected
