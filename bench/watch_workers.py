"""Watch mode with and without -n: save -> run_end when every test is affected.

    /usr/bin/python3 bench/watch_workers.py BINARY [SAVES]

Two `pyspace-test watch` processes (watch_suite.Watch), one plain and one with `-n 2`, each on its
own copy of the mixed suite with common.py (watch_suite.make_suite: 40 files x 12 tests, all
importing common.py), in /tmp/wnb. Interleaved, SAVES times (default 16): save a one-line change
of common.py in one suite, wait for its run_end (all 480 tests passed), then the other. The first
save of each is not counted (it still warms the root). Prints median, p10 and p90 per process.
Set PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 as for the other benchmarks.
"""
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import watch_suite as ws  # noqa: E402


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    saves = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    work = pathlib.Path("/tmp/wnb")
    suites = {tag: ws.make_suite(work, f"suite-{tag}") for tag in ("plain", "n2")}
    watches = {"plain": ws.Watch(binary, suites["plain"], work, "plain"),
               "n2": ws.Watch(binary, suites["n2"], work, "n2", extra=("-n", "2"))}
    try:
        for watch in watches.values():
            watch.wait_run_end()
        samples = {tag: [] for tag in watches}
        for index in range(saves):
            for tag, watch in watches.items():
                event, seconds = watch.save_and_wait(suites[tag] / "common.py", f"VALUE = {index % 2}\n")
                if event["counts"]["passed"] != ws.TESTS:
                    raise RuntimeError(f"{tag}: {event}")
                if index > 0:
                    samples[tag].append(seconds * 1000)
                time.sleep(0.15)
        for tag, values in samples.items():
            ordered = sorted(values)
            print(f"watch {tag:5}: save -> run_end median {statistics.median(values):.1f} ms, "
                  f"p10 {ordered[len(ordered) // 10]:.1f}, p90 {ordered[len(ordered) * 9 // 10]:.1f} (n={len(values)})")
    finally:
        for watch in watches.values():
            watch.stop()


if __name__ == "__main__":
    main()
