"""--json-events FILE|-: JSON Lines, one event per line: run_start, collect_error,
test {id, outcome, duration_ms, failure}, run_end {counts, duration_ms}."""

import pytest

from pst_support import (closing_counts, copy_sample, events_of, outcomes_by_id, pst,
                         pytest_outcomes, read_events, write_tree)


@pytest.fixture
def failing(tmp_path):
    return copy_sample("failing", tmp_path)


def test_events_of_the_failing_sample(failing, tmp_path):
    target = tmp_path / "events.jsonl"
    result = pst("run", "--json-events", target, cwd=failing)
    assert result.rc == 1, str(result)
    events = read_events(target.read_text())
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run_start" and kinds[-1] == "run_end", kinds
    assert kinds.count("run_start") == kinds.count("run_end") == 1, kinds
    tests = events_of(events, "test")
    assert len(tests) == 7
    _, expected, _ = pytest_outcomes(cwd=failing, tmp_path=tmp_path)
    assert outcomes_by_id(events) == expected
    for event in tests:
        assert isinstance(event["duration_ms"], (int, float)) and event["duration_ms"] >= 0
        if event["outcome"] == "failed":
            assert isinstance(event["failure"], str) and event["failure"].strip(), event
        if event["outcome"] == "passed":
            assert not event.get("failure"), event
    by_id = {e["id"]: e for e in tests}
    assert "not a quantity: '12 kg'" in by_id[
        "test_inventory.py::test_parse_quantity_raises_in_helper"]["failure"]
    end = events[-1]
    counts = {k: v for k, v in end["counts"].items() if v}
    assert counts == {"failed": 3, "passed": 2, "skipped": 1, "xfailed": 1}, end
    assert isinstance(end["duration_ms"], (int, float)) and end["duration_ms"] >= 0
    # the counts are those of the closing line
    assert closing_counts(result.out) == counts


def test_events_to_stdout_are_json_lines_only(failing):
    result = pst("run", "--json-events", "-", cwd=failing)
    assert result.rc == 1, str(result)
    events = read_events(result.out)  # every stdout line must be a JSON event
    assert events[0]["event"] == "run_start" and events[-1]["event"] == "run_end"
    assert len(events_of(events, "test")) == 7


def test_events_are_written_as_the_run_goes(tmp_path):
    """Each line is complete JSON (no pretty-printing over several lines)."""
    project = write_tree(tmp_path / "proj", {
        "test_multiline.py": '''
            def test_multiline_failure():
                print("line one\\nline two")
                assert "a\\nb" == "a\\nc"
            ''',
    })
    target = tmp_path / "events.jsonl"
    result = pst("run", "--json-events", target, cwd=project)
    assert result.rc == 1, str(result)
    lines = target.read_text().splitlines()
    events = read_events(target.read_text())
    assert len(lines) == len(events) == 3


def test_collect_error_event(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_good.py": "def test_good():\n    pass\n",
        "test_broken.py": "import json\n\ndef test_x(:\n    pass\n",
    })
    target = tmp_path / "events.jsonl"
    result = pst("run", "--json-events", target, "--continue-on-collection-errors", cwd=project)
    assert result.rc == 1, str(result)
    events = read_events(target.read_text())
    errors = events_of(events, "collect_error")
    assert len(errors) == 1, events
    assert errors[0]["path"] == "test_broken.py"
    assert "SyntaxError" in (errors[0].get("message") or "") + (errors[0].get("failure") or "")
    assert outcomes_by_id(events) == {"test_good.py::test_good": "passed"}
    counts = events[-1]["counts"]
    assert counts["passed"] == 1


def test_no_tests_events(tmp_path):
    (tmp_path / "empty").mkdir()
    target = tmp_path / "events.jsonl"
    result = pst("run", "--json-events", target, cwd=tmp_path / "empty")
    assert result.rc == 5, str(result)
    events = read_events(target.read_text())
    assert [e["event"] for e in events] == ["run_start", "run_end"]
    assert not any(events[-1]["counts"].values())


def test_events_with_nasty_output(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_nasty.py": r'''
            import sys

            def test_nasty():
                raw = getattr(sys.stdout, "buffer", None)
                if raw is not None:
                    raw.write(b"\xff\xfe\x00\n")
                print("ctrl \x1b[1m \x00 \udcff")
                assert False, "\x00<&>\udcff"
            ''',
    })
    target = tmp_path / "events.jsonl"
    result = pst("run", "--json-events", target, cwd=project)
    assert result.rc == 1, str(result)
    events = read_events(target.read_bytes().decode("utf-8"))  # valid UTF-8, valid JSON
    assert outcomes_by_id(events) == {"test_nasty.py::test_nasty": "failed"}
