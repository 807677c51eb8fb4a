"""Which project files import which (module `_pyspace.watch.import_graph`), for watch mode's selection.

After each run, record() reads the project modules a space imported (name -> file) and parses each
file's import statements (cached by the file's content), resolving relative imports, so that
every edge is known even when a module was already imported by someone else first. affected()
answers: which test files have a changed file in their import closure. Contract: GIL held; the
functions do not need a space to be active.
"""
import ast
import os

_edges = {}          # file -> set of files it imports (project files only)
_parsed = {}         # file -> (source bytes, set of imported module names)


def _imported_names(path, module_name, is_package):
    try:
        with open(path, "rb") as handle:
            source = handle.read()
    except OSError:
        return set()
    cached = _parsed.get(path)
    if cached is not None and cached[0] == source:
        return cached[1]
    names = set()
    try:
        tree = ast.parse(source, path)
    except (SyntaxError, ValueError):
        tree = None
    package = module_name if is_package else module_name.rpartition(".")[0]
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.update(_with_parents(alias.name))
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, package)
            if base:
                names.update(_with_parents(base))
                names.update(f"{base}.{alias.name}" for alias in node.names)
    _parsed[path] = (source, names)
    return names


def _with_parents(name):
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def _resolve(module, level, package):
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[:len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base)


def record(modules, is_project_file):
    """Adds the edges of the project modules in `modules` (name -> module object)."""
    files = {}
    for name, module in modules.items():
        path = getattr(module, "__file__", None)
        if path and path.endswith(".py") and is_project_file(path):
            files[name] = os.path.abspath(path)
    for name, path in files.items():
        is_package = path.endswith("__init__.py")
        imported = _imported_names(path, name, is_package)
        _edges[path] = {files[other] for other in imported if other in files and files[other] != path}


def affected(test_files, changed_files):
    """The test files (in the given order) whose import closure contains a changed file."""
    changed = {os.path.abspath(path) for path in changed_files}
    result = []
    for test in test_files:
        test = os.path.abspath(test)
        seen, pending = set(), [test]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            pending.extend(_edges.get(current, ()))
        if seen & changed:
            result.append(test)
    return result


def known(path):
    return os.path.abspath(path) in _edges


def forget(paths):
    for path in paths:
        _edges.pop(os.path.abspath(path), None)
