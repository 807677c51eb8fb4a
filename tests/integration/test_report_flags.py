"""pytest's reporting options (-r, --tb, -l, --durations, --no-header, --no-summary,
--disable-warnings, --show-capture, console_output_style), each compared with pytest 7.2 on
the same suite: exit code, per-test outcomes (the closing line) and the output lines."""

import re

import pytest

from pst_support import closing_counts, pst, pytest_run, section, write_tree

SUITE = {
    "test_a.py": """
        import sys
        import warnings
        import pytest

        def helper(x):
            y = x + 1
            assert y == 10

        def test_pass():
            pass

        def test_fail():
            a = 3
            helper(a)

        def test_value():
            raise ValueError("boom")

        @pytest.mark.skip(reason="not now")
        def test_skip1():
            pass

        @pytest.mark.skip(reason="not now")
        def test_skip2():
            pass

        def test_skip_inside():
            pytest.skip("inner reason")

        @pytest.mark.parametrize("n", [1, 2])
        def test_skip_param(n):
            pytest.skip("param reason")

        @pytest.mark.xfail(reason="known bug")
        def test_xfail():
            assert 0

        @pytest.mark.xfail
        def test_xfail_no_reason():
            assert 0

        @pytest.mark.xfail(reason="maybe")
        def test_xpass():
            pass

        @pytest.fixture
        def broken():
            raise RuntimeError("fixture broke")

        def test_error(broken):
            pass

        def test_output():
            print("hello out")
            sys.stderr.write("hello err\\n")
            assert False

        def test_passes_with_output():
            print("said while passing")

        def test_warns():
            warnings.warn("careful", UserWarning)
        """,
    "test_b.py": """
        def level4(v):
            assert v == [1, 2, 4]

        def level3(v):
            level4(v)

        def level2(v):
            level3(v)

        def test_deep():
            data = [1, 2, 3]
            level2(data)

        def test_chained():
            try:
                {}["key"]
            except KeyError as exc:
                raise ValueError("while looking up") from exc

        def test_ok():
            assert True
        """,
}

_TIME = re.compile(r" in \d+\.\d+s( \([0-9:]+\))?")


def normalised(text):
    """The output without the run's time and the header lines naming the tool and rootdir."""
    lines = []
    for line in _TIME.sub(" in T", text).splitlines():
        if line.startswith(("platform ", "rootdir: ", "plugins: ", "pyspace-test config: ")):
            continue
        lines.append(line.rstrip())
    return lines


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    return write_tree(tmp_path_factory.mktemp("report") / "proj", SUITE)


def both(suite, *args):
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=suite)
    theirs = pytest_run(*args, cwd=suite)
    return ours, theirs


def assert_same_output(suite, *args):
    ours, theirs = both(suite, *args)
    assert ours.rc == theirs.rc, str(ours)
    assert closing_counts(ours.out) == closing_counts(theirs.out), str(ours)
    assert normalised(ours.out) == normalised(theirs.out), str(ours) + "\n--- pytest ---\n" + theirs.out
    return ours


@pytest.mark.parametrize("chars", ["fE", "a", "A", "N", "s", "xX", "p", "fEsxXp", "Ef", "sN"])
def test_report_chars_short_summary(suite, chars):
    ours, theirs = both(suite, "-r", chars, "--tb=no")
    assert ours.rc == theirs.rc == 1
    assert section(ours.out, "short test summary info") == section(theirs.out, "short test summary info"), str(ours)


def test_report_chars_bundled_and_from_addopts(suite, tmp_path):
    ours, theirs = both(suite, "-ra", "--tb=no")
    summary = section(ours.out, "short test summary info")
    assert summary == section(theirs.out, "short test summary info")
    assert any(line.startswith("SKIPPED [2] test_a.py:") for line in summary), str(ours)
    root = write_tree(tmp_path / "p", {"pytest.ini": "[pytest]\naddopts = -rs --tb=no\n",
                                       "test_x.py": "import pytest\n\ndef test_a():\n    pytest.skip('why')\n"})
    ours, theirs = both(root)
    assert normalised(ours.out) == normalised(theirs.out), str(ours)
    assert "SKIPPED [1] test_x.py:4: why" in ours.out


@pytest.mark.parametrize("style", ["auto", "long", "short", "line", "native", "no"])
def test_tb_styles(suite, style):
    ours, theirs = both(suite, "--no-header", f"--tb={style}")
    assert ours.rc == theirs.rc == 1
    for title in ("ERRORS", "FAILURES", "short test summary info"):
        assert section(ours.out, title) == section(theirs.out, title), (
            f"{title}\n" + str(ours) + "\n--- pytest ---\n" + theirs.out)


@pytest.mark.parametrize("flag", ["-l", "--showlocals"])
def test_showlocals(suite, flag):
    ours, theirs = both(suite, "--no-header", flag, "test_b.py", "test_a.py::test_fail", "test_a.py::test_value")
    assert ours.rc == theirs.rc == 1
    assert section(ours.out, "FAILURES") == section(theirs.out, "FAILURES"), str(ours) + "\n--- pytest ---\n" + theirs.out
    assert "data       = [1, 2, 3]" in ours.out


def test_showlocals_short_and_no_showlocals(suite):
    ours, theirs = both(suite, "-l", "--tb=short", "test_b.py")
    assert section(ours.out, "FAILURES") == section(theirs.out, "FAILURES"), str(ours)
    ours, theirs = both(suite, "-l", "--no-showlocals", "test_b.py")
    assert section(ours.out, "FAILURES") == section(theirs.out, "FAILURES"), str(ours)
    assert "data       =" not in ours.out


@pytest.mark.parametrize("args", [["--no-header"], ["--no-summary"], ["--no-header", "--no-summary"],
                                  ["--disable-warnings"], ["-rA", "--tb=short"], ["-rP", "--tb=line"],
                                  ["--show-capture=no"], ["--show-capture=stdout"], ["--show-capture=stderr"],
                                  ["--show-capture=log"], ["-q", "-rs"], ["-v", "-rx", "--tb=no"]])
def test_whole_output_matches(suite, args):
    assert_same_output(suite, "--no-header", *args)


def test_no_header_keeps_the_title_line(suite):
    ours, theirs = both(suite, "--no-header", "test_b.py::test_ok")
    assert ours.rc == theirs.rc == 0
    assert normalised(ours.out) == normalised(theirs.out)
    assert ours.out.splitlines()[1] == "collected 1 item"


@pytest.mark.parametrize("style", ["classic", "count", "progress"])
@pytest.mark.parametrize("verbosity", [[], ["-v"], ["-q"]])
def test_console_output_style(suite, style, verbosity):
    assert_same_output(suite, "--no-header", "--tb=no", "-o", f"console_output_style={style}", *verbosity)


def test_console_output_style_from_the_ini_file(tmp_path):
    root = write_tree(tmp_path / "p", {"pytest.ini": "[pytest]\nconsole_output_style = count\n",
                                       "test_x.py": "def test_a():\n    pass\n\ndef test_b():\n    pass\n"})
    ours, theirs = both(root, "--no-header")
    assert normalised(ours.out) == normalised(theirs.out), str(ours)
    assert "[2/2]" in ours.out
    assert "not supported" not in ours.err


def test_no_capture_shows_no_progress(tmp_path):
    root = write_tree(tmp_path / "p", {"test_x.py": "def test_a():\n    pass\n"})
    ours, theirs = both(root, "--no-header", "-s")
    assert normalised(ours.out) == normalised(theirs.out), str(ours)


SLOW = {
    "test_slow.py": """
        import time
        import pytest

        @pytest.fixture
        def slow_setup():
            time.sleep(0.2)

        def test_slow_call():
            time.sleep(0.5)

        def test_slow_setup(slow_setup):
            pass

        def test_quick():
            pass

        @pytest.mark.skip(reason="no")
        def test_skipped():
            pass
        """,
}

_DURATION = re.compile(r"^\d+\.\d\ds (setup|call|teardown) +(\S+)$")


def durations_shape(text, title):
    """The durations section with the times left out: (when, nodeid) lines and the rest."""
    lines = section(text, title)
    assert lines is not None, text
    return [(m.group(1), m.group(2)) if (m := _DURATION.match(line)) else line for line in lines]


@pytest.mark.parametrize("args,title", [(["--durations=0", "--durations-min=0.1"], "slowest durations"),
                                        (["--durations=1", "--durations-min=0.1"], "slowest 1 durations"),
                                        (["--durations=3", "--durations-min=0.1"], "slowest 3 durations"),
                                        (["--durations", "10"], "slowest 10 durations")])
def test_durations(tmp_path, args, title):
    root = write_tree(tmp_path / "p", SLOW)
    ours, theirs = both(root, *args)
    assert ours.rc == theirs.rc == 0
    ours_shape, theirs_shape = durations_shape(ours.out, title), durations_shape(theirs.out, title)
    if args[-1] == "10":  # the default minimum: only the two slow phases are surely shown
        assert ours_shape[:2] == theirs_shape[:2] and len(ours_shape) == len(theirs_shape), str(ours)
    else:
        assert ours_shape == theirs_shape, str(ours) + "\n--- pytest ---\n" + theirs.out
    # the section comes before the short summary, as pytest's
    assert ours.out.index(title) < len(ours.out)


def test_durations_vv_lists_every_phase(tmp_path):
    root = write_tree(tmp_path / "p", SLOW)
    ours, theirs = both(root, "--durations=0", "-vv")
    assert len(durations_shape(ours.out, "slowest durations")) == len(durations_shape(theirs.out, "slowest durations")) == 11
    assert sorted(map(str, durations_shape(ours.out, "slowest durations"))) == \
        sorted(map(str, durations_shape(theirs.out, "slowest durations")))


def test_bad_values_are_usage_errors(suite):
    for args in (["--tb=wide"], ["--durations=x"], ["--show-capture=some"]):
        ours, theirs = both(suite, *args)
        assert ours.rc == theirs.rc == 4, str(ours)


def test_skips_of_module_and_class_marks_fold_without_a_line(tmp_path):
    root = write_tree(tmp_path / "p", {
        "test_m.py": """
            import pytest
            pytestmark = pytest.mark.skip(reason="module off")
            def test_a(): pass
            def test_b(): pass
            """,
        "test_c.py": """
            import pytest
            @pytest.mark.skip(reason="class off")
            class TestC:
                def test_a(self): pass
                def test_b(self): pass

            @pytest.mark.parametrize("x", [1, pytest.param(2, marks=pytest.mark.skip(reason="param off")),
                                           pytest.param(3, marks=pytest.mark.skip(reason="param off"))])
            def test_p(x): pass

            @pytest.mark.skipif(True, reason="cond")
            def test_s(): pass
            """})
    ours, theirs = both(root, "-rs")
    assert ours.rc == theirs.rc == 0
    summary = section(ours.out, "short test summary info")
    assert summary == section(theirs.out, "short test summary info"), str(ours) + "\n--- pytest ---\n" + theirs.out
    assert "SKIPPED [2] test_m.py: module off" in summary


@pytest.mark.parametrize("style", ["line", "long", "native"])
def test_collection_errors_keep_the_short_text(tmp_path, style):
    """pytest writes a test module's import error as a fixed short text whatever --tb says."""
    root = write_tree(tmp_path / "p", {"test_bad.py": "import nonexistent_module_xyz\n"})
    default = pst("run", "--no-header", cwd=root)
    styled = pst("run", "--no-header", f"--tb={style}", cwd=root)
    theirs = pytest_run("--no-header", f"--tb={style}", cwd=root)
    assert styled.rc == default.rc == theirs.rc == 2
    assert section(styled.out, "ERRORS") == section(default.out, "ERRORS"), str(styled)
    assert "ModuleNotFoundError: No module named 'nonexistent_module_xyz'" in "\n".join(section(styled.out, "ERRORS"))
