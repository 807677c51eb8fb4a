"""Memory of a long-running `pyspace-test watch`: VmRSS over 200 reruns.

    /usr/bin/python3 bench/watch_memory.py [--binary PYSPACE_TEST] [--workdir DIR]
        [--saves 200] [--pause S] [--debounce MS] [--json FILE]

Suite: gen_suites' mixed suite plus `common.py`, imported by every test file (watch_suite.py).
Starts `pyspace-test watch -q --json-events F SUITE` (stdin /dev/null; `--debounce MS` passed
only when given), waits for the first run_end, then saves common.py SAVES times (two same-size
contents, alternating), waiting each time for the run_end line the save triggers and checking
it (480 passed, trigger [common.py]). S seconds (default 0.1) after each run_end, VmRSS of the
watch process is read from /proc/PID/status (the pause lets the post-run work finish).

Prints VmRSS after run 1, 11 and SAVES+1, the growth 1 -> last and 11 -> last (target: <= 5 MiB
over 200 reruns), the least-squares slope over runs 11..last in KiB per run, and the number of
warning events per run (leak warnings name modules still alive after a space was closed).
"""
import argparse
import json
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import watch_suite as ws  # noqa: E402

TARGET_MIB = 5.0


def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=ws.DEFAULT_BINARY)
    parser.add_argument("--workdir")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--pause", type=float, default=0.1)
    parser.add_argument("--debounce", type=int)
    parser.add_argument("--json", help="write the VmRSS series here")
    args = parser.parse_args()
    workdir = pathlib.Path(args.workdir or tempfile.mkdtemp(prefix="watch_memory."))
    print(ws.machine())
    binary, described = ws.stable_copy(args.binary, workdir)
    print(f"binary {described}\nworkdir {workdir}")
    suite = ws.make_suite(workdir, "suite")
    extra = ["--debounce", str(args.debounce)] if args.debounce is not None else []
    watch = ws.Watch(binary, suite, workdir, "memory", extra)
    common = suite / "common.py"
    rss, warnings, durations, problems = [], [], [], []
    started = time.perf_counter()
    try:
        event, _ = watch.wait_run_end(120)
        problems += [f"run 1: {p}" for p in ws.check_run(event)]
        time.sleep(args.pause)
        rss.append(ws.rss_kib(watch.pid))
        warnings.append(len(watch.run_warnings))
        for save in range(1, args.saves + 1):
            event, _ = watch.save_and_wait(common, ws.CONTENTS[save % 2])
            problems += [f"run {save + 1}: {p}" for p in ws.check_run(event, common)]
            durations.append(event["duration_ms"])
            warnings.append(len(watch.run_warnings))
            time.sleep(args.pause)
            rss.append(ws.rss_kib(watch.pid))
    finally:
        watch.stop()
    elapsed = time.perf_counter() - started

    last = len(rss)
    mib = lambda kib: kib / 1024  # noqa: E731
    print(f"{args.saves} saves, {last} runs in {elapsed:.0f} s; run_end duration_ms median "
          f"{ws.summary(durations)[0]:.0f} ms")
    for run in (1, 11, last):
        if run <= last:
            print(f"VmRSS after run {run:>3}: {mib(rss[run - 1]):7.1f} MiB")
    growth_all = mib(rss[-1] - rss[0])
    print(f"growth run 1 -> {last}:  {growth_all:+.1f} MiB  (target <= {TARGET_MIB} MiB: "
          f"{'met' if growth_all <= TARGET_MIB else 'MISSED'})")
    if last > 11:
        growth_warm = mib(rss[-1] - rss[10])
        per_run = slope(list(range(11, last + 1)), rss[10:])
        print(f"growth run 11 -> {last}: {growth_warm:+.1f} MiB  ({per_run:+.1f} KiB per run, "
              f"least squares over runs 11..{last})")
    print(f"warning events per run: run 1: {warnings[0]}, run 2: {warnings[1] if last > 1 else '-'}, "
          f"runs 3..{last}: {sorted(set(warnings[2:]))}")
    if problems:
        print("PROBLEMS:\n  " + "\n  ".join(problems[:20]))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"rss_kib": rss, "warnings": warnings, "duration_ms": durations,
                       "problems": problems}, handle)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
