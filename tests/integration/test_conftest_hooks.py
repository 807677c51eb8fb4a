"""conftest.py hooks the native engine calls itself through pluggy (lib/collect/hooks.py):
pytest_addoption, pytest_configure, pytest_collection_modifyitems, pytest_deselected. Each suite
is compared with pytest 7.2 (PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 for both: base_env): outcomes,
order, the lines that show them; and what the native engine cannot honour in a hook sends the
suite to pytest's engine with the reason."""
from pst_support import closing_line, junit_cases, pst, pytest_run, section, write_tree

HANDED_OVER = "pyspace-test: pytest's engine runs this suite: "

RUNSLOW = {
    "conftest.py": (
        "import pytest\n\n"
        "def pytest_addoption(parser):\n"
        "    parser.addoption('--runslow', action='store_true', default=False, help='run slow tests')\n"
        "    parser.addini('slow_reason', 'why slow tests skip', default='need --runslow')\n\n"
        "def pytest_configure(config):\n"
        "    config.addinivalue_line('markers', 'slow: a slow test')\n\n"
        "def pytest_collection_modifyitems(config, items):\n"
        "    if config.getoption('--runslow'):\n"
        "        return\n"
        "    skip = pytest.mark.skip(reason=config.getini('slow_reason'))\n"
        "    for item in items:\n"
        "        if 'slow' in item.keywords:\n"
        "            item.add_marker(skip)\n"),
    "test_s.py": ("import pytest\n\n@pytest.mark.slow\ndef test_slow():\n    pass\n\n"
                  "def test_fast():\n    pass\n\n"
                  "class TestC:\n    @pytest.mark.slow\n    def test_slow_method(self):\n        pass\n"),
}

DESELECT = {
    "conftest.py": (
        "import pytest\n\n"
        "def pytest_configure(config):\n"
        "    config.addinivalue_line('markers', 'network: needs the network')\n"
        "    config.option.custom_flag = 'set'\n\n"
        "@pytest.hookimpl(trylast=True)\n"
        "def pytest_collection_modifyitems(config, items):\n"
        "    kept, dropped = [], []\n"
        "    for item in items:\n"
        "        (dropped if item.get_closest_marker('network') else kept).append(item)\n"
        "    config.hook.pytest_deselected(items=dropped)\n"
        "    items[:] = sorted(kept, key=lambda item: item.name, reverse=True)\n"),
    "test_a.py": ("import pytest\n\n@pytest.mark.network\ndef test_net():\n    pass\n\n"
                  "def test_b():\n    pass\n\n"
                  "def test_c(pytestconfig):\n    assert pytestconfig.option.custom_flag == 'set'\n"),
    "test_z.py": "def test_a():\n    pass\n\ndef test_fails():\n    assert 0\n",
}


def both(tmp_path, *args):
    """pytest's and pyspace-test's results, each with JUnit XML; asserts the same outcomes
    and exit code."""
    oracle = pytest_run(f"--junitxml={tmp_path / 'oracle.xml'}", *args, cwd=tmp_path)
    result = pst("run", "-p", "no:cacheprovider", f"--junitxml={tmp_path / 'pst.xml'}", *args, cwd=tmp_path)
    assert junit_cases(tmp_path / "pst.xml") == junit_cases(tmp_path / "oracle.xml"), str(result)
    assert result.rc == oracle.rc, str(result)
    return oracle, result


def test_the_runslow_pattern_runs_natively(tmp_path):
    write_tree(tmp_path, RUNSLOW)
    oracle, result = both(tmp_path, "-rs", "--strict-markers")
    assert HANDED_OVER not in result.err
    assert "pyspace-test-" in result.out  # the native engine's header
    skipped = lambda text: sorted(line for line in text.splitlines() if line.startswith("SKIPPED"))
    assert skipped(result.out) == skipped(oracle.out) != []
    assert closing_line(result.out).split(" in ")[0] == closing_line(oracle.out).split(" in ")[0]


def test_the_conftests_option_given_goes_to_pytest(tmp_path):
    write_tree(tmp_path, RUNSLOW)
    _, result = both(tmp_path, "--runslow")
    assert HANDED_OVER + "--runslow is not an option of the native engine" in result.err


def test_reorder_and_deselect_natively_as_pytest(tmp_path):
    write_tree(tmp_path, DESELECT)
    oracle, result = both(tmp_path, "-v", "--strict-markers")
    assert HANDED_OVER not in result.err
    order = lambda text: [line.split()[0] for line in text.splitlines() if " PASSED" in line or " FAILED" in line]
    assert order(result.out) == order(oracle.out)
    collected = lambda text: [line for line in text.splitlines() if line.startswith("collect")][0]
    assert collected(result.out) == collected(oracle.out) == \
        "collecting ... collected 5 items / 1 deselected / 4 selected"
    assert closing_line(result.out).split(" in ")[0] == closing_line(oracle.out).split(" in ")[0]


def test_a_warning_the_modifyitems_hook_raises_is_in_the_summary_as_pytests(tmp_path):
    write_tree(tmp_path, {
        "conftest.py": (
            "import warnings\nimport pytest\n\n"
            "def pytest_collection_modifyitems(config, items):\n"
            "    for marker in (pytest.mark.slow, pytest.mark.network):\n"
            "        pass\n"
            "    warnings.warn('items seen', UserWarning)\n"),
        "test_a.py": "def test_a():\n    pass\n",
    })
    oracle, result = both(tmp_path)
    assert HANDED_OVER not in result.err
    assert "PytestUnknownMarkWarning" not in result.err, str(result)
    warnings_of = lambda text: [line for line in section(text, "warnings summary") if "generated xml" not in line]
    summary = "\n".join(warnings_of(result.out))
    assert warnings_of(result.out) == warnings_of(oracle.out), str(result)
    assert "conftest.py:5" in summary and "conftest.py:7: UserWarning: items seen" in summary
    assert closing_line(result.out).split(" in ")[0] == closing_line(oracle.out).split(" in ")[0] == \
        "1 passed, 3 warnings"


def test_collect_only_sees_the_hooks_selection(tmp_path):
    write_tree(tmp_path, DESELECT)
    oracle = pytest_run("--co", "-q", cwd=tmp_path)
    result = pst("run", "--co", "-q", cwd=tmp_path)
    ids = lambda text: [line for line in text.splitlines() if "::" in line]
    assert ids(result.out) == ids(oracle.out)
    last = lambda text: text.strip().splitlines()[-1].split(" in ")[0]
    assert last(result.out) == last(oracle.out) == "4/5 tests collected (1 deselected)"


def test_a_hookwrapper_sees_the_inner_hooks_result(tmp_path):
    write_tree(tmp_path, {
        "conftest.py": (
            "import pytest\n\n"
            "@pytest.hookimpl(hookwrapper=True)\n"
            "def pytest_collection_modifyitems(items):\n"
            "    yield\n"
            "    items.reverse()\n"),
        "sub/conftest.py": "def pytest_collection_modifyitems(items):\n    items.sort(key=lambda i: i.name)\n",
        "sub/test_w.py": "def test_b():\n    pass\n\ndef test_a():\n    pass\n\ndef test_c():\n    pass\n"})
    oracle, result = both(tmp_path, "-v")
    assert HANDED_OVER not in result.err
    order = lambda text: [line.split()[0] for line in text.splitlines() if " PASSED" in line]
    assert order(result.out) == order(oracle.out) == [
        "sub/test_w.py::test_c", "sub/test_w.py::test_b", "sub/test_w.py::test_a"]


def test_modifyitems_with_dash_k_goes_to_pytest(tmp_path):
    write_tree(tmp_path, DESELECT)
    _, result = both(tmp_path, "-k", "not fails")
    assert HANDED_OVER + "conftest.py defines the hook pytest_collection_modifyitems, with -k, -m or --deselect" \
        in result.err


def test_the_plugin_manager_is_pytests(tmp_path):
    write_tree(tmp_path, {
        "conftest.py": ("class Plugin:\n    pass\n\n"
                        "def pytest_configure(config):\n    config.pluginmanager.register(Plugin(), 'mine')\n"),
        "test_a.py": "def test_a():\n    pass\n"})
    _, result = both(tmp_path)
    assert HANDED_OVER + "conftest.py: a hook uses config.pluginmanager.register" in result.err


def test_a_hook_that_raises_is_pytests_to_report(tmp_path):
    write_tree(tmp_path, {
        "conftest.py": "def pytest_collection_modifyitems(items):\n    raise RuntimeError('boom')\n",
        "test_a.py": "def test_a():\n    pass\n"})
    oracle = pytest_run(cwd=tmp_path)
    result = pst("run", cwd=tmp_path)
    assert result.rc == oracle.rc == 3  # pytest's INTERNALERROR
    assert HANDED_OVER + "pytest_collection_modifyitems raised RuntimeError: boom" in result.err
    assert "RuntimeError: boom" in result.out


def test_an_ini_key_the_conftest_declares_and_the_file_sets_goes_to_pytest(tmp_path):
    write_tree(tmp_path, {
        "pytest.ini": "[pytest]\nslow_reason = configured\n",
        "conftest.py": ("def pytest_addoption(parser):\n    parser.addini('slow_reason', 'why')\n\n"
                        "def pytest_configure(config):\n    assert config.getini('slow_reason') == 'configured'\n"),
        "test_a.py": "def test_a():\n    pass\n"})
    _, result = both(tmp_path)
    assert HANDED_OVER + "conftest.py: a hook uses the ini key slow_reason it declares, set in the configfile" \
        in result.err


def test_modifyitems_with_isolate_file_goes_to_pytest(tmp_path):
    write_tree(tmp_path, DESELECT)
    result = pst("run", "--isolate", "file", "-q", cwd=tmp_path)
    assert result.rc == 1
    assert HANDED_OVER + "conftest.py defines the hook pytest_collection_modifyitems (--isolate file)" in result.err


def test_engine_native_runs_the_native_hooks(tmp_path):
    write_tree(tmp_path, RUNSLOW)
    result = pst("run", "--engine", "native", "-q", cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert closing_line(result.out).startswith("1 passed, 2 skipped")
