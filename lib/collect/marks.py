"""pytest marks read by duck typing, and the skip/skipif/xfail decisions they imply.

A mark is any object with .name, .args and .kwargs (pytest's Mark); a MarkDecorator is
recognised by its .mark attribute. Marks are gathered in pytest's precedence order: the
function's own, then parameter-set marks, then each class (innermost first, its MRO included),
then the module. The first matching skipif/skip/xfail mark in that order decides. Unknown marks
are ignored.
"""

import os
import sys


class MarkError(Exception):
    """A mark could not be evaluated; str(self) is the full text pytest would show."""


class XfailSpec:
    """An xfail mark that applies: its reason, whether to run, strictness and allowed raises."""

    __slots__ = ("reason", "run", "strict", "raises")

    def __init__(self, reason, run, strict, raises):
        self.reason = reason
        self.run = run
        self.strict = strict
        self.raises = raises


def normalize(entries):
    """A list of Mark-like objects from a pytestmark value (a mark, a decorator or a list)."""
    if entries is None:
        return []
    if not isinstance(entries, (list, tuple)):
        entries = [entries]
    marks = []
    for entry in entries:
        mark = getattr(entry, "mark", entry)
        if hasattr(mark, "name") and hasattr(mark, "args") and hasattr(mark, "kwargs"):
            marks.append(mark)
    return marks


def function_marks(func):
    """The marks stored on a function (its pytestmark attribute)."""
    try:
        value = getattr(func, "pytestmark", None)
    except Exception:
        return []
    return normalize(value) if value else []


def class_marks(cls):
    """The marks of a class and its bases, as pytest reads them (each class's own __dict__)."""
    marks = []
    for klass in cls.__mro__:
        value = klass.__dict__.get("pytestmark")
        if value:
            marks.extend(normalize(value))
    return marks


def module_marks(module):
    """The marks of a module (its pytestmark global)."""
    value = getattr(module, "pytestmark", None)
    return normalize(value) if value else []


def named(marks, name):
    """The marks called name, in precedence order."""
    return [mark for mark in marks if mark.name == name]


def evaluate_skip(marks, func_globals):
    """The skip reason when a skip/skipif mark applies, else None. Raises MarkError.

    String conditions see os, sys, platform, a `config` stand-in and func_globals.
    """
    for mark in named(marks, "skipif"):
        conditions = _conditions(mark)
        if not conditions:
            return mark.kwargs.get("reason", "")
        for condition in conditions:
            applies, reason = _evaluate_condition(mark, condition, func_globals)
            if applies:
                return reason
    for mark in named(marks, "skip"):
        return _skip_mark_reason(mark)
    return None


_defaults = {"xfail_strict": False, "runxfail": False}


def set_runxfail(value):
    """--runxfail: xfail marks are not evaluated (pytest_lite.set_runxfail makes pytest.xfail()
    a no-op), as pytest's."""
    _defaults["runxfail"] = bool(value)


def set_xfail_strict(value):
    """The ini option xfail_strict: the default of xfail(strict=...)."""
    _defaults["xfail_strict"] = bool(value)


def evaluate_xfail(marks, func_globals):
    """The XfailSpec of the first xfail mark that applies, else None (always with --runxfail).
    Raises MarkError."""
    if _defaults["runxfail"]:
        return None
    for mark in named(marks, "xfail"):
        run = mark.kwargs.get("run", True)
        strict = mark.kwargs.get("strict", _defaults["xfail_strict"])
        raises = mark.kwargs.get("raises", None)
        conditions = _conditions(mark)
        if not conditions:
            return XfailSpec(mark.kwargs.get("reason", ""), run, strict, raises)
        for condition in conditions:
            applies, reason = _evaluate_condition(mark, condition, func_globals)
            if applies:
                return XfailSpec(reason, run, strict, raises)
    return None


def _condition_namespace(func_globals):
    """Globals for string conditions: os, sys, platform, a config stand-in, then the module's."""
    import platform
    namespace = {"os": os, "sys": sys, "platform": platform, "config": _ConfigStandIn()}
    if func_globals:
        namespace.update(func_globals)
    return namespace


class _ConfigStandIn:
    """What string conditions see as `config`: options and ini values at their defaults."""

    def getoption(self, name, default=None, skip=False):
        return default

    def getini(self, name):
        return None


def _conditions(mark):
    if "condition" in mark.kwargs:
        return (mark.kwargs["condition"],)
    return mark.args


def _skip_mark_reason(mark):
    if mark.args:
        return str(mark.args[0])
    return mark.kwargs.get("reason", "unconditional skip")


def _evaluate_condition(mark, condition, func_globals):
    """(applies, reason) for one skipif/xfail condition (a string is evaluated, else bool())."""
    if isinstance(condition, str):
        applies = _evaluate_string(mark, condition, _condition_namespace(func_globals))
    else:
        try:
            applies = bool(condition)
        except Exception as exc:
            raise MarkError(
                f"Error evaluating {mark.name!r} condition as a boolean\n{_exception_line(exc)}"
            ) from None
    reason = mark.kwargs.get("reason", None)
    if reason is None:
        if not isinstance(condition, str):
            raise MarkError(
                f"Error evaluating {mark.name!r}: you need to specify reason=STRING "
                "when using booleans as conditions."
            )
        reason = "condition: " + condition
    return applies, reason


def _evaluate_string(mark, condition, namespace):
    try:
        code = compile(condition, f"<{mark.name} condition>", "eval")
    except SyntaxError as exc:
        caret = "    " + " " * (exc.offset or 0) + "^"
        raise MarkError(
            f"Error evaluating {mark.name!r} condition\n    {condition}\n{caret}\n"
            "SyntaxError: invalid syntax"
        ) from None
    try:
        return eval(code, namespace)
    except Exception as exc:
        raise MarkError(
            f"Error evaluating {mark.name!r} condition\n    {condition}\n{_exception_line(exc)}"
        ) from None


def _exception_line(exc):
    return f"{type(exc).__name__}: {exc}"
