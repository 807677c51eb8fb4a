"""collect_file / Session contracts: item fields, reports, errors, interrupts, no pytest import."""

import snippet

RUN_ALL = snippet.COLLECT_AND_RUN + """
items, errors, reports = collect_and_run(PATH, MODULE, RELPATH)
fields = [{"nodeid": i.nodeid, "file": i.file, "classname": i.classname, "name": i.name,
           "line": i.line, "keywords": sorted(i.keywords)} for i in items]
print(json.dumps({"items": fields, "errors": errors, "reports": reports}))
"""

REPORT_KEYS = {"nodeid", "file", "classname", "name", "line", "outcome", "when", "duration",
               "message", "longrepr", "stdout", "stderr", "warnings", "durations", "sections",
               "user_properties", "xml_attributes", "suite_properties"}


def run_file(tmp_path, pyspace_parent, relpath, text, module):
    path = tmp_path / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    code = f"PATH, MODULE, RELPATH = {str(path)!r}, {module!r}, {relpath!r}\n" + RUN_ALL
    data, _ = snippet.run(code, pyspace_parent, tmp_path)
    return data


def test_item_fields(tmp_path, pyspace_parent):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    text = ("import pytest\n\n"
            "class TestA:\n"
            "    @pytest.mark.parametrize('a,b', [(1, 2)])\n"
            "    def test_b(self, a, b):\n"
            "        pass\n\n"
            "def test_top():\n"
            "    pass\n")
    data = run_file(tmp_path, pyspace_parent, "tests/test_x.py", text, "tests.test_x")
    first, second = data["items"]
    assert first["nodeid"] == "tests/test_x.py::TestA::test_b[1-2]"
    assert first["file"] == "tests/test_x.py"
    assert first["classname"] == "tests.test_x.TestA"
    assert first["name"] == "test_b[1-2]"
    assert first["line"] == 4
    assert {"test_b[1-2]", "TestA", "test_x.py", "tests", "parametrize", "pytestmark"} <= set(first["keywords"])
    assert second["classname"] == "tests.test_x"
    assert second["line"] == 8
    for report in data["reports"]:
        assert set(report) == REPORT_KEYS
        assert report["outcome"] == "passed" and report["when"] == "call"
        assert report["longrepr"] == "" and isinstance(report["duration"], float)


def test_failure_text_shows_assert_values(tmp_path, pyspace_parent):
    text = ("class Box:\n    size = 3\n\n"
            "def test_a():\n    total = 2\n    box = Box()\n    assert total == box.size\n")
    data = run_file(tmp_path, pyspace_parent, "test_f.py", text, "test_f")
    report = data["reports"][0]
    assert report["outcome"] == "failed"
    # not rewritten here: the prefix is kept; the message is the whole explanation
    assert report["message"] == "AssertionError: assert 2 == 3\n +  where 2 = total\n +  where 3 = box.size"
    assert ">       assert total == box.size" in report["longrepr"]
    assert "E       assert 2 == 3" in report["longrepr"]
    assert "where 2 = total" in report["longrepr"]
    assert "where 3 = box.size" in report["longrepr"]
    assert report["longrepr"].rstrip().endswith("test_f.py:7: AssertionError")


def test_edited_file_shows_current_source(tmp_path, pyspace_parent):
    (tmp_path / "test_e.py").write_text("def test_a():\n    assert 1 == 2  # old\n")
    code = snippet.COLLECT_AND_RUN + """
import os, sys
first = collect_and_run("test_e.py", "test_e", "test_e.py")[2][0]["longrepr"]
with open("test_e.py", "w") as f:
    f.write("def test_a():\\n    assert 1 == 3  # new\\n")
del sys.modules["test_e"]
second = collect_and_run("test_e.py", "test_e", "test_e.py")[2][0]["longrepr"]
print(json.dumps([first, second]))
"""
    (first, second), _ = snippet.run(code, pyspace_parent, tmp_path)
    assert "# old" in first
    assert "# new" in second and "# old" not in second


def test_collection_errors(tmp_path, pyspace_parent):
    data = run_file(tmp_path, pyspace_parent, "test_s.py", "def f(:\n    pass\n", "test_s")
    assert data["items"] == []
    (error,) = data["errors"]
    assert error["path"] == "test_s.py"
    # pytest's CollectError: no one-line message (the summary shows a bare "ERROR test_s.py")
    assert error["message"] == ""
    assert 'test_s.py", line 1' in error["longrepr"]
    assert "SyntaxError: invalid syntax" in error["longrepr"]
    data = run_file(tmp_path, pyspace_parent, "test_i.py", "import not_there_zz\n", "test_i")
    (error,) = data["errors"]
    assert error["message"] == ""
    assert "Hint: make sure your test modules/packages have valid Python names." in error["longrepr"]
    assert "test_i.py:1: in <module>" in error["longrepr"]
    assert "ModuleNotFoundError: No module named 'not_there_zz'" in error["longrepr"]


def test_module_level_skip_is_a_skipped_item(tmp_path, pyspace_parent):
    text = "import pytest\npytest.skip('later', allow_module_level=True)\n"
    data = run_file(tmp_path, pyspace_parent, "test_m.py", text, "test_m")
    assert data["errors"] == []
    (report,) = data["reports"]
    assert (report["nodeid"], report["outcome"], report["message"]) == ("test_m.py", "skipped", "later")


def test_suite_without_pytest_does_not_import_it(tmp_path, pyspace_parent):
    text = ("import sys, unittest\n"
            "def test_a():\n    assert 'pytest' not in sys.modules and '_pytest' not in sys.modules\n"
            "def test_b():\n    assert 0\n"
            "class T(unittest.TestCase):\n    def test_c(self):\n        self.skipTest('x')\n")
    data = run_file(tmp_path, pyspace_parent, "test_n.py", text, "test_n")
    assert [r["outcome"] for r in data["reports"]] == ["passed", "failed", "skipped"]


def test_keyboard_interrupt_propagates_and_restores(tmp_path, pyspace_parent):
    (tmp_path / "test_k.py").write_text("def test_a():\n    raise KeyboardInterrupt\n")
    code = """
import os, sys
from _pyspace.collect import collect
from _pyspace.run import execute
items, _ = collect.collect_file(os.path.abspath("test_k.py"), "test_k", os.getcwd(), "test_k.py")
session = execute.Session(capture=True)
stdout = sys.stdout
try:
    session.run(items[0], None)
    outcome = "no exception"
except KeyboardInterrupt:
    outcome = "KeyboardInterrupt"
restored = sys.stdout is stdout
session.close()
print(json.dumps([outcome, restored]))
"""
    data, _ = snippet.run(code, pyspace_parent, tmp_path)
    assert data == ["KeyboardInterrupt", True]


def test_pytest_exit_sets_exit_reason(tmp_path, pyspace_parent):
    (tmp_path / "test_x.py").write_text("import pytest\ndef test_a():\n    pytest.exit('stop now')\n")
    code = """
import os
from _pyspace.collect import collect
from _pyspace.run import execute
items, _ = collect.collect_file(os.path.abspath("test_x.py"), "test_x", os.getcwd(), "test_x.py")
session = execute.Session(capture=True)
reports = session.run(items[0], None)
session.close()
print(json.dumps([reports, session.exit_reason]))
"""
    data, _ = snippet.run(code, pyspace_parent, tmp_path)
    assert data == [[], "stop now"]  # as pytest's Exit: the phase that called it reports nothing


def test_finish_tears_down_remaining_scopes(tmp_path, pyspace_parent):
    (tmp_path / "test_t.py").write_text(
        "def teardown_module():\n    raise RuntimeError('late')\n\ndef test_a():\n    pass\n")
    code = """
import os
from _pyspace.collect import collect
from _pyspace.run import execute
items, _ = collect.collect_file(os.path.abspath("test_t.py"), "test_t", os.getcwd(), "test_t.py")
session = execute.Session(capture=True)
first = session.run(items[0], items[0])  # caller keeps the module set up
finished = session.finish()
session.close()
print(json.dumps([[r["outcome"] for r in first], [(r["when"], r["outcome"], r["message"]) for r in finished]]))
"""
    data, _ = snippet.run(code, pyspace_parent, tmp_path)
    assert data == [["passed"], [["teardown", "error", "RuntimeError: late"]]]
