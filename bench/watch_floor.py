"""The floor of a watch-mode rerun: executing the re-imported modules and the tests, nothing else.

    pyspace-test exec bench/watch_floor.py SUITE [--iterations N] [--json] [--freeze]

SUITE is the suite watch_latency.py makes (gen_suites' mixed suite plus `common.py`, imported
by every test file). Stepping out to the root (as the runner does), it imports there the modules
the suite's files import (the stdlib ones and pytest: in watch mode they are shared by the root).
One untimed iteration then compiles the suite (the fresh-source loader caches code objects by
content, as on any rerun). Each timed iteration:

  creates a ModuleSpace (child of the root, SUITE first on its path), activates it, imports
  `common` and every test_*.py module, calls every test, deactivates it and closes it.

Calling every test, simply: a module-level `test*` function is called directly, or once per
parameter set of its @pytest.mark.parametrize marks (the product of them); a `Test*` class that
is not a unittest.TestCase gets a fresh instance per `test*` method; a unittest.TestCase runs
each of its tests through unittest's own `TestCase(name).run(result)`. No fixtures, no output
capture, no reports, no assertion rewriting: a lower bound. The count of tests called and of
failures is checked (480 and 0 on the mixed suite) and printed.

Each iteration also times, separately, a second fresh space doing the same but closed with
`close(check_leaks=True)` (what watch does after each run: a gc.collect() and a weakref check),
so the cost of the leak check can be read off: `floor+leakcheck`.
Imports come first, then the calls, so the parts are timed apart: create+activate+import,
tests, deactivate+close (and the close with the leak check).
--freeze calls gc.freeze() after the warm-up: an experiment, to see how much of the leak
check's gc.collect() is spent scanning the warm root's objects.
--json prints one line {"floor_ms": [...], "floor_leakcheck_ms": [...], "parts_ms": {...},
"tests": N, "failed": N} at the end.
"""
import argparse
from statistics import median
import gc
import importlib
import inspect
import itertools
import json
import os
import sys
import time

import pyspace
from benchlib import at_root

# What the test files of gen_suites' mixed suite import (watch shares them from the root).
# Imported in the root only: this script's own space must not import them (unittest included),
# or it would hold second copies the test modules do not use.
SUITE_IMPORTS = ["collections", "dataclasses", "datetime", "decimal", "fractions", "itertools",
                 "json", "pathlib", "re", "typing", "unittest", "pytest"]


def parameter_sets(function):
    """[kwargs, ...] for a function's parametrize marks (one empty dict when it has none)."""
    marks = [mark for mark in getattr(function, "pytestmark", []) if mark.name == "parametrize"]
    if not marks:
        return [{}]
    axes = []
    for mark in marks:
        names, values = mark.args[0], mark.args[1]
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        rows = []
        for value in values:
            if hasattr(value, "values") and hasattr(value, "marks"):   # pytest.param(...)
                value = tuple(value.values)
            elif len(names) == 1:
                value = (value,)
            rows.append(dict(zip(names, value)))
        axes.append(rows)
    return [dict(kv for part in combo for kv in part.items()) for combo in itertools.product(*axes)]


def run_module(module, counts):
    # The unittest the test files see: the root's (imported by at_root() below), not a copy
    # this script's own space would import at its top.
    unittest = sys.modules["unittest"]
    for name, value in list(vars(module).items()):
        if name.startswith("test") and inspect.isfunction(value):
            for kwargs in parameter_sets(value):
                counts["tests"] += 1
                try:
                    value(**kwargs)
                except Exception:  # noqa: a failing test is counted, not raised
                    counts["failed"] += 1
        elif inspect.isclass(value) and value.__module__ == module.__name__:
            if issubclass(value, unittest.TestCase):
                result = unittest.TestResult()
                for method in unittest.defaultTestLoader.getTestCaseNames(value):
                    counts["tests"] += 1
                    value(method).run(result)
                counts["failed"] += len(result.failures) + len(result.errors)
            elif name.startswith("Test"):
                for method in dir(value):
                    if method.startswith("test") and callable(getattr(value, method)):
                        counts["tests"] += 1
                        try:
                            getattr(value(), method)()
                        except Exception:  # noqa
                            counts["failed"] += 1


def one_space(suite, modules, root_path, check_leaks):
    """(seconds in total, {part: seconds}, counts, leaks) of one fresh space."""
    counts = {"tests": 0, "failed": 0}
    start = time.perf_counter()
    space = pyspace.ModuleSpace(path=[suite, *root_path])
    space.activate()
    try:
        importlib.import_module("common")
        imported = [importlib.import_module(name) for name in modules]
        after_import = time.perf_counter()
        module = None
        for module in imported:
            run_module(module, counts)
        after_tests = time.perf_counter()
    finally:
        space.deactivate()
    del imported, module
    leaks = space.close(check_leaks=check_leaks)
    end = time.perf_counter()
    parts = {"create+activate+import": after_import - start, "tests": after_tests - after_import,
             "deactivate+close": end - after_tests}
    return end - start, parts, counts, leaks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("suite")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--freeze", action="store_true",
                        help="gc.freeze() after the warm-up (an experiment: cheaper leak checks)")
    args = parser.parse_args()
    suite = os.path.abspath(args.suite)
    modules = sorted(name[:-3] for name in os.listdir(suite)
                     if name.startswith("test_") and name.endswith(".py"))
    floors, leakchecks, parts = [], [], {}
    with at_root():
        for name in SUITE_IMPORTS:
            importlib.import_module(name)
        root_path = list(sys.path)
        one_space(suite, modules, root_path, False)   # compiles, warms caches
        if args.freeze:
            gc.collect()
            gc.freeze()   # what is alive now is never scanned again by the collector
        for _ in range(args.iterations):
            elapsed, times, counts, _ = one_space(suite, modules, root_path, False)
            floors.append(elapsed * 1000)
            for part, seconds in times.items():
                parts.setdefault(part, []).append(seconds * 1000)
            elapsed, times, counts2, leaks = one_space(suite, modules, root_path, True)
            leakchecks.append(elapsed * 1000)
            parts.setdefault("deactivate+close(check_leaks=True)", []).append(times["deactivate+close"] * 1000)
            assert counts == counts2, (counts, counts2)
    print(f"floor: {len(modules)} test modules + common, {counts['tests']} tests called, "
          f"{counts['failed']} failed, {len(leaks)} modules alive after the last leak check")
    print(f"floor              median {median(floors):8.1f} ms  min {min(floors):8.1f}  "
          f"max {max(floors):8.1f}  (n={len(floors)})")
    print(f"floor+leakcheck    median {median(leakchecks):8.1f} ms  min {min(leakchecks):8.1f}  "
          f"max {max(leakchecks):8.1f}  (n={len(leakchecks)})")
    for part, samples in parts.items():
        print(f"  part {part:<36} median {median(samples):8.1f} ms")
    if args.json:
        print(json.dumps({"floor_ms": floors, "floor_leakcheck_ms": leakchecks, "parts_ms": parts,
                          "tests": counts["tests"], "failed": counts["failed"]}))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
