"""Capture: sys-level and fd-level output per test, in order, and everything restored after."""

import snippet

SUITE = '''
import os, subprocess, sys

def test_print_and_fd():
    print("one")
    os.write(1, b"two\\n")
    print("three")
    sys.stderr.write("err-a\\n")
    os.write(2, b"err-b\\n")

def test_child_process():
    subprocess.run([sys.executable, "-c", "import os; print('child out'); os.write(2, b'child err')"])

def test_silent():
    pass

def test_unicode_and_bytes():
    print("h\\u00e9llo \\udcff")
    sys.stdout.buffer.write(b"raw\\n")

def test_stdout_is_text():
    assert sys.stdout.encoding == "utf-8"
    assert sys.stdout.errors == "backslashreplace"

def test_replaces_stdout():
    import io
    sys.stdout = io.StringIO()
'''


def test_output_per_test_in_order(tmp_path, pyspace_parent):
    (tmp_path / "test_cap.py").write_text(SUITE)
    code = snippet.COLLECT_AND_RUN + """
import os, sys
real_stdout = sys.stdout
fd1_before = os.fstat(1).st_ino
items, errors, reports = collect_and_run("test_cap.py", "test_cap", "test_cap.py")
restored = sys.stdout is real_stdout and os.fstat(1).st_ino == fd1_before
print(json.dumps({"reports": reports, "restored": restored}))
"""
    data, _ = snippet.run(code, pyspace_parent, tmp_path)
    by_name = {r["name"]: r for r in data["reports"]}
    assert by_name["test_print_and_fd"]["stdout"] == "one\ntwo\nthree\n"
    assert by_name["test_print_and_fd"]["stderr"] == "err-a\nerr-b\n"
    assert by_name["test_child_process"]["stdout"] == "child out\n"
    assert by_name["test_child_process"]["stderr"] == "child err"
    assert by_name["test_silent"]["stdout"] == "" and by_name["test_silent"]["stderr"] == ""
    assert by_name["test_unicode_and_bytes"]["stdout"] == "h\u00e9llo \\udcff\nraw\n"
    assert by_name["test_stdout_is_text"]["outcome"] == "passed"
    assert all(r["outcome"] == "passed" for r in data["reports"])
    assert data["restored"]


def test_terminal_fd_writes_outside_capture(tmp_path, pyspace_parent):
    (tmp_path / "test_t.py").write_text("def test_a():\n    print('captured')\n")
    code = snippet.COLLECT_AND_RUN + """
import os
from _pyspace.collect import collect
from _pyspace.run import execute
items, _ = collect.collect_file(os.path.abspath("test_t.py"), "test_t", os.getcwd(), "test_t.py")
session = execute.Session(capture=True)
reports = session.run(items[0], None)
os.write(session.terminal_fd(1), b"progress\\n")
session.close()
print(json.dumps(reports[0]["stdout"]))
"""
    data, proc = snippet.run(code, pyspace_parent, tmp_path)
    assert proc.stdout.startswith("progress\n")
    assert data == "captured\n"


def test_no_capture_passes_output_through(tmp_path, pyspace_parent):
    (tmp_path / "test_n.py").write_text("def test_a():\n    print('visible')\n")
    code = snippet.COLLECT_AND_RUN + """
items, errors, reports = collect_and_run("test_n.py", "test_n", "test_n.py", capture=False)
print(json.dumps(reports[0]["stdout"]))
"""
    data, proc = snippet.run(code, pyspace_parent, tmp_path)
    assert proc.stdout.startswith("visible\n")
    assert data == ""


def test_output_phase_by_phase_as_report_sections(tmp_path, pyspace_parent):
    (tmp_path / "test_p.py").write_text(
        "import os, sys, pytest\n\n"
        "@pytest.fixture\n"
        "def noisy():\n"
        "    print('in setup')\n"
        "    yield\n"
        "    os.write(2, b'in teardown\\n')\n\n"
        "def test_fails(noisy):\n"
        "    print('in call')\n"
        "    assert 0\n\n"
        "def test_passes(noisy):\n"
        "    pass\n")
    code = snippet.COLLECT_AND_RUN + """
items, errors, reports = collect_and_run("test_p.py", "test_p", "test_p.py")
print(json.dumps([[r["stdout"], r["stderr"], *r["sections"][:2]] for r in reports]))
"""
    data, _ = snippet.run(code, pyspace_parent, tmp_path)
    failed, passed = data
    assert failed[:2] == ["in setup\nin call\n", "in teardown\n"]
    assert failed[2] == [["Captured stdout setup", "in setup\n"], ["Captured stdout call", "in call\n"]]
    assert failed[3] == [["Captured stderr teardown", "in teardown\n"]]
    assert passed[2] == [["Captured stdout setup", "in setup\n"]]
    assert passed[3] == [["Captured stderr teardown", "in teardown\n"]]


def test_xunit_and_scope_setup_output_belongs_to_setup(tmp_path, pyspace_parent):
    (tmp_path / "test_x.py").write_text(
        "def setup_module(module):\n"
        "    print('module setup')\n\n"
        "def setup_function(function):\n"
        "    print('function setup')\n\n"
        "def test_a():\n"
        "    print('in call')\n\n"
        "def test_b():\n"
        "    pass\n\n"
        "class TestC:\n"
        "    def setup_method(self, method):\n"
        "        print('method setup')\n\n"
        "    def test_c(self):\n"
        "        pass\n\n"
        "class TestD:\n"
        "    def test_d(self):\n"
        "        print('method call')\n")
    code = snippet.COLLECT_AND_RUN + """
items, errors, reports = collect_and_run("test_x.py", "test_x", "test_x.py")
print(json.dumps([r["sections"][0] for r in reports]))
"""
    data, _ = snippet.run(code, pyspace_parent, tmp_path)
    assert data == [[["Captured stdout setup", "module setup\nfunction setup\n"], ["Captured stdout call", "in call\n"]],
                    [["Captured stdout setup", "function setup\n"]],
                    [["Captured stdout setup", "method setup\n"]],
                    [["Captured stdout call", "method call\n"]]]
