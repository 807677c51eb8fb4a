"""Checks of the user's fakes (module `_pyspace.space.fake_check`): which module names may be
faked or blocked, and the error a fake file that raises or does not compile gives: a UsageError,
which the C++ side reports as a usage error (exit 4, PythonError::is_usage_error)."""


class UsageError(Exception):
    """The user's fake is wrong: its file raised or does not compile, or it names a module the
    interpreter cannot run without. The message names the fake and, when known, file:line."""


# Faking or blocking these breaks the interpreter or the runner itself, not the test code.
_UNFAKEABLE = ("builtins", "sys", "_pyspace", "importlib", "_frozen_importlib",
               "_frozen_importlib_external", "_imp", "marshal", "_thread", "_weakref", "_io",
               "codecs", "encodings")


def check_fakeable(name):
    if not isinstance(name, str) or not name or not all(p.isidentifier() for p in name.split(".")):
        raise UsageError(f"fake {name!r}: not a module name")
    top = name.split(".")[0]
    if name in _UNFAKEABLE or top in ("_pyspace", "importlib", "encodings"):
        raise UsageError(f"fake '{name}': this module cannot be faked or blocked "
                        "(the interpreter and the runner need the real one)")


def fake_failure(name, path, error):
    """A UsageError naming the fake, its file:line (path:line: message, as every usage error of
    a file) and the exception."""
    line = None
    if isinstance(error, SyntaxError) and error.filename == path:
        line = error.lineno
    else:
        tb = error.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == path:
                line = tb.tb_lineno
            tb = tb.tb_next
    where = f"{path}:{line}" if line else path
    text = error.msg if isinstance(error, SyntaxError) else str(error)
    return UsageError(f"fake '{name}': {where}: {type(error).__name__}{': ' + text if text else ''}")
