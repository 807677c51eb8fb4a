"""Small cases where pyspace-test differed from pytest 7.2, found by running Debian-packaged
suites (numexpr, PyTables, astropy, toolz) under both and reducing each difference. Each case is
compared with pytest itself: outcomes (JUnit XML), the closing line, and the lines that differed.
PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 for both tools (base_env)."""
import xml.etree.ElementTree as ET

import pytest

from pst_support import closing_line, junit_cases, pst, pytest_run, section, write_tree


def both(tmp_path, *args, junit=True):
    """pytest's and pyspace-test's results: the same JUnit cases (unless not `junit`), exit code
    and closing counts."""
    xml = lambda name: [f"--junitxml={tmp_path / name}"] if junit else []
    oracle = pytest_run(*xml("oracle.xml"), *args, cwd=tmp_path)
    ours = pst("run", "-p", "no:cacheprovider", *xml("pst.xml"), *args, cwd=tmp_path)
    if junit:
        assert junit_cases(tmp_path / "pst.xml") == junit_cases(tmp_path / "oracle.xml"), str(ours)
    assert ours.rc == oracle.rc, str(ours)
    assert closing_line(ours.out).split(" in ")[0] == closing_line(oracle.out).split(" in ")[0], str(ours)
    return oracle, ours


def without_xml_line(lines):
    return [line for line in lines or () if "generated xml file" not in line]


def test_an_alias_of_a_test_class_is_a_node_of_its_own(tmp_path):
    # PyTables: `BaseLogDriverTestCase = NotSpportedDriverTestCase` ran twice under one name
    write_tree(tmp_path, {"test_alias.py": (
        "import unittest\n\n"
        "class RealCase(unittest.TestCase):\n    def test_a(self):\n        pass\n\n"
        "AliasCase = RealCase\n\n"
        "class TestPlain:\n    def test_b(self):\n        pass\n\n"
        "TestPlainAlias = TestPlain\n")})
    oracle, ours = both(tmp_path, "-v")
    ids = lambda text: [line.split()[0] for line in text.splitlines() if " PASSED" in line]
    assert ids(ours.out) == ids(oracle.out) == [
        "test_alias.py::RealCase::test_a", "test_alias.py::AliasCase::test_a",
        "test_alias.py::TestPlain::test_b", "test_alias.py::TestPlainAlias::test_b"]
    selected = pst("run", "-p", "no:cacheprovider", "-q", "-k", "AliasCase", cwd=tmp_path)
    assert closing_line(selected.out).startswith("1 passed, 3 deselected"), str(selected)


def test_a_yield_test_warns_as_pytest(tmp_path):
    # numexpr: pytest's PytestCollectionWarning was missing (1 warning fewer)
    write_tree(tmp_path, {"test_yield.py": "def test_gen():\n    yield 1\n\n\ndef test_ok():\n    pass\n"})
    oracle, ours = both(tmp_path, "-rxX")
    assert without_xml_line(section(ours.out, "warnings summary")) == \
        without_xml_line(section(oracle.out, "warnings summary"))
    assert "test_yield.py:1: PytestCollectionWarning: yield tests were removed in pytest 4.0" in ours.out


@pytest.mark.parametrize("plugin, fixture", [
    ("cacheprovider", "cache"), ("junitxml", "record_property"), ("doctest", "doctest_namespace")])
def test_a_disabled_plugins_fixture_is_not_found(tmp_path, plugin, fixture):
    # -p no:cacheprovider gave `cache` = None: the test failed instead of erroring at setup
    write_tree(tmp_path, {"test_f.py": f"def test_f({fixture}):\n    pass\n\n\ndef test_g():\n    pass\n"})
    _, ours = both(tmp_path, "-p", f"no:{plugin}", junit=plugin != "junitxml")
    assert f"fixture '{fixture}' not found" in ours.out


def test_a_missing_fixture_is_reported_as_pytest(tmp_path):
    # the decorator lines, the hint, and no message in the short summary, as pytest's
    write_tree(tmp_path, {"test_missing.py": (
        "import pytest\n\n\nclass TestX:\n    @pytest.mark.parametrize('n', [1])\n"
        "    def test_needs_missing(self, n, no_such_fixture):\n        pass\n")})
    oracle, ours = both(tmp_path, "-rE")
    errors = lambda text: without_xml_line(section(text, "ERRORS"))
    assert errors(ours.out) == errors(oracle.out)
    short = lambda text: without_xml_line(section(text, "short test summary info"))
    assert short(ours.out) == short(oracle.out) == ["ERROR test_missing.py::TestX::test_needs_missing[1]"]


def test_a_scope_mismatch_is_reported_as_pytest(tmp_path):
    write_tree(tmp_path, {"test_s.py": (
        "import pytest\n\n@pytest.fixture\ndef f():\n    return 1\n\n"
        "@pytest.fixture(scope='module')\ndef m(f):\n    return f\n\ndef test_a(m):\n    pass\n")})
    oracle, ours = both(tmp_path, "-rE")
    assert without_xml_line(section(ours.out, "ERRORS")) == without_xml_line(section(oracle.out, "ERRORS"))
    assert "test_s.py:7:  def m(f)" in ours.out
    message = lambda path: ET.parse(path).getroot().find(".//error").get("message")
    assert message(tmp_path / "pst.xml") == message(tmp_path / "oracle.xml")


def test_a_unittest_teardown_error_after_a_failure_is_reported(tmp_path):
    # PyTables: pytest reports the test's failure and then tearDown's error (2 errors were lost)
    write_tree(tmp_path, {"test_td.py": (
        "import unittest\n\nclass Case(unittest.TestCase):\n"
        "    def tearDown(self):\n        raise RuntimeError('teardown boom')\n\n"
        "    def test_fails(self):\n        self.fail('call failure')\n\n"
        "    def test_passes(self):\n        pass\n")})
    oracle, ours = both(tmp_path, "-v")
    lines = lambda text: [line.split()[:2] for line in text.splitlines() if line.startswith("test_td.py::")]
    assert lines(ours.out) == lines(oracle.out)
    assert "ERROR at teardown of Case.test_fails" in ours.out and "RuntimeError: teardown boom" in ours.out


def test_output_capsys_did_not_read_is_shown_for_a_failed_test(tmp_path):
    # astropy/table: pytest shows it as the call's captured output; it was lost
    write_tree(tmp_path, {"test_cap.py": (
        "import sys\nimport pytest\n\n@pytest.fixture\ndef noisy(capsys):\n"
        "    print('from setup')\n    yield\n    print('from teardown')\n\n"
        "def test_unread(noisy, capsys):\n    sys.stdout.write('to stdout\\n')\n"
        "    sys.stderr.write('to stderr\\n')\n    assert False\n\n"
        "def test_read(noisy, capsys):\n    print('read')\n    out, _ = capsys.readouterr()\n"
        "    assert out == 'from setup\\nread\\n'\n    assert False\n\n"
        "def test_binary(capsysbinary):\n    sys.stdout.buffer.write(b'bytes\\n')\n    assert False\n")})
    oracle, ours = both(tmp_path, "-rA")
    assert captured(ours.out) == captured(oracle.out)
    assert ("test_unread", "Captured stdout call", ("to stdout",)) in captured(ours.out), ours.out
    assert ("test_unread", "Captured stdout setup", ("from setup",)) in captured(ours.out), ours.out


def captured(text):
    """(test, "Captured stdout call", lines) of each captured-output section of the failures."""
    sections, test, title, lines = [], None, None, []
    for line in without_xml_line((section(text, "FAILURES") or []) + (section(text, "PASSES") or [])):
        stripped = line.strip("_- ")
        if line.startswith("____") or line.startswith("----"):
            if title is not None:
                sections.append((test, title, tuple(lines)))
            title, lines = (stripped if line.startswith("----") else None), []
            if line.startswith("____"):
                test = stripped
        elif title is not None:
            lines.append(line)
    if title is not None:
        sections.append((test, title, tuple(lines)))
    return sections


BROKEN_CONFTESTS = {
    "tests/conftest.py": "import nonexistent_module\n", "tests/test_a.py": "def test_a():\n    pass\n",
    "sub/conftest.py": "import other_missing\n", "sub/test_b.py": "def test_b():\n    pass\n",
    "pkg/deep/conftest.py": "import third_missing\n", "pkg/deep/test_c.py": "def test_c():\n    pass\n",
}


@pytest.mark.parametrize("args", [(), ("sub",), ("tests/test_a.py",), ("sub/test_b.py", "tests")])
def test_an_initial_conftest_that_does_not_import_is_pytests_usage_error(tmp_path, args):
    # pytest imports the conftests of its arguments (or of the working directory) and of their
    # test* subdirectories before the session: one that fails ends the run, exit 4, its text only
    write_tree(tmp_path, BROKEN_CONFTESTS)
    oracle = pytest_run("-q", *args, cwd=tmp_path)
    ours = pst("run", "-p", "no:cacheprovider", "-q", *args, cwd=tmp_path)
    assert ours.rc == oracle.rc == 4, str(ours)
    assert ours.err == oracle.err and ours.out == oracle.out == "", str(ours)
    assert ours.err.startswith("ImportError while loading conftest "), str(ours)


@pytest.mark.parametrize("options", [[], ["--continue-on-collection-errors"]])
def test_a_conftest_pytest_meets_while_collecting_fails_the_session(tmp_path, options):
    # pytest imports the conftests while it walks the directories: one that fails is the
    # session's one collection error ("ERROR collecting test session", "ERROR  - ..."), and no
    # test runs, not even with --continue-on-collection-errors (pyspace-test reported an error
    # per file of its directory and ran the others)
    write_tree(tmp_path, {key: value for key, value in BROKEN_CONFTESTS.items() if key.startswith("pkg/")})
    write_tree(tmp_path, {"test_top.py": "def test_top():\n    pass\n", "pkg/deep/test_d.py": "def test_d():\n    pass\n"})
    oracle, ours = both(tmp_path, "-rfE", *options)
    assert "_ ERROR collecting test session _" in ours.out, str(ours)
    summary = section(ours.out, "short test summary info")
    assert summary == section(oracle.out, "short test summary info"), str(ours)
    assert summary[0] == "ERROR  - ModuleNotFoundError: No module named 'third_missing'"
    assert ("Interrupted: 1 error during collection" in summary[-1]) == (not options)


def test_a_root_module_taken_out_of_sys_modules_is_imported_afresh(tmp_path):
    # networkx: its deprecation tests pop a shim module from sys.modules and import it again to
    # see the warning again; the space handed back the root's module (3 tests failed). Here the
    # standard library's modules are the root's ones.
    write_tree(tmp_path, {"test_again.py": (
        "import importlib, sys\n\n"
        "def test_pop_and_import():\n"
        "    import json.tool\n    old = sys.modules.pop('json.tool')\n"
        "    import json.tool as new\n    assert new is not old\n\n"
        "def test_top_level_package(monkeypatch):\n"
        "    import email\n    old = email\n    monkeypatch.delitem(sys.modules, 'email')\n"
        "    assert importlib.import_module('email') is not old\n\n"
        "def test_the_next_test_sees_the_root_again():\n"
        "    import email, json.tool\n    assert email.__spec__ is not None\n"
        "def test_an_extension_is_loaded_once():\n"
        "    import _json\n    old = sys.modules.pop('_json')\n"
        "    import _json as new\n    sys.modules['_json'] = old\n")})
    both(tmp_path, "-q")


@pytest.mark.parametrize("options", [[], ["--doctest-modules"], ["-o", "python_files=*.py"]])
def test_a_package_init_argument_collects_what_pytest_does(tmp_path, options):
    # toolz: `pkg/__init__.py` ran the tests of __init__.py itself; pytest 7.2 collects the
    # package's first node (here pkg/sub, whole), all of it with --doctest-modules
    test = "def test_one():\n    pass\n"
    write_tree(tmp_path, {"pkg/__init__.py": '"""\n>>> 1\n1\n"""\n' + test, "pkg/mod.py": test,
                          "pkg/sub/__init__.py": "", "pkg/sub/test_c.py": test,
                          "pkg/tests/__init__.py": "", "pkg/tests/test_a.py": test})
    both(tmp_path, *options, "pkg/__init__.py")


@pytest.mark.parametrize("options", [["-rs"], ["-rs", "-k", "test_b"], ["-rs", "test_skipmod.py"]])
def test_a_module_that_skips_itself_is_a_collection_report(tmp_path, options):
    # numexpr, PyTables (`pytest.importorskip` at module level): pyspace-test counted the
    # module as a collected item with an `s` in the progress, let -k deselect it, listed it in
    # --collect-only and exited 0 when nothing else ran; pytest says "collected 3 items / 1
    # skipped", shows no progress for it, writes its JUnit testcase first, exits 5 alone
    write_tree(tmp_path, {
        "test_ok.py": "def test_b():\n    pass\n\ndef test_c():\n    pass\n",
        "test_skipmod.py": "import pytest\npytest.skip('not here', allow_module_level=True)\n\n"
                           "def test_a():\n    pass\n",
        "test_zmark.py": "import pytest\npytestmark = pytest.mark.skip(reason='marked')\n\n"
                         "def test_d():\n    pass\n"})
    oracle, ours = both(tmp_path, *options)
    shown = lambda text: [line for line in text.splitlines()[2:] if "generated xml" not in line
                          and " in " not in line and "rootdir" not in line]
    assert shown(ours.out) == shown(oracle.out), str(ours)
    ids = lambda xml: [case.get("name") for case in ET.parse(xml).getroot().iter("testcase")]
    assert ids(tmp_path / "pst.xml") == ids(tmp_path / "oracle.xml")
    listed = pst("run", "-p", "no:cacheprovider", "--co", "-q", cwd=tmp_path)
    assert "test_skipmod" not in listed.out, str(listed)
    assert listed.out.strip().splitlines()[-1].startswith("3 tests collected"), str(listed)


def test_an_alias_of_a_test_class_is_set_up_as_pytest_does(tmp_path):
    # An alias of a plain class is a Class node of its own: pytest runs its class-scoped
    # fixtures and setup_class again (pyspace-test shared them with the original's); a unittest
    # class's setUpClass and class fixtures run once for both, in pytest too
    write_tree(tmp_path, {"test_alias.py": (
        "import unittest, pytest\n\ncalls = []\n\n"
        "class RealCase(unittest.TestCase):\n    @classmethod\n    def setUpClass(cls):\n"
        "        calls.append('setUpClass')\n\n"
        "    @pytest.fixture(scope='class', autouse=True)\n    def ufix(self):\n        calls.append('ufix')\n\n"
        "    def test_a(self):\n        pass\n\nAliasCase = RealCase\n\n"
        "@pytest.fixture(scope='class')\ndef outer():\n    calls.append('outer')\n\n"
        "@pytest.mark.usefixtures('outer')\nclass TestPlain:\n    @classmethod\n    def setup_class(cls):\n"
        "        calls.append('setup_class')\n\n"
        "    @pytest.fixture(scope='class', autouse=True)\n    def per_class(self):\n"
        "        calls.append('class fixture')\n\n"
        "    def test_b(self):\n        pass\n\nTestPlainAlias = TestPlain\n\n"
        "def test_count():\n    print(calls)\n    assert False\n")})
    oracle, ours = both(tmp_path, "-q")
    calls = lambda text: [line for line in text.splitlines() if line.startswith("['")]
    assert calls(ours.out) == calls(oracle.out) and calls(oracle.out), str(ours)


@pytest.mark.parametrize("options", [[], ["-s"], ["--capture=sys"], ["--show-capture=no"]])
def test_what_a_file_writes_while_collected_is_captured(tmp_path, options):
    # pytest captures a file's module-level output while collecting it (shown only with its
    # collection error, as "Captured stdout" / "Captured stderr"); pyspace-test printed it.
    # What is let through (-s; fd 1 under --capture=sys) comes before the session header here
    # (collection runs before it), after it in pytest: compared without the order
    write_tree(tmp_path, {
        "test_quiet.py": "import os, sys\nprint('module print')\nsys.stderr.write('module stderr\\n')\n"
                         "os.write(1, b'raw fd 1\\n')\n\ndef test_a():\n    pass\n",
        "test_broken.py": "import sys\nprint('before the error')\nsys.stderr.write('err text\\n')\n"
                          "raise ValueError('boom')\n"})
    oracle, ours = both(tmp_path, "--continue-on-collection-errors", *options)
    header = ("platform ", "rootdir: ", "plugins: ")
    lines = lambda text: [line for line in text.splitlines() if not line.startswith(header)
                          and "generated xml" not in line and " in " not in line]
    if options in (["-s"], ["--capture=sys"]):
        assert sorted(lines(ours.out)) == sorted(lines(oracle.out)), str(ours)
    else:
        assert lines(ours.out) == lines(oracle.out), str(ours)


@pytest.mark.parametrize("where, args", [("tests", ["-rA"]), ("tests", ["-v", "-rA"]), ("elsewhere", ["-rA", "../tests"])])
def test_node_ids_are_shown_from_where_pytest_was_started(tmp_path, where, args):
    # the rootdir is the ini file's directory; run from tests/ (or beside it), pytest shows the
    # node ids and traceback paths relative to the working directory: "test_s.py::test_ok",
    # "../tests/test_s.py:4" (pyspace-test showed them from the rootdir)
    write_tree(tmp_path, {"pytest.ini": "[pytest]\n", "elsewhere/.keep": "",
                          "tests/test_s.py": "import pytest\n\ndef test_ok():\n    pass\n\ndef test_fail():\n"
                                             "    assert 0\n\ndef test_skip():\n    pytest.skip('why')\n"})
    cwd = tmp_path / where
    oracle = pytest_run(*args, cwd=cwd)
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=cwd)
    shown = lambda text: [line for line in text.splitlines() if not line.startswith(("platform ", "plugins: "))
                          and " in " not in line]
    assert ours.rc == oracle.rc == 1
    assert shown(ours.out) == shown(oracle.out), str(ours)


@pytest.mark.parametrize("options", [[], ["-W", "error::pytest.PytestReturnNotNoneWarning"]])
def test_pytest_current_test_and_a_returned_value_as_pytest(tmp_path, options):
    # psutil, pint: PYTEST_CURRENT_TEST was never set; a test returning a value got no
    # PytestReturnNotNoneWarning (with -W error pytest fails it)
    write_tree(tmp_path, {"test_ret.py": (
        "import os, pytest\n\n@pytest.fixture\ndef f():\n"
        "    assert os.environ['PYTEST_CURRENT_TEST'] == 'test_ret.py::test_env (setup)'\n    yield\n"
        "    assert os.environ['PYTEST_CURRENT_TEST'] == 'test_ret.py::test_env (teardown)'\n\n"
        "def test_env(f):\n    assert os.environ['PYTEST_CURRENT_TEST'] == 'test_ret.py::test_env (call)'\n\n"
        "def test_returns():\n    return 1\n\ndef test_returns_list():\n    return [1, 2]\n")})
    oracle, ours = both(tmp_path, "-rA", *options)
    assert (section(ours.out, "short test summary info") or [])[:3] == (section(oracle.out, "short test summary info") or [])[:3]
