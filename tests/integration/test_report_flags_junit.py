"""pytest's JUnit XML options: --junit-prefix and the junit_family, junit_suite_name,
junit_log_passing_tests and junit_duration_report ini keys, compared with pytest 7.2."""

import xml.etree.ElementTree as ET

import pytest

from pst_support import junit_suite, pst, pytest_run, write_tree

TESTS = """
    import time
    import pytest

    @pytest.fixture
    def slow():
        time.sleep(0.2)

    def test_pass():
        print("passing output")

    def test_slow_setup(slow):
        pass

    def test_fail():
        print("failing output")
        assert 1 == 2

    class TestGroup:
        def test_method(self):
            pass
    """


def reports(tmp_path, ini, *args):
    """(ours, pytest's) <testcase> attributes and children, by name, for the same suite."""
    root = write_tree(tmp_path / "p", {"pytest.ini": "[pytest]\n" + ini, "test_j.py": TESTS})
    mine, theirs = tmp_path / "ours.xml", tmp_path / "theirs.xml"
    ours = pst("run", "-p", "no:cacheprovider", "--junitxml", str(mine), *args, cwd=root)
    oracle = pytest_run("--junitxml", str(theirs), *args, cwd=root)
    assert ours.rc == oracle.rc == 1, str(ours)
    assert "not supported" not in ours.err, str(ours)
    return cases(mine), cases(theirs), junit_suite(mine), junit_suite(theirs)


def cases(path):
    found = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        found[case.get("name")] = (dict(case.attrib), [(child.tag, (child.text or "").strip()) for child in case])
    return found


def without_time(attributes):
    return {key: value for key, value in attributes.items() if key != "time"}


@pytest.mark.parametrize("family", ["xunit1", "legacy", "xunit2"])
def test_junit_family(tmp_path, family):
    ours, theirs, _, _ = reports(tmp_path, f"junit_family = {family}\n")
    assert {name: without_time(attrs) for name, (attrs, _) in ours.items()} == \
        {name: without_time(attrs) for name, (attrs, _) in theirs.items()}
    assert list(ours["test_pass"][0]) == list(theirs["test_pass"][0])  # attribute order
    if family != "xunit2":
        assert ours["test_fail"][0]["file"] == "test_j.py" and ours["test_fail"][0]["line"] == "13"  # 0-based, as pytest


def test_junit_suite_name_and_prefix(tmp_path):
    ours, theirs, our_suite, their_suite = reports(tmp_path, "junit_suite_name = my_suite\n", "--junit-prefix=pre")
    assert our_suite.get("name") == their_suite.get("name") == "my_suite"
    assert {name: attrs["classname"] for name, (attrs, _) in ours.items()} == \
        {name: attrs["classname"] for name, (attrs, _) in theirs.items()}
    assert ours["test_method"][0]["classname"] == "pre.test_j.TestGroup"


@pytest.mark.parametrize("passing", ["true", "false"])
def test_junit_log_passing_tests(tmp_path, passing):
    ours, theirs, _, _ = reports(tmp_path, f"junit_logging = system-out\njunit_log_passing_tests = {passing}\n")
    for name in ("test_pass", "test_fail"):
        assert [tag for tag, _ in ours[name][1]] == [tag for tag, _ in theirs[name][1]], name
    shown = [text for tag, text in ours["test_pass"][1] if tag == "system-out"]
    assert bool(shown) == (passing == "true")


def test_junit_duration_report(tmp_path):
    total, _, _, _ = reports(tmp_path / "total", "junit_duration_report = total\n")
    call, _, _, _ = reports(tmp_path / "call", "junit_duration_report = call\n")
    # the fixture sleeps 0.2 s in setup: part of "total" (pytest's default), not of "call"
    assert float(total["test_slow_setup"][0]["time"]) >= 0.2
    assert float(call["test_slow_setup"][0]["time"]) < float(total["test_slow_setup"][0]["time"]) - 0.1
