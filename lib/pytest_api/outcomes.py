"""Recognising outcome exceptions without importing pytest or unittest.

pytest.skip/fail/xfail/exit raise exceptions whose classes come from `_pytest.outcomes` or, for
the light pytest test code imports, `_pyspace.pytest_api.pytest_lite` (Skipped, Failed, XFailed, Exit; the
first two claim `__module__ = "builtins"` so that tracebacks print them short, but derive from
an `OutcomeException` of those modules).
unittest.SkipTest skips too. They are recognised by class name and module along the exception's
MRO, so a suite that never imports pytest costs nothing here.
"""

import sys

# pytest's own module, and the light pytest the runner serves (pytest_lite.py).
_OUTCOME_MODULES = ("_pytest.outcomes", "_pyspace.pytest_api.pytest_lite")
_KINDS = {"Skipped": "skip", "XFailed": "xfail", "Failed": "fail", "Exit": "exit"}


def outcome_kind(exc):
    """'skip', 'xfail', 'fail', 'exit' for pytest/unittest outcome exceptions, else None."""
    mro = type(exc).__mro__
    if any(cls.__module__ in _OUTCOME_MODULES for cls in mro):
        for cls in mro:
            kind = _KINDS.get(cls.__name__)
            if kind is not None:
                return kind
    if _is_unittest_skip(exc):
        return "skip"
    return None


def _is_unittest_skip(exc):
    unittest_case = sys.modules.get("unittest.case")
    skip_test = getattr(unittest_case, "SkipTest", None)
    return skip_test is not None and isinstance(exc, skip_test)


def outcome_text(exc):
    """The reason/message carried by an outcome exception ('' when none)."""
    msg = getattr(exc, "msg", None)
    if msg is None:
        msg = str(exc) if exc.args else ""
    return msg


def skip_reason(exc):
    """The reason pytest's short summary shows for a skip exception ('Skipped' when empty)."""
    return outcome_text(exc) or "Skipped"


def shows_traceback(exc):
    """False for pytest.fail(pytrace=False): only the message is the failure text."""
    return getattr(exc, "pytrace", True)


def allows_module_level(exc):
    """True when a skip raised while importing a module skips the whole module."""
    if _is_unittest_skip(exc):
        return True
    return bool(getattr(exc, "allow_module_level", False))
