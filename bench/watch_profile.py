"""Where a watch-mode rerun spends its time: the runner's Python parts of one rerun, timed apart.

    pyspace-test exec bench/watch_profile.py SUITE [--iterations N] [--cprofile] [--limit N] [--json]

A diagnostic beside watch_latency.py, not a benchmark of its own. In-process, stepping out to
the root, it does what `pyspace-test watch` does per run with the runner's own internal modules
(_pyspace.collect.collect, _pyspace.run.execute, _pyspace.watch.run_dependencies, _pyspace.watch.warm_root), in the order
lib/run/test_runner.cpp and lib/watch/watch_loop.cpp do it:

  space     a ModuleSpace child of the root, shared pytest/_pytest/pluggy/py/iniconfig,
            argv ["pyspace-test"], activated
  import    importing every test file (and so common.py), SUITE first on sys.path
  walk      collect.collect_file() for every test file (the module is imported already: it
            only walks it into items); import + walk is the runner's collection
  run       execute.Session(capture=True): run() every item (then settle() per file, as the
            runner does), finish(), close()
  observe   deactivate, run_dependencies.end_run() and warm_root.candidates() (watch's observer);
            the recording of imports and opens (begin_run()) is on from `space` on
  close     space.close(check_leaks=True)  (a gc.collect() and a weakref check per module)

Two untimed runs first, each followed by warm_root.warm() as watch does, so the root is as warm
as on a rerun. Not covered (C++ in the binary): discovery, the reporters (console dots, the JSON
events file), converting report dicts, the debounce; their sum is roughly the event's
duration_ms minus these parts. --cprofile adds one rerun under cProfile (which slows Python down
about 2x) and prints its top functions by tottime and by cumulative time. --json prints the
samples as one line {"parts_ms": {part: [...]}} (watch_latency.py --profile reads it).
"""
import argparse
from statistics import median
import importlib
import cProfile
import json
import os
import pstats
import sys
import time

import pyspace
from benchlib import at_root

SHARED = ("pytest", "_pytest", "pluggy", "py", "iniconfig")


def one_run(suite, files):
    from _pyspace.collect import collect
    from _pyspace.run import execute
    from _pyspace.watch import run_dependencies, warm_root
    times = {}
    mark = time.perf_counter()

    def lap(name):
        nonlocal mark
        now = time.perf_counter()
        times[name] = (now - mark) * 1000
        mark = now

    run_dependencies.begin_run([suite])
    space = pyspace.ModuleSpace(argv=["pyspace-test"], shared=SHARED)
    space.activate()
    lap("space")
    try:
        if suite not in sys.path:
            sys.path.insert(0, suite)   # as collect_file() does (pytest's "prepend")
        for name in files:   # imported first, so that collect_file() below only walks
            importlib.import_module(name[:-3])
        lap("import")
        per_file = []
        for name in files:
            items, errors = collect.collect_file(os.path.join(suite, name), name[:-3], suite, name)
            assert not errors, errors
            per_file.append(items)
        lap("walk")
        space.checkpoint()
        session = execute.Session(capture=True)
        flat = [item for items in per_file for item in items]
        index = 0
        outcomes = {}
        for items in per_file:
            for item in items:
                index += 1
                for report in session.run(item, flat[index] if index < len(flat) else None):
                    if report["when"] == "call" or report["outcome"] != "passed":
                        outcomes[report["outcome"]] = outcomes.get(report["outcome"], 0) + 1
            space.settle()
        session.finish()
        session.close()
        del per_file, flat, items, item, session   # the runner's items are gone before close
        lap("run")
    finally:
        space.deactivate()
    run_dependencies.end_run()
    warm, _ = warm_root.candidates(space)
    lap("observe")
    leaks = space.close(check_leaks=True)
    lap("close")
    warm_root.warm(warm)
    return times, outcomes, leaks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("suite")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--limit", type=int, default=25)
    parser.add_argument("--json", action="store_true", help="print the samples as one JSON line")
    args = parser.parse_args()
    suite = os.path.abspath(args.suite)
    files = sorted(name for name in os.listdir(suite) if name.startswith("test_") and name.endswith(".py"))
    samples = {}
    with at_root():
        for _ in range(2):
            one_run(suite, files)
        for _ in range(args.iterations):
            times, outcomes, leaks = one_run(suite, files)
            for part, value in times.items():
                samples.setdefault(part, []).append(value)
            samples.setdefault("total", []).append(sum(times.values()))
        print(f"{len(files)} files, outcomes {outcomes}, {len(leaks)} leak warnings in the last run")
        for part, values in samples.items():
            print(f"  {part:<8} median {median(values):8.1f} ms  min {min(values):8.1f}  "
                  f"max {max(values):8.1f}  (n={len(values)})")
        if args.json:
            print(json.dumps({"parts_ms": samples}))
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.runcall(one_run, suite, files)
            for key in ("tottime", "cumulative"):
                print(f"--- one rerun under cProfile, by {key}")
                pstats.Stats(profiler, stream=sys.stdout).sort_stats(key).print_stats(args.limit)


if __name__ == "__main__":
    main()
