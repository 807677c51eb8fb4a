"""The progress lines ("test_x.py ..E  [100%]") against pytest 7.2 (plugin autoload off on both
sides) where a test gives more than one report: progress counts tests, and a test's teardown
error is written before its percentage, as pytest's logfinish does."""

import pytest

from pst_support import pst, pytest_run, write_tree

BAD_TEARDOWN = (
    "import pytest\n\n"
    "@pytest.fixture\n"
    "def bad():\n"
    "    yield\n"
    "    raise RuntimeError('teardown')\n")

SUITES = {
    "last": {"test_t.py": BAD_TEARDOWN + "\ndef test_a():\n    pass\n\ndef test_b(bad):\n    pass\n"},
    "middle": {"test_u.py": BAD_TEARDOWN + "\ndef test_b(bad):\n    pass\n\ndef test_a():\n    pass\n",
               "test_v.py": "def test_c():\n    pass\n"},
    "wrapping": {"test_w.py": BAD_TEARDOWN + "".join(
        f"\ndef test_{i}({'bad' if i % 7 == 0 else ''}):\n    pass\n" for i in range(120))},
}


@pytest.mark.parametrize("args", [[], ["-q"]])
@pytest.mark.parametrize("suite", sorted(SUITES))
def test_progress_as_pytests(tmp_path, suite, args):
    root = write_tree(tmp_path, SUITES[suite])
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=root)
    theirs = pytest_run(*args, cwd=root)
    progress = lambda out: [line for line in out.splitlines() if line.rstrip().endswith("%]")]
    assert progress(theirs.out)
    assert progress(ours.out) == progress(theirs.out), str(ours) + "\n--- pytest ---\n" + theirs.out
