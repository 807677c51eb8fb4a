"""Interleaved timing of a few commands: one run of each in turn, N rounds, medians at the end.

    python3 bench/ab.py N 'COMMAND' ['ENV=1 OTHER=2|COMMAND' ...]

Interleaving spreads a noisy machine's slow spells over every command alike, so comparing two
binaries or settings in one batch is fairer than timing them one after the other. A command may
start with environment assignments followed by '|'. Each command runs once untimed first.
Prints median, minimum and 25th percentile wall time (ms) per command.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def parse(spec):
    assignments, _, command = spec.rpartition("|")
    env = dict(os.environ)
    for assignment in assignments.split():
        name, _, value = assignment.partition("=")
        env[name] = value
    return env, shlex.split(command)


def run(env, argv):
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = [(spec, *parse(spec)) for spec in sys.argv[2:]]
    for _, env, argv in commands:
        run(env, argv)
    times = {spec: [] for spec, _, _ in commands}
    for _ in range(rounds):
        for spec, env, argv in commands:
            times[spec].append(run(env, argv))
    for spec, samples in times.items():
        samples.sort()
        print(f"median {statistics.median(samples):7.1f}  min {samples[0]:7.1f}  "
              f"p25 {samples[len(samples) // 4]:7.1f}  {spec}")


if __name__ == "__main__":
    main()
