"""filterwarnings as pytest applies them per test (ini option and @pytest.mark.filterwarnings).

A filter is 'action:message:category:module:lineno' (trailing fields optional), as for -W.
Inside each test's catch_warnings(): first the ini filters in order, then the marks in
precedence order (function, class, module); each warnings.filterwarnings call inserts at the
front, so the last applied wins. The message and module fields are regular expressions, as
pytest passes them (escape=False).

Warnings raised meanwhile are recorded (catch_warnings(record=True)), not printed, and reported
as pytest's warnings summary shows them: warnings.formatwarning() text, see format_record().
"""

import os
import sys
import warnings


class WarningFilterError(ValueError):
    """A filter string does not parse; str(self) is pytest's text for it: the filter, then
    why (`reason`)."""

    def __init__(self, reason, text):
        super().__init__(reason)
        self.reason = reason
        self.text = text

    def __str__(self):
        return (f"while parsing the following warning configuration:\n\n  {self.text}\n\n"
                f"This error occurred:\n\n{self.reason}")


def parse(text, resolve=True):
    """(action, message, category, module, lineno) for warnings.filterwarnings. With
    resolve=False a dotted category is checked for form only and stays a string: importing it
    belongs in the space the filter is applied in (it may be the project's own module)."""
    parts = text.split(":")
    if len(parts) > 5:
        raise WarningFilterError(f"too many fields (max 5): {text!r}", text)
    while len(parts) < 5:
        parts.append("")
    action, message, category, module, lineno = (part.strip() for part in parts)
    action = _action(action, text)
    if not category:
        category_class = Warning
    elif resolve or "." not in category:
        category_class = _category(category, text)
    else:
        category_class = category
    if lineno:
        try:
            number = int(lineno)
            if number < 0:
                raise ValueError
        except ValueError:
            raise WarningFilterError(f"invalid lineno {lineno!r}", text) from None
    else:
        number = 0
    return action, message, category_class, module, number


def escaped(text):
    """A -W filter as an ini one: pytest takes -W's message and module literally (re.escape,
    and the module matched whole), the ini's as regular expressions."""
    import re
    parts = [part.strip() for part in text.split(":")]
    if len(parts) > 1 and parts[1]:
        parts[1] = re.escape(parts[1])
    if len(parts) > 3 and parts[3]:
        parts[3] = re.escape(parts[3]) + r"\Z"
    return ":".join(parts)


def parse_all(texts):
    """Parsed filters for a list of strings; a bad one raises WarningFilterError. Call in the
    space the filters are for: a dotted category is imported there."""
    return [parse(text) for text in texts if text.strip()]


def usage_error(exc):
    """pytest's error (exit 4) for a filter of the ini or -W that does not parse."""
    from _pyspace.pytest_api.pytest_config import UsageError
    return UsageError(str(exc))


def parse_all_or_usage_error(texts):
    """parse_all, a bad filter raising usage_error() instead (the run ends with exit 4)."""
    parsed = []
    for text in texts:
        if text.strip():
            try:
                parsed.append(parse(text))
            except WarningFilterError as exc:
                raise usage_error(exc) from None
    return parsed


def apply(parsed):
    for action, message, category, module, lineno in parsed:
        warnings.filterwarnings(action, message, category, module, lineno)


def apply_marks(marks):
    """Apply the args of every filterwarnings mark, in the order the marks are given."""
    for mark in marks:
        if mark.name != "filterwarnings":
            continue
        for arg in mark.args:
            warnings.filterwarnings(*parse(arg))


_ACTIONS = ("default", "error", "ignore", "always", "module", "once")


def _action(action, text):
    if not action:
        return "default"
    for candidate in _ACTIONS:
        if candidate.startswith(action):
            return candidate
    raise WarningFilterError(f"invalid action: {action!r}", text)


def _category(name, text):
    """The class `name` names (a builtin's name, or module.Class imported now), as pytest's
    _resolve_warning_category; the reason of a failure is the exception it ended with."""
    import builtins
    import importlib
    try:
        if "." not in name:
            found = getattr(builtins, name)
        else:
            module_name, _, attr = name.rpartition(".")
            found = getattr(importlib.import_module(module_name), attr)
    except Exception as exc:  # what the import or the lookup raised, as pytest shows it
        raise WarningFilterError(f"{type(exc).__name__}: {exc}", text) from None
    if not (isinstance(found, type) and issubclass(found, Warning)):
        raise WarningFilterError(f"{found} is not a Warning subclass", text)
    return found


_plugin = {"on": True}


def set_plugin(on):
    """pytest's warnings plugin on (the default) or off (`-p no:warnings`): off, tests and
    collection run under Python's own filters, nothing is recorded, -W and filterwarnings do
    nothing. Set once per run before collection (module state of the root)."""
    _plugin["on"] = bool(on)


def plugin_on():
    return _plugin["on"]


def show_deprecations():
    """As pytest: inside a test or a collection, (Pending)DeprecationWarnings are always shown
    unless -W was given. Call within catch_warnings(); it also gives fresh once-registries."""
    if not sys.warnoptions:
        # simplefilter("always", DeprecationWarning), then the same for
        # PendingDeprecationWarning, with one filters-changed notice instead of two.
        filters = warnings.filters
        for entry in _SHOW_DEPRECATIONS:
            if entry in filters:
                filters.remove(entry)
        filters[:0] = _SHOW_DEPRECATIONS
        warnings._filters_mutated()


_SHOW_DEPRECATIONS = [("always", None, PendingDeprecationWarning, None, 0),
                      ("always", None, DeprecationWarning, None, 0)]


def recording(call, filterwarnings=()):
    """call() outside any test, under the filters a collection's warnings get (deprecations
    shown, then the ini's `filterwarnings`; a malformed one is left to the run, which reports it
    per test): (its value, [(where, formatted warning)] raised meanwhile), `where` being
    'path:line' relative to the working directory, as pytest names collection warnings. With
    -p no:warnings: Python's own filters, nothing recorded."""
    if not plugin_on():
        return call(), []
    with warnings.catch_warnings(record=True) as recorded:
        show_deprecations()
        if filterwarnings:
            try:
                apply(parse_all(filterwarnings))
            except WarningFilterError:
                pass
        value = call()
    return value, [(f"{_relative_to_cwd(w.filename)}:{w.lineno}", format_record(w)) for w in recorded]


def _relative_to_cwd(path):
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def format_record(record):
    """A recorded warning as pytest's warnings summary prints it: 'path:12: Category: text'
    and the source line (warnings.formatwarning)."""
    try:
        return warnings.formatwarning(str(record.message), record.category, record.filename,
                                      record.lineno, record.line)
    except Exception as exc:  # a message whose str() fails, an unreadable source
        return f"{record.filename}:{record.lineno}: {record.category.__name__}: <unprintable: {exc!r}>\n"
