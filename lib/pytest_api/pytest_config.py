"""pytest's configuration as the runner uses it (module `_pyspace.pytest_api.pytest_config`).

No file is read here: the C++ side determines the rootdir and pytest's configfile and reads the
keys pyspace-test supports (lib/config: rootdir.h, pytest_file.h, pytest_keys.h), and hands the
result to from_model() (lib/run/python_bridge.cpp). from_model() returns the dict the runner
passes around (execute.Session(config=...), request.config.getini):

    {"file": absolute configfile or None, "rootdir": absolute rootdir,
     "testpaths": [...], "python_files": [...], "python_classes": [...],
     "python_functions": [...], "markers": [...], "filterwarnings": [...],
     "xfail_strict": bool, "lines": {key: line in the file}, "warnings": [str, ...]}

A filterwarnings entry that does not parse is dropped and named in "warnings" with its
file:line (warning_filters needs Python to resolve the warning class).
"""


def from_model(*, rootdir, file, shown_as, testpaths, python_files, python_classes,
               python_functions, markers, filterwarnings, xfail_strict, lines, warnings, ini=None,
               cmdline_filterwarnings=()):
    """The runner's config dict for the C++ model's values (see module docstring). `ini`: every
    key pytest knows that the file or -o set, typed as getini() gives it (C++ PytestSettings.ini);
    the named arguments are the honoured keys, with pytest's defaults. cmdline_filterwarnings:
    -W's filters, applied after the ini's (so they win), as pytest does; a bad one raises
    UsageError (exit 4) in pytest's words."""
    result = {
        **(ini or {}),
        "file": file or None, "rootdir": rootdir, "testpaths": list(testpaths),
        "python_files": list(python_files), "python_classes": list(python_classes),
        "python_functions": list(python_functions), "markers": list(markers),
        "filterwarnings": list(filterwarnings), "xfail_strict": bool(xfail_strict),
        "lines": dict(lines), "warnings": list(warnings),
    }
    if result["filterwarnings"]:
        _check_filters(result["filterwarnings"])
    if cmdline_filterwarnings:
        from _pyspace.pytest_api import warning_filters
        _check_filters(cmdline_filterwarnings)
        result["filterwarnings"] += [warning_filters.escaped(text) for text in cmdline_filterwarnings]
    return result


class UsageError(Exception):
    """A bad filterwarnings entry or -W: pyspace-test ends with exit 4 and this message
    (python/error.h), as pytest does."""


def _check_filters(texts):
    """Raises UsageError for the first filter that does not parse, as pytest at configuration.
    A dotted category is checked for form only: it is imported in the space that applies the
    filter (execute.Session), where the project's own module of that name is found."""
    from _pyspace.pytest_api import warning_filters
    for text in texts:
        if text.strip():
            try:
                warning_filters.parse(text, resolve=False)
            except warning_filters.WarningFilterError as exc:
                raise warning_filters.usage_error(exc) from None
