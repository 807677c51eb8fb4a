"""Checks that every dependency in lib/ points down the layer order of lib/layers.txt.

Python: every `import _pyspace...`/`from _pyspace... import` (at any depth, in functions too) and
every lazy import by name (`lazy.module("_pyspace...")`, `importlib.import_module("_pyspace...")`)
in lib/<dir>/*.py. C++: every `#include "<dir>/..."` in lib/<dir>/*.{h,cpp}. A module of
directory A may use directory B when B is A or stands above A in the list. Also rejected: a
`_pyspace` module name that names no file of lib/ (a stale name after a move).

Usage: check_layers.py [REPO]; prints one line per violation, exit status 1 when there is any.
"""

import ast
import pathlib
import re
import sys

_INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/', re.M)
_LAZY_CALLS = {("lazy", "module"), ("importlib", "import_module")}


def read_layers(repo):
    lines = (repo / "lib" / "layers.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _python_modules(repo):
    """Embedded module name -> directory, as cmake/EmbedPython.cmake names them."""
    modules = {}
    for path in (repo / "lib").glob("*/*.py"):
        modules[f"_pyspace.{path.parent.name}.{path.stem}"] = path.parent.name
        modules[f"_pyspace.{path.parent.name}"] = path.parent.name
    return modules


def _imported_names(tree):
    """(line, dotted name) of every _pyspace module the tree imports."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "_pyspace" or (node.module.startswith("_pyspace.")
                                             and node.module.count(".") == 1):
                for alias in node.names:  # `from _pyspace.run import execute`: modules
                    yield node.lineno, f"{node.module}.{alias.name}"
            else:
                yield node.lineno, node.module
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) \
                and (node.func.value.id, node.func.attr) in _LAZY_CALLS \
                and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            yield node.lineno, node.args[0].value


def python_violations(repo, rank):
    modules = _python_modules(repo)
    stems = {name.rpartition(".")[2]: directory for name, directory in modules.items()}
    for path in sorted((repo / "lib").glob("*/*.py")):
        source_dir = path.parent.name
        tree = ast.parse(path.read_text(), str(path))
        for line, name in _imported_names(tree):
            if name != "_pyspace" and not name.startswith("_pyspace."):
                continue
            parts = name.split(".")
            if name == "_pyspace" or name in modules:
                target = modules.get(name)
            elif len(parts) == 2 and parts[1] in stems:
                target = stems[parts[1]]  # a flat name (`_pyspace.<stem>`, the old layout)
                yield f"{path.relative_to(repo)}:{line}: {name} names no directory; " \
                      f"it is lib/{target}/{parts[1]}.py"
            else:
                yield f"{path.relative_to(repo)}:{line}: {name} is no module of lib/"
                continue
            if target is not None:
                yield from _rank_check(path, repo, line, source_dir, target, rank, name)


def cpp_violations(repo, rank):
    for path in sorted([*(repo / "lib").glob("*/*.h"), *(repo / "lib").glob("*/*.cpp")]):
        text = path.read_text()
        for match in _INCLUDE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            target = match.group(1)
            if (repo / "lib" / target).is_dir():
                yield from _rank_check(path, repo, line, path.parent.name, target, rank,
                                       f'#include "{target}/..."')


def _rank_check(path, repo, line, source_dir, target, rank, what):
    if source_dir not in rank:
        yield f"{path.relative_to(repo)}: directory lib/{source_dir} is not in lib/layers.txt"
    elif target not in rank:
        yield f"{path.relative_to(repo)}:{line}: lib/{target} is not in lib/layers.txt"
    elif rank[target] > rank[source_dir]:
        yield f"{path.relative_to(repo)}:{line}: {what} points up: lib/{source_dir} " \
              f"may not use lib/{target}"


def violations(repo):
    layers = read_layers(repo)
    rank = {name: index for index, name in enumerate(layers)}
    found = list(python_violations(repo, rank)) + list(cpp_violations(repo, rank))
    found += [f"lib/{d.name} is not in lib/layers.txt" for d in sorted((repo / "lib").iterdir())
              if d.is_dir() and d.name not in rank and d.name != "__pycache__"]
    return found


def main(argv):
    repo = pathlib.Path(argv[1] if len(argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
    found = violations(repo)
    for line in found:
        print(line)
    print(f"layering: {len(found)} violation(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
