"""Watch-mode rerun latency against a fresh pytest process and against the in-process floor.

    /usr/bin/python3 bench/watch_latency.py [--binary PYSPACE_TEST] [--workdir DIR]
        [--iterations N] [--rounds R] [--pause S] [--json FILE] [--profile]

Suite: gen_suites' mixed suite (40 files x 12 tests) plus a project module `common.py` that
every test file imports (watch_suite.make_suite), in three identical copies under WORKDIR: one
per watch process and one for pytest and the floor, so that no process sees another's writes.

Two watch processes run side by side, idle while the other works:
  d50: `pyspace-test watch -q --json-events F SUITE`               (default debounce: 50 ms until issue 18, 20 ms since; the tag kept)
  d0:  `pyspace-test watch -q --json-events F --debounce 0 SUITE`
both with stdin from /dev/null. After each one's first run_end, N times (in R rounds): take a
timestamp, save a one-line change to common.py (two same-size contents, alternating, both
passing), wait until the new run_end line is in F (watch_suite.Watch: woken by inotify on F's
directory, then reading at most every 2 ms while the run writes its test events); that is the
latency. One untimed save comes first (the first rerun still warms the root). Each run_end
is checked: 480 passed, trigger [common.py]. Between saves the script pauses S seconds
(default 0.15: the watcher finishes its post-run work, as between a developer's saves). In each round, interleaved with the saves: N/R fresh processes
`/usr/bin/python3 -m pytest -q -p no:cacheprovider SUITE` (bytecode caches on and warm), and one
`pyspace-test exec bench/watch_floor.py SUITE --iterations N/R --json` (the floor), and with
--profile one `pyspace-test exec bench/watch_profile.py SUITE --iterations N/R --json` (the
Python parts of a rerun, timed apart: space, import, walk, run, observe, close). The binary is
copied into WORKDIR first and the copy is measured (the build directory may be rebuilt).

The events file also splits each rerun, as seen from outside (the reporter flushes each event):
save -> run_start line (debounce, discovery, new space, collection), run_start -> last test
line (the tests), last test line -> run_end line (finish, the watch observer, close with the
leak check).

Prints medians, p10, p90 and the ratios pytest / watch rerun (target >= 25) and watch rerun /
floor (target <= 2), both as the ratio of the overall medians and as the median over the rounds
of each round's ratio of medians (the verdict uses the latter: on a shared machine the load moves
between rounds, and a round's samples were taken within seconds of each other); the run_end
duration_ms (the run as the runner times it) beside the end-to-end latency; and a freshness
check: saving a common.py that raises at import, of the same size and with its mtime set back
to the passing version's (os.utime right after the write), must make every file fail to
collect, and the next save pass again.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import watch_suite as ws  # noqa: E402

FLOOR = pathlib.Path(__file__).resolve().parent / "watch_floor.py"
PROFILE = pathlib.Path(__file__).resolve().parent / "watch_profile.py"


def time_pytest(suite, env):
    start = time.perf_counter()
    done = subprocess.run([ws.PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)],
                          cwd=suite, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"pytest failed:\n{done.stdout.decode()[-2000:]}")
    return elapsed * 1000


def exec_json(binary, script, suite, iterations, env):
    """The JSON object a bench script run with `pyspace-test exec` prints last (--json)."""
    done = subprocess.run([str(binary), "exec", str(script), str(suite), "--iterations",
                           str(iterations), "--json"], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{script.name} failed:\n{done.stdout[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_floor(binary, suite, iterations, env):
    return exec_json(binary, FLOOR, suite, iterations, env)


def run_profile(binary, suite, iterations, env):
    return exec_json(binary, PROFILE, suite, iterations, env)["parts_ms"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=ws.DEFAULT_BINARY)
    parser.add_argument("--workdir")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pause", type=float, default=0.15)
    parser.add_argument("--json", help="write the raw samples here")
    parser.add_argument("--profile", action="store_true",
                        help="also run watch_profile.py each round: the rerun's Python parts")
    args = parser.parse_args()
    workdir = pathlib.Path(args.workdir or tempfile.mkdtemp(prefix="watch_latency."))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    per_round = max(args.iterations // args.rounds, 1)

    print(ws.machine())
    binary, described = ws.stable_copy(args.binary, workdir)
    print(f"binary {described}\nworkdir {workdir}")
    suites = {tag: ws.make_suite(workdir, f"suite-{tag}") for tag in ("d50", "d0", "ref")}
    time_pytest(suites["ref"], env)   # writes pytest's __pycache__ once: warm caches after
    watches = {"d50": ws.Watch(binary, suites["d50"], workdir, "d50"),
               "d0": ws.Watch(binary, suites["d0"], workdir, "d0", ["--debounce", "0"])}
    latency = {tag: [] for tag in watches}
    duration = {tag: [] for tag in watches}
    warnings = {tag: [] for tag in watches}
    phases = {tag: {} for tag in watches}
    pytest_ms, floor = [], {"floor_ms": [], "floor_leakcheck_ms": [], "parts_ms": {}}
    profile = {}
    problems = []
    try:
        for tag, watch in watches.items():
            event, _ = watch.wait_run_end(120)
            problems += [f"{tag} first run: {p}" for p in ws.check_run(event)]
            print(f"{tag}: first run {event['duration_ms']:.0f} ms, {event['summary']}")
        for tag, watch in watches.items():   # the first rerun (untimed) warms the root further
            time.sleep(args.pause)
            common = watch.suite / "common.py"
            event, seconds = watch.save_and_wait(common, ws.CONTENTS[1])
            problems += [f"{tag} warm-up save: {p}" for p in ws.check_run(event, common)]
            print(f"{tag}: first rerun (untimed) {seconds * 1000:.0f} ms end to end, duration_ms "
                  f"{event['duration_ms']:.0f}, {len(watch.run_warnings)} warning events")
        count = 0
        for round_ in range(args.rounds):
            for _ in range(per_round):
                for tag, watch in watches.items():
                    time.sleep(args.pause)
                    common = watch.suite / "common.py"
                    event, seconds = watch.save_and_wait(common, ws.CONTENTS[count % 2])
                    latency[tag].append(seconds * 1000)
                    duration[tag].append(event["duration_ms"])
                    warnings[tag].append(len(watch.run_warnings))
                    for phase, value in watch.phases.items():
                        phases[tag].setdefault(phase, []).append(value)
                    problems += [f"{tag} save {count + 1}: {p}" for p in ws.check_run(event, common)]
                count += 1
                pytest_ms.append(time_pytest(suites["ref"], env))
            result = run_floor(binary, suites["ref"], per_round, env)
            if result["tests"] != ws.TESTS or result["failed"]:
                problems.append(f"floor ran {result['tests']} tests, {result['failed']} failed")
            floor["floor_ms"] += result["floor_ms"]
            floor["floor_leakcheck_ms"] += result["floor_leakcheck_ms"]
            for part, samples in result["parts_ms"].items():
                floor["parts_ms"].setdefault(part, []).extend(samples)
            if args.profile:
                for part, samples in run_profile(binary, suites["ref"], per_round, env).items():
                    profile.setdefault(part, []).extend(samples)
            print(f"round {round_ + 1}/{args.rounds} done")

        # Freshness: content that fails to import, same size and (set back with os.utime right
        # after the write, within the 50 ms debounce) the same mtime as the passing version.
        watch = watches["d50"]
        common = watch.suite / "common.py"
        time.sleep(args.pause)
        before = os.stat(common)
        ws.save(common, ws.BROKEN)
        os.utime(common, ns=(before.st_atime_ns, before.st_mtime_ns))
        event, _ = watch.wait_run_end(60)
        broken_ok = event["counts"].get("collect_errors") == ws.FILES and not event["counts"].get("passed")
        time.sleep(args.pause)
        event, _ = watch.save_and_wait(common, ws.CONTENTS[0])
        fixed_ok = not ws.check_run(event, common)
        rss = {tag: ws.rss_kib(w.pid) for tag, w in watches.items()}
    finally:
        for watch in watches.values():
            watch.stop()

    print()
    print(f"suite: {ws.FILES} files x 12 tests + common.py; {count} saves per watch process")
    for tag in watches:
        print(ws.fmt(f"watch {tag}: save -> run_end in events file", latency[tag]))
        print(ws.fmt(f"watch {tag}: run_end duration_ms", duration[tag]))
        overhead = [a - b for a, b in zip(latency[tag], duration[tag])]
        print(ws.fmt(f"watch {tag}: latency - duration_ms", overhead))
        for phase, samples in phases[tag].items():
            print(ws.fmt(f"  watch {tag} phase {phase}", samples))
    print(ws.fmt("fresh pytest process", pytest_ms))
    print(ws.fmt("floor (watch_floor.py, in-process)", floor["floor_ms"]))
    print(ws.fmt("floor + close(check_leaks=True)", floor["floor_leakcheck_ms"]))
    for part, samples in floor["parts_ms"].items():
        print(ws.fmt(f"  floor part {part}", samples))
    for part, samples in profile.items():
        print(ws.fmt(f"  rerun part (watch_profile.py) {part}", samples))
    median = lambda samples: ws.summary(samples)[0]  # noqa: E731
    pytest_median = median(pytest_ms)
    floor_median = median(floor["floor_ms"])
    # The load of a shared machine moves between rounds: the ratio of the medians of each
    # round (samples taken minutes apart do not compare), then the median over the rounds.
    rounds = lambda samples: [samples[r * per_round:(r + 1) * per_round]  # noqa: E731
                              for r in range(args.rounds)]
    per_round_ratio = lambda num, den: median([median(a) / median(b)  # noqa: E731
                                               for a, b in zip(rounds(num), rounds(den))])
    for tag in watches:
        lat = median(latency[tag])
        speedup = per_round_ratio(pytest_ms, latency[tag])
        over_floor = per_round_ratio(latency[tag], floor["floor_ms"])
        print(f"ratio pytest / watch {tag} rerun: {pytest_median / lat:6.2f}x of the medians, "
              f"{speedup:6.2f}x median of per-round ratios  (target >= 25x: "
              f"{'met' if speedup >= 25 else 'MISSED'})")
        print(f"ratio watch {tag} rerun / floor: {lat / floor_median:6.2f}x of the medians, "
              f"{over_floor:6.2f}x median of per-round ratios  (target <= 2x: "
              f"{'met' if over_floor <= 2 else 'MISSED'})")
    print(f"freshness (same size, mtime set back): broken common.py -> "
          f"{'all files fail to collect' if broken_ok else 'NOT DETECTED'}, restored -> "
          f"{'480 passed' if fixed_ok else 'WRONG'}")
    print(f"warning events per rerun (d50): {sorted(set(warnings['d50']))}; "
          f"VmRSS at the end: " + ", ".join(f"{t} {v / 1024:.1f} MiB" for t, v in rss.items()))
    if problems or not (broken_ok and fixed_ok):
        print("PROBLEMS:\n  " + "\n  ".join(problems or ["freshness check failed"]))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"latency_ms": latency, "duration_ms": duration, "pytest_ms": pytest_ms,
                       "phases_ms": phases, "floor": floor, "profile": profile, "warnings": warnings, "problems": problems}, handle)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
