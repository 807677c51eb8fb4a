"""A/B of versions of lib/run/execute.py in one process: the items of SUITE_DIR are collected
once, then each version's Session runs all of them in turn (the order reversed every other
round), timed by CPU time; prints median, minimum and 25th percentile per version.

    /usr/bin/python3 bench/execute_ab.py ROUNDS SUITE_DIR [--capture] EXECUTE_PY...

One process and one set of items for every version: the per-test cost of the phase code shows
without the noise of separate processes (bench/driver_ab.py) or of whole runs (bench/ab.py).
The rest of `_pyspace` comes from this tree (tests/python/pyspace_pkg.py); each EXECUTE_PY is
loaded as a module of its own beside it. Needs iniconfig (Debian's python3 has it) for the
suite's pytest.ini, as tests/python/driver.py does.
"""
import importlib.util
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "python"))


def main():
    args = sys.argv[1:]
    capture = "--capture" in args
    args = [arg for arg in args if arg != "--capture"]
    if len(args) < 3:
        sys.exit(__doc__)
    rounds, suite, versions = int(args[0]), os.path.abspath(args[1]), args[2:]
    import driver
    import pyspace_pkg
    sys.path.insert(0, pyspace_pkg.make_package(tempfile.mkdtemp()))
    from _pyspace.space import fresh_loader
    sys.path_hooks.insert(0, fresh_loader.fresh_path_hook)
    sys.path_importer_cache.clear()
    from _pyspace.pytest_api import pytest_config
    from _pyspace.collect import collect

    modules = {}
    for index, path in enumerate(versions):
        name = f"_pyspace.run.execute_ab{index}"
        spec = importlib.util.spec_from_file_location(name, path)
        modules[path] = importlib.util.module_from_spec(spec)
        sys.modules[name] = modules[path]
        spec.loader.exec_module(modules[path])
    config = pytest_config.from_model(**driver.ini_model(suite))
    items = []
    for path in driver.discover(suite, config["python_files"]):
        module_name, basedir = driver.module_identity(path)
        found, _ = collect.collect_file(
            path, module_name, basedir, os.path.relpath(path, suite),
            python_classes=config["python_classes"], python_functions=config["python_functions"],
            python_files=config["python_files"])
        items.extend(found)
    samples = {path: [] for path in versions}
    for round_ in range(rounds + 1):  # round 0 warms up and is dropped
        for path in (versions if round_ % 2 == 0 else versions[::-1]):
            session = modules[path].Session(capture=capture, config=config)
            start = time.process_time()
            reports = session.run_all(items)
            elapsed = (time.process_time() - start) * 1000
            session.close()
            if any(report["outcome"] != "passed" for report in reports):
                sys.exit(f"{path}: the suite did not pass")
            if round_:
                samples[path].append(elapsed)
    for path, values in samples.items():
        values.sort()
        print(f"cpu median {statistics.median(values):7.1f} ms  min {values[0]:7.1f}  "
              f"p25 {values[len(values) // 4]:7.1f}  ({rounds} runs, {len(items)} items)  {path}")


if __name__ == "__main__":
    main()
