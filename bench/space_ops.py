"""Cost of the basic module-space operations, in microseconds per operation.

    pyspace-test exec bench/space_ops.py [--iterations N] [--batch B] [--profile]

Each operation runs N times in batches of B; the per-operation time of each batch is one sample
and the lines show the median, p10 and p90 of the samples. Batches of the different operations
alternate, so they share the machine's noise. Operations:

  root cycle       ModuleSpace() + activate + deactivate + close: a child of the root, as the
                   test runner makes one per run (the first layer also snapshots process state)
  root toggle      activate + deactivate of one such space
  nested cycle     the same with a child of this script's space (a second layer)
  nested toggle    activate + deactivate of one such child

--profile prints cProfile's top functions for root cycles afterwards.
"""
import argparse
import cProfile
import pstats
import time

import pyspace
from benchlib import at_root, line


def root_cycle(count, _space):
    new = pyspace.ModuleSpace
    start = time.perf_counter_ns()
    for _ in range(count):
        space = new()
        space.activate()
        space.deactivate()
        space.close()
    return time.perf_counter_ns() - start


def nested_cycle(count, parent):
    new = pyspace.ModuleSpace
    start = time.perf_counter_ns()
    for _ in range(count):
        space = new(parent)
        space.activate()
        space.deactivate()
        space.close()
    return time.perf_counter_ns() - start


def toggle(count, space):
    start = time.perf_counter_ns()
    for _ in range(count):
        space.activate()
        space.deactivate()
    return time.perf_counter_ns() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    script_space = pyspace.active_space()
    nested_space = pyspace.ModuleSpace(script_space)
    with at_root():
        root_space = pyspace.ModuleSpace()
    ops = [  # (label, function, argument, needs the root)
        ("root cycle (create+activate+deactivate+close)", root_cycle, None, True),
        ("root toggle (activate+deactivate)", toggle, root_space, True),
        ("nested cycle (create+activate+deactivate+close)", nested_cycle, script_space, False),
        ("nested toggle (activate+deactivate)", toggle, nested_space, False),
    ]
    samples = {label: [] for label, *_ in ops}
    batches = max(args.iterations // args.batch, 2)
    for round_ in range(batches + 1):  # round 0 warms up and is dropped
        for label, function, argument, needs_root in ops:
            if needs_root:
                with at_root():
                    elapsed = function(args.batch, argument)
            else:
                elapsed = function(args.batch, argument)
            if round_:
                samples[label].append(elapsed / args.batch / 1000)
    note = f"(us/op, {batches} batches x {args.batch})"
    for label, *_ in ops:
        print(line(label, samples[label], "us", note=note))

    if args.profile:
        profiler = cProfile.Profile()
        with at_root():
            profiler.runcall(root_cycle, 2000, None)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
