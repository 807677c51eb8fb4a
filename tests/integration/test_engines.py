"""--engine auto|native|pytest: a suite the native engine cannot run as pytest would (conftest
hooks, pytest_plugins, test-module hooks, installed plugins that act, options only pytest or a
plugin has) goes to pytest's own engine in a fresh space, says so in one line, and gets pytest's
results; --engine native stops with exit 4 naming the reason.

The oracle is Debian's pytest 7.2. Tests without plugins run both tools with
PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 (base_env); tests about installed plugins turn autoload on for
both, and skip when the plugin is not installed.
"""
import importlib.util
import os
import sys

import pytest

from pst_support import base_env, closing_line, junit_cases, pst, pytest_run, read_events, write_tree

HANDED_OVER = "pyspace-test: pytest's engine runs this suite: "

# pytest_addoption and pytest_configure the native engine calls itself (test_conftest_hooks.py);
# pytest_runtest_setup it does not.
RUNSLOW_CONFTEST = """\
import pytest

def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="run slow tests")

def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a slow test")

def pytest_runtest_setup(item):
    if "slow" in item.keywords and not item.config.getoption("--runslow"):
        pytest.skip("need --runslow")
"""

SLOW_TESTS = """\
import pytest

@pytest.mark.slow
def test_slow():
    pass

def test_fast():
    pass
"""


def compare(tmp_path, *args, env=None):
    """Runs both tools on the suite in tmp_path, each writing JUnit XML; asserts equal
    outcomes and exit codes; returns pyspace-test's result."""
    oracle = pytest_run(f"--junitxml={tmp_path / 'oracle.xml'}", *args, cwd=tmp_path, env=env)
    result = pst("run", "-p", "no:cacheprovider", f"--junitxml={tmp_path / 'pst.xml'}", *args, cwd=tmp_path,
                 env=env)
    assert junit_cases(tmp_path / "pst.xml") == junit_cases(tmp_path / "oracle.xml"), str(result)
    assert result.rc == oracle.rc, str(result)
    return result


def plugin_env():
    """Autoload on, for both tools: the machine's installed plugins load."""
    return base_env(PYTEST_DISABLE_PLUGIN_AUTOLOAD=None)


def _unknown_plugins():
    """The installed plugins that installed_plugins.KNOWN does not list (they would send every
    suite to pytest's engine): the plugin tests block them on both sides."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lib", "pytest_api"))
    try:
        import installed_plugins
    finally:
        sys.path.pop(0)
    return [name for name, _ in installed_plugins.active(sys.path, environ={})
            if name not in installed_plugins.KNOWN]


# pytest-random-order 1.1.0 ends any pytest run with -p no:cacheprovider (which the oracle
# uses) in an INTERNALERROR (it reads the option `failedfirst` of the cache plugin): off for
# both, with the plugins the engine does not know (whatever else this machine has installed).
NO_RANDOM_ORDER = ("-p", "no:random_order", *[arg for name in _unknown_plugins() for arg in ("-p", f"no:{name}")])


def needs(module):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (make test installs Debian's package)")


def test_conftest_hooks_hand_the_suite_to_pytest_with_pytests_outcomes(tmp_path):
    write_tree(tmp_path, {"conftest.py": RUNSLOW_CONFTEST, "test_s.py": SLOW_TESTS})
    result = compare(tmp_path, "-rs")
    assert HANDED_OVER + "conftest.py:9 defines the hook pytest_runtest_setup" in result.err
    assert "need --runslow" in result.out
    assert "pytest-7.2" in result.out  # pytest's own header: its engine ran


def test_an_option_a_conftest_adds_reaches_it(tmp_path):
    write_tree(tmp_path, {"conftest.py": RUNSLOW_CONFTEST, "test_s.py": SLOW_TESTS})
    result = compare(tmp_path, "--runslow")
    assert HANDED_OVER + "--runslow is not an option of the native engine" in result.err
    assert closing_line(result.out).startswith("2 passed")


def test_engine_native_stops_naming_the_hook(tmp_path):
    write_tree(tmp_path, {"conftest.py": RUNSLOW_CONFTEST, "test_s.py": SLOW_TESTS})
    result = pst("run", "--engine", "native", cwd=tmp_path)
    assert result.rc == 4
    assert ("pyspace-test: error: the native engine cannot run this suite as pytest would: "
            "conftest.py:9 defines the hook pytest_runtest_setup") in result.err
    assert "test session starts" not in result.out  # nothing ran


def test_engine_native_names_an_option_it_does_not_have(tmp_path):
    write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", "--engine", "native", "--fixtures", cwd=tmp_path)
    assert result.rc == 4
    assert "pyspace-test does not support --fixtures yet" in result.err


def test_an_option_only_pytest_has_goes_to_pytest(tmp_path):
    write_tree(tmp_path, {"test_a.py": "import pytest\n\n@pytest.fixture\ndef thing():\n"
                                      "    '''A documented thing.'''\n\ndef test_a(thing):\n    pass\n"})
    result = pst("run", "--fixtures", cwd=tmp_path)
    oracle = pytest_run("--fixtures", cwd=tmp_path)
    assert result.rc == oracle.rc == 0
    assert HANDED_OVER + "pyspace-test does not support --fixtures yet (pytest has it" in result.err
    assert "A documented thing." in result.out


def test_a_typo_is_pytests_usage_error(tmp_path):
    write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", "--frobnicate", cwd=tmp_path)
    oracle = pytest_run("--frobnicate", cwd=tmp_path)
    assert result.rc == oracle.rc == 4
    assert "unrecognized arguments: --frobnicate" in result.err


def test_a_suite_without_hooks_stays_native(tmp_path):
    write_tree(tmp_path, {"conftest.py": "import pytest\n\n@pytest.fixture\ndef value():\n    return 3\n",
                          "test_a.py": "def test_a(value):\n    assert value == 3\n"})
    result = pst("run", cwd=tmp_path)
    assert result.rc == 0
    assert "pyspace-test-" in result.out and ", pytest-7" not in result.out  # the header names the engine
    assert HANDED_OVER not in result.err


def test_the_pytest_engine_on_request(tmp_path):
    write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n\ndef test_b():\n    assert 0\n"})
    result = pst("run", "--engine", "pytest", cwd=tmp_path)
    assert result.rc == 1
    assert "pytest-7.2" in result.out
    assert closing_line(result.out).startswith("1 failed, 1 passed")
    assert HANDED_OVER not in result.err  # asked for: no note


def test_an_invalid_engine_is_a_usage_error(tmp_path):
    result = pst("run", "--engine", "jest", cwd=tmp_path)
    assert result.rc == 4
    assert "argument --engine: invalid choice: 'jest' (choose from 'auto', 'native', 'pytest')" in result.err


@pytest.mark.parametrize("source, where", [
    ("def pytest_generate_tests(metafunc):\n"
     "    if 'n' in metafunc.fixturenames:\n"
     "        metafunc.parametrize('n', [1, 2, 3])\n\n"
     "def test_n(n):\n    assert n < 3\n", "test_g.py"),
    ("class TestN:\n"
     "    def pytest_generate_tests(self, metafunc):\n"
     "        metafunc.parametrize('n', [1, 2])\n\n"
     "    def test_n(self, n):\n        assert n\n", "test_g.py::TestN"),
], ids=["module", "class"])
def test_generate_tests_in_a_test_module_goes_to_pytest(tmp_path, source, where):
    write_tree(tmp_path, {"test_g.py": source})
    result = compare(tmp_path)
    assert HANDED_OVER + f"{where} defines the hook pytest_generate_tests" in result.err


@pytest.mark.parametrize("tree, reason", [
    ({"helpers_plugin.py": "import pytest\n\n@pytest.fixture\ndef helper():\n    return 'h'\n",
      "conftest.py": "pytest_plugins = ['helpers_plugin']\n",
      "test_p.py": "def test_p(helper):\n    assert helper == 'h'\n"}, "conftest.py sets pytest_plugins"),
    ({"conftest.py": "collect_ignore = ['test_broken.py']\n",
      "test_broken.py": "import no_such_module\n",
      "test_ok.py": "def test_ok():\n    pass\n"}, "conftest.py sets collect_ignore"),
], ids=["pytest_plugins", "collect_ignore"])
def test_a_conftest_variable_the_native_engine_ignores_goes_to_pytest(tmp_path, tree, reason):
    write_tree(tmp_path, tree)
    result = compare(tmp_path)
    assert HANDED_OVER + reason in result.err


def test_dash_p_loads_a_plugin_through_pytest(tmp_path):
    write_tree(tmp_path, {"myplugin.py": "import pytest\n\n@pytest.fixture\ndef given():\n    return 5\n",
                          "test_p.py": "def test_p(given):\n    assert given == 5\n"})
    env = base_env(PYTHONPATH=str(tmp_path))
    result = compare(tmp_path, "-p", "myplugin", env=env)
    assert HANDED_OVER + "-p myplugin loads a plugin" in result.err


def test_pytest_engine_keeps_pyspace_fakes(tmp_path):
    write_tree(tmp_path, {"fake_net.py": "ANSWER = 42\n",
                          "test_f.py": "import socket\n\ndef test_f():\n    assert socket.ANSWER == 42\n"})
    result = pst("run", "--engine", "pytest", "--fake", "socket=fake_net.py", "-q", cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert closing_line(result.out).startswith("1 passed")


def test_the_hand_over_leaves_no_trace_in_the_tests_environment(tmp_path):
    write_tree(tmp_path, {"conftest.py": "def pytest_report_header(config):\n    return 'hello'\n",
                          "test_e.py": "import os\n\ndef test_e():\n"
                                       "    assert not [k for k in os.environ if k.startswith('PYSPACE_TEST_HANDED')]\n"})
    result = pst("run", cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert "hello" in result.out  # the hook ran


def test_json_events_with_pytests_engine_is_an_honest_error(tmp_path):
    write_tree(tmp_path, {"conftest.py": RUNSLOW_CONFTEST, "test_s.py": SLOW_TESTS})
    result = pst("run", "--json-events", str(tmp_path / "e.jsonl"), cwd=tmp_path)
    assert result.rc == 4
    assert "--json-events: pytest's engine writes no JSON events yet" in result.err


def test_isolate_file_meeting_a_hook_late_keeps_the_report_and_says_why(tmp_path):
    write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n",
                          "sub/conftest.py": "def pytest_runtest_setup(item):\n    pass\n",
                          "sub/test_b.py": "def test_b():\n    pass\n"})
    events = tmp_path / "e.jsonl"
    result = pst("run", "--isolate", "file", "--json-events", str(events), cwd=tmp_path)
    assert result.rc == 4
    assert "sub/conftest.py:1 defines the hook pytest_runtest_setup" in result.err
    assert "found after tests had run (--isolate file); rerun with --engine pytest" in result.err
    assert {e["id"]: e["outcome"] for e in read_events(events.read_text()) if e["event"] == "test"} == {
        "test_a.py::test_a": "passed"}


def test_isolate_file_meeting_a_hook_first_hands_over(tmp_path):
    write_tree(tmp_path, {"conftest.py": RUNSLOW_CONFTEST, "test_s.py": SLOW_TESTS})
    result = pst("run", "--isolate", "file", "-q", cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert HANDED_OVER in result.err
    assert closing_line(result.out).startswith("1 passed, 1 skipped")


# Installed plugins (autoload on for both tools).

def test_an_installed_plugins_fixture_hands_over(tmp_path):
    needs("pytest_mock")
    write_tree(tmp_path, {"test_m.py": "def test_m(mocker):\n    m = mocker.Mock(return_value=3)\n"
                                       "    assert m() == 3\n"})
    result = compare(tmp_path, *NO_RANDOM_ORDER, env=plugin_env())
    assert HANDED_OVER + "test_m.py::test_m uses the fixture mocker, from the installed plugin pytest-mock" \
        in result.err


def test_a_disabled_plugin_is_not_loaded_by_either(tmp_path):
    needs("pytest_mock")
    write_tree(tmp_path, {"test_m.py": "def test_m(mocker):\n    pass\n"})
    result = compare(tmp_path, "-p", "no:pytest_mock", *NO_RANDOM_ORDER, env=plugin_env())
    assert "fixture 'mocker' not found" in result.out


def test_autoload_off_loads_no_plugin(tmp_path):
    needs("pytest_mock")
    write_tree(tmp_path, {"test_m.py": "def test_m(mocker):\n    pass\n"})
    result = compare(tmp_path)  # PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 for both
    assert HANDED_OVER not in result.err
    assert "fixture 'mocker' not found" in result.out


def test_an_async_test_with_pytest_asyncio_hands_over(tmp_path):
    needs("pytest_asyncio")
    write_tree(tmp_path, {"test_async.py": "import asyncio\nimport pytest\n\n@pytest.mark.asyncio\n"
                                           "async def test_sleep():\n    await asyncio.sleep(0)\n"})
    result = compare(tmp_path, *NO_RANDOM_ORDER, env=plugin_env())
    assert "uses the marker asyncio, from the installed plugin pytest-asyncio" in result.err


def test_a_plugins_ini_key_hands_over(tmp_path):
    needs("pytest_asyncio")
    write_tree(tmp_path, {"pytest.ini": "[pytest]\nasyncio_mode = auto\n",
                          "test_a.py": "def test_a():\n    pass\n"})
    result = compare(tmp_path, *NO_RANDOM_ORDER, env=plugin_env())
    assert HANDED_OVER + "pytest.ini sets asyncio_mode" in result.err


def test_installed_plugins_a_suite_does_not_use_keep_it_native(tmp_path):
    needs("pytest_mock")
    write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", *NO_RANDOM_ORDER, cwd=tmp_path, env=plugin_env())
    assert result.rc == 0
    assert "pyspace-test-" in result.out
    assert HANDED_OVER not in result.err


def test_a_unittest_subtest_with_pytest_subtests_hands_over(tmp_path):
    needs("pytest_subtests")
    write_tree(tmp_path, {"test_u.py": "import unittest\n\nclass T(unittest.TestCase):\n"
                                       "    def test_sub(self):\n        for i in range(2):\n"
                                       "            with self.subTest(i=i):\n                self.assertEqual(i, 0)\n",
                          "test_plain.py": "import unittest\n\nclass P(unittest.TestCase):\n"
                                           "    def test_p(self):\n        pass\n"})
    result = compare(tmp_path, *NO_RANDOM_ORDER, env=plugin_env())
    assert "test_u.py::T::test_sub uses unittest's subTest, from the installed plugin pytest-subtests" in result.err


def test_unittest_cases_without_subtest_stay_native_with_pytest_subtests(tmp_path):
    needs("pytest_subtests")
    write_tree(tmp_path, {"test_plain.py": "import unittest\n\nclass P(unittest.TestCase):\n"
                                           "    def test_p(self):\n        pass\n"})
    result = pst("run", *NO_RANDOM_ORDER, cwd=tmp_path, env=plugin_env())
    assert "uses unittest's subTest" not in result.err
    assert result.rc == 0


# The plugins people install, each on a small suite written from its documentation: pyspace-test
# (auto: pytest's engine) and pytest agree test by test (JUnit XML) and in exit code.
PLUGIN_SUITES = {
    "pytest_mock": {"test_mock.py": (
        "import os\n\n"
        "def test_patch(mocker):\n    mocker.patch('os.getcwd', return_value='/nowhere')\n"
        "    assert os.getcwd() == '/nowhere'\n\n"
        "def test_spy(mocker):\n    spy = mocker.spy(os.path, 'join')\n    os.path.join('a', 'b')\n"
        "    spy.assert_called_once_with('a', 'b')\n\n"
        "def test_stub(mocker):\n    stub = mocker.stub(name='cb')\n    stub(1)\n    stub.assert_called_once_with(1)\n\n"
        "class TestCls:\n    def test_class_mocker(self, class_mocker):\n"
        "        assert class_mocker.MagicMock()() is not None\n")},
    "pytest_asyncio": {"pytest.ini": "[pytest]\nasyncio_mode = strict\n", "test_aio.py": (
        "import asyncio\nimport pytest\nimport pytest_asyncio\n\n"
        "@pytest_asyncio.fixture\nasync def value():\n    await asyncio.sleep(0)\n    return 2\n\n"
        "@pytest.mark.asyncio\nasync def test_value(value):\n    assert value == 2\n\n"
        "@pytest.mark.asyncio\nasync def test_fails():\n    assert await asyncio.sleep(0, 1) == 2\n")},
    "anyio": {"test_anyio.py": (
        "import anyio\nimport pytest\n\n"
        "@pytest.fixture\ndef anyio_backend():\n    return 'asyncio'\n\n"
        "@pytest.mark.anyio\nasync def test_sleep():\n    await anyio.sleep(0)\n")},
    "hypothesis": {"test_hyp.py": (
        "from hypothesis import given, settings, strategies as st\n\n"
        "@settings(database=None)\n@given(st.integers())\ndef test_int(n):\n    assert isinstance(n, int)\n\n"
        "@settings(database=None)\n@given(st.lists(st.integers()))\ndef test_sorted(xs):\n"
        "    assert sorted(xs) == sorted(sorted(xs))\n")},
    "pytest_benchmark": {"test_bench.py": (
        "def test_sum(benchmark):\n    assert benchmark(sum, range(100)) == 4950\n")},
    "pytest_subtests": {"test_sub.py": (
        "def test_fixture(subtests):\n    for i in range(3):\n        with subtests.test(i=i):\n"
        "            assert i != 1\n")},
}


@pytest.mark.parametrize("plugin", sorted(PLUGIN_SUITES))
def test_a_plugins_suite_gets_pytests_outcomes(tmp_path, plugin):
    needs(plugin)
    write_tree(tmp_path, PLUGIN_SUITES[plugin])
    extra = ("--benchmark-disable",) if plugin == "pytest_benchmark" else ()
    result = compare(tmp_path, *NO_RANDOM_ORDER, *extra, env=plugin_env())
    assert HANDED_OVER in result.err


def test_pytest_timeouts_suite_runs_natively_with_pytests_outcomes(tmp_path):
    """pytest-timeout installed: its marker and PYTEST_TIMEOUT are honoured by the native engine
    (supervised runs), so the suite is not handed to pytest's, and the outcomes are pytest's."""
    needs("pytest_timeout")
    write_tree(tmp_path, {"test_to.py": (
        "import time\nimport pytest\n\n"
        "@pytest.mark.timeout(0.5)\ndef test_slow():\n    time.sleep(5)\n\n"
        "def test_fast():\n    pass\n\n"
        "def test_env_limit():\n    time.sleep(5)\n")})
    env = plugin_env()
    env["PYTEST_TIMEOUT"] = "0.7"
    result = compare(tmp_path, *NO_RANDOM_ORDER, "-rf", env=env)
    assert HANDED_OVER not in result.err, str(result)
    assert "FAILED test_to.py::test_slow - Failed: Timeout >0.5s" in result.out, str(result)
    assert "FAILED test_to.py::test_env_limit - Failed: Timeout >0.7s" in result.out, str(result)


def test_xdist_workers_are_native_and_dist_each_goes_to_pytests_engine(tmp_path):
    needs("xdist")
    write_tree(tmp_path, {f"test_x{n}.py": f"def test_{n}(worker_id):\n    assert {n} < 3\n" for n in range(4)})
    result = compare(tmp_path, "-n", "2", *NO_RANDOM_ORDER, env=plugin_env())
    assert HANDED_OVER not in result.err, str(result)
    assert "gw0 [4] / gw1 [4]" in result.out, str(result)
    handed = compare(tmp_path, "-n", "2", "--dist", "each", *NO_RANDOM_ORDER, env=plugin_env())
    assert HANDED_OVER + "--dist each (pytest has it, the native engine not yet)" in handed.err, str(handed)


def test_cov_is_native_with_pytest_cov_installed(tmp_path):
    needs("pytest_cov")
    write_tree(tmp_path, {"mod.py": "def f(x):\n    if x:\n        return 1\n    return 2\n",
                          "test_c.py": "import mod\n\ndef test_f():\n    assert mod.f(1) == 1\n"})
    result = compare(tmp_path, "--cov=mod", "--cov-report=term-missing", *NO_RANDOM_ORDER, env=plugin_env())
    assert HANDED_OVER not in result.err, str(result)
    assert "mod.py" in result.out and "75%" in result.out  # line 4 is not run
