"""Real third-party suites shipped by Debian: pyspace-test must give every test the outcome
the oracle (the embedded Python's pytest) gives it. Each suite is copied to tmp_path first (nothing is
written into /usr); both tools run in the copy's parent directory on the same path."""

import shutil
from pathlib import Path

import pytest

from pst_support import (events_of, junit_cases, junit_suite, outcome_diff, outcomes_by_id, pst,
                         pytest_run, read_events)

DIST = Path("/usr/lib/python3/dist-packages")
SUITES = {
    "toolz": DIST / "toolz" / "tests",
    "simplejson": DIST / "simplejson" / "tests",
    # pytest-style suites with fixtures (issue 5)
    "networkx-shortest_paths": DIST / "networkx" / "algorithms" / "shortest_paths" / "tests",
    "networkx-utils": DIST / "networkx" / "utils" / "tests",
    "networkx-readwrite": DIST / "networkx" / "readwrite" / "tests",
    "numpy-polynomial": DIST / "numpy" / "polynomial" / "tests",
    # importlib.reload() of numpy from a test (test_reloading.py), subprocesses, warnings
    "numpy-tests": DIST / "numpy" / "tests",
}

# JUnit child kinds as junit_cases names them -> the JSON events' outcome names
_JUNIT_TO_EVENT = {"passed": {"passed", "xpassed"}, "failure": {"failed"}, "error": {"error"},
                   "skipped": {"skipped"}, "xfailed": {"xfailed"}}


@pytest.fixture(params=sorted(SUITES))
def real_suite(request, tmp_path):
    source = SUITES[request.param]
    if not source.is_dir():
        pytest.fail(f"{source} is missing: install python3-{request.param.split('-')[0]} (make deps)")
    target = tmp_path / "work" / "tests"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def flatten(cases):
    """{(classname, name): outcome}; a testcase written twice is reported as such."""
    flat = {}
    for key, outcomes in cases.items():
        flat[key] = outcomes[0] if len(outcomes) == 1 else "written twice: " + ",".join(outcomes)
    return flat


def test_same_outcome_for_every_test(real_suite, tmp_path):
    workdir = real_suite.parent
    ours_xml, events_file = tmp_path / "pyspace.xml", tmp_path / "events.jsonl"
    theirs_xml = tmp_path / "pytest.xml"

    oracle = pytest_run("--junitxml", theirs_xml, "tests", cwd=workdir)
    assert oracle.rc in (0, 1), str(oracle)
    result = pst("run", "--junitxml", ours_xml, "--json-events", events_file, "tests",
                 cwd=workdir)
    assert result.rc == oracle.rc, str(result)

    expected = flatten(junit_cases(theirs_xml))
    actual = flatten(junit_cases(ours_xml))
    assert len(expected) > 50  # the suite really ran under pytest
    assert actual == expected, outcome_diff(expected, actual)

    theirs_suite, ours_suite = junit_suite(theirs_xml), junit_suite(ours_xml)
    for attribute in ("tests", "failures", "errors", "skipped"):
        assert ours_suite.get(attribute) == theirs_suite.get(attribute), attribute

    # The JSON events tell the same story as the XML.
    events = read_events(events_file.read_text())
    outcomes = outcomes_by_id(events)
    assert len(outcomes) == len(actual)
    assert events_of(events, "collect_error") == []
    counts = events[-1]["counts"]
    assert sum(counts[k] for k in ("passed", "failed", "errors", "skipped", "xfailed",
                                   "xpassed")) == len(actual)
    assert counts["failed"] == int(theirs_suite.get("failures"))
    mismatched = []
    for nodeid, outcome in outcomes.items():
        key = junit_key(nodeid)
        if outcome not in _JUNIT_TO_EVENT.get(actual.get(key), ()):
            mismatched.append(f"{nodeid}: event {outcome}, XML {actual.get(key, '<absent>')}")
    assert not mismatched, "\n".join(mismatched)


def junit_key(nodeid):
    """(classname, name) as pytest's junitxml derives them from a nodeid."""
    names = nodeid.split("::")
    names[0] = names[0].replace("/", ".")
    if names[0].endswith(".py"):
        names[0] = names[0][:-3]
    return ".".join(names[:-1]), names[-1]


# An installed package's own suite, run where it is installed (nothing is written there: no
# cache, no bytecode): the package is the root's, its test modules the space's. pint's classes
# were in two copies across file spaces under --isolate file (issue 12: 222 setup errors "units
# must be of type str, Unit or UnitsContainer; not <class 'pint.util.UnitsContainer'>").
INSTALLED_SUITES = {"pint": DIST / "pint" / "testsuite"}


@pytest.fixture(scope="module", params=sorted(INSTALLED_SUITES))
def installed_suite_and_oracle(request, tmp_path_factory):
    """(suite directory, working directory, pytest's rc and JUnit cases): pytest runs once
    for both isolation modes."""
    suite = INSTALLED_SUITES[request.param]
    if not suite.is_dir():
        pytest.fail(f"{suite} is missing: install python3-{request.param} (make test-deps)")
    workdir = tmp_path_factory.mktemp(request.param)
    theirs_xml = workdir / "pytest.xml"
    oracle = pytest_run("--junitxml", theirs_xml, str(suite), cwd=workdir)
    assert oracle.rc in (0, 1), str(oracle)
    return suite, workdir, oracle.rc, flatten(junit_cases(theirs_xml))


@pytest.mark.parametrize("isolate", ["run", "file", "workers"])
def test_an_installed_packages_suite_in_place_gets_pytests_outcomes(installed_suite_and_oracle,
                                                                    isolate, tmp_path):
    suite, workdir, oracle_rc, expected = installed_suite_and_oracle
    ours_xml = tmp_path / "pyspace.xml"
    how = ["-n", "2"] if isolate == "workers" else ["--isolate", isolate]  # -n 2: the same outcomes
    result = pst("run", "-p", "no:cacheprovider", *how, "--junitxml", ours_xml, str(suite), cwd=workdir)
    assert result.rc == oracle_rc, str(result)
    actual = flatten(junit_cases(ours_xml))
    assert len(expected) > 1000
    assert actual == expected, outcome_diff(expected, actual)
