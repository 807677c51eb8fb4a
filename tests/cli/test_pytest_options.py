"""The run command's pytest options that the C++ side wires: -m, node ids, pytest.ini's
testpaths / python_files / markers, unsupported keys named in a warning."""
import json
import os
import subprocess

import pytest

BIN = os.environ.get("PYSPACE_TEST_BIN", "/work/main/build/app/pyspace-test")
# Suites importing pytest need it in the embedded Python (tests/CMakeLists.txt: the oracle).
needs_embedded_pytest = pytest.mark.skipif(os.environ.get("PYSPACE_TEST_ORACLE") == "",
                                           reason="the suite imports pytest and the embedded Python has none")


def run(cwd, *args):
    result = subprocess.run([BIN, "run", "--json-events", str(cwd / "events.jsonl"), *args],
                            cwd=cwd, capture_output=True, text=True, timeout=120)
    events = []
    if (cwd / "events.jsonl").exists():
        events = [json.loads(line) for line in (cwd / "events.jsonl").read_text().splitlines()]
    return result, events


def ran(events):
    return sorted(e["id"] for e in events if e["event"] == "test")


def write_marked(tmp_path):
    (tmp_path / "test_marks.py").write_text(
        "import pytest\n\n@pytest.mark.slow\ndef test_slow():\n    pass\n\n"
        "def test_fast():\n    pass\n\nclass TestGroup:\n    def test_a(self):\n        pass\n"
        "    def test_b(self):\n        pass\n")


@needs_embedded_pytest
def test_m_selects_by_marker(tmp_path):
    write_marked(tmp_path)
    result, events = run(tmp_path, "-m", "slow")
    assert result.returncode == 0, result.stdout + result.stderr
    assert ran(events) == ["test_marks.py::test_slow"]
    result, events = run(tmp_path, "-m", "not slow")
    assert "test_marks.py::test_slow" not in ran(events) and len(ran(events)) == 3


def test_a_bad_m_expression_is_a_usage_error(tmp_path):
    write_marked(tmp_path)
    result, _ = run(tmp_path, "-m", "slow and (")
    assert result.returncode == 4
    assert "-m" in result.stderr


@needs_embedded_pytest
def test_node_ids_select_a_test_or_a_class(tmp_path):
    write_marked(tmp_path)
    _, events = run(tmp_path, "test_marks.py::TestGroup")
    assert ran(events) == ["test_marks.py::TestGroup::test_a", "test_marks.py::TestGroup::test_b"]
    _, events = run(tmp_path, "test_marks.py::test_fast", "test_marks.py::TestGroup::test_b")
    assert ran(events) == ["test_marks.py::TestGroup::test_b", "test_marks.py::test_fast"]


def test_pytest_ini_testpaths_and_python_files(tmp_path):
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\ntestpaths = checks\npython_files = check_*.py\nmarkers =\n    slow: slow tests\n"
        "enable_assertion_pass_hook = true\n")
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "check_one.py").write_text("def test_one():\n    pass\n")
    (tmp_path / "checks" / "test_ignored.py").write_text("def test_ignored():\n    pass\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "check_other.py").write_text("def test_other():\n    pass\n")
    result, events = run(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ran(events) == ["checks/check_one.py::test_one"]
    warnings = [e["message"] for e in events if e["event"] == "warning"]
    assert any("enable_assertion_pass_hook" in w for w in warnings), warnings
