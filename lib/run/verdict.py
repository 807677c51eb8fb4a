"""Deciding a phase's outcome as pytest 7.2 does (runner reports plus the skipping plugin).

- a skip exception (pytest.skip, unittest.SkipTest) -> skipped, whatever the xfail marks say;
- pytest.xfail() -> xfailed with message "reason: <text>";
- an exception while an xfail mark applies -> xfailed (failed when `raises` does not match);
- a call that passes while an xfail mark applies -> xpassed, or failed "[XPASS(strict)] ..." when
  strict;
- any other exception -> 'failed' in the call phase, 'error' in setup or teardown (with the
  text its class formats itself when it has `reports_itself`: doctest failures).
judge_exception must be called while the exception's traceback is alive (formats it).
"""

from _pyspace.python import lazy
from _pyspace.pytest_api import outcomes

failure_text = lazy.module("_pyspace.assertion.failure_text")  # only when something failed
from _pyspace.run.reports import PhaseResult


def judge_exception(when, exc, xfail, duration, *, default_location=""):
    """The PhaseResult of a phase that raised exc.

    A skip's location is where it was raised, else default_location ('path:line').
    """
    kind = outcomes.outcome_kind(exc)
    if kind == "skip":
        location = _raise_location(exc) or default_location
        return skipped(when, outcomes.skip_reason(exc), location, duration)
    if kind == "exit":
        result = failure(when, exc, duration)
        result.message = "Exit: " + outcomes.outcome_text(exc)
        result.exit_reason = outcomes.outcome_text(exc)
        return result
    if kind == "xfail":
        reason = "reason: " + outcomes.outcome_text(exc)
        return PhaseResult("xfailed", when, duration, reason, _xfail_text(exc))
    if xfail is not None and (xfail.raises is None or _matches(exc, xfail.raises)):
        return PhaseResult("xfailed", when, duration, xfail.reason, _xfail_text(exc))
    return failure(when, exc, duration)


def judge_success(when, xfail, duration):
    """The PhaseResult of a phase that completed without an exception."""
    if when == "call" and xfail is not None:
        if xfail.strict:
            # pytest's report carries the text alone (no crash message): its short summary
            # names the test only; the JUnit failure message is the text
            return PhaseResult("failed", when, duration, "", "[XPASS(strict)] " + xfail.reason)
        return PhaseResult("xpassed", when, duration, xfail.reason, "")
    return PhaseResult("passed", when, duration)


def failure(when, exc, duration):
    """A failed (call) or error (setup/teardown) PhaseResult with the exception's text."""
    outcome = "failed" if when == "call" else "error"
    if getattr(type(exc), "reports_itself", False):  # formatted its own text (doctest failures)
        return PhaseResult(outcome, when, duration, exc.message, exc.longrepr)
    if outcomes.outcome_kind(exc) == "fail" and not outcomes.shows_traceback(exc):
        text = outcomes.outcome_text(exc)
        return PhaseResult(outcome, when, duration, text.split("\n", 1)[0], text)
    message, longrepr = failure_text.describe(exc)
    return PhaseResult(outcome, when, duration, message, longrepr)


def skipped(when, reason, location, duration=0.0):
    """A skipped PhaseResult; longrepr is 'path:line: reason' as pytest's summary prints it."""
    longrepr = f"{location}: {reason}" if location else reason
    return PhaseResult("skipped", when, duration, reason, longrepr)


def error_text(when, message, longrepr, duration=0.0):
    """An error/failed PhaseResult from ready-made text (fixture lookup, bad marks)."""
    outcome = "failed" if when == "call" else "error"
    return PhaseResult(outcome, when, duration, message, longrepr)


def _matches(exc, raises):
    try:
        return isinstance(exc, raises)
    except TypeError:
        return False


def _xfail_text(exc):
    try:
        return failure_text.describe(exc)[1]
    except Exception:
        return ""


def _raise_location(exc):
    frames = failure_text.visible_frames(exc.__traceback__)
    if not frames:
        return ""
    return failure_text.short_location(*frames[-1])
