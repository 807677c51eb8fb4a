"""Debian-packaged test suites under pytest and pyspace-test, interleaved (issue 14's speed check).

    /usr/bin/python3 bench/real_suites.py --setup          # apt-get the packages (once, as root)
    /usr/bin/python3 bench/real_suites.py [--binary PATH] [--runs 3] [--only NAME ...]

Each suite is a test directory of an installed Debian package, run in place with
`python3 -m pytest -p no:cacheprovider DIR` and `pyspace-test run -p no:cacheprovider DIR`,
alternately (the order flips every run) so that the machine's load falls on both alike. Both
sides run with PYTEST_DISABLE_PLUGIN_AUTOLOAD=1: the same (no) plugins, whatever is installed.
Prints per suite the median wall time of each tool, the ratio pyspace-test / pytest and both
closing lines (so a difference in outcomes shows next to the time), then the median ratio.
Not part of `make test`; docs/performance.md records the results.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

DIST = Path("/usr/lib/python3/dist-packages")
SUITES = {
    "networkx-classes": ("python3-networkx", DIST / "networkx/classes/tests"),
    "networkx-flow": ("python3-networkx", DIST / "networkx/algorithms/flow/tests"),
    "pandas-dtypes": ("python3-pandas", DIST / "pandas/tests/dtypes"),
    "pandas-tseries": ("python3-pandas", DIST / "pandas/tests/tseries"),
    "sklearn-preprocessing": ("python3-sklearn", DIST / "sklearn/preprocessing/tests"),
    "sklearn-neighbors": ("python3-sklearn", DIST / "sklearn/neighbors/tests"),
    "skimage-filters": ("python3-skimage", DIST / "skimage/filters/tests"),
    "astropy-units": ("python3-astropy", DIST / "astropy/units/tests"),
    "sympy-core": ("python3-sympy", DIST / "sympy/core/tests"),
}
CLOSING = re.compile(r"^(?:=+ )?(.*) in [0-9.]+s(?: \(.*\))?(?: =+)?$")


def closing_line(output):
    """pytest's closing summary without its time ("3 failed, 10 passed")."""
    for line in reversed(output.splitlines()):
        match = CLOSING.match(line.strip())
        if match:
            return match.group(1)
    return "(no closing line)"


def timed(command, cwd):
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "COLUMNS": "200"}
    env.pop("CI", None)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, closing_line(done.stdout)


def setup():
    packages = sorted({package for package, _ in SUITES.values()})
    subprocess.run(["apt-get", "install", "-y", "-q", *packages], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="apt-get install the suites' packages")
    parser.add_argument("--binary", default=str(Path(__file__).resolve().parents[1] / "build/app/pyspace-test"))
    parser.add_argument("--python", default="/usr/bin/python3")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", choices=sorted(SUITES), default=None)
    args = parser.parse_args()
    if args.setup:
        setup()
        return 0
    names = args.only or list(SUITES)
    missing = [name for name in names if not SUITES[name][1].is_dir()]
    if missing:
        sys.exit(f"not installed: {', '.join(missing)} (run with --setup)")
    tools = {"pytest": [args.python, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
             "pyspace-test": [args.binary, "run", "-p", "no:cacheprovider", "-q"]}
    times = {name: {tool: [] for tool in tools} for name in names}
    closing = {name: {} for name in names}
    for run in range(args.runs):
        for name in names:
            directory = SUITES[name][1]
            order = list(tools) if run % 2 == 0 else list(reversed(tools))
            for tool in order:
                seconds, line = timed([*tools[tool], str(directory)], cwd="/tmp")
                times[name][tool].append(seconds)
                closing[name][tool] = line
                print(f"run {run + 1} {name:<22} {tool:<12} {seconds:8.2f} s  {line}", flush=True)
    print(f"\n{args.runs} runs, interleaved; PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 on both sides")
    print(f"{'suite':<22} {'pytest s':>9} {'pyspace s':>10} {'ratio':>6}  outcomes (pytest | pyspace-test)")
    ratios = []
    for name in names:
        pytest_s = statistics.median(times[name]["pytest"])
        pst_s = statistics.median(times[name]["pyspace-test"])
        ratios.append(pst_s / pytest_s)
        print(f"{name:<22} {pytest_s:9.2f} {pst_s:10.2f} {pst_s / pytest_s:6.2f}  "
              f"{closing[name]['pytest']} | {closing[name]['pyspace-test']}")
    print(f"median ratio {statistics.median(ratios):.2f}, slowest {max(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
