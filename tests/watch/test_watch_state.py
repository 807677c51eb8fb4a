"""Watch mode: a run that changes process-global state (interpreter settings, hooks, os.environ's
binding, a deleted working directory) leaves the next run the process the first run saw."""
import os

from conftest import save
from state_suite import write_state_suite


def outcomes(run_tests):
    return {event["id"]: event["outcome"] for event in run_tests}


def test_the_next_run_sees_the_state_the_first_run_saw(project, watch):
    record, change, check = write_state_suite(project)
    w = watch("--max-runs", "2")
    w.wait_runs(1)
    save(check, check.read_text() + "\n# edited\n")  # the edited file runs first in run 2
    w.wait_runs(2)
    assert w.finish() == 0, w.output()
    first, second = w.tests_of_run(0), w.tests_of_run(1)
    assert second[0]["id"] == "tests/test_2_check.py::test_sees_the_recorded_state"
    assert set(outcomes(first).values()) == {"passed"}, first
    assert set(outcomes(second).values()) == {"passed"}, second
    assert os.path.exists(project.parent / (project.name + "-baseline.json"))
