"""A pytest plugin recording each test's outcomes, to compare pytest with the _pyspace runner.

Load with `-p oracle_plugin` (this directory on PYTHONPATH); set ORACLE_OUT to a file path.
Writes JSON: {"tests": {nodeid: [[when, outcome], ...]}, "collect_errors": [nodeid, ...],
"collect_skips": [nodeid, ...]} with outcomes named as the _pyspace reports name them.
"""

import json
import os

_tests = {}
_collect_errors = []
_collect_skips = []


def pytest_runtest_logreport(report):
    outcome = report.outcome
    if hasattr(report, "wasxfail"):
        outcome = "xfailed" if report.skipped else "xpassed"
    elif report.failed and report.when != "call":
        outcome = "error"
    if report.when != "call" and outcome == "passed":
        return
    _tests.setdefault(report.nodeid, []).append([report.when, outcome])


def pytest_collectreport(report):
    if report.failed:
        _collect_errors.append(report.nodeid)
    elif report.skipped:
        _collect_skips.append(report.nodeid)


def pytest_sessionfinish(session):
    with open(os.environ["ORACLE_OUT"], "w") as out:
        json.dump({"tests": _tests, "collect_errors": _collect_errors,
                   "collect_skips": _collect_skips}, out)
