"""The space's import frames, hidden from warnings as importlib's own are (module
`_pyspace.space.import_frames`).

A module body that warns about itself (`warnings.warn("x is deprecated", DeprecationWarning,
stacklevel=2)`) means the line that imported it. CPython's warnings skip the import system's
frames to find it: those whose code's file name contains both "importlib" and "_bootstrap"
(warnings._is_internal_frame; is_internal_filename in Python/_warnings.c, 3.11 to 3.13). The
space's finder and loaders run between the import statement and the module body, so they are
named that way too (mark()); otherwise the warning names pyspace's activation.py, or
importlib/__init__.py, and `-W ...:module` filters and the warnings summary see another place
than under python3 (sympy.core.compatibility's deprecation test fails). Tracebacks still show
these frames, under their marked name, without a source line.
"""

_MARK = " (pyspace: skipped like importlib._bootstrap frames)"


def mark(*functions):
    """Renames the code of `functions` (plain functions) so that warnings skip their frames."""
    for function in functions:
        code = function.__code__
        if not code.co_filename.endswith(_MARK):
            function.__code__ = code.replace(co_filename=code.co_filename + _MARK)
