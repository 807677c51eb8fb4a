"""A directory under the test paths that cannot be listed is that path's collection error (as
os.scandir() raises it under pytest), never an internal error; the walk goes on, so with
--continue-on-collection-errors the other files run.

Root can list any directory, so as root the binary is run as `nobody` through setpriv (util-linux);
the project lives in a world-readable temporary directory for that reason."""
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from pst_support import BIN, _run, base_env, write_tree

SETPRIV = shutil.which("setpriv")
NOBODY = 65534


def unprivileged(*args, cwd):
    command = [BIN, *args]
    if os.geteuid() == 0:
        command = [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return _run(command, cwd, base_env(HOME="/tmp"))


@pytest.fixture
def project():
    if os.geteuid() == 0 and SETPRIV is None:
        pytest.skip("running as root without setpriv: no way to be refused a directory")
    if os.geteuid() == 0 and not os.access(BIN, os.X_OK):
        pytest.skip("the binary is not executable")
    top = Path(tempfile.mkdtemp(prefix="pst-unlistable-"))
    root = write_tree(top / "proj", {
        "test_a.py": "def test_a():\n    pass\n",
        "sub/test_s.py": "def test_s():\n    pass\n",
        "locked/test_l.py": "def test_l():\n    pass\n",
    })
    for path in [top, *top.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (root / "locked").chmod(0)
    yield root
    (root / "locked").chmod(stat.S_IRWXU)
    shutil.rmtree(top)


def test_an_unlistable_directory_is_a_collection_error(project):
    result = unprivileged("run", "-v", cwd=project)
    assert result.rc == 2, str(result)  # pytest 7.2: "Interrupted: 1 error during collection"
    assert "internal error" not in result.both, str(result)
    assert f"PermissionError: [Errno 13] Permission denied: '{project / 'locked'}'" in result.out, str(result)
    assert "ERROR collecting locked" in result.out, str(result)


def test_the_other_files_run_with_continue_on_collection_errors(project):
    result = unprivileged("run", "-v", "--continue-on-collection-errors", cwd=project)
    assert result.rc == 1, str(result)
    assert "test_a.py::test_a PASSED" in result.out, str(result)
    assert "sub/test_s.py::test_s PASSED" in result.out, str(result)
    assert "2 passed, 1 error" in result.out, str(result)
