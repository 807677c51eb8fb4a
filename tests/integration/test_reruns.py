"""--reruns N / --reruns-delay S (pytest-rerunfailures' options, native): a failing test runs
again up to N more times; each earlier attempt is a "rerun" (R, RERUN, "5 rerun" in the closing
line, -rR's section), and the JUnit XML and JSON events carry them, so a test that passed on a
retry shows as flaky (Surefire's <flakyFailure>, "flaky": true), never as a plain pass. The
oracle is pytest with Debian's python3-pytest-rerunfailures 10.2, which needs pytest-xdist
loaded: PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 and `-p xdist -p rerunfailures`."""

import importlib.util
import json
import xml.etree.ElementTree as ET

import pytest

from pst_support import closing_line, junit_cases, pst, pytest_run, read_events, write_tree

COUNTER = "{tmp}/attempts-{name}"

SUITE = """
import json
import pathlib
import time

import pytest


def attempt(name):
    path = pathlib.Path(__file__).parent / f"attempts-{name}"
    seen = json.loads(path.read_text()) if path.exists() else []
    seen.append(time.monotonic())
    path.write_text(json.dumps(seen))
    return len(seen)


def test_flaky():
    assert attempt("flaky") >= 2, "first try fails"


def test_always():
    attempt("always")
    assert 0, "never"


def test_ok():
    attempt("ok")


@pytest.fixture
def broken():
    attempt("setup")
    raise RuntimeError("setup boom")


def test_setup_error(broken):
    pass
"""


def fresh(tmp_path):
    for path in tmp_path.glob("attempts-*"):
        path.unlink()


def attempts(tmp_path, name):
    return json.loads((tmp_path / f"attempts-{name}").read_text())


def needs_rerunfailures():
    if importlib.util.find_spec("pytest_rerunfailures") is None or importlib.util.find_spec("xdist") is None:
        pytest.skip("pytest-rerunfailures / pytest-xdist are not installed (make test installs Debian's packages)")


@pytest.mark.parametrize("extra", [(), ("-n", "2")])
def test_reruns_match_pytest_rerunfailures(tmp_path, extra):
    needs_rerunfailures()
    write_tree(tmp_path, {"test_r.py": SUITE})
    oracle = pytest_run("-p", "xdist", "-p", "rerunfailures", "--reruns", "2", "-v", "-rR", *extra,
                        f"--junitxml={tmp_path / 'oracle.xml'}", cwd=tmp_path)
    fresh(tmp_path)
    ours = pst("run", "-p", "no:cacheprovider", "--reruns", "2", "-v", "-rR", *extra,
               f"--junitxml={tmp_path / 'pst.xml'}", cwd=tmp_path)
    assert closing_line(ours.out) == closing_line(oracle.out) == "1 failed, 2 passed, 1 error, 5 rerun", str(ours)
    assert ours.rc == oracle.rc == 1
    assert junit_cases(tmp_path / "pst.xml") == junit_cases(tmp_path / "oracle.xml")
    # with -n the lines come in the order the workers report: the same lines, in either order
    in_order = sorted if extra else list
    rerun_lines = in_order(line for line in oracle.out.splitlines() if line.startswith("RERUN "))
    assert in_order(line for line in ours.out.splitlines() if line.startswith("RERUN ")) == rerun_lines
    if not extra:  # one process: the verbose lines are pytest-rerunfailures' own
        verbose = [line.split()[:2] for line in oracle.out.splitlines() if line.startswith("test_r.py::")]
        assert [line.split()[:2] for line in ours.out.splitlines() if line.startswith("test_r.py::")] == verbose
    assert len(attempts(tmp_path, "always")) == 3 and len(attempts(tmp_path, "setup")) == 3
    assert len(attempts(tmp_path, "ok")) == 1


def test_a_test_that_passes_on_a_retry_is_flaky_in_junit_and_events(tmp_path):
    write_tree(tmp_path, {"test_r.py": SUITE})
    result = pst("run", "-p", "no:cacheprovider", "--reruns", "1", f"--junitxml={tmp_path / 'j.xml'}",
                 "--json-events", str(tmp_path / "events.jsonl"), cwd=tmp_path)
    assert result.rc == 1, str(result)
    assert "R.RF.RE" in result.out.replace(" ", ""), result.out
    cases = {case.get("name"): case for case in ET.parse(tmp_path / "j.xml").getroot().iter("testcase")}
    assert [child.tag for child in cases["test_flaky"]] == ["flakyFailure"]
    assert cases["test_flaky"][0].get("type") == "AssertionError"
    assert [child.tag for child in cases["test_always"]] == ["failure", "rerunFailure"]
    assert [child.tag for child in cases["test_setup_error"]] == ["error", "rerunError"]
    assert list(cases["test_ok"]) == []
    events = {e["id"]: e for e in read_events((tmp_path / "events.jsonl").read_text()) if e["event"] == "test"}
    assert events["test_r.py::test_flaky"]["outcome"] == "passed" and events["test_r.py::test_flaky"]["flaky"] is True
    assert events["test_r.py::test_flaky"]["reruns"][0]["message"].startswith("AssertionError: first try fails")
    assert events["test_r.py::test_always"]["flaky"] is False
    assert "reruns" not in events["test_r.py::test_ok"]
    end = read_events((tmp_path / "events.jsonl").read_text())[-1]
    assert end["counts"]["reruns"] == 3


def test_reruns_delay_waits_between_attempts(tmp_path):
    write_tree(tmp_path, {"test_r.py": SUITE})
    pst("run", "--reruns", "1", "--reruns-delay", "0.3", "-k", "always", cwd=tmp_path)
    first, second = attempts(tmp_path, "always")
    assert second - first >= 0.3


def test_maxfail_counts_a_test_once_its_reruns_are_spent(tmp_path):
    write_tree(tmp_path, {"test_r.py": SUITE})
    result = pst("run", "-p", "no:cacheprovider", "--reruns", "1", "-x", cwd=tmp_path)
    assert closing_line(result.out) == "1 failed, 1 passed, 2 rerun", str(result)  # the flaky one did not stop it


def test_each_attempt_has_the_whole_timeout(tmp_path):
    write_tree(tmp_path, {"test_t.py": """
        import pathlib
        import time

        def test_slow_then_fine(tmp_path_factory):
            marker = pathlib.Path(__file__).parent / "tried"
            time.sleep(0.5)
            if not marker.exists():
                marker.write_text("")
                assert 0, "first attempt"
        """})
    result = pst("run", "-p", "no:cacheprovider", "--reruns", "1", "--timeout", "0.8", cwd=tmp_path)
    assert result.rc == 0, str(result)
    assert closing_line(result.out) == "1 passed, 1 rerun", str(result)


@pytest.mark.parametrize("args, message", [
    (("--reruns", "x"), "argument --reruns: invalid int value: 'x'"),
    (("--reruns", "-1"), "argument --reruns: invalid value '-1'"),
    (("--reruns-delay", "-2"), "argument --reruns-delay: invalid value '-2'"),
])
def test_bad_rerun_flags_are_usage_errors(tmp_path, args, message):
    write_tree(tmp_path, {"test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", *args, cwd=tmp_path)
    assert result.rc == 4, str(result)
    assert message in result.err, str(result)
