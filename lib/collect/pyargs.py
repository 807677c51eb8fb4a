"""--pyargs: a command-line argument that names a module or package is collected from its file
(module `_pyspace.collect.pyargs`).

pytest 7.2 converts such an argument with importlib.util.find_spec; this finds the same file
without importing anything (find_spec imports the parent packages, which would put project
packages into the root interpreter): each dotted level is looked up with the path finder in the
search path, then in its parent's package directories. A namespace package, or a name nothing
provides, gives None (pytest then reports "module or package not found"). Pure lookup: any
space may be active, or none.
"""

import os
from importlib.machinery import PathFinder


def module_path(name, search_path):
    """The file of module `name` (a package: its directory), or None; search_path as sys.path."""
    parts = name.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    locations = list(search_path)
    spec = None
    for index in range(len(parts)):
        try:
            spec = PathFinder.find_spec(".".join(parts[:index + 1]), locations)
        except (ImportError, ValueError, OSError):
            return None
        if spec is None:
            return None
        if index + 1 < len(parts):
            locations = list(spec.submodule_search_locations or ())
            if not locations:
                return None
    if spec.origin is None or spec.origin == "namespace":
        return None
    if spec.submodule_search_locations:
        return os.path.dirname(spec.origin)
    return spec.origin
