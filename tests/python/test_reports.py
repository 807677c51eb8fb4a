"""The report-dict schema: written by lib/run/reports.py only, read by lib/run/python_bridge.cpp."""

import importlib
import pathlib
import re
import types

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _reports(pyspace_parent):
    import sys
    if pyspace_parent not in sys.path:
        sys.path.insert(0, pyspace_parent)
    return importlib.import_module("_pyspace.run.reports")


def test_item_and_session_reports_have_exactly_the_schema_keys(pyspace_parent):
    reports = _reports(pyspace_parent)
    result = reports.PhaseResult("error", "teardown", 0.5, "boom", "Traceback ...")
    item = types.SimpleNamespace(nodeid="t.py::test_a", file="t.py", classname="t", name="test_a", line=3)
    for owner in (item, None):
        assert tuple(reports.to_dict(owner, result, "out", "err")) == reports.KEYS
    session = reports.to_dict(None, result, "out", "err")
    assert (session["nodeid"], session["file"], session["line"]) == ("", "", 0)
    assert (session["outcome"], session["when"], session["stdout"]) == ("error", "teardown", "out")


def test_the_cpp_bridge_reads_the_schema_keys(pyspace_parent):
    reports = _reports(pyspace_parent)
    source = (ROOT / "lib/run/python_bridge.cpp").read_text()
    block = re.search(r"namespace keys \{(.*?)\}  // namespace keys", source, re.S).group(1)
    read = set(re.findall(r'\{"(\w+)"\}', block))
    assert read == set(reports.KEYS)


def test_no_other_runner_module_builds_report_dicts():
    """A second writer of the schema is how the copies drifted before (execute.py had one)."""
    for path in (ROOT / "lib").rglob("*.py"):
        if path.name == "reports.py":
            continue
        assert '"longrepr": result.longrepr' not in path.read_text(), path
