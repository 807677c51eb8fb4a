"""Drives `pyspace-test watch` in a subprocess and follows its JSON events file."""
import json
import os
import pty
import select
import signal
import subprocess
import time

import pytest

BIN = os.environ.get("PYSPACE_TEST_BIN", "/work/main/build/app/pyspace-test")
# The screen is 80 columns whatever the caller's COLUMNS: the short summary is cut to the width.
ENV = dict(os.environ, COLUMNS="80")


class Watch:
    def __init__(self, root, *args):
        self.events_path = root / "events.jsonl"
        self.proc = subprocess.Popen(
            [BIN, "watch", "-q", "--json-events", str(self.events_path), *args],
            cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV)

    def events(self):
        if not self.events_path.exists():
            return []
        lines = self.events_path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def runs(self):
        return [e for e in self.events() if e["event"] == "run_end"]

    def wait_runs(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.runs()) >= count:
                time.sleep(0.15)  # let the watcher go back to waiting
                return self.runs()
            if self.proc.poll() is not None and len(self.runs()) < count:
                break
            time.sleep(0.05)
        raise AssertionError(f"expected {count} runs, saw {len(self.runs())}: {self.output()}")

    def tests_of_run(self, index):
        """The `test` events of run number `index` (0-based)."""
        runs, current = [], []
        for event in self.events():
            if event["event"] == "test":
                current.append(event)
            elif event["event"] == "run_end":
                runs.append(current)
                current = []
        return runs[index]

    def tests_of_run_so_far(self):
        """The `test` events since the last `run_end`."""
        current = []
        for event in self.events():
            if event["event"] == "test":
                current.append(event)
            elif event["event"] == "run_end":
                current = []
        return current

    def finish(self, timeout=30):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        return self.proc.returncode

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        return self.finish()

    def output(self):
        if self.proc.poll() is None:
            return "(still running)"
        return self.proc.stdout.read().decode(errors="replace")


class TerminalWatch(Watch):
    """`pyspace-test watch` on a pseudo-terminal: keys can be pressed, the screen read."""

    def __init__(self, root, *args):
        self.events_path = root / "events.jsonl"
        master, slave = pty.openpty()
        env = dict(ENV, NO_COLOR="1")
        self.proc = subprocess.Popen(
            [BIN, "watch", "-q", "--no-clear", "--json-events", str(self.events_path), *args],
            cwd=root, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.master = master
        self.screen = ""

    def press(self, keys):
        os.write(self.master, keys.encode())

    def read(self, timeout=0.0):
        while True:
            ready, _, _ = select.select([self.master], [], [], timeout)
            if not ready:
                return self.screen
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return self.screen
            if not data:
                return self.screen
            self.screen += data.decode(errors="replace").replace("\r\n", "\n")
            timeout = 0.0

    def wait_for(self, text, timeout=30):
        """Reads the screen until `text` is on it after what was already read; returns the rest."""
        start = len(self.screen)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read(0.05)
            if text in self.screen[start:]:
                return self.screen[start:]
        raise AssertionError(f"{text!r} not on the screen: {self.screen[start:]!r}")

    def output(self):
        return self.read()


def _processes(make, close=lambda process: None):
    """A fixture's body: yields start(*args), which makes a process with make(*args); at teardown
    every one still running is killed, then close(process) for each."""
    started = []

    def start(*args):
        process = make(*args)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.proc.poll() is None:
            process.proc.kill()
            process.proc.wait()
        close(process)


@pytest.fixture
def terminal(project):
    yield from _processes(lambda *args: TerminalWatch(project, *args), lambda process: os.close(process.master))


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.pyspace-test]\npython_path = ["."]\n')
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "__init__.py").write_text("")
    (tmp_path / "proj" / "alpha.py").write_text("VALUE = 'aaa'\n")
    (tmp_path / "proj" / "beta.py").write_text("def beta():\n    return 2\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_alpha.py").write_text(
        "from proj import alpha\n\ndef test_alpha():\n    assert alpha.VALUE == 'aaa'\n")
    (tmp_path / "tests" / "test_beta.py").write_text(
        "from proj.beta import beta\n\ndef test_beta():\n    assert beta() == 2\n")
    return tmp_path


@pytest.fixture
def watch(project):
    yield from _processes(lambda *args: Watch(project, *args))


def add(project, relative, text):
    """Writes a new file of the project (its directories made)."""
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def ran(w, index):
    """The sorted ids of the tests of run number `index` (0-based)."""
    return sorted({t["id"] for t in w.tests_of_run(index)})


def save(path, text):
    """Writes like an editor would, in one write()."""
    path.write_text(text)
