"""Re-importing a project in a fresh module space with a warm root, against a fresh process.

    pyspace-test exec bench/reimport.py PROJECT_DIR [--iterations N] [--processes P]

PROJECT_DIR holds the package `proj` written by gen_project.py. Before timing, the stdlib
modules the project uses are imported once in the root (gen_project.STDLIB) and the project is
imported once in a throwaway space (its code objects are then cached, as on any rerun). Each
timed iteration then creates a child of the root with PROJECT_DIR first on its path, activates
it, imports proj.all_modules, deactivates and closes it. In the same run, interleaved with the
spaces, it times P fresh `/usr/bin/python3 -c "import proj.all_modules"` processes (cwd
PROJECT_DIR, bytecode caches enabled and warm) and P `/usr/bin/python3 -c pass` processes.
As a floor it also times re-executing the project in one long-lived space (its proj.* modules
removed from sys.modules before each import: no space is created or activated).
"""
import argparse
import importlib
import os
import subprocess
import sys
import time

import pyspace
from benchlib import at_root, line, summary
from gen_project import STDLIB

PYTHON = "/usr/bin/python3"


def space_reimport(directory, root_path):
    start = time.perf_counter_ns()
    space = pyspace.ModuleSpace(path=[directory, *root_path])
    space.activate()
    try:
        importlib.import_module("proj.all_modules")
    finally:
        space.deactivate()
    space.close()
    return time.perf_counter_ns() - start


def same_space_reimport(space):
    """The floor: importing the project again in one space, its modules dropped first."""
    with space:
        for name in [name for name in sys.modules if name == "proj" or name.startswith("proj.")]:
            del sys.modules[name]
        start = time.perf_counter_ns()
        importlib.import_module("proj.all_modules")
        return time.perf_counter_ns() - start


def process_time(code, directory, env):
    start = time.perf_counter_ns()
    subprocess.run([PYTHON, "-c", code], cwd=directory, env=env, check=True)
    return time.perf_counter_ns() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--iterations", type=int, default=400)
    parser.add_argument("--processes", type=int, default=20)
    args = parser.parse_args()
    directory = os.path.abspath(args.project)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    rounds = max(args.processes, 1)
    per_round = max(args.iterations // rounds, 1)

    with at_root():
        for name in STDLIB:
            importlib.import_module(name)
        root_path = list(sys.path)
        first = space_reimport(directory, root_path)  # compiles; code objects cached after
        floor_space = pyspace.ModuleSpace(path=[directory, *root_path])
    process_time("import proj.all_modules", directory, env)  # writes/warms __pycache__
    spaces, floors, imports, empties = [], [], [], []
    for _ in range(rounds):
        with at_root():
            spaces += [space_reimport(directory, root_path) for _ in range(per_round)]
            floors += [same_space_reimport(floor_space) for _ in range(per_round // 4 or 1)]
        imports.append(process_time("import proj.all_modules", directory, env))
        empties.append(process_time("pass", directory, env))

    ms = 1e-6
    print(f"warm root: {', '.join(STDLIB)}; first space import (compiles the project): {first * ms:.2f} ms")
    print(line("space re-import (new space each time)", spaces, "ms", ms, f"({len(spaces)} spaces)"))
    print(line("floor: re-import in one space, no new space", floors, "ms", ms, f"({len(floors)} imports)"))
    print(line(f'{PYTHON} -c "import proj.all_modules"', imports, "ms", ms, f"({len(imports)} processes)"))
    print(line(f'{PYTHON} -c pass', empties, "ms", ms, f"({len(empties)} processes)"))
    space_median, process_median = summary(spaces)[0], summary(imports)[0]
    print(f"ratio space / fresh process: {space_median / process_median:.3f}"
          f" ({process_median / space_median:.0f}x faster)")


if __name__ == "__main__":
    main()
