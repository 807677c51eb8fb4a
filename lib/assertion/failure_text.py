"""Failure text: a one-line message and a traceback in pytest's --tb styles.

Frames of the runner itself (modules `_pyspace.*`), of the import machinery, of unittest (globals with `__unittest`) and
frames asking to be hidden (`__tracebackhide__`) are left out. Every shown frame lists the
function's arguments, its source from the def line to the failing statement (current file
contents, see sources.reset) with '>' on the failing line; the last one adds the exception as
'E' lines (pytest's exconly text, see exception_text: a rewritten assert's is its whole
explanation; plain_assert's lines for an assert that was not rewritten) and 'path:line: Type'.
Chained exceptions (__cause__/__context__) come first, as Python prints them.

Styles (configure(), set once per run before any test runs; the defaults are pytest's):
'auto' (the first and the last entry long, the others short), 'long', 'short', 'line' (the crash
line 'abs/path:line: message' first, then the 'E' lines: the terminal shows the first for
failures, the rest for errors), 'native' (Python's own traceback), 'no' (the 'E' lines only).
Collection errors are always 'short' (pytest's text for import and syntax errors). showlocals adds each shown frame's
locals (sorted, `name       = repr`), as pytest's -l does.

Must be called while the traceback's frames are still alive (inside the except block or right
after), since argument values and assert explanations are read from them.
"""

import os
import traceback

from _pyspace.assertion import exception_text, explain, plain_assert, sources
from _pyspace.assertion.saferepr import safeformat, saferepr

_ENTRY_SEPARATOR = "_ " * 40
_HIDDEN_MODULES = ("_pyspace.", "importlib._bootstrap")
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


_STYLES = ("auto", "long", "short", "line", "native", "no")
_settings = {"style": "auto", "showlocals": False, "width": 80}


def configure(*, tbstyle="auto", showlocals=False, verbose=0, on_ci=False, width=80):
    """Sets the run's --tb style, -l, the verbosity (-v count minus -q), whether pytest
    would think it runs on CI (module state of the root, shared by every space) and the
    console's width. The verbosity and CI shape assert explanations (explain.configure) and,
    at verbose >= 2, -l's locals (pprint'd whole, as pytest); the width how many of a frame's
    arguments share a line."""
    if tbstyle not in _STYLES:
        raise ValueError(f"unknown traceback style {tbstyle!r}")
    _settings["style"] = tbstyle
    _settings["showlocals"] = bool(showlocals)
    _settings["width"] = width
    explain.configure(verbose=verbose, on_ci=on_ci)


def describe(exc, *, style="long"):
    """(message, longrepr) for an exception; style 'long' for tests (laid out in the configured
    style, see the module doc), 'short' for collection errors (always short)."""
    # Collection errors stay short: pytest writes import and syntax errors of a test module as
    # a fixed short text whatever --tb says.
    configured = _settings["style"] if style == "long" else "short"
    if configured == "native":
        return message_line(exc), _native(exc)
    if configured in ("line", "no"):
        text = "\n".join(_exception_block(chained) for chained, _ in _chain(exc))
        if configured == "line":
            text = _crash_line(exc) + "\n" + text
        return message_line(exc), text
    blocks = []
    for chained, header in _chain(exc):
        if header:
            blocks.append("\n" + header)
        blocks.append(_format_one(chained, configured))
    return message_line(exc), "\n".join(blocks)


def _exception_block(exc):
    entries = visible_frames(exc.__traceback__)
    location = entries[-1] if entries else None
    return "\n".join("E   " + line for line in _exception_lines(exc, location))


def _crash_line(exc):
    """pytest's reprcrash line: 'abs/path:line: message' of the innermost shown frame, the
    message's first line only."""
    message = message_line(exc).split("\n", 1)[0]
    entries = visible_frames(exc.__traceback__)
    if not entries:
        return message
    frame, lineno = entries[-1]
    return f"{frame.f_code.co_filename}:{lineno}: {message}"


def _native(exc):
    """Python's traceback from the first shown frame on, the chain first, as pytest's
    --tb=native prints it (a plain assert's explanation as the AssertionError's text)."""
    blocks = []
    for chained, header in _chain(exc):
        if header:
            blocks.append("\n" + header + "\n")
        tb = chained.__traceback__
        while tb is not None and _hidden(tb.tb_frame):
            tb = tb.tb_next
        lines = []
        if tb is not None:
            lines.append("Traceback (most recent call last):")
            lines.extend(text.rstrip("\n") for text in traceback.format_tb(tb))
        explanation = _plain_assert_explanation(chained)
        if explanation:
            lines.append(_type_name(chained) + ": " + "\n".join(explanation))
        else:
            lines.extend(_exception_only(chained))
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def message_line(exc):
    """pytest's crash message: the exception's whole text (exception_text.exconly: 'Type: text'
    as Python prints it, a rewritten assert's whole explanation, 'AssertionError: ' left out
    where pytest leaves it out). A plain assert's explanation (plain_assert) likewise, with
    'AssertionError: ' in front unless its first line has it. May hold several lines."""
    explanation = _plain_assert_explanation(exc)
    if not explanation:
        return exception_text.exconly(exc)
    text = "\n".join(explanation)
    if not text.startswith("AssertionError"):
        text = exception_text.ASSERT_PREFIX + text
    if text.startswith(exception_text.ASSERT_PREFIX) and exception_text.drops_prefix(exc):
        return text[len(exception_text.ASSERT_PREFIX):]
    return text


def visible_frames(tb):
    """[(frame, lineno)] of the traceback without runner, unittest and hidden frames."""
    entries = []
    while tb is not None:
        frame = tb.tb_frame
        if not _hidden(frame):
            entries.append((frame, tb.tb_lineno))
        tb = tb.tb_next
    return entries


def short_location(frame, lineno):
    """'path:line' with path as display_path shows it."""
    return f"{display_path(frame.f_code.co_filename)}:{lineno}"


def display_path(filename):
    """filename relative to the working directory ("../tests/test_x.py" too) when that is
    shorter, else unchanged (pytest's ReprFileLocation path, bestrelpath from the cwd)."""
    try:
        cwd = os.getcwd()
    except OSError:
        return filename
    if filename.startswith(cwd + os.sep):
        return filename[len(cwd) + 1:]
    if not os.path.isabs(filename):
        return filename
    relative = os.path.relpath(filename, cwd)
    return relative if len(relative) < len(filename) else filename


def _chain(exc):
    """[(exception, header printed before it)], oldest first; the oldest has no header."""
    chain = [[exc, None]]
    seen = {id(exc)}
    current = exc
    while True:
        if current.__cause__ is not None:
            older, header = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            older, header = current.__context__, _CONTEXT
        else:
            break
        if id(older) in seen:
            break
        seen.add(id(older))
        chain[-1][1] = header
        chain.append([older, None])
        current = older
    chain.reverse()
    return [tuple(pair) for pair in chain]


def _format_one(exc, style):
    """The entries of one exception: 'long', 'short', or 'auto' (pytest's: with more than two
    entries, the ones between the first and the last are short)."""
    entries = visible_frames(exc.__traceback__)
    if not entries:
        return "\n".join("E   " + line for line in _exception_lines(exc, None))
    count = len(entries)
    styles = [style] * count
    if style == "auto":
        styles = ["long" if index in (0, count - 1) or count <= 2 else "short" for index in range(count)]
    text = ""
    for index, (frame, lineno) in enumerate(entries):
        last = index == count - 1
        entry_style = styles[index]
        formatter = _long_entry if entry_style == "long" else _short_entry
        text += formatter(frame, lineno, exc if last else None)
        if not last:
            # pytest's ReprTraceback: a separator after a long entry and before a long one.
            if entry_style == "long" or styles[index + 1] == "long":
                text += "\n" + _ENTRY_SEPARATOR + "\n"
            else:
                text += "\n"
    return text


def _long_entry(frame, lineno, exc):
    lines = [""] + _argument_lines(frame)  # pytest's ReprTraceback: a blank line before each long entry
    source, fail_index = _function_source(frame, lineno)
    for index, text in enumerate(source):
        lines.append((">   " if index == fail_index else "    ") + text)
    if exc is not None:
        indent = 4 + len(source[fail_index]) - len(source[fail_index].lstrip()) if source else 4
        lines.extend("E" + " " * (indent - 1) + text for text in _exception_lines(exc, (frame, lineno)))
    if _settings["showlocals"]:
        lines.append("")
        lines.extend(_locals_lines(frame))
    lines.append("")
    tail = type(exc).__name__ if exc is not None else ""  # pytest's excinfo.typename
    lines.append(f"{short_location(frame, lineno)}: {tail}")
    return "\n".join(lines)


def _locals_lines(frame, indent=""):
    """pytest's ReprLocals: every local but the assert rewriter's '@' temporaries, sorted,
    by saferepr (pprint'd whole at verbose >= 2)."""
    shown = safeformat if explain.verbosity() > 1 else saferepr
    try:
        names = sorted(name for name in frame.f_locals if not name.startswith("@"))
    except Exception:
        return []
    lines = []
    for name in names:
        if name == "__builtins__":
            lines.append(indent + "__builtins__ = <builtins>")
        else:
            lines.append(f"{indent}{name:<10} = {shown(frame.f_locals[name])}")
    return lines


def _short_entry(frame, lineno, exc):
    text = sources.line(frame.f_code.co_filename, lineno, frame.f_globals).strip()
    lines = [f"{short_location(frame, lineno)}: in {frame.f_code.co_name}", "    " + text]
    if exc is not None:
        lines.extend("E   " + line for line in _exception_lines(exc, (frame, lineno)))
    if _settings["showlocals"]:
        lines.extend(_locals_lines(frame, " " * 8))
    return "\n".join(lines)


def _argument_lines(frame):
    """The frame's arguments, "a = 1, b = 2", as many on a line as the console's width takes
    (pytest's ReprFuncArgs), then a blank line; [] for none."""
    code = frame.f_code
    # pytest's Code.getargs(var=True): co_argcount plus the CO_VARARGS and CO_VARKEYWORDS flag
    # values themselves (4, 8), so with *args or **kwargs the names after the arguments show too
    # (pytest's assert rewriting temporaries among them, "@py_assert1 = False": ours, named
    # otherwise, are left out)
    count = code.co_argcount + (code.co_flags & 0x04) + (code.co_flags & 0x08)
    lines, line = [], ""
    for name in code.co_varnames[:count]:
        if name not in frame.f_locals or name.startswith("@py"):
            continue
        shown = f"{name} = {saferepr(frame.f_locals[name])}"
        if len(shown) + len(line) + 2 > _settings["width"]:
            if line:
                lines.append(line)
            line = shown
        else:
            line = f"{line}, {shown}" if line else shown
    if line:
        lines.append(line)
    if lines:
        lines.append("")
    return lines


def _function_source(frame, lineno):
    """(dedented lines from the def line to the end of the failing statement, failing index)."""
    filename, module_globals = frame.f_code.co_filename, frame.f_globals
    first, last = sources.statement_range(filename, lineno, module_globals)
    start = frame.f_code.co_firstlineno if frame.f_code.co_name != "<module>" else first
    start = min(start, first)
    raw = [sources.line(filename, n, module_globals) for n in range(start, last + 1)]
    if not any(raw):
        return [], 0
    return _dedent(raw), lineno - start


def _dedent(lines):
    indents = [len(text) - len(text.lstrip()) for text in lines if text.strip()]
    cut = min(indents) if indents else 0
    return [text[cut:] for text in lines]


def _exception_lines(exc, location):
    """The 'E' lines: a plain assert's explanation, else the lines of pytest's exconly."""
    explanation = _plain_assert_explanation(exc, location)
    if explanation:
        return explanation
    return exception_text.exconly(exc).split("\n")


def _plain_assert_explanation(exc, location=None):
    """plain_assert's lines for an AssertionError raised by an assert that was not rewritten
    (at the innermost shown frame, or `location`), else None."""
    if not isinstance(exc, AssertionError) or getattr(exc, "_pyspace_rewritten", False):
        return None
    if location is None:
        entries = visible_frames(exc.__traceback__)
        if not entries:
            return None
        location = entries[-1]
    frame, lineno = location
    try:
        return plain_assert.explain_frame(frame, lineno, exc)
    except Exception:
        return None


def _exception_only(exc):
    try:
        text = "".join(traceback.format_exception_only(type(exc), exc))
    except Exception:
        text = type(exc).__name__
    return text.rstrip("\n").split("\n")


def _type_name(exc):
    name = type(exc).__name__
    module = type(exc).__module__
    return name if module in ("builtins", "__main__") else f"{module}.{name}"


def _hidden(frame):
    module_name = frame.f_globals.get("__name__", "")
    if isinstance(module_name, str) and (
            module_name.startswith(_HIDDEN_MODULES)):
        return True
    if frame.f_code.co_filename.startswith("<frozen importlib"):
        return True
    if frame.f_globals.get("__unittest"):
        return True
    try:
        return bool(frame.f_locals.get("__tracebackhide__", frame.f_globals.get("__tracebackhide__")))
    except Exception:
        return False
