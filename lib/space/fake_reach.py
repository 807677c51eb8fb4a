"""Whether importing a module in the root would take a faked module's real copy along
(module `_pyspace.space.fake_reach`).

The standard library and installed distributions are imported in the root (root_import.locate).
A module imported there that imports `socket` at module level gets the root's real `socket`, and
a space's fake `socket` can never replace that reference. So when the active spaces fake or block
names, a module whose import would reach one of them stays in the space, where the fake is seen.

`reaches(name, origin, fakes)` follows the module-level imports (not those inside functions:
they run later, in whatever space is active then) of the module's source, and of the sources of
what it imports, without importing anything. Sources are found the way PathFinder would find them
on the current sys.path; what has no Python source (extensions, built-ins, names that are only
attributes) ends the walk there. The standard library and installed packages do not change while
the process lives, so each file is read once.

Contract: GIL held; called while a space is active (sys.path is the space's).
"""
import ast
import sys
from importlib.machinery import PathFinder, SOURCE_SUFFIXES

_imports_of_file = {}   # source path -> frozenset of absolute module names its body imports


def reaches(name, origin, fakes):
    """The faked name (from the set `fakes`) that importing module `name` from source file
    `origin` would import, else None."""
    seen = set()
    pending = [(name, origin)]
    while pending:
        module, source = pending.pop()
        hit = _faked(module, fakes)
        if hit is not None:
            return hit
        if module in seen:
            continue
        seen.add(module)
        if module in sys.modules and module != name:
            continue  # already imported: importing `name` does not run it again
        if source is None:
            source = _source_of(module)
        if source is None:
            continue
        for imported in _imports(module, source):
            if imported not in seen:
                pending.append((imported, None))
    return None


def _faked(module, fakes):
    for fake in fakes:
        if module == fake or module.startswith(fake + "."):
            return fake
    return None


def _source_of(name):
    """The Python source file PathFinder would load for `name` on sys.path, else None."""
    parent, _, _ = name.rpartition(".")
    path = None
    if parent:
        parent_spec = _spec(parent, None)
        if parent_spec is None or not parent_spec.submodule_search_locations:
            return None
        path = list(parent_spec.submodule_search_locations)
    spec = _spec(name, path)
    origin = getattr(spec, "origin", None) if spec is not None else None
    if origin and origin.endswith(tuple(SOURCE_SUFFIXES)):
        return origin
    return None


def _spec(name, path):
    try:
        return PathFinder.find_spec(name, path)
    except (ImportError, ValueError, OSError):
        return None


def _imports(module, source):
    """Absolute names the module-level code of `source` (module `module`) imports."""
    found = _imports_of_file.get(source)
    if found is None:
        found = _imports_of_file[source] = frozenset(_read_imports(module, source))
    return found


def _read_imports(module, source):
    try:
        with open(source, "rb") as handle:
            tree = ast.parse(handle.read(), source)
    except (OSError, SyntaxError, ValueError):
        return set()
    is_package = source.endswith("__init__.py")
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in _module_level_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.update(_with_parents(alias.name))
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            if base is None:
                continue
            names.update(_with_parents(base))
            for alias in node.names:
                if alias.name != "*":
                    names.add(f"{base}.{alias.name}")  # a submodule, or just an attribute
    return names


def _module_level_nodes(tree):
    """The statements that run when the module is imported: everything but function bodies."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        pending.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))


def _absolute(module, level, package):
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts) or not parts:
        return None
    base = ".".join(parts[:len(parts) - (level - 1)])
    return f"{base}.{module}" if module else base


def _with_parents(name):
    parts = name.split(".")
    return [".".join(parts[:index]) for index in range(1, len(parts) + 1)]
