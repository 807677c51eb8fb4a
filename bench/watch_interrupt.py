"""How fast a save stops a stale watch run.

    /usr/bin/python3 bench/watch_interrupt.py [--binary PYSPACE_TEST] [--workdir DIR] [--iterations N]

Suite: `helper.py` and tests/test_slow.py, 500 tests of 2 ms each (time.sleep) that import it.
`pyspace-test watch -q --json-events F DIR < /dev/null` at its default settings. Each iteration:
save test_slow.py (a run of the 500 tests starts), wait until that run's first `test` event is in
F, save helper.py, and time save -> the stale run's `run_end` line (checked: interrupted, fewer
than 500 tests); then wait for the next run (every change since: both files) to end, checked
complete. The stop happens before the next test, so the time is at most one test (2 ms), the
watcher's poll between tests, the run's ending (session teardown, closing the space with the
leak check) and the detection of the line.
"""
import argparse
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import watch_suite as ws  # noqa: E402

TESTS = 500
SLOW = ("import time\nimport pytest\nimport helper\n\n@pytest.mark.parametrize('n', range({n}))\n"
        "def test_slow(n):\n    time.sleep(0.002)\n    assert helper.VALUE == 1  # {tag}\n")


def events(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=ws.DEFAULT_BINARY)
    parser.add_argument("--workdir")
    parser.add_argument("--iterations", type=int, default=10)
    args = parser.parse_args()
    workdir = pathlib.Path(args.workdir or tempfile.mkdtemp(prefix="watch_interrupt."))
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    print(ws.machine())
    binary, described = ws.stable_copy(args.binary, workdir)
    print(f"binary: {described}")
    suite = workdir / "suite"
    (suite / "tests").mkdir(parents=True, exist_ok=True)
    (suite / "pytest.ini").write_text("[pytest]\npythonpath = .\n")
    helper = suite / "helper.py"
    helper.write_text("VALUE = 1  # a\n")
    slow = suite / "tests" / "test_slow.py"
    slow.write_text(SLOW.format(n=TESTS, tag="a"))
    watch = ws.Watch(binary, suite, workdir, "interrupt")
    stops = []
    try:
        watch.wait_run_end(timeout=60)
        for index in range(args.iterations):
            ws.save(slow, SLOW.format(n=TESTS, tag="b" if index % 2 else "c"))
            seen = len(events(watch.events))
            deadline = time.monotonic() + 10
            while not any(e["event"] == "test" for e in events(watch.events)[seen:]):
                if time.monotonic() > deadline:
                    raise RuntimeError("the run did not start")
                time.sleep(0.002)
            start = time.perf_counter()
            ws.save(helper, f"VALUE = 1  # {'b' if index % 2 else 'c'}\n")
            event, now = watch.wait_run_end()
            if not event["interrupted"] or event["counts"].get("passed", 0) >= TESTS:
                raise RuntimeError(f"the stale run was not stopped: {event}")
            stops.append((now - start) * 1000)
            event, _ = watch.wait_run_end()
            if event["counts"].get("passed") != TESTS or sorted(event["trigger"]) != sorted([str(helper), str(slow)]):
                raise RuntimeError(f"the next run is not complete: {event}")
            time.sleep(0.15)
    finally:
        watch.process.terminate()
        watch.process.wait(10)
    print(ws.fmt("save during a run -> the stale run's run_end", stops))
    print(f"median {statistics.median(stops):.1f} ms")


if __name__ == "__main__":
    main()
