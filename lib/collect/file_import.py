"""Importing a collected file, and the collection errors that gives (module
`_pyspace.collect.file_import`).

import_module() imports a test module (or a module collected for its doctests) as pytest's
--import-mode says (import_modes.py): by default its base directory first on sys.path, under the
dotted name discovery gave it, as the active space's own module. The other functions turn what went wrong
into the collection results collect.py returns: ([items], [error dicts {path, message,
longrepr}]).

Contract: called with the space active.
"""

import importlib
import os

from _pyspace.python import lazy
from _pyspace.space import space_state
from _pyspace.pytest_api import outcomes
from _pyspace.collect import conftests, import_modes
from _pyspace.collect.items import module_skip_item

failure_text = lazy.module("_pyspace.assertion.failure_text")  # only for collection errors
exception_text = lazy.module("_pyspace.assertion.exception_text")  # only for collection errors

# pytest 7.2's CollectError texts (their reports carry no one-line message: the short summary
# shows the bare "ERROR path", as pytest's).
NOT_AT_MODULE_LEVEL = (
    "Using pytest.skip outside of a test will skip the entire module. "
    "If that's your intention, pass `allow_module_level=True`. "
    "If you want to skip a specific test or an entire class, "
    "use the @pytest.mark.skip or @pytest.mark.skipif decorators."
)
IMPORT_HINT = "Hint: make sure your test modules/packages have valid Python names."


def import_module(module_name, basedir, path, claim=True):
    """The module of file `path`, imported as `module_name` with basedir first on sys.path (a
    conftest.py through conftests.load, which may raise ConftestImportError). `claim`: the module
    is the space's own even inside an installed package (a test module: its asserts are
    rewritten); False for a module collected only for its doctests, which inside an installed
    package is then the root's, as its package and the rest of it are."""
    if os.path.basename(path) == "conftest.py":
        return conftests.load(path)
    if import_modes.by_path():
        return import_modes.import_by_path(path)
    import_modes.put_on_path(basedir)
    if claim:
        space_state.claim_file(module_name, path)  # the space's, even inside an installed package
    return importlib.import_module(module_name)


def error(relpath, message, longrepr):
    return {"path": relpath, "message": message, "longrepr": longrepr}


def conftest_failure(exc, relpath):
    """A conftest.py of the file failed to import (a ConftestImportError): the file's collection
    error, which also carries what pytest reports for it, the session's collection error (its
    walk imports the conftests): "conftest": {message, longrepr} of the cause alone."""
    cause = exc.__cause__
    _, longrepr = failure_text.describe(cause, style="short") if cause else ("", "")
    cause_line = exception_text.exconly(cause) if cause is not None else ""
    message = f"{exc} {cause_line}".split("\n", 1)[0]
    failure = error(relpath, message, f"{exc}\n{longrepr}")
    failure["conftest"] = {"message": cause_line.split("\n", 1)[0], "longrepr": longrepr}
    return [], [failure]


def import_failure(exc, path, relpath):
    """A test module's import failed: ([module skip item], []) for a module-level skip, else
    ([], [error dict])."""
    if outcomes.outcome_kind(exc) == "skip":
        if outcomes.allows_module_level(exc):
            return [module_skip_item(relpath, path, outcomes.skip_reason(exc), line_in(exc, path))], []
        return [], [error(relpath, "", NOT_AT_MODULE_LEVEL)]
    if isinstance(exc, conftests.ConftestImportError):
        return conftest_failure(exc, relpath)
    if outcomes.outcome_kind(exc) == "fail" and not outcomes.shows_traceback(exc):
        return [], [error(relpath, "", str(exc))]  # pytest.fail(pytrace=False): the message only
    message = exception_text.exconly(exc).split("\n", 1)[0]  # "pkg.errors.Failure: text", as pytest
    if not isinstance(exc, ImportError):  # pytest cuts the traceback at the module's own frame
        _cut_at(exc, path)
    _, longrepr = failure_text.describe(exc, style="short")
    if isinstance(exc, ImportError):
        longrepr = f"ImportError while importing test module '{path}'.\n{IMPORT_HINT}\nTraceback:\n{longrepr}"
    if isinstance(exc, (ImportError, SyntaxError)):
        message = ""
    return [], [error(relpath, message, longrepr)]


def _cut_at(exc, path):
    """Drops the traceback entries before the first frame of file `path` (importlib's), when
    there is one: what pytest's Module._prunetraceback shows."""
    filename = str(path)
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    if tb is not None:
        exc.__traceback__ = tb


def doctest_import_failure(exc, path, relpath, ignore_import_errors):
    """A module collected for its doctests failed to import, as pytest's DoctestModule reports
    it: any skip skips the file; an ImportError skips it too with --doctest-ignore-import-errors;
    else the error with its plain traceback, cut at the module's own frame (pytest's
    Collector._prunetraceback)."""
    if outcomes.outcome_kind(exc) == "skip":
        return [module_skip_item(relpath, path, outcomes.skip_reason(exc), line_in(exc, path))], []
    if isinstance(exc, conftests.ConftestImportError):
        return conftest_failure(exc, relpath)
    if ignore_import_errors and isinstance(exc, ImportError):
        reason = f"unable to import module PosixPath({path!r})"
        return [module_skip_item(relpath, path, reason, line_in(exc, path))], []
    message = exception_text.exconly(exc).split("\n", 1)[0]
    _cut_at(exc, path)
    _, longrepr = failure_text.describe(exc, style="short")
    return [], [error(relpath, message, longrepr)]


def file_mismatch(module, path):
    """Error text when module_name was already imported from another file, else ''."""
    module_file = getattr(module, "__file__", None)
    if not module_file:
        return ""
    if module_file.endswith((".pyc", ".pyo")):
        module_file = module_file[:-1]
    if module_file == path:
        return ""
    try:
        same = os.path.samefile(module_file, path)
    except OSError:
        same = False
    if same:
        return ""
    return (f"import file mismatch: module '{module.__name__}' was imported from {module_file}, "
            f"not from the test file {path}\n"
            "Give the test files unique basenames or put them in packages (__init__.py).")


def line_in(exc, path):
    """The last line of `path` in exc's traceback (0 when it has none)."""
    for frame, lineno in reversed(failure_text.visible_frames(exc.__traceback__)):
        if frame.f_code.co_filename == path:
            return lineno
    return 0
