"""An exception as pytest 7.2 prints it (module `_pyspace.assertion.exception_text`).

exconly(exc): traceback.format_exception_only's text, trailing whitespace removed, without the
leading 'AssertionError: ' when pytest drops it: the exception's `msg` attribute, else its
saferepr, starts with "AssertionError('assert " (so `assert [1] == [2]` loses the prefix, but an
explanation holding a ' and no " is repr'd with double quotes and keeps it: pytest's quirk).
This is pytest's crash message (`reprcrash.message`), whole; the 'E' lines are its lines.
crash_location(tb): (filename, line) of the last traceback entry not hidden by
`__tracebackhide__`, the last one when all are (pytest's crash entry).
"""

import traceback

from _pyspace.assertion.saferepr import saferepr

ASSERT_PREFIX = "AssertionError: "
_ASSERT_START_REPR = "AssertionError('assert "


def exconly(exc, tryshort=True):
    """The exception's text as pytest's ExceptionInfo.exconly(tryshort) gives it."""
    try:
        text = "".join(traceback.format_exception_only(type(exc), exc))
    except Exception:
        text = type(exc).__name__
    text = text.rstrip()
    if tryshort and text.startswith(ASSERT_PREFIX) and drops_prefix(exc):
        text = text[len(ASSERT_PREFIX):]
    return text


def drops_prefix(exc):
    """Whether pytest leaves 'AssertionError: ' out of exc's text (see the module doc)."""
    if not isinstance(exc, AssertionError):
        return False
    shown = getattr(exc, "msg", None)
    if shown is None:
        shown = saferepr(exc)
    return isinstance(shown, str) and shown.startswith(_ASSERT_START_REPR)


def crash_location(tb):
    """(filename, lineno) of pytest's crash entry of traceback tb, or None without one."""
    last = None
    shown = None
    while tb is not None:
        last = tb
        if not _hides(tb.tb_frame):
            shown = tb
        tb = tb.tb_next
    entry = shown or last
    if entry is None:
        return None
    return entry.tb_frame.f_code.co_filename, entry.tb_lineno


def _hides(frame):
    try:
        hide = frame.f_locals.get("__tracebackhide__", frame.f_globals.get("__tracebackhide__"))
        return bool(hide)
    except Exception:
        return False
