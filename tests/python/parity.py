"""Compare, test by test, what pytest and the _pyspace runner report for one directory.

Both run in fresh processes of the embedded Python with the directory as working directory.
summarize() folds a test's reports into (main outcome, teardown outcome or None): the main
outcome is the last setup/call report's (for a unittest test with failing subtests: the test's
own report), the teardown one is set only when teardown did not pass.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
PYTHON = sys.executable  # the embedded Python (tests/CMakeLists.txt runs these tests with it)


def run_pytest(rootdir, extra_args=()):
    """{nodeid: (outcome, teardown)} plus collection error / skip nodeids, from real pytest."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "oracle.json")
        # hermetic oracle: installed plugins would change pytest's results (-p loads ours)
        env = dict(os.environ, ORACLE_OUT=out, PYTHONPATH=str(HERE), PYTHONDONTWRITEBYTECODE="1",
                   PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        subprocess.run([PYTHON, "-m", "pytest", "-p", "oracle_plugin", "-p", "no:cacheprovider",
                        "-q", "-rA", *extra_args, "."], cwd=rootdir, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        data = json.loads(pathlib.Path(out).read_text())
    tests = {nodeid: _fold(reports) for nodeid, reports in data["tests"].items()}
    return tests, sorted(data["collect_errors"]), sorted(data["collect_skips"])


def run_pyspace(rootdir, pyspace_parent, extra_args=()):
    """The driver's JSON output for rootdir (items, reports, errors, timing)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run([PYTHON, str(HERE / "driver.py"), pyspace_parent, ".", *extra_args],
                          cwd=rootdir, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"driver failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout)


def summarize(driver_output):
    """({nodeid: (outcome, teardown)}, collection error paths, module-skip nodeids)."""
    grouped = {}
    skips = []
    for report in driver_output["reports"]:
        if not report["nodeid"]:
            continue
        if "::" not in report["nodeid"]:
            skips.append(report["nodeid"])
            continue
        grouped.setdefault(report["nodeid"], []).append([report["when"], report["outcome"]])
    tests = {nodeid: _fold(reports) for nodeid, reports in grouped.items()}
    errors = sorted(error["path"] for error in driver_output["errors"])
    return tests, errors, sorted(skips)


def compare(rootdir, pyspace_parent, pytest_args=(), driver_args=()):
    """([mismatch description, ...], number of tests pytest reported) for rootdir."""
    expected, expected_errors, expected_skips = run_pytest(rootdir, pytest_args)
    actual, actual_errors, actual_skips = summarize(run_pyspace(rootdir, pyspace_parent, driver_args))
    problems = []
    for nodeid in sorted(set(expected) | set(actual)):
        if expected.get(nodeid) != actual.get(nodeid):
            problems.append(f"{nodeid}: pytest {expected.get(nodeid)} pyspace {actual.get(nodeid)}")
    if expected_errors != actual_errors:
        problems.append(f"collection errors: pytest {expected_errors} pyspace {actual_errors}")
    if expected_skips != actual_skips:
        problems.append(f"module skips: pytest {expected_skips} pyspace {actual_skips}")
    return problems, len(expected)


def _fold(reports):
    main = None
    teardown = None
    for when, outcome in reports:
        if when == "teardown":
            teardown = outcome
        else:
            main = outcome
    return main, teardown


if __name__ == "__main__":
    from pyspace_pkg import make_package

    with tempfile.TemporaryDirectory() as parent:
        found, count = compare(sys.argv[1], make_package(parent),
                               ["--continue-on-collection-errors"])
    print(f"{count} tests compared, {len(found)} mismatches")
    for line in found:
        print("  " + line)
    sys.exit(1 if found else 0)
