"""Shared helpers of the watch-mode benchmarks (watch_latency.py, watch_memory.py); plain
/usr/bin/python3, no pyspace needed.

- make_suite(): the 40-file x 12-test mixed suite of gen_suites.py, copied, plus a project
  module `common.py` that every test file imports (one line, `import common`, added on top), so
  that saving common.py makes every test file affected.
- Watch: a `pyspace-test watch -q --json-events FILE SUITE` process (stdin /dev/null) and a reader
  of its events file that wakes on inotify (IN_MODIFY of the file's directory) and returns each
  run's run_end event when its line is in the file: at once when idle, within READ_INTERVAL
  (2 ms) while a run is writing its test events (waking on each of those 480 events slowed the
  watch process itself by 18-30 ms per rerun on this 2-core machine).
- save(): one open/write/close (the IN_CLOSE_WRITE the watcher reacts to).
- stable_copy(): the binary is copied into the work directory and the copy measured.
"""
import ctypes
import ctypes.util
import json
import os
import pathlib
import select
import shutil
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen_suites  # noqa: E402  (owned by bench/; only called here)

PYTHON = "/usr/bin/python3"
DEFAULT_BINARY = str(HERE.parent / "build" / "app" / "pyspace-test")  # this checkout's build

# The two contents saved alternately: same size, both keep every test passing. Same size on
# purpose: an mtime+size pyc check would miss an edit within the same second.
CONTENTS = ("VALUE = 0  # edited by the watch benchmark\n",
            "VALUE = 1  # edited by the watch benchmark\n")
# Same size again, but importing it raises: every test file then fails to collect.
BROKEN = "VALUE = 1/0# edited by the watch benchmark\n"
assert len(CONTENTS[0]) == len(CONTENTS[1]) == len(BROKEN)

READ_INTERVAL = 0.002   # seconds between reads of the events file while a run is under way

TESTS = 480
FILES = 40


def make_suite(workdir, name="suite"):
    """Writes WORKDIR/NAME: gen_suites' mixed suite + common.py; returns its path."""
    workdir = pathlib.Path(workdir)
    generated = workdir / "gen"
    if not (generated / "mixed").is_dir():
        gen_suites.generate(generated)
    suite = workdir / name
    shutil.rmtree(suite, ignore_errors=True)
    shutil.copytree(generated / "mixed", suite)
    (suite / "common.py").write_text(CONTENTS[0])
    for test in sorted(suite.glob("test_*.py")):
        test.write_text("import common\n" + test.read_text())
    return suite


def stable_copy(binary, workdir):
    """Copies BINARY into WORKDIR and returns (copy, description): the build directory may be
    rebuilt while a benchmark runs (as bench/run_all.sh does, the copy is what is measured)."""
    import hashlib
    binary = pathlib.Path(binary)
    copy = pathlib.Path(workdir) / "pyspace-test"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(binary, copy)
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()[:12]
    built = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(copy.stat().st_mtime))
    return copy, f"{binary} (built {built}Z, sha256 {digest}), measured as a copy"


def save(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_CREAT, 0o644)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def summary(samples):
    """(median, p10, p90)."""
    if len(samples) == 1:
        return samples[0], samples[0], samples[0]
    deciles = statistics.quantiles(samples, n=10, method="inclusive")
    return statistics.median(samples), deciles[0], deciles[-1]


def fmt(label, samples, unit="ms"):
    median, p10, p90 = summary(samples)
    return (f"{label:<44} median {median:9.1f} {unit}  p10 {p10:9.1f}  p90 {p90:9.1f}"
            f"  (n={len(samples)})")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/loadavg") as handle:
        load = " ".join(handle.read().split()[:3])
    return (f"date {time.strftime('%Y-%m-%dT%H:%M:%S%z')}, cpu {cpu}, nproc {os.cpu_count()}, "
            f"load {load}")


def phases(start, marks, end):
    """Milliseconds of a rerun as seen in the events file: save -> run_start line (debounce,
    discovery, space, collection), run_start -> last test line (the tests and their reports),
    last test line -> run_end line (finish, settle, the watch observer, close with leak check)."""
    if "run_start" not in marks or "last_test" not in marks:
        return {}
    return {"save->run_start": (marks["run_start"] - start) * 1000,
            "run_start->last_test": (marks["last_test"] - marks["run_start"]) * 1000,
            "last_test->run_end": (end - marks["last_test"]) * 1000}


class _Inotify:
    """inotify on one directory through libc (no third-party package)."""
    IN_MODIFY, IN_CREATE = 0x2, 0x100

    def __init__(self, directory):
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        if self.libc.inotify_add_watch(self.fd, os.fsencode(directory),
                                       self.IN_MODIFY | self.IN_CREATE) < 0:
            raise OSError(ctypes.get_errno(), "inotify_add_watch")

    def wait(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                while os.read(self.fd, 65536):
                    pass
            except BlockingIOError:
                pass

    def close(self):
        os.close(self.fd)


class Watch:
    """One `pyspace-test watch` process on SUITE, writing WORKDIR/events-TAG/events.jsonl."""

    def __init__(self, binary, suite, workdir, tag, extra=()):
        self.suite = pathlib.Path(suite)
        directory = pathlib.Path(workdir) / f"events-{tag}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        self.events = directory / "events.jsonl"
        self.events.touch()
        self.notify = _Inotify(directory)
        self.log = open(directory / "console.log", "wb")
        self.command = [str(binary), "watch", "-q", "--json-events", str(self.events),
                        *extra, str(self.suite)]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=self.log,
                                        stderr=subprocess.STDOUT, cwd=self.suite, env=env)
        self.reader = None
        self.pending = b""
        self.run_warnings = []   # warning events of the run being read
        self.runs = 0
        self.marks = {}
        self.phases = {}

    @property
    def pid(self):
        return self.process.pid

    def _open(self):
        if self.reader is None:
            self.reader = open(self.events, "rb")
        return self.reader

    def wait_run_end(self, timeout=60.0):
        """Blocks until the next run_end line; returns (event, perf_counter at detection).
        The run's warning events are left in self.run_warnings, and in self.marks the
        perf_counter at which the run_start, first and last test lines were seen (the reporter
        flushes each event: run_start comes after collection, run_end after the space is
        closed, so these split a run into collect / tests / close, as seen from outside)."""
        deadline = time.perf_counter() + timeout
        warnings = []
        self.marks = {}
        while True:
            chunk = self._open().read()
            if chunk:
                self.pending += chunk
                *lines, self.pending = self.pending.split(b"\n")
                for index, line in enumerate(lines):
                    # Cheap on purpose (this wakes up for each of the 480 test events of a run,
                    # on the cores the watch process runs on): only the events of interest
                    # are parsed.
                    head = line[:40]
                    if head.startswith(b'{"event":"test"'):
                        self.marks.setdefault("first_test", time.perf_counter())
                        self.marks["last_test"] = time.perf_counter()
                        continue
                    if not line:
                        continue
                    if head.startswith(b'{"event":"run_start"'):
                        self.marks["run_start"] = time.perf_counter()
                        continue
                    event = json.loads(line)
                    kind = event.get("event")
                    if kind == "warning":
                        warnings.append(event.get("message", ""))
                    elif kind == "run_end":
                        now = time.perf_counter()
                        rest = b"\n".join(lines[index + 1:])
                        self.pending = (rest + b"\n" if rest else b"") + self.pending
                        self.run_warnings = warnings
                        self.runs += 1
                        return event, now
                # Mid-run: the next events come within milliseconds. Waking on each of them
                # (one per test) measurably slows the watch process on 2 cores; reading at
                # most every READ_INTERVAL instead delays the detection by that much at most.
                time.sleep(READ_INTERVAL)
                continue
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command} exited with {self.process.returncode}")
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no run_end within {timeout} s ({self.command})")
            self.notify.wait(min(remaining, 0.05))

    def save_and_wait(self, path, text, timeout=60.0):
        """Saves `text` to `path` and waits for the run it triggers: (event, seconds)."""
        start = time.perf_counter()
        save(path, text)
        event, end = self.wait_run_end(timeout)
        self.phases = phases(start, self.marks, end)
        return event, end - start

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.notify.close()
        self.log.close()
        if self.reader:
            self.reader.close()


def check_run(event, expect_trigger=None, passed=TESTS):
    """Problems with one run_end event (empty list: as expected)."""
    problems = []
    counts = event.get("counts", {})
    if counts.get("passed") != passed or any(counts.get(k) for k in ("failed", "errors")):
        problems.append(f"counts {counts}")
    if expect_trigger is not None and event.get("trigger") != [str(expect_trigger)]:
        problems.append(f"trigger {event.get('trigger')} (expected [{expect_trigger}])")
    return problems
