"""pytest's cache (`.pytest_cache`) shared with pytest 7.2: --lf, --ff, --nf, --lfnf, --sw,
--sw-skip, --cache-clear, --cache-show, the `cache_dir` key, the `cache` fixture and
-p no:cacheprovider. Each test runs the oracle and pyspace-test on twin copies of one suite with
the same cache, and compares exit codes, per-test outcomes (in running order), the lines pytest
prints about the cache and the cache files themselves. The interop tests run pytest, then
pyspace-test on what pytest wrote, and the other way round.
"""

import json
import os
import re
import shutil
import textwrap

import pytest

from pst_support import ORACLE, _run, base_env, pst

SUITE = {
    "test_a.py": """
        def test_a1(): pass
        def test_a2(): assert 0
        def test_a3(): pass
    """,
    "test_b.py": """
        def test_b1(): pass
        def test_b2(): pass
    """,
    "test_c.py": """
        import pytest
        def test_c1(): assert 0
        @pytest.mark.xfail
        def test_c2(): assert 0
        @pytest.mark.parametrize("n", [1, 2])
        def test_c3(n): assert n == 1
    """,
}

VERDICT = re.compile(r"^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b")
CACHE_LINE = re.compile(r"^(?:collecting \.\.\. )?(collected .*|run-last-failure: .*|stepwise: .*|cachedir: .*|"
                        r"!+ Interrupted: .* !+)$")
CACHE_FILES = ("v/cache/lastfailed", "v/cache/nodeids", "v/cache/stepwise", "README.md",
               ".gitignore", "CACHEDIR.TAG")


def oracle(*args, cwd):
    """pytest with its cacheprovider on (pst_support.pytest_run turns it off)."""
    if not ORACLE:
        pytest.skip("no oracle: the embedded Python has no pytest")
    return _run([ORACLE, "-m", "pytest", *args], cwd, base_env())


def write_suite(root, files=SUITE):
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text))
    return root


def twins(tmp_path, files=SUITE):
    """Two identical suites: ("py" for pytest, "pst" for pyspace-test)."""
    return write_suite(tmp_path / "py", files), write_suite(tmp_path / "pst", files)


def copy_cache(source, dest):
    shutil.rmtree(dest / ".pytest_cache", ignore_errors=True)
    shutil.copytree(source / ".pytest_cache", dest / ".pytest_cache")


def verdicts(result):
    """[(nodeid, outcome)] of a -v run, in running order."""
    found = []
    for line in result.out.splitlines():
        match = VERDICT.match(line)
        if match:
            found.append(match.groups())
    return found


def cache_lines(result):
    return [CACHE_LINE.match(line).group(1) for line in result.out.splitlines() if CACHE_LINE.match(line)]


def closing(result):
    """The closing line without its timing and '=' padding: '2 failed, 3 passed'."""
    last = result.out.rstrip().splitlines()[-1]
    return re.sub(r" in [0-9.]+s.*$", "", last.strip("= "))


def cache_files(root, cache_dir=".pytest_cache"):
    base = root / cache_dir
    return {name: (base / name).read_bytes() if (base / name).is_file() else None for name in CACHE_FILES}


def run_both(py_root, pst_root, *args):
    """The oracle in py_root and pyspace-test in pst_root with the same arguments (-v)."""
    return oracle("-v", *args, cwd=py_root), pst("run", "-v", *args, cwd=pst_root)


def assert_same(expected, actual, compare_files=True, py_root=None, pst_root=None):
    assert actual.rc == expected.rc, f"{expected}\n{actual}"
    assert verdicts(actual) == verdicts(expected), f"{expected}\n{actual}"
    assert cache_lines(actual) == cache_lines(expected), f"{expected}\n{actual}"
    assert closing(actual) == closing(expected), f"{expected}\n{actual}"
    if compare_files:
        assert cache_files(pst_root) == cache_files(py_root)


def test_a_first_run_writes_the_cache_files_pytest_writes(tmp_path):
    py_root, pst_root = twins(tmp_path)
    expected, actual = run_both(py_root, pst_root)
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)
    files = cache_files(pst_root)
    assert json.loads(files["v/cache/lastfailed"]) == {
        "test_a.py::test_a2": True, "test_c.py::test_c1": True, "test_c.py::test_c3[2]": True}
    assert all(value is not None for value in files.values())


def test_lf_after_a_failing_pytest_run_runs_exactly_those(tmp_path):
    py_root, pst_root = twins(tmp_path)
    oracle("-q", cwd=py_root)
    copy_cache(py_root, pst_root)  # pyspace-test reads what pytest wrote
    expected, actual = run_both(py_root, pst_root, "--lf")
    assert [nodeid for nodeid, _ in verdicts(actual)] == [
        "test_a.py::test_a2", "test_c.py::test_c1", "test_c.py::test_c3[2]"], str(actual)
    assert "run-last-failure: rerun previous 3 failures (skipped 1 file)" in actual.out
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


def test_pytest_lf_after_a_failing_pyspace_run_runs_exactly_those(tmp_path):
    py_root, pst_root = twins(tmp_path)
    pst("run", "-q", cwd=pst_root)
    copy_cache(pst_root, py_root)  # pytest reads what pyspace-test wrote
    expected, actual = run_both(py_root, pst_root, "--lf")
    assert len(verdicts(expected)) == 3, str(expected)
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


def test_lf_with_a_file_argument_deselects_as_pytest(tmp_path):
    py_root, pst_root = twins(tmp_path)
    for root in (py_root, pst_root):
        oracle("-q", cwd=root)
    expected, actual = run_both(py_root, pst_root, "--lf", "test_a.py", "test_b.py")
    assert "collected 3 items / 2 deselected / 1 selected" in actual.out, str(actual)
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


def test_lf_after_fixing_a_test(tmp_path):
    py_root, pst_root = twins(tmp_path)
    for root in (py_root, pst_root):
        oracle("-q", cwd=root)
        (root / "test_a.py").write_text("def test_a1(): pass\ndef test_a2(): pass\ndef test_a3(): pass\n")
    for args in (("--lf",), ("--lf",), ("--lf", "test_a.py")):
        expected, actual = run_both(py_root, pst_root, *args)
        assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


def test_ff_runs_the_failures_first(tmp_path):
    py_root, pst_root = twins(tmp_path)
    oracle("-q", cwd=py_root)
    copy_cache(py_root, pst_root)
    expected, actual = run_both(py_root, pst_root, "--ff")
    assert verdicts(actual)[0] == ("test_a.py::test_a2", "FAILED"), str(actual)
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


def test_lf_and_ff_without_failures(tmp_path):
    files = {"test_ok.py": "def test_1(): pass\ndef test_2(): pass\n"}
    py_root, pst_root = twins(tmp_path, files)
    for args in (("--lf",), ("--ff",), ("--lf", "--lfnf", "none"), ("--lf", "--lfnf", "all")):
        expected, actual = run_both(py_root, pst_root, *args)
        assert_same(expected, actual, py_root=py_root, pst_root=pst_root)
    assert actual.rc == 0
    expected, actual = run_both(py_root, pst_root, "--lf", "--last-failed-no-failures=none")
    assert actual.rc == 5 and "2 deselected" in actual.out, str(actual)
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


def test_nf_runs_new_tests_first(tmp_path):
    py_root, pst_root = twins(tmp_path)
    for root in (py_root, pst_root):
        oracle("-q", cwd=root)
        (root / "test_new.py").write_text("def test_n(): pass\n")
        with open(root / "test_b.py", "a") as f:
            f.write("def test_b3(): pass\n")
        # file mtimes decide the order within each group: made distinct and the same in both
        for age, name in enumerate(["test_new.py", "test_b.py", "test_c.py", "test_a.py"]):
            os.utime(root / name, (1_700_000_000 - age * 100, 1_700_000_000 - age * 100))
    expected, actual = run_both(py_root, pst_root, "--nf")
    assert [nodeid for nodeid, _ in verdicts(actual)][:2] == ["test_new.py::test_n", "test_b.py::test_b3"]
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


def test_stepwise_continues_from_the_last_failure(tmp_path):
    py_root, pst_root = twins(tmp_path)
    for args in (("--sw",), ("--sw",), ("--sw-skip",), ("--stepwise",), ()):
        expected, actual = run_both(py_root, pst_root, *args)
        assert_same(expected, actual, py_root=py_root, pst_root=pst_root)
    # the first --sw run stops at test_a2 with pytest's exit 2 and "Interrupted" line
    first_py, first_pst = twins(tmp_path / "again")
    expected, actual = run_both(first_py, first_pst, "--sw")
    assert actual.rc == 2 and verdicts(actual)[-1] == ("test_a.py::test_a2", "FAILED"), str(actual)
    assert "Interrupted: Test failed, continuing from this test next run." in actual.out


def test_cache_clear_forgets_the_failures(tmp_path):
    py_root, pst_root = twins(tmp_path)
    for root in (py_root, pst_root):
        oracle("-q", cwd=root)
        cache = root / ".pytest_cache"
        (cache / "d" / "mine").mkdir(parents=True)
    expected, actual = run_both(py_root, pst_root, "--cache-clear", "--lf")
    assert "run-last-failure: no previously failed tests, not deselecting items." in actual.out
    assert not (pst_root / ".pytest_cache" / "d").exists()
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


def test_cache_show_lists_the_values(tmp_path):
    py_root, pst_root = twins(tmp_path)
    for root in (py_root, pst_root):
        oracle("-q", cwd=root)
        (root / ".pytest_cache" / "d" / "mine").mkdir(parents=True)
        (root / ".pytest_cache" / "d" / "mine" / "dump.bin").write_bytes(b"12345")

    def shown(result, root):
        lines = result.out.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("cachedir: "))
        end = lines.index("", start)
        return [line.replace(str(root), "ROOT") for line in lines[start:end]]

    for args in (("--cache-show",), ("--cache-show", "cache/l*"), ("--cache-show=*/s*",)):
        expected = oracle(*args, cwd=py_root)
        actual = pst("run", *args, cwd=pst_root)
        assert actual.rc == expected.rc == 0, str(actual)
        assert shown(actual, pst_root) == shown(expected, py_root), f"{expected}\n{actual}"
        assert closing(actual) == closing(expected) == "no tests ran"
    assert "d/mine/dump.bin is a file of length 5" in actual.out or "cache/stepwise" in actual.out


def test_cache_show_of_a_missing_cache(tmp_path):
    py_root, pst_root = twins(tmp_path)
    expected = oracle("--cache-show", cwd=py_root)
    actual = pst("run", "--cache-show", cwd=pst_root)
    assert actual.rc == expected.rc == 0
    assert "cache is empty" in actual.out and "cache is empty" in expected.out
    assert cache_files(pst_root) == cache_files(py_root)  # pytest's stepwise still writes []


def test_cache_dir_key_and_verbose_header(tmp_path):
    files = dict(SUITE, **{"pytest.ini": "[pytest]\ncache_dir = build/my_cache\n"})
    py_root, pst_root = twins(tmp_path, files)
    expected = oracle("-q", cwd=py_root)
    actual = pst("run", "-q", cwd=pst_root)
    assert actual.rc == expected.rc
    assert not (pst_root / ".pytest_cache").exists()
    assert cache_files(pst_root, "build/my_cache") == cache_files(py_root, "build/my_cache")
    expected, actual = run_both(py_root, pst_root, "--lf")
    assert "cachedir: build/my_cache" in actual.out, str(actual)
    assert_same(expected, actual, compare_files=False)


def test_verbose_header_shows_the_default_cachedir(tmp_path):
    py_root, pst_root = twins(tmp_path, {"test_ok.py": "def test_1(): pass\n"})
    expected, actual = run_both(py_root, pst_root)
    assert "cachedir: .pytest_cache" in actual.out
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)


FIXTURE_SUITE = {
    "test_store.py": """
        import json
        def test_store(cache, pytestconfig):
            assert cache is pytestconfig.cache
            seen = cache.get("mine/runs", 0)
            cache.set("mine/runs", seen + 1)
            cache.set("mine/data", {"name": "é", "items": [1, None, True]})
            path = cache.mkdir("mine_dir")
            (path / "f.txt").write_text("x")
            print("SEEN", seen, path.name, path.parent.name)
            assert cache.get("missing/key", "dflt") == "dflt"
    """,
}


def test_cache_fixture_shares_values_with_pytest(tmp_path):
    py_root, pst_root = twins(tmp_path, FIXTURE_SUITE)
    oracle("-q", cwd=py_root)                   # pytest writes runs = 1
    copy_cache(py_root, pst_root)
    actual = pst("run", "-q", "-s", cwd=pst_root)   # pyspace-test reads 1, writes 2
    assert actual.rc == 0 and "SEEN 1 mine_dir d" in actual.out, str(actual)
    copy_cache(pst_root, py_root)
    expected = oracle("-q", "-s", cwd=py_root)  # pytest reads what pyspace-test wrote
    assert expected.rc == 0 and "SEEN 2 mine_dir d" in expected.out, str(expected)
    for name in ("v/mine/data",):
        assert (pst_root / ".pytest_cache" / name).read_bytes() == \
            (py_root / ".pytest_cache" / name).read_bytes()


def test_cache_fixture_creates_the_supporting_files(tmp_path):
    py_root, pst_root = twins(tmp_path, FIXTURE_SUITE)
    expected = oracle("-q", "-p", "no:stepwise", cwd=py_root)
    actual = pst("run", "-q", "-p", "no:stepwise", cwd=pst_root)
    assert actual.rc == expected.rc == 0, str(actual)
    assert cache_files(pst_root) == cache_files(py_root)


def test_no_cacheprovider_turns_it_all_off(tmp_path):
    py_root, pst_root = twins(tmp_path)
    expected = oracle("-q", "-p", "no:cacheprovider", cwd=py_root)
    actual = pst("run", "-q", "-p", "no:cacheprovider", cwd=pst_root)
    assert actual.rc == expected.rc == 1
    assert not (pst_root / ".pytest_cache").exists() and not (py_root / ".pytest_cache").exists()
    for flag in ("--lf", "--ff", "--nf", "--sw", "--cache-show", "--cache-clear"):
        expected = oracle("-p", "no:cacheprovider", flag, cwd=py_root)
        actual = pst("run", "-p", "no:cacheprovider", flag, cwd=pst_root)
        assert actual.rc == expected.rc == 4, str(actual)
        assert f"unrecognized arguments: {flag}" in actual.err, str(actual)


def test_a_file_that_failed_to_collect_is_remembered(tmp_path):
    files = dict(SUITE, **{"test_broken.py": "import nowhere_to_be_found\ndef test_x(): pass\n"})
    py_root, pst_root = twins(tmp_path, files)
    expected, actual = run_both(py_root, pst_root, "--continue-on-collection-errors")
    assert actual.rc == expected.rc
    assert cache_files(pst_root) == cache_files(py_root)
    for root in (py_root, pst_root):
        (root / "test_broken.py").write_text("def test_x(): pass\ndef test_y(): assert 0\n")
    expected, actual = run_both(py_root, pst_root, "--lf")
    assert_same(expected, actual, py_root=py_root, pst_root=pst_root)
