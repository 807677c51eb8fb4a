"""watch on pytest's engine: a suite with conftest hooks is handed over at the start (auto), and
every save reruns pytest.main() in a fresh space that sees the new code."""
import re
import subprocess
import threading
import time

from conftest import BIN, save

HOOKS = ("import pytest\n\n"
         "def pytest_runtest_setup(item):\n"
         "    item.config.stash.setdefault('seen', []).append(item.nodeid)\n")


class Lines:
    """stdout and stderr of a process, line by line, as they come."""

    def __init__(self, proc):
        self.lines = []
        self._thread = threading.Thread(target=self._read, args=(proc.stdout,), daemon=True)
        self._thread.start()

    def _read(self, stream):
        for raw in stream:
            self.lines.append(raw.decode(errors="replace").rstrip("\n"))

    def closing(self):
        return [line for line in self.lines if " in " in line and ("passed" in line or "failed" in line)]

    def wait_closing(self, count, proc, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.closing()) >= count:
                time.sleep(0.2)  # let the watcher go back to waiting
                return self.closing()
            if proc.poll() is not None:
                self._thread.join(5)
                break
            time.sleep(0.05)
        raise AssertionError(f"expected {count} runs: {self.lines}")


def test_a_hooked_suite_is_watched_on_pytests_engine(project):
    save(project / "tests" / "conftest.py", HOOKS)
    proc = subprocess.Popen([BIN, "watch", "-q", "--max-runs", "2", "-p", "no:cacheprovider"], cwd=project,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        lines = Lines(proc)
        lines.wait_closing(1, proc)
        save(project / "proj" / "alpha.py", "VALUE = 'bbb'\n")
        closing = lines.wait_closing(2, proc)
        assert proc.wait(30) == 1  # the last run's exit status: pytest's
    finally:
        if proc.poll() is None:
            proc.kill()
    text = "\n".join(lines.lines)
    assert "pyspace-test: pytest's engine runs this suite: tests/conftest.py:3 defines the hook " \
           "pytest_runtest_setup" in text
    assert closing[0].startswith("2 passed")
    assert closing[1].startswith("1 failed, 1 passed")  # the fresh space saw the edit
    assert re.search(r"pyspace-test watch: run 2 at \d\d:\d\d:\d\d; changed: proj/alpha.py; "
                     r"running all 2 test files$", text, re.M)
    assert "Module already imported" not in text


def test_engine_pytest_refuses_affected_only(project):
    result = subprocess.run([BIN, "watch", "--engine", "pytest", "--affected-only", "--max-runs", "1"],
                            cwd=project, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert result.returncode == 4
    assert "--affected-only: pytest's engine runs pytest's whole selection on every save" in result.stderr
