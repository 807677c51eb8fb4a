"""Builds a temporary `_pyspace` package from the lib/ files this harness tests.

The binary embeds lib/<dir>/<stem>.py as module `_pyspace.<stem>`; here the same layout is made
with symlinks, so the harness runs the real files with the embedded Python.
"""

import os
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[2]
LIB_FILES = [*sorted((REPO / "lib" / "collect").glob("*.py")),
             *sorted((REPO / "lib" / "run").glob("*.py")),
             REPO / "lib" / "space" / "fresh_loader.py"]  # the importer assert rewriting hooks into


def make_package(parent):
    """Create parent/_pyspace (package of symlinks) and return parent as a str for sys.path."""
    package = pathlib.Path(parent) / "_pyspace"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""pyspace runner modules (test harness copy)."""\n')
    for source in LIB_FILES:
        link = package / source.name
        if not link.exists():
            os.symlink(source, link)
    return str(parent)
