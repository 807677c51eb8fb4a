"""--import-mode prepend|append|importlib against pytest 7.2 (plugin autoload off on both sides):
per-test outcomes, exit code and the closing line, on a suite whose tests look at what the mode
changes (sys.path, module names, same-named test files in two directories, conftest.py)."""

import pytest

from pst_support import (base_env, closing_line, outcomes_by_id, pst, pytest_outcomes, read_events,
                         write_tree)

SUITE = {
    "pytest.ini": "[pytest]\n",
    "a/test_same.py": """
        import os, sys

        def test_a_dir_on_sys_path():
            here = os.path.dirname(os.path.abspath(__file__))
            assert here in sys.path

        def test_a_dir_first():
            assert sys.path[0] == os.path.dirname(os.path.abspath(__file__))

        def test_name():
            assert __name__ == "test_same"

        def test_rewritten():
            x = 1
            assert x == 2
        """,
    "b/test_same.py": """
        def test_b():
            pass
        """,
    "pkg/__init__.py": "",
    "pkg/conftest.py": """
        import pytest

        @pytest.fixture
        def from_conftest():
            return __name__
        """,
    "pkg/test_in_pkg.py": """
        import sys

        def test_conftest_fixture(from_conftest):
            assert from_conftest in ("pkg.conftest",)

        def test_module_name():
            assert __name__ == "pkg.test_in_pkg"

        def test_parent_is_a_module():
            assert "pkg" in sys.modules
        """,
}


def run_both(tmp_path, *args):
    root = write_tree(tmp_path / "suite", SUITE)
    oracle, expected, _ = pytest_outcomes(*args, cwd=root, tmp_path=tmp_path)
    events_file = tmp_path / "events.jsonl"
    ours = pst("run", "-p", "no:cacheprovider", "--json-events", events_file, *args, cwd=root, env=base_env())
    got = outcomes_by_id(read_events(events_file.read_text())) if events_file.exists() else {}
    return ours, oracle, got, expected


@pytest.mark.parametrize("mode", ["prepend", "append", "importlib"])
def test_outcomes_as_pytests(tmp_path, mode):
    ours, oracle, got, expected = run_both(tmp_path, f"--import-mode={mode}")
    context = f"{ours}\n--- pytest ---\n{oracle.out}{oracle.err}"
    assert got == expected, context
    assert ours.rc == oracle.rc, context
    assert closing_line(ours.out).split(" in ")[0] == closing_line(oracle.out).split(" in ")[0], context


def test_importlib_collects_same_named_files_that_prepend_cannot(tmp_path):
    ours, oracle, got, expected = run_both(tmp_path, "--import-mode=importlib")
    assert expected["b/test_same.py::test_b"] == "passed"
    assert got["b/test_same.py::test_b"] == "passed", str(ours)
    prepend, prepend_oracle, _, _ = run_both(tmp_path / "p", "--import-mode=prepend")
    assert "import file mismatch" in prepend_oracle.out
    assert "import file mismatch" in prepend.out, str(prepend)


def test_importlib_asserts_are_explained(tmp_path):
    ours, _, _, _ = run_both(tmp_path, "--import-mode=importlib", "-k", "rewritten")
    assert "assert 1 == 2" in ours.out, str(ours)
