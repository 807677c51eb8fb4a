"""pyspace-test installed with pip: the executable is <venv>/bin/pyspace-test (this package only
finds it, for `python -m pyspace_test`)."""
import os
import sys
import sysconfig


def find_pyspace_test_bin():
    """The pyspace-test executable installed beside this Python's scripts."""
    candidates = [os.path.join(sysconfig.get_path("scripts"), "pyspace-test")]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        candidates.append(os.path.join(sysconfig.get_path("scripts", user_scheme), "pyspace-test"))
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise FileNotFoundError(f"pyspace-test is not installed beside {sys.executable} "
                            f"(looked for {', '.join(candidates)})")
