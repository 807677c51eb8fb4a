"""pytest plugin: writes each test's folded outcome, as pyspace-test's JSON events name it.

Loaded by pst_support.pytest_run with `-p pytest_outcomes` (this directory on PYTHONPATH).
Writes {"tests": {nodeid: outcome}, "collect_errors": [nodeid, ...]} to $PST_OUTCOMES_FILE.
Folding as pytest's terminal counts do for one test: a failing setup or teardown makes it
"error" (wins over the call's result), xfail-marked results are "xfailed"/"xpassed".
"""

import json
import os

_tests = {}
_collect_errors = []
_RANK = {"passed": 0, "skipped": 1, "xfailed": 1, "xpassed": 1, "failed": 2, "error": 3}


def pytest_runtest_logreport(report):
    if hasattr(report, "wasxfail"):
        outcome = "xfailed" if report.skipped else ("xpassed" if report.passed else "failed")
    elif report.failed:
        outcome = "failed" if report.when == "call" else "error"
    else:
        outcome = report.outcome
    if report.when != "call" and outcome == "passed":
        return
    known = _tests.get(report.nodeid)
    if known is None or _RANK[outcome] > _RANK[known]:
        _tests[report.nodeid] = outcome


def pytest_collectreport(report):
    if report.failed:
        _collect_errors.append(report.nodeid)


def pytest_sessionfinish(session):
    with open(os.environ["PST_OUTCOMES_FILE"], "w") as out:
        json.dump({"tests": _tests, "collect_errors": _collect_errors}, out, indent=1)
