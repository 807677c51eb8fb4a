"""`-p no:NAME` of pytest's own plugins and `--markers`, compared with pytest 7.2 (plugin
autoload off on both sides, pst_support.base_env): what disabling a plugin takes away, the
plugins pytest cannot disable, and those pyspace-test refuses by name rather than differ."""

import pytest

from pst_support import closing_counts, closing_line, pst, pytest_run, write_tree

WARNS = {
    "pytest.ini": "[pytest]\nfilterwarnings =\n    error::DeprecationWarning\n",
    "test_w.py": """
        import warnings
        import pytest

        def test_user_warning():
            warnings.warn("careful")

        def test_deprecation_not_an_error_without_the_plugin():
            warnings.warn("old", DeprecationWarning)

        @pytest.mark.filterwarnings("error")
        def test_mark_ignored_without_the_plugin():
            warnings.warn("would fail")

        def test_fails_and_shows_its_stderr():
            warnings.warn("printed by python")
            assert False
        """,
}


def lines_between(text, start, end):
    lines = text.splitlines()
    begin = next(i for i, line in enumerate(lines) if start in line)
    finish = next(i for i, line in enumerate(lines) if i > begin and end in line)
    return lines[begin:finish]


@pytest.mark.parametrize("args", [[], ["-p", "no:warnings"], ["-p", "no:warnings", "-W", "error"]])
def test_no_warnings_plugin_records_nothing_and_applies_no_filter(tmp_path, args):
    root = write_tree(tmp_path, WARNS)
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=root)
    theirs = pytest_run(*args, cwd=root)
    assert ours.rc == theirs.rc == 1, str(ours)
    assert closing_line(ours.out).split(" in ")[0] == closing_line(theirs.out).split(" in ")[0], str(ours)
    assert ("warnings summary" in ours.out) == ("warnings summary" in theirs.out), str(ours)
    failures = lines_between(theirs.out, "FAILURES", "short test summary")
    assert lines_between(ours.out, "FAILURES", "short test summary") == failures, str(ours)


def test_no_warnings_takes_the_filterwarnings_marker_away_under_strict_markers(tmp_path):
    root = write_tree(tmp_path, {"test_m.py": """
        import pytest

        @pytest.mark.filterwarnings("ignore")
        def test_m():
            pass
        """})
    args = ["-p", "no:warnings", "--strict-markers", "-q"]
    ours, theirs = pst("run", "-p", "no:cacheprovider", *args, cwd=root), pytest_run(*args, cwd=root)
    assert ours.rc == theirs.rc == 2, str(ours)
    assert "'filterwarnings' not found in `markers` configuration option" in theirs.out
    assert "'filterwarnings' not found in `markers` configuration option" in ours.out, str(ours)


def test_no_python_path_ignores_the_pythonpath_key(tmp_path):
    root = write_tree(tmp_path, {
        "pytest.ini": "[pytest]\npythonpath = src\n",
        "src/mypkg.py": "VALUE = 1\n",
        "tests/test_p.py": "def test_p():\n    import mypkg\n",
    })
    for args, outcome in ((), "1 passed"), (("-p", "no:python_path"), "1 failed, 1 warning"):
        ours, theirs = pst("run", "-p", "no:cacheprovider", *args, cwd=root), pytest_run(*args, cwd=root)
        assert closing_line(theirs.out).split(" in ")[0] == outcome
        assert closing_line(ours.out).split(" in ")[0] == outcome, str(ours)
    assert "Unknown config option: pythonpath" in theirs.out
    assert "Unknown config option: pythonpath" in ours.out, str(ours)


def test_no_junitxml_makes_its_options_unknown(tmp_path):
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    args = ["-p", "no:junitxml", "--junitxml", "out.xml"]
    ours, theirs = pst("run", *args, cwd=root), pytest_run(*args, cwd=root)
    assert ours.rc == theirs.rc == 4, str(ours)
    assert "unrecognized arguments: --junitxml" in theirs.err
    assert "unrecognized arguments: --junitxml" in ours.err, str(ours)
    assert not (root / "out.xml").exists()


@pytest.mark.parametrize("plugin", ["mark", "main", "runner", "fixtures", "helpconfig"])
def test_an_essential_plugin_cannot_be_disabled(tmp_path, plugin):
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    ours, theirs = pst("run", "-p", f"no:{plugin}", cwd=root), pytest_run("-p", f"no:{plugin}", cwd=root)
    assert ours.rc == theirs.rc == 4, str(ours)
    assert f"plugin {plugin} cannot be disabled" in theirs.err
    assert f"plugin {plugin} cannot be disabled" in ours.err, str(ours)


@pytest.mark.parametrize("plugin", ["python", "unittest", "skipping", "capture", "logging", "tmpdir"])
def test_a_builtin_plugin_whose_absence_is_not_reproduced_goes_to_pytests_engine(tmp_path, plugin):
    # --engine auto: pytest's engine runs it, saying why; --engine native: refused by name.
    root = write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n",
                                 "test_b.py": "def test_b():\n    assert 0\n"})
    theirs = pytest_run("-p", f"no:{plugin}", cwd=root)
    ours = pst("run", "-p", "no:cacheprovider", "-p", f"no:{plugin}", cwd=root)
    assert ours.rc == theirs.rc, str(ours)
    assert closing_counts(ours.out) == closing_counts(theirs.out), str(ours) + theirs.out
    assert f"pytest's engine runs this suite: pyspace-test does not support -p no:{plugin} yet" \
        in ours.err, str(ours)
    native = pst("run", "--engine", "native", "-p", f"no:{plugin}", cwd=root)
    assert native.rc == 4, str(native)
    assert f"pyspace-test does not support -p no:{plugin} yet" in native.err, str(native)


MARKERS_INI = "[pytest]\nmarkers =\n    slow: marks tests as slow\n    serial\n    b : spaced: colon\n"


@pytest.mark.parametrize("args", [[], ["--color=yes"], ["-p", "no:warnings"]])
def test_markers_lists_the_ini_markers_then_the_builtin_ones(tmp_path, args):
    root = write_tree(tmp_path, {"pytest.ini": MARKERS_INI})
    ours, theirs = pst("run", "--markers", *args, cwd=root), pytest_run("--markers", *args, cwd=root)
    assert ours.rc == theirs.rc == 0, str(ours)
    assert "@pytest.mark.serial:" in theirs.out
    assert ours.out == theirs.out, str(ours)
