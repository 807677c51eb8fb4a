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


NEXT_TESTS = """
def test_after():
    assert isinstance(len("ab"), int) and dict(a=1)
"""


@pytest.mark.parametrize("isolate", ["run", "file"])
@pytest.mark.parametrize("patch, warning", [
    ("import builtins; builtins.isinstance = None", "builtins.isinstance was replaced by the test (put back)"),
    ("import builtins; del builtins.dict", "builtins.dict was deleted by the test (put back)"),
    ("import sys; sys.modules = None", "sys.modules was rebound by the test (put back)"),
    ("import os; os.lseek = None", "os.lseek was replaced"),
    ("import os; os.dup2 = None", "os.dup2 was replaced"),
])
def test_a_hostile_patch_costs_no_other_test(tmp_path, isolate, patch, warning):
    # The runner's needs are put back after the test (runner_needs), its capture calls the os
    # functions it bound at start (private_os): every other test runs and passes, and the run
    # says what was put back.
    root = write_tree(tmp_path / "proj", {
        "test_a.py": f"def test_hostile():\n    {patch}\n" + NEXT_TESTS,
        "test_b.py": NEXT_TESTS,
    })
    junit = tmp_path / "report.xml"
    result = pst("run", "-p", "no:cacheprovider", "--isolate", isolate, "--junitxml", junit, cwd=root)
    assert result.rc == 0, str(result)
    assert "3 passed" in result.out and warning in result.out, str(result)
    assert junit.exists()


def test_a_patch_that_breaks_the_runner_after_the_call_fails_that_test_only(tmp_path):
    root = write_tree(tmp_path / "proj", {
        "test_a.py": "def test_hostile():\n    import builtins; builtins.len = None\n" + NEXT_TESTS,
        "test_b.py": NEXT_TESTS,
    })
    result = pst("run", "-p", "no:cacheprovider", cwd=root)
    assert result.rc == 1, str(result)
    assert "1 failed, 2 passed" in result.out, str(result)
    assert "the test broke what pyspace-test needs to finish its report: builtins.len was " \
           "replaced by the test (put back)" in result.out, str(result)


@pytest.mark.parametrize("isolate", ["run", "file"])
def test_a_space_that_cannot_be_put_back_ends_the_run_with_its_reports(tmp_path, isolate):
    # types.ModuleType = None breaks the namespace guard's restoration itself: no abort (a
    # destructor that threw), the reports of what ran are written, exit 3 naming the file.
    root = write_tree(tmp_path / "proj", {
        "test_a.py": "def test_hostile():\n    import types; types.ModuleType = None\n",
        "test_b.py": NEXT_TESTS,
    })
    junit = tmp_path / "report.xml"
    result = pst("run", "-p", "no:cacheprovider", "--isolate", isolate, "--junitxml", junit, cwd=root)
    assert result.rc == 3, str(result)
    assert "the module space could not be put back after its tests ran" in result.err, str(result)
    assert "test_a.py" in result.err or "test_b.py" in result.err, str(result)
    assert "Traceback" not in result.err and junit.exists(), str(result)


CLOSES_EVERY_FD = """
import os

def test_daemonizing_code_closes_every_fd():
    r, w = os.pipe()
    os.closerange(3, 65536)
    for fd in (r, w):  # the test's own descriptors are closed
        try:
            os.fstat(fd)
        except OSError:
            pass
        else:
            raise AssertionError(f"fd {fd} still open")
    print("closed")
"""


@pytest.mark.parametrize("capture", ["fd", "sys", "no"])
def test_os_closerange_in_a_test_closes_its_fds_and_not_the_runners(tmp_path, capture):
    # The terminal's duplicates, the capture files and the events stream are the runner's:
    # a test's os.closerange(3, 65536) leaves them, so every report after it is written.
    root = write_tree(tmp_path / "proj", {"test_a.py": CLOSES_EVERY_FD + NEXT_TESTS, "test_b.py": NEXT_TESTS})
    junit, events_file = tmp_path / "report.xml", tmp_path / "events.jsonl"
    result = pst("run", "-p", "no:cacheprovider", f"--capture={capture}", "--junitxml", junit,
                 "--json-events", events_file, cwd=root)
    assert result.rc == 0, str(result)
    assert "3 passed" in result.out, str(result)
    assert 'tests="3"' in junit.read_text()
    events = read_events(events_file.read_text())
    assert [e["outcome"] for e in events if e["event"] == "test"] == ["passed"] * 3
    assert events[-1]["event"] == "run_end"


@pytest.mark.parametrize("isolate", ["run", "file"])
def test_what_collection_changes_and_asyncios_default_policy_are_not_reported(tmp_path, isolate):
    # et_xmlfile, pint, sniffio: a conftest's os.environ and warnings filters (numpy adds some
    # when imported), and asyncio's default policy made by get_event_loop_policy(), were named
    # as changes "by tests in ..." (pytest says nothing); they are put back unreported. A policy
    # a test sets is still named.
    root = write_tree(tmp_path / "proj", {
        "conftest.py": "import os, warnings\nos.environ['FROM_CONFTEST'] = '1'\n"
                       "warnings.filterwarnings('ignore', message='never shown')\n",
        "test_a.py": "import asyncio\n\ndef test_policy():\n    asyncio.get_event_loop_policy()\n\n"
                     "def test_run():\n    async def main():\n        return 1\n    assert asyncio.run(main()) == 1\n",
        "test_b.py": "import asyncio\n\nclass Custom(asyncio.DefaultEventLoopPolicy):\n    pass\n\n"
                     "def test_custom():\n    asyncio.set_event_loop_policy(Custom())\n",
    })
    result = pst("run", "-p", "no:cacheprovider", "--isolate", isolate, cwd=root)
    assert result.rc == 0, str(result)
    assert "os.environ" not in result.out and "warnings.filters" not in result.out, str(result)
    if isolate == "run":  # (--isolate file does not name it: a gap left, docs/reliability.md)
        assert result.out.count("the asyncio event loop policy") == 1 and "by tests in test_b.py" in result.out, \
            str(result)
    else:
        assert "the asyncio event loop policy" not in result.out or "test_b.py" in result.out, str(result)
