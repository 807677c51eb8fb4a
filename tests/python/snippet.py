"""Run Python code in a fresh process of the Python running these tests (the embedded one: see
tests/CMakeLists.txt) with the _pyspace package importable."""

import json
import subprocess
import sys
import textwrap

PYTHON = sys.executable


def run(code, pyspace_parent, cwd, *, check=True):
    """Run dedented code in cwd; its last output line is JSON: (that parsed, CompletedProcess)."""
    prologue = f"import sys, json\nsys.path.insert(0, {str(pyspace_parent)!r})\n"
    proc = subprocess.run([PYTHON, "-c", prologue + textwrap.dedent(code)], cwd=cwd,
                          capture_output=True, text=True, check=False,
                          env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"})
    if check and proc.returncode != 0:
        raise AssertionError(f"snippet failed ({proc.returncode}):\n{proc.stderr}")
    lines = proc.stdout.strip().splitlines()
    return (json.loads(lines[-1]) if lines else None), proc


COLLECT_AND_RUN = """
from _pyspace.collect import collect
from _pyspace.run import execute

def collect_and_run(path, module_name, relpath, capture=True, keyword=None):
    import os
    items, errors = collect.collect_file(os.path.abspath(path), module_name, os.getcwd(), relpath,
                                         keyword=keyword)
    session = execute.Session(capture=capture)
    try:
        reports = session.run_all(items)
    finally:
        session.close()
    return items, errors, reports
"""
