"""Report files are safe to write: --junitxml through a symlink, a device or a FIFO writes
through it (as pytest's open(path, "w") does) instead of renaming a regular file over it; a path
that cannot be a report is a usage error before anything runs; a failed write of the events
stream is an error naming the path; captured output follows pytest's junit_logging."""
import os
import stat
import threading
import xml.etree.ElementTree as ET

import pytest

from pst_support import base_env, pst, pytest_run, write_tree

PASSING = {"test_ok.py": "def test_ok():\n    print('hello out')\n"}


@pytest.fixture
def project(tmp_path):
    return write_tree(tmp_path / "proj", PASSING)


def test_a_symlink_is_written_through_and_kept(project, tmp_path):
    real = tmp_path / "reports" / "real.xml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.xml"
    link.symlink_to(real)
    result = pst("run", "--junitxml", link, cwd=project)
    assert result.rc == 0, str(result)
    assert link.is_symlink(), "the link was replaced by a regular file"
    assert ET.parse(real).getroot().tag == "testsuites"


def test_a_dangling_symlink_creates_its_target(project, tmp_path):
    link = tmp_path / "link.xml"
    link.symlink_to(tmp_path / "made.xml")
    result = pst("run", "--junitxml", link, cwd=project)
    assert result.rc == 0, str(result)
    assert link.is_symlink() and (tmp_path / "made.xml").is_file()


def test_a_device_stays_a_device(project, tmp_path):
    """A node of /dev/null's own device (1, 3), made in tmp_path: never the system's /dev/null,
    which a binary with the bug replaces by a regular file (it did, checking this test)."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    before = os.stat(device)
    result = pst("run", "--junitxml", device, cwd=project)
    assert result.rc == 0, str(result)
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_link_to_the_process_stdout_writes_to_stdout(project, tmp_path):
    """Like --junitxml=/dev/stdout, through a link of our own (a binary with the bug would
    replace the system's /dev/stdout link)."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = pst("run", "-q", "--junitxml", link, cwd=project)
    assert result.rc == 0, str(result)
    assert link.is_symlink() and "<testsuites>" in result.out, str(result)


def test_a_fifo_is_written_through(project, tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = pst("run", "--junitxml", fifo, cwd=project)
    reader.join(60)
    assert result.rc == 0, str(result)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and b"<testsuites>" in received[0]


@pytest.mark.parametrize("path, message", [
    (".", "cannot write JUnit XML report .: it is a directory"),
    ("", "cannot write JUnit XML report '': the path is empty"),
    ("/proc/pyspace-test-report.xml", "cannot write JUnit XML report /proc/pyspace-test-report.xml"),
])
def test_an_impossible_junit_path_is_a_usage_error_before_the_run(project, path, message):
    marker = project / "ran.txt"
    (project / "test_ok.py").write_text(f"def test_ok():\n    open({str(marker)!r}, 'w').close()\n")
    result = pst("run", f"--junitxml={path}", cwd=project)
    assert result.rc == 4, str(result)
    assert message in result.err, str(result)
    assert not marker.exists(), "the tests ran before the usage error"


def test_a_full_events_stream_is_an_error_naming_it(project):
    result = pst("run", "--json-events", "/dev/full", cwd=project)
    assert result.rc != 0, str(result)
    assert "cannot write --json-events file /dev/full: No space left on device" in result.err, str(result)


LOGGING_SUITE = {
    "test_out.py": r'''
        import sys

        def test_pass():
            print("pass out")
            print("pass err", file=sys.stderr)

        def test_fail():
            print("fail out")
            print("fail err", file=sys.stderr)
            assert False
        ''',
}


def captured_elements(path):
    """{testcase name: [(tag, text), ...]} of the system-out/system-err children."""
    root = ET.parse(path).getroot()
    return {case.get("name"): [(child.tag, child.text or "") for child in case
                               if child.tag in ("system-out", "system-err")]
            for case in root.iter("testcase")}


@pytest.mark.parametrize("logging", [None, "no", "system-out", "system-err", "out-err", "all", "log"])
def test_junit_logging_matches_pytest(tmp_path, logging):
    files = dict(LOGGING_SUITE)
    if logging is not None:
        files["pytest.ini"] = f"[pytest]\njunit_logging = {logging}\n"
    project = write_tree(tmp_path / "proj", files)
    ours, theirs = tmp_path / "ours.xml", tmp_path / "theirs.xml"
    result = pst("run", "--junitxml", ours, cwd=project)
    oracle = pytest_run("--junitxml", theirs, cwd=project,
                        env=base_env(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"))
    assert result.rc == 1 and oracle.rc == 1, f"{result}\n{oracle}"
    assert captured_elements(ours) == captured_elements(theirs)
    assert "fail out" in result.out  # the console keeps a failing test's output


def test_passing_output_stays_out_of_events_by_default(tmp_path):
    project = write_tree(tmp_path / "proj", LOGGING_SUITE)
    events = tmp_path / "events.jsonl"
    pst("run", "--json-events", events, cwd=project)
    text = events.read_text()
    assert "pass out" not in text and "pass err" not in text
    assert "fail out" in text and "fail err" in text
