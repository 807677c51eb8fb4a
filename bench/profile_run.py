"""Where `pyspace-test run` spends its time on a flat suite: an approximation of one run, profiled.

    pyspace-test exec bench/profile_run.py SUITE_DIR [--sort tottime|cumulative] [--limit N] [--plain]

Does in-process what the runner does after start-up (one space, child of the root: import and
collect every test_*.py of SUITE_DIR, then run every item with output capture) under cProfile,
using the runner's internal modules (_pyspace.collect.collect, _pyspace.run.execute). Prints the collect
and run times, then the profile. It is a diagnostic, not a benchmark: cProfile slows
Python-heavy code down by roughly 2x. Before that, without the profiler, it prints what compiling
the suite's files costs, plain and with the runner's assertion rewriting (median of 5).
--plain: only the collect and run times of one run without the profiler (the first run of the
process, as `pyspace-test run` does it: stdlib imports included).
"""
import argparse
import cProfile
import os
import pstats
import statistics
import time

import pyspace
from benchlib import at_root


def test_files(suite):
    return sorted(name for name in os.listdir(suite) if name.startswith("test_") and name.endswith(".py"))


def compile_costs(suite):
    """(plain compile, compile with assertion rewriting) of every test file, seconds, median of 5."""
    from _pyspace.assertion import assert_rewrite
    sources = [(path, open(path, "rb").read()) for path in
               (os.path.join(suite, name) for name in test_files(suite))]
    costs = []
    for compile_one in (lambda source, path: compile(source, path, "exec", dont_inherit=True),
                        assert_rewrite.transform):
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            for path, source in sources:
                compile_one(source, path)
            samples.append(time.perf_counter() - start)
        costs.append(statistics.median(samples))
    return costs


def run_suite(suite):
    from _pyspace.collect import collect
    from _pyspace.run import execute
    files = test_files(suite)
    space = pyspace.ModuleSpace(argv=["pyspace-test"], shared=("pytest", "_pytest", "pluggy", "py", "iniconfig"))
    start = time.perf_counter()
    with space:
        items = []
        for name in files:
            found, errors = collect.collect_file(os.path.join(suite, name), name[:-3], suite, name)
            assert not errors, errors
            items += found
        collected = time.perf_counter()
        session = execute.Session(capture=True)
        session.run_all(items)
        session.close()
    done = time.perf_counter()
    space.close()
    return len(items), collected - start, done - collected


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("suite")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--plain", action="store_true")
    args = parser.parse_args()
    suite = os.path.abspath(args.suite)
    if args.plain:
        with at_root():
            count, collect_s, run_s = run_suite(suite)
        print(f"{count} items: collect {collect_s * 1000:.1f} ms, run {run_s * 1000:.1f} ms")
        return
    plain, rewritten = compile_costs(suite)
    print(f"compiling the test files: {plain * 1000:.1f} ms plain, {rewritten * 1000:.1f} ms with "
          "assertion rewriting (no profiler)")
    profiler = cProfile.Profile()
    with at_root():
        count, collect_s, run_s = profiler.runcall(run_suite, suite)
    print(f"{count} items: collect {collect_s * 1000:.1f} ms, run {run_s * 1000:.1f} ms (under cProfile)")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.limit)


if __name__ == "__main__":
    main()
