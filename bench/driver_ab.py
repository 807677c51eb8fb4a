"""Interleaved A/B of the runner's Python half in this process: tests/python/driver.py of two
source trees (e.g. two commits: `git archive COMMIT lib tests/python | tar -x -C DIR`) runs
the same suite in turn, ROUNDS times each; prints the medians of the driver's own timings
(collect, run: the Session executing every item) and the ratio B/A.

    /usr/bin/python3 bench/driver_ab.py [--repeat K] ROUNDS SUITE_DIR TREE_A TREE_B

Only the items' execution is timed ("run"), without the process start-up and the collection
that dominate a whole `pyspace-test run`, so a per-test cost of a few hundred nanoseconds shows
on 10,000 trivial tests (bench/gen_suites.py's `trivial`). Runs /usr/bin/python3 (it needs
iniconfig for the suite's pytest.ini, as the driver does).

--repeat K: each process collects once and runs the items K times (a new Session each time),
timing every run by CPU time (time.process_time) as well as wall time, and the lines show the
medians of each process's fastest run: on a loaded machine CPU time moves far less than wall time.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile


def package(tree, parent):
    """Makes parent/_pyspace from tree's lib/ with tree's own pyspace_pkg; returns parent."""
    code = (f"import sys; sys.path.insert(0, {os.path.join(tree, 'tests', 'python')!r}); "
            f"import pyspace_pkg; pyspace_pkg.make_package({parent!r})")
    subprocess.run([sys.executable, "-c", code], check=True)
    return parent


def timed(tree, parent, suite):
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    output = subprocess.run([sys.executable, os.path.join(tree, "tests", "python", "driver.py"),
                             parent, suite], check=True, capture_output=True, text=True, env=env).stdout
    result = json.loads(output)
    failed = [r for r in result["reports"] if r.get("outcome") not in ("passed", None)]
    if failed or result["errors"]:
        sys.exit(f"{tree}: the suite did not pass: {failed[:1] or result['errors'][:1]}")
    return result["timing"]


def repeated(tree, parent, suite, repeat):
    """Runs _repeat_child in a process of its own; returns its {"cpu": [...], "wall": [...]}."""
    output = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", tree, parent,
                             suite, str(repeat)], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def _repeat_child(tree, parent, suite, repeat):
    """Collects `suite` with tree's driver functions once, then runs it `repeat` times."""
    import time
    sys.path.insert(0, os.path.join(tree, "tests", "python"))
    sys.path.insert(0, parent)
    import driver
    from _pyspace.space import fresh_loader
    sys.path_hooks.insert(0, fresh_loader.fresh_path_hook)
    sys.path_importer_cache.clear()
    from _pyspace.pytest_api import pytest_config
    from _pyspace.collect import collect
    from _pyspace.run import execute
    config = pytest_config.from_model(**driver.ini_model(suite))
    items = []
    for path in driver.discover(suite, config["python_files"]):
        module_name, basedir = driver.module_identity(path)
        found, errors = collect.collect_file(
            path, module_name, basedir, os.path.relpath(path, suite),
            python_classes=config["python_classes"], python_functions=config["python_functions"],
            python_files=config["python_files"])
        items.extend(found)
    times = {"cpu": [], "wall": [], "count": len(items)}
    for _ in range(repeat):
        session = execute.Session(capture=True, config=config)
        cpu, wall = time.process_time(), time.perf_counter()
        reports = session.run_all(items)
        times["cpu"].append((time.process_time() - cpu) * 1000)
        times["wall"].append((time.perf_counter() - wall) * 1000)
        session.close()
        if any(report.get("outcome") != "passed" for report in reports):
            sys.exit(f"{tree}: the suite did not pass")
    json.dump(times, sys.stdout)


def main_repeat(repeat, rounds, suite, trees):
    with tempfile.TemporaryDirectory() as scratch:
        parents = [package(tree, os.path.join(scratch, f"pkg{index}")) for index, tree in enumerate(trees)]
        best = {tree: {"cpu": [], "wall": []} for tree in trees}
        count = None
        for _ in range(rounds):
            for tree, parent in zip(trees, parents):
                times = repeated(tree, parent, suite, repeat)
                count = times["count"]
                for key in ("cpu", "wall"):
                    best[tree][key].append(min(times[key]))
    medians = {}
    for label, tree in zip("AB", trees):
        cpu, wall = best[tree]["cpu"], best[tree]["wall"]
        medians[label] = statistics.median(cpu)
        print(f"{label}: fastest of {repeat} runs, median over {rounds} processes: cpu "
              f"{statistics.median(cpu):8.1f} ms (min {min(cpu):.1f})  wall {statistics.median(wall):8.1f} ms "
              f"(min {min(wall):.1f})  {count} items  {tree}")
    print(f"B/A cpu {medians['B'] / medians['A']:.3f}  "
          f"({(medians['B'] - medians['A']) / count * 1e3:+.2f} us per item)")


def main():
    if sys.argv[1:2] == ["--child"]:
        return _repeat_child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    if sys.argv[1:2] == ["--repeat"]:
        if len(sys.argv) != 7:
            sys.exit(__doc__)
        return main_repeat(int(sys.argv[2]), int(sys.argv[3]), os.path.abspath(sys.argv[4]),
                           [os.path.abspath(tree) for tree in sys.argv[5:]])
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    rounds, suite = int(sys.argv[1]), os.path.abspath(sys.argv[2])
    trees = [os.path.abspath(tree) for tree in sys.argv[3:]]
    with tempfile.TemporaryDirectory() as scratch:
        parents = [package(tree, os.path.join(scratch, f"pkg{index}")) for index, tree in enumerate(trees)]
        for tree, parent in zip(trees, parents):
            timed(tree, parent, suite)  # untimed: warms the caches
        samples = {tree: {"collect": [], "run": []} for tree in trees}
        count = None
        for _ in range(rounds):
            for tree, parent in zip(trees, parents):
                timing = timed(tree, parent, suite)
                count = timing["count"]
                for key in ("collect", "run"):
                    samples[tree][key].append(timing[key] * 1000)
    medians = {}
    for label, tree in zip("AB", trees):
        run, collect = samples[tree]["run"], samples[tree]["collect"]
        medians[label] = statistics.median(run)
        print(f"{label}: run median {statistics.median(run):8.1f} ms  min {min(run):8.1f}  "
              f"collect median {statistics.median(collect):8.1f} ms  ({rounds} rounds, {count} items)  {tree}")
    print(f"B/A run {medians['B'] / medians['A']:.3f}  "
          f"({(medians['B'] - medians['A']) / count * 1e3:+.2f} us per item)")


if __name__ == "__main__":
    main()
