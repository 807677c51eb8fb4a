"""Interleaved A/B of the runner's Python half in this process: tests/python/driver.py of two
source trees (e.g. two commits: `git archive COMMIT lib tests/python | tar -x -C DIR`) runs
the same suite in turn, ROUNDS times each; prints the medians of the driver's own timings
(collect, run: the Session executing every item) and the ratio B/A.

    /usr/bin/python3 bench/driver_ab.py ROUNDS SUITE_DIR TREE_A TREE_B

Only the items' execution is timed ("run"), without the process start-up and the collection
that dominate a whole `pyspace-test run`, so a per-test cost of a few hundred nanoseconds shows
on 10,000 trivial tests (bench/gen_suites.py's `trivial`). Runs /usr/bin/python3 (it needs
iniconfig for the suite's pytest.ini, as the driver does).
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


def main():
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
