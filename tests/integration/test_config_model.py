"""The one configuration model (lib/config): rootdir and pytest's configfile as pytest 7.2
determines them, shown in the header as pytest shows them; bad configuration is a usage error
(exit 4) naming file:line, never an internal error."""

import re

import pytest

from pst_support import base_env, pst, pytest_run, read_events, write_tree

TEST = "def test_a():\n    pass\n"


def header_line(text):
    """The 'rootdir: ...' line of a console header."""
    match = re.search(r"^rootdir: .*$", text, re.MULTILINE)
    return match.group(0) if match else None


def oracle(*args, cwd):
    return pytest_run(*args, cwd=cwd, env=base_env(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"))


# Trees: {file: text}, the directory to run in (relative to the tree) and the arguments.
TREES = {
    "empty pytest.ini above the args": (
        {"pytest.ini": "", "tests/unit/test_a.py": TEST}, ".", ["tests/unit"]),
    "run from a subdirectory": (
        {"tox.ini": "[tox]\n\n[pytest]\nmarkers = a\n", "pkg/tests/test_a.py": TEST,
         "pkg/pyproject.toml": "[tool.black]\n"}, "pkg/tests", []),
    "setup.cfg's [tool:pytest]": (
        {"setup.cfg": "[metadata]\nname = x\n[tool:pytest]\n", "tests/test_a.py": TEST},
        "tests", []),
    "pyproject.toml with both tables": (
        {"pyproject.toml": '[tool.pyspace-test]\nisolate = "run"\n\n[tool.pytest.ini_options]\n',
         "tests/test_a.py": TEST}, ".", ["tests"]),
    "pytest's table as a dotted key": (
        {"proj/pyproject.toml": "tool.pytest.ini_options = {}\n", "proj/tests/test_a.py": TEST},
        "proj/tests", []),
    "pytest.ini above pyspace.toml": (
        {"pytest.ini": "[pytest]\n", "sub/pyspace.toml": "", "sub/test_a.py": TEST}, "sub", []),
    "only pyspace-test's table": (
        {"pyproject.toml": "[tool.pyspace-test]\n", "tests/test_a.py": TEST}, ".", ["tests"]),
    "-c names the configfile": (
        {"ci/pytest.ini": "[pytest]\n", "tests/test_a.py": TEST}, "tests", ["-c", "../ci/pytest.ini", "."]),
    "--rootdir": (
        {"pytest.ini": "", "tests/test_a.py": TEST}, ".", ["--rootdir", "tests", "tests"]),
}


@pytest.mark.parametrize("name", list(TREES))
def test_header_rootdir_and_configfile_as_pytest(tmp_path, name):
    files, where, args = TREES[name]
    tree = write_tree(tmp_path / "tree", files)
    expected = oracle(*args, cwd=tree / where)
    assert expected.rc == 0, str(expected)
    result = pst("run", *args, cwd=tree / where)
    assert result.rc == 0, str(result)
    assert header_line(result.out) == header_line(expected.out), str(result)


def test_pyspace_test_config_is_named_on_its_own_header_line(tmp_path):
    tree = write_tree(tmp_path / "tree", {"pytest.ini": "", "pyspace.toml": "isolate = 'run'\n",
                                          "test_a.py": TEST})
    result = pst("run", "--json-events", tmp_path / "events.jsonl", cwd=tree)
    assert result.rc == 0, str(result)
    assert f"rootdir: {tree}, configfile: pytest.ini\npyspace-test config: pyspace.toml\n" in \
        result.out, str(result)
    start = read_events((tmp_path / "events.jsonl").read_text())[0]
    assert start["configfile"] == str(tree / "pytest.ini")
    assert start["config_file"] == str(tree / "pyspace.toml")


@pytest.mark.parametrize("file, text, line", [
    ("pytest.ini", "[pytest]\n\nxfail_strict = maybe\n", 3),
    ("tox.ini", "[tox]\n[pytest]\nxfail_strict = maybe\n", 3),
    ("setup.cfg", "[tool:pytest]\nxfail_strict = maybe\n", 2),
    ("pyproject.toml", "[tool.pytest.ini_options]\nxfail_strict = \"maybe\"\n", 2),
])
def test_a_bad_ini_value_is_a_usage_error_at_file_line(tmp_path, file, text, line):
    tree = write_tree(tmp_path / "tree", {file: text, "test_a.py": TEST})
    result = pst("run", cwd=tree)
    assert result.rc == 4, str(result)
    assert f"pyspace-test: error: {file}:{line}: xfail_strict: invalid truth value 'maybe'" in \
        result.err, str(result)
    assert "Traceback" not in result.both, str(result)


@pytest.mark.parametrize("file, text, where", [
    ("pytest.ini", "[pytest]\nnot a key value line\n", "pytest.ini:2: unexpected line"),
    ("tox.ini", "  continued\n[pytest]\n", "tox.ini:1: unexpected value continuation"),
    ("setup.cfg", "[tool:pytest]\nk = 1\nk = 2\n", "setup.cfg:3: duplicate name 'k'"),
    ("pyproject.toml", "[tool.pytest.ini_options\n", "pyproject.toml:1:"),
    ("pyspace.toml", "isolate = \n", "pyspace.toml:1:"),
])
def test_a_syntax_error_in_each_file_kind_is_a_usage_error(tmp_path, file, text, where):
    tree = write_tree(tmp_path / "tree", {file: text, "test_a.py": TEST})
    result = pst("run", cwd=tree)
    assert result.rc == 4, str(result)
    assert f"pyspace-test: error: {where}" in result.err, str(result)
    assert "Traceback" not in result.both, str(result)


def test_unsupported_pytest_keys_are_still_named_in_a_warning(tmp_path):
    tree = write_tree(tmp_path / "tree", {"pytest.ini": "[pytest]\nenable_assertion_pass_hook = true\n",
                                          "test_a.py": TEST})
    result = pst("run", cwd=tree)
    assert result.rc == 0, str(result)
    assert "pytest option 'enable_assertion_pass_hook' in pytest.ini [pytest] is not supported" in result.out, \
        str(result)


def test_a_fake_file_with_a_syntax_error_is_a_usage_error_at_file_line(tmp_path):
    tree = write_tree(tmp_path / "tree", {
        "pyspace.toml": '[fakes]\nsocket = "fakes/fake_socket.py"\n',
        "fakes/fake_socket.py": "x = 1\ndef broken(:\n    pass\n",
        "test_a.py": TEST})
    result = pst("run", cwd=tree)
    assert result.rc == 4, str(result)
    assert re.search(r"pyspace-test: error: fake 'socket': \S*fakes/fake_socket\.py:2: SyntaxError",
                     result.err), str(result)
    assert "Traceback" not in result.both, str(result)
