"""--pyargs against pytest 7.2 (plugin autoload off on both sides): arguments naming a package,
a module, a module with a node id, an installed module without tests, and nothing at all, in a
src layout whose `pythonpath` key makes the package importable."""

import pytest

from pst_support import closing_line, pst, pytest_run, write_tree

SUITE = {
    "pytest.ini": "[pytest]\npythonpath = src\n",
    "src/mypkg/__init__.py": "",
    "src/mypkg/tests/__init__.py": "",
    "src/mypkg/tests/test_m.py": "def test_one():\n    pass\n\ndef test_two():\n    assert 0\n",
    "src/mypkg/tests/test_n.py": "def test_three():\n    pass\n",
}


def summary(result):
    line = closing_line(result.out)
    return line.split(" in ")[0] if line else None


@pytest.mark.parametrize("args", [["mypkg"], ["mypkg.tests.test_m"], ["mypkg.tests.test_m::test_one"],
                                  ["mypkg.tests.test_m", "mypkg.tests.test_n"], ["json"],
                                  ["src/mypkg/tests/test_n.py"]])
def test_arguments_name_modules_as_pytests(tmp_path, args):
    root = write_tree(tmp_path, SUITE)
    ours = pst("run", "-p", "no:cacheprovider", "-rA", "--pyargs", *args, cwd=root)
    theirs = pytest_run("-rA", "--pyargs", *args, cwd=root)
    assert ours.rc == theirs.rc, str(ours)
    assert summary(ours) == summary(theirs), str(ours)
    passed = lambda out: sorted(l for l in out.splitlines() if l.startswith(("PASSED", "FAILED")))
    assert passed(ours.out) == passed(theirs.out), str(ours)


def test_a_name_nothing_provides_is_pytests_usage_error(tmp_path):
    root = write_tree(tmp_path, SUITE)
    ours, theirs = pst("run", "--pyargs", "nosuch", cwd=root), pytest_run("--pyargs", "nosuch", cwd=root)
    assert ours.rc == theirs.rc == 4, str(ours)
    message = "module or package not found: nosuch (missing __init__.py?)"
    assert message in theirs.err
    assert message in ours.err, str(ours)
