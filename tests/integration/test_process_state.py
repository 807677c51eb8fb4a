"""Process-global state a test file changes (interpreter settings, hooks, the decimal context,
the locale, signal handlers, os.environ's binding, a deleted working directory) is restored
before the next file, with a warning naming the file; see tests/watch/state_suite.py."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "watch"))
from state_suite import write_state_suite  # noqa: E402

from pst_support import pst, read_events, write_tree  # noqa: E402


@pytest.mark.parametrize("isolate", ["run", "file"])
def test_the_next_file_sees_the_state_the_first_file_saw(tmp_path, isolate):
    project = write_tree(tmp_path / "proj", {"pyproject.toml": '[tool.pyspace-test]\npython_path = ["."]\n'})
    write_state_suite(project)
    events_file = tmp_path / "events.jsonl"
    result = pst("run", "--isolate", isolate, "--json-events", events_file, cwd=project)
    assert result.rc == 0, str(result)
    events = read_events(events_file.read_text())
    outcomes = {e["id"]: e["outcome"] for e in events if e["event"] == "test"}
    assert set(outcomes.values()) == {"passed"} and len(outcomes) == 3, str(result)
    warnings = "\n".join(e["message"] for e in events if e["event"] == "warning")
    for sentence in ("os.environ was replaced", "sys.setrecursionlimit() was called (",
                     "the decimal context was changed", "os.umask() was called (",
                     "signal handlers were changed (SIGUSR1)", "faulthandler was disabled",
                     "the working directory was changed to a directory that was then deleted"):
        assert sentence in warnings, f"{sentence!r} not in:\n{warnings}\n{result}"
    assert "test_1_change.py" in result.both, str(result)
