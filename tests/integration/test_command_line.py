"""pytest's command line and configuration keys, each compared with pytest 7.2 on the same suite
(issue 13): exit code, per-test outcomes and the relevant output lines. The oracle runs with
PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 (pst_support.base_env), so installed plugins never change it."""

import pytest

from pst_support import (base_env, closing_line, outcomes_by_id, pst, pytest_outcomes, pytest_run,
                         read_events, write_tree)

SUITE = {
    "pytest.ini": """
        [pytest]
        markers =
            slow: slow tests
    """,
    "tests/test_a.py": """
        import pytest

        def test_pass():
            pass

        def test_fail():
            assert 1 == 2

        @pytest.mark.slow
        def test_slow():
            pass

        @pytest.mark.xfail(reason="known")
        def test_xfail():
            assert 0

        def test_imperative_xfail():
            pytest.xfail("later")

        @pytest.mark.parametrize("x", [])
        def test_empty(x):
            pass
    """,
    "build/test_in_build.py": "def test_in_build():\n    pass\n",
    "other/test_other.py": "def test_other():\n    pass\n",
}


def compare(tmp_path, *args, files=SUITE, env=None):
    """(pyspace-test's Result, its outcomes) after checking both against pytest's."""
    root = write_tree(tmp_path / "suite", files)
    oracle, expected, _ = pytest_outcomes(*args, cwd=root, tmp_path=tmp_path, env=env)
    events_file = tmp_path / "events.jsonl"
    result = pst("run", "-p", "no:cacheprovider", "--json-events", events_file, *args, cwd=root,
                 env=env or base_env())
    events = read_events(events_file.read_text()) if events_file.exists() else []
    got = outcomes_by_id(events)
    assert got == expected, f"{result}\n--- pytest ---\n{oracle.out}{oracle.err}"
    assert result.rc == oracle.rc, f"{result}\n--- pytest ---\n{oracle.out}{oracle.err}"
    return result, oracle


def closing_words(text):
    """The closing line without its duration: "1 failed, 2 passed, 1 deselected"."""
    line = closing_line(text) or ""
    return line.strip("= ").rsplit(" in ", 1)[0]


@pytest.mark.parametrize("args", [
    ["-qx"], ["-q", "--maxfail=1"], ["-q", "--maxfail", "1"], ["-kpass"], ["-k", "not fail"],
    ["-m", "not slow"], ["--deselect", "tests/test_a.py::test_fail"], ["--ignore=build"],
    ["--ignore", "build", "--ignore=other"], ["--ignore-glob=*/build/*"], ["--runxfail"],
    ["-o", "empty_parameter_set_mark=xfail"], ["-o", "xfail_strict=true"], ["--", "tests"],
    ["-W", "error::UserWarning"], ["--strict-markers"], ["--noconftest"],
])
def test_option_gives_pytests_outcomes(tmp_path, args):
    result, oracle = compare(tmp_path, *args)
    assert closing_words(result.out) == closing_words(oracle.out), f"{result}\n{oracle.out}"


def test_deselected_counts_as_pytest_prints_them(tmp_path):
    result, oracle = compare(tmp_path, "-k", "pass or fail")
    line = next(l for l in oracle.out.splitlines() if l.startswith("collected "))
    assert line in result.out.splitlines(), f"{result}\n{oracle.out}"
    assert "deselected" in line


def test_all_deselected_is_no_tests_ran_exit_5(tmp_path):
    result, oracle = compare(tmp_path, "-k", "nothing_matches")
    assert result.rc == 5
    assert closing_words(result.out) == closing_words(oracle.out) == "7 deselected"


@pytest.mark.parametrize("addopts", ["-m 'not slow'", "--deselect tests/test_a.py::test_fail -x",
                                     "-k pass --strict-markers"])
def test_addopts_is_in_front_of_the_command_line(tmp_path, addopts):
    files = dict(SUITE)
    files["pytest.ini"] = "[pytest]\naddopts = " + addopts + "\nmarkers =\n    slow: slow tests\n"
    compare(tmp_path, files=files)


def test_pytest_addopts_from_the_environment(tmp_path):
    compare(tmp_path, env=base_env(PYTEST_ADDOPTS="-m 'not slow' --ignore=build"))


def test_override_ini_wins_over_the_file(tmp_path):
    files = dict(SUITE)
    files["pytest.ini"] = "[pytest]\naddopts = -m slow\nmarkers =\n    slow: slow tests\n"
    compare(tmp_path, "-o", "addopts=", files=files)


def test_norecursedirs_replaces_pytests_defaults(tmp_path):
    files = dict(SUITE)
    files["pytest.ini"] = "[pytest]\nnorecursedirs = other\nmarkers =\n    slow: slow tests\n"
    result, _ = compare(tmp_path, files=files)  # build/ is walked now, other/ is not


def test_usefixtures_ini_applies_to_every_test(tmp_path):
    files = {
        "pytest.ini": "[pytest]\nusefixtures = marker\n",
        "conftest.py": """
            import pytest
            SEEN = []

            @pytest.fixture
            def marker():
                SEEN.append(1)
        """,
        "test_u.py": """
            import conftest

            def test_one():
                assert conftest.SEEN == [1]

            def test_two():
                assert conftest.SEEN == [1, 1]
        """,
    }
    compare(tmp_path, files=files)


def test_src_layout_with_pythonpath_key(tmp_path):
    files = {
        "pytest.ini": "[pytest]\npythonpath = src\n",
        "src/mypkg/__init__.py": "WHERE = 'src'\n",
        "tests/test_src.py": "import mypkg\n\ndef test_where():\n    assert mypkg.WHERE == 'src'\n",
    }
    result, _ = compare(tmp_path, files=files)
    assert result.rc == 0


def test_pythonpath_environment_variable(tmp_path):
    files = {
        "src/mypkg/__init__.py": "WHERE = 'src'\n",
        "tests/test_src.py": "import mypkg\n\ndef test_where():\n    assert mypkg.WHERE == 'src'\n",
    }
    result, _ = compare(tmp_path, files=files, env=base_env(PYTHONPATH="src"))
    assert result.rc == 0


def test_basetemp_is_the_base_of_tmp_path(tmp_path):
    base = tmp_path / "bt"
    files = {"test_t.py": f"def test_t(tmp_path):\n    assert tmp_path.parent == __import__('pathlib').Path({str(base)!r})\n"}
    (tmp_path / "bt").mkdir()
    (tmp_path / "bt" / "old").write_text("stale")
    result, _ = compare(tmp_path, "--basetemp", str(base), files=files)
    assert result.rc == 0
    assert not (base / "old").exists()


def test_getoption_sees_the_command_line(tmp_path):
    files = {"test_o.py": """
        def test_options(pytestconfig):
            assert pytestconfig.getoption("verbose") == 2
            assert pytestconfig.getoption("markexpr") == "not slow"
            assert pytestconfig.option.maxfail == 3
            assert pytestconfig.getoption("runxfail") is False
    """}
    compare(tmp_path, "-vv", "-m", "not slow", "--maxfail=3", files=files)


# -- usage errors: exit 4, pytest's words ------------------------------------------------------

@pytest.mark.parametrize("args, pytest_says", [
    (["--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["--maxfail"], "argument --maxfail: expected one argument"),
    (["--maxfail=x"], "argument --maxfail: invalid int value: 'x'"),
    (["--tb=sideways"], "argument --tb: invalid choice: 'sideways'"),
    (["-o", "junk"], "-o/--override-ini expects option=value style (got: 'junk')."),
    (["nope.py"], "file or directory not found: nope.py"),
])
def test_bad_command_lines_are_pytests_usage_errors(tmp_path, args, pytest_says):
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    oracle = pytest_run(*args, cwd=root)
    result = pst("run", *args, cwd=root)
    assert oracle.rc == result.rc == 4, f"{result}\n{oracle.err}"
    assert pytest_says in oracle.out + oracle.err
    assert pytest_says in result.err, str(result)
    assert "Traceback" not in result.err


def test_an_option_not_yet_supported_says_so_by_name(tmp_path):
    # (--engine auto hands such a run to pytest's engine: tests/integration/test_engines.py)
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", "--engine", "native", "--pdb", cwd=root)
    assert result.rc == 4
    assert "pyspace-test does not support --pdb yet" in result.err, str(result)
    assert "not expected" not in result.err


def test_strict_config_makes_an_unknown_key_an_error(tmp_path):
    root = write_tree(tmp_path, {"pytest.ini": "[pytest]\nnot_a_key = 1\n",
                                 "test_a.py": "def test_a():\n    pass\n"})
    oracle = pytest_run("--strict-config", cwd=root)
    result = pst("run", "--strict-config", cwd=root)
    assert oracle.rc == result.rc == 4
    assert "Unknown config option: not_a_key" in oracle.out + oracle.err
    assert "Unknown config option: not_a_key" in result.err, str(result)
    relaxed = pst("run", cwd=root)
    assert relaxed.rc == 0 and "Unknown config option: not_a_key" in relaxed.out, str(relaxed)


def test_bad_warning_filter_on_the_command_line(tmp_path):
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", "-W", "bogus::UserWarning", cwd=root)
    assert result.rc == 4, str(result)
    assert "bogus::UserWarning" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("entry, reason", [
    ("bogus::UserWarning", "invalid action: 'bogus'"),
    ("ignore::UserWarning::x", "invalid lineno 'x'"),
    ("ignore::NoSuchWarning", "AttributeError: module 'builtins' has no attribute 'NoSuchWarning'"),
    ("ignore::nosuchmodule.Warn", "No module named 'nosuchmodule'"),
])
def test_a_bad_filterwarnings_entry_ends_the_run_as_pytest(tmp_path, entry, reason):
    root = write_tree(tmp_path, {"pytest.ini": f"[pytest]\nfilterwarnings =\n    {entry}\n",
                                 "test_a.py": "def test_a():\n    pass\n"})
    oracle = pytest_run(cwd=root, env=base_env(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"))
    result = pst("run", cwd=root)
    assert oracle.rc == result.rc == 4, str(result)
    heading = f"while parsing the following warning configuration:\n\n  {entry}\n\nThis error occurred:\n\n"
    assert heading in oracle.err and reason in oracle.err, oracle.err
    assert heading in result.err and reason in result.err, str(result)
    assert "Traceback" not in result.err, str(result)


@pytest.mark.parametrize("key, message", [
    ("addopts = --maxfail=x", "invalid int value: 'x' (in addopts of pytest.ini [pytest])"),
    ("minversion = 99.0", "'minversion' requires pytest-99.0"),
    # pytest's engine checks it (autoload is off here: the plugin is missing for pytest too)
    ("required_plugins = pytest-xdist", "Missing required plugins: pytest-xdist"),
])
def test_a_configfile_key_that_cannot_be_met_is_a_usage_error(tmp_path, key, message):
    root = write_tree(tmp_path, {"pytest.ini": f"[pytest]\n{key}\n", "test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", cwd=root)
    assert result.rc == 4
    assert message in result.err, str(result)


def test_minversion_at_or_below_pytest_7_2_runs(tmp_path):
    root = write_tree(tmp_path, {"pytest.ini": "[pytest]\nminversion = 6.0\n",
                                 "test_a.py": "def test_a():\n    pass\n"})
    assert pst("run", cwd=root).rc == 0


def test_p_no_plugin_is_accepted_and_p_plugin_refused_natively(tmp_path):
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    assert pst("run", "-p", "no:randomly", "-pno:warnings", cwd=root).rc == 0
    loading = pst("run", "--engine", "native", "-p", "xdist", cwd=root)
    assert loading.rc == 4 and "-p xdist loads a plugin" in loading.err, str(loading)


def test_unknown_mark_warns_as_pytest(tmp_path):
    files = {"test_m.py": "import pytest\n\n@pytest.mark.slwo\ndef test_m():\n    pass\n"}
    result, oracle = compare(tmp_path, files=files)
    assert "PytestUnknownMarkWarning: Unknown pytest.mark.slwo" in oracle.out
    assert "PytestUnknownMarkWarning: Unknown pytest.mark.slwo" in result.out, str(result)
    assert closing_words(result.out) == closing_words(oracle.out) == "1 passed, 1 warning"


def test_pyspace_config_names_pyspace_tests_own_file(tmp_path):
    root = write_tree(tmp_path, {
        "ci/pyspace.toml": 'paths = ["../checks"]\n',
        "checks/test_c.py": "def test_c():\n    pass\n",
        "test_top.py": "def test_top():\n    assert False\n",
    })
    events = tmp_path / "events.jsonl"
    result = pst("run", "--pyspace-config", "ci/pyspace.toml", "--json-events", events, cwd=root)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(read_events(events.read_text()))) == {"checks/test_c.py::test_c"}


def test_help_lists_supported_and_not_yet_options(tmp_path):
    result = pst("run", "--help", cwd=tmp_path)
    assert result.rc == 0
    assert "--deselect" in result.out and "does not support yet" in result.out


def test_docs_cli_lists_every_option_with_its_status(tmp_path):
    """docs/cli.md says, for every option of the table, whether it is honoured (the tables above
    "not supported yet") or refused (the list below it), as `run --help` groups them."""
    import re
    from pst_support import REPO
    help_text = pst("run", "--help", cwd=tmp_path).out
    honoured_help, not_yet_help = help_text.split("does not support yet", 1)
    names = lambda text: set(re.findall(r"^  (-[-\w]+)", text, re.M))  # the first name of each
    doc = (REPO / "docs" / "cli.md").read_text()
    honoured_doc, not_yet_doc = doc.split("### pytest options not supported yet", 1)
    not_yet_doc = not_yet_doc.split("\n\n")[1]  # the paragraph under the heading
    for name in names(honoured_help):
        assert f"`{name}" in honoured_doc or f"{name}`" in honoured_doc, f"{name} missing in docs/cli.md"
        assert f"`{name}`" not in not_yet_doc, f"{name} is honoured, docs/cli.md says not yet"
    for name in names(not_yet_help):
        assert f"`{name}`" in not_yet_doc or f"`{name}/" in not_yet_doc, f"{name} missing in the not-yet list"


@pytest.mark.parametrize("args, stdin, shown", [
    (["--pdb"], "p x\nc\n", ["PDB post_mortem (IO-capturing turned off)", "(Pdb) 41",
                             "PDB continue (IO-capturing resumed)"]),
    (["--trace"], "c\nc\n", ["PDB runcall (IO-capturing turned off)", "-> x = 41"]),
    (["--full-trace"], "", ["assert 41 == 42"]),
])
def test_the_debugging_options_work_as_in_pytest_through_its_engine(tmp_path, args, stdin, shown):
    # --pdb, --trace, --full-trace: pytest's engine runs the suite (said in one line), so the
    # debugger talks on the terminal as pytest's does; here its commands come from stdin.
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    x = 41\n    assert x == 42\n\n"
                                              "def test_b():\n    pass\n"})
    theirs = pytest_run(*args, cwd=root, stdin=stdin.encode())
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=root, stdin=stdin.encode())
    assert ours.rc == theirs.rc == 1, str(ours)
    assert closing_line(ours.out) == closing_line(theirs.out), str(ours)
    for text in shown:
        assert text in theirs.out, theirs.out
        assert text in ours.out, str(ours)
    assert "pytest's engine runs this suite" in ours.err, str(ours)
