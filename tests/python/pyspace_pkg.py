"""Builds a temporary `_pyspace` package from the lib/ files this harness tests.

The binary embeds lib/<dir>/<stem>.py as module `_pyspace.<dir>.<stem>`; here the same layout is
made with symlinks (a subpackage per directory), so the harness runs the real files with the
embedded Python.
"""

import os
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[2]
# The directories the harness imports from (lib/python's bootstrap needs the binary: left out).
LIB_DIRS = ("python", "space", "assertion", "pytest_api", "fixtures", "collect", "run")
_SKIP = {"bootstrap.py"}


def make_package(parent):
    """Create parent/_pyspace (package of symlinks) and return parent as a str for sys.path."""
    package = pathlib.Path(parent) / "_pyspace"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""pyspace runner modules (test harness copy)."""\n')
    for directory in LIB_DIRS:
        subpackage = package / directory
        subpackage.mkdir(exist_ok=True)
        (subpackage / "__init__.py").write_text("")
        for source in sorted((REPO / "lib" / directory).glob("*.py")):
            link = subpackage / source.name
            if source.name not in _SKIP and not link.exists():
                os.symlink(source, link)
    return str(parent)
