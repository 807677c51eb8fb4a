"""Does the embedded interpreter run Python code as fast as the system's python3?

    /usr/bin/python3 bench/interp_speed.py [PYSPACE_BINARY] [ROUNDS]

Runs bench/interp_speed_kernels.py (pure-Python kernels, each timed in-process, best of 5)
alternately under `PYTHON kernels.py` and `pyspace-test exec kernels.py` (in a module space),
ROUNDS times each, interleaved so that the machine's load falls on both alike, and prints per
kernel the median of the rounds for each side and the ratio embedded / system (1.00: as fast).
PYTHON is the Python the binary embeds (PYSPACE_PYTHON, else /usr/bin/python3). Issue 14 asks
for "within 2%"; docs/performance.md records the result.
"""
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KERNELS = HERE / "interp_speed_kernels.py"


def one(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv):
    binary = argv[1] if len(argv) > 1 else str(HERE.parent / "build" / "app" / "pyspace-test")
    rounds = int(argv[2]) if len(argv) > 2 else 15
    python = os.environ.get("PYSPACE_PYTHON", "/usr/bin/python3")
    sides = {"system": [python, str(KERNELS)], "embedded": [binary, "exec", str(KERNELS)]}
    samples = {side: [] for side in sides}
    for round_ in range(rounds):
        order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
        for side in order:
            samples[side].append(one(sides[side]))
    print(f"{rounds} rounds, interleaved; system = {python}, embedded = {binary} exec")
    print(f"{'kernel':<14} {'system ms':>10} {'embedded ms':>12} {'ratio':>7}")
    ratios = []
    for kernel in samples["system"][0]:
        system = statistics.median(s[kernel] for s in samples["system"]) * 1e3
        embedded = statistics.median(s[kernel] for s in samples["embedded"]) * 1e3
        ratios.append(embedded / system)
        print(f"{kernel:<14} {system:10.2f} {embedded:12.2f} {embedded / system:7.3f}")
    print(f"{'geometric mean':<38} {statistics.geometric_mean(ratios):7.3f}")


if __name__ == "__main__":
    main(sys.argv)
