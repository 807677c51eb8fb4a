"""Run-wide switches of the `pytest` test code sees (module `_pyspace.pytest_api.run_switches`).

Set once per run by the runner (lib/run/python_bridge.cpp) before collection, read by
pytest_lite when a test uses pytest.mark / pytest.xfail: kept out of pytest_lite so that a suite
that never imports pytest never loads it.
"""

from _pyspace.pytest_api import builtin_markers

registered_markers = None  # None: no run configured the marks (every name is accepted silently)
strict_markers = False
runxfail = False
disabled_plugins = frozenset()  # the -p no:NAME plugins (their builtin marks and fixtures are absent)


def configure(markers, strict, run_xfail, disabled=()):
    """The run's `markers` ini lines, --strict-markers, --runxfail and the -p no:NAME plugins
    (whose builtin markers are then not registered)."""
    global registered_markers, strict_markers, runxfail, disabled_plugins
    disabled_plugins = frozenset(disabled)
    names = {line.split(":")[0].split("(")[0].strip() for line in markers}
    registered_markers = names | builtin_markers.names(disabled) | builtin_markers.NATIVE
    strict_markers = bool(strict)
    runxfail = bool(run_xfail)


def register_marker_line(line):
    """A `markers` line a conftest's pytest_configure adds (config.addinivalue_line)."""
    global registered_markers
    if registered_markers is not None:  # (None: every name is accepted anyway)
        registered_markers = registered_markers | {line.split(":")[0].split("(")[0].strip()}
