#!/usr/bin/env python3
"""What pytest's engine gives in watch mode: a rerun of a plugin-heavy suite after a save,
against a fresh `python3 -m pytest` of the same suite, interleaved (docs/performance.md §12).

    bench/pytest_engine_watch.py PYSPACE_BINARY [ROUNDS]

The suite (written to a temporary directory) has a conftest.py with pytest_configure and
pytest_collection_modifyitems, 20 test files of 10 tests, and a test using pytest-mock's
`mocker` when it is installed: `--engine auto` hands it to pytest's engine. Both sides load the
machine's installed plugins (autoload on), with -p no:cacheprovider and -p no:random_order
(pytest-random-order 1.1.0 breaks runs without the cache plugin).

A round: one fresh `python3 -m pytest -q` (wall time of the process), then one save of a test
file under a running `pyspace-test watch -q --debounce 5` (time from the write to the rerun's
closing line on its stdout: inotify, the 5 ms debounce, the fresh space, pytest.main()).
Prints the medians and their ratio.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

FLAGS = ["-q", "-p", "no:cacheprovider", "-p", "no:random_order"]

CONFTEST = """\
def pytest_configure(config):
    config.addinivalue_line("markers", "tagged: a tag")

def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.nodeid)
"""


def write_suite(root):
    with open(os.path.join(root, "conftest.py"), "w") as file:
        file.write(CONFTEST)
    for number in range(20):
        with open(os.path.join(root, f"test_m{number:02d}.py"), "w") as file:
            file.write("import pytest\n\n")
            for test in range(10):
                file.write(f"@pytest.mark.tagged\ndef test_{test}():\n    assert {test} + 1 > {test}\n\n")
    import importlib.util
    if importlib.util.find_spec("pytest_mock") is not None:
        with open(os.path.join(root, "test_mock.py"), "w") as file:
            file.write("def test_mocked(mocker):\n    assert mocker.Mock(return_value=1)() == 1\n")


def closing(line):
    return " in " in line and ("passed" in line or "failed" in line)


class Watch:
    def __init__(self, binary, root):
        env = dict(os.environ)
        env.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        self.proc = subprocess.Popen([binary, "watch", "--debounce", "5", *FLAGS], cwd=root, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.count = 0
        self.lines = []
        self.seen = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode(errors="replace").rstrip("\n")
            with self.seen:
                self.lines.append(line)
                if closing(line):
                    self.count += 1
                    self.seen.notify_all()

    def wait(self, count, timeout=120):
        with self.seen:
            if not self.seen.wait_for(lambda: self.count >= count, timeout):
                raise SystemExit(f"watch did not finish run {count}: {self.lines[-20:]}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.realpath(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    env = dict(os.environ)
    env.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
    with tempfile.TemporaryDirectory() as root:
        write_suite(root)
        watch = Watch(binary, root)
        watch.wait(1)
        handed = [line for line in watch.lines if "pytest's engine runs this suite" in line]
        print(handed[0] if handed else "NOTE: the suite was not handed to pytest's engine")
        fresh, rerun = [], []
        target = os.path.join(root, "test_m00.py")
        for number in range(rounds):
            started = time.perf_counter()
            subprocess.run(["/usr/bin/python3", "-m", "pytest", *FLAGS], cwd=root, env=env, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            fresh.append(time.perf_counter() - started)
            time.sleep(0.2)  # the watch sees no change from the pytest run (no cache, no bytecode)
            with open(target, "a") as file:
                started = time.perf_counter()
                file.write(f"# save {number}\n")
            watch.wait(number + 2)
            rerun.append(time.perf_counter() - started)
        watch.stop()
        last = [line for line in watch.lines if closing(line)][-1]
    fresh_ms = statistics.median(fresh) * 1000
    rerun_ms = statistics.median(rerun) * 1000
    print(f"suite: 201 tests, conftest hooks, installed plugins loaded; last rerun: {last}")
    print(f"fresh python3 -m pytest:       median {fresh_ms:7.1f} ms  (min {min(fresh) * 1000:.1f}, "
          f"max {max(fresh) * 1000:.1f}, n={rounds})")
    print(f"watch rerun (pytest's engine): median {rerun_ms:7.1f} ms  (min {min(rerun) * 1000:.1f}, "
          f"max {max(rerun) * 1000:.1f}, n={rounds})")
    print(f"ratio rerun / fresh: {rerun_ms / fresh_ms:.2f}")


if __name__ == "__main__":
    main()
