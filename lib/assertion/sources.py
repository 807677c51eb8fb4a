"""Source lines and statement ranges for tracebacks, always from the current file contents.

reset() is called when a Session starts: it revalidates linecache and drops parsed trees, so a
file edited between runs shows its new code.
"""

import ast
import linecache

_trees = {}
_statements = {}


def reset():
    """Forget cached sources (linecache entries of changed files and every parsed tree)."""
    linecache.checkcache()
    _trees.clear()
    _statements.clear()


def lines(filename, module_globals=None):
    """The file's lines (with newlines), [] when the source is not available."""
    try:
        return linecache.getlines(filename, module_globals)
    except Exception:
        return []


def line(filename, lineno, module_globals=None):
    """One 1-based source line without its newline ('' when unavailable)."""
    all_lines = lines(filename, module_globals)
    if 1 <= lineno <= len(all_lines):
        return all_lines[lineno - 1].rstrip("\n")
    return ""


def statement_range(filename, lineno, module_globals=None):
    """(first, last) 1-based lines of the statement that contains lineno."""
    node = _innermost_statement(filename, lineno, module_globals)
    if node is None:
        return lineno, lineno
    last = node.end_lineno or lineno
    body = getattr(node, "body", None)
    if body and isinstance(body, list) and lineno < body[0].lineno:
        last = body[0].lineno - 1
    return node.lineno, max(last, lineno)


def assert_at(filename, lineno, module_globals=None):
    """The ast.Assert statement covering lineno, or None."""
    node = _innermost_statement(filename, lineno, module_globals)
    return node if isinstance(node, ast.Assert) else None


def _innermost_statement(filename, lineno, module_globals):
    key = (filename, lineno)
    if key not in _statements:
        _statements[key] = _find_statement(filename, lineno, module_globals)
    return _statements[key]


def _find_statement(filename, lineno, module_globals):
    tree = _tree(filename, module_globals)
    if tree is None:
        return None
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= lineno <= (node.end_lineno or node.lineno):
            if best is None or node.lineno >= best.lineno:
                best = node
    return best


def _tree(filename, module_globals):
    if filename in _trees:
        return _trees[filename]
    text = "".join(lines(filename, module_globals))
    try:
        tree = ast.parse(text) if text else None
    except (SyntaxError, ValueError):
        tree = None
    _trees[filename] = tree
    return tree
