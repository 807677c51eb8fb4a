"""Which subexpressions of an assert's test are captured, and their numbers (module
`_pyspace.assertion.captures`).

The rewriter (assert_rewrite.py) stores captured node N in temporary `@py_N`; the explainer
(explain.py) reads the values back by the same numbering: both call numbered() on the same test.
"""

import ast

PREFIX = "@py_"

# never captured: constants are read from the source; plain names are read back from the
# frame's namespaces on failure, as pytest does (a temporary would hold one more reference to
# the object: `assert sys.getrefcount(x) == n` must see the test's own count); the others
# cannot be (a starred item is no value; its value is captured) or are useless
NOT_CAPTURED = (ast.Constant, ast.Name, ast.Starred, ast.Slice, ast.Yield, ast.YieldFrom)
# captured as a whole, their parts are not (evaluated in their own scope or conditionally)
OPAQUE = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.JoinedStr,
          ast.Constant, ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await, ast.IfExp,
          ast.Slice)


def numbered(test):
    """Captured nodes of an assert test in the order both sides number them (pre-order)."""
    found = []

    def walk(node):
        if not isinstance(node, NOT_CAPTURED) and not _is_store(node):
            found.append(node)
        if isinstance(node, OPAQUE):
            return
        for child in _children(node):
            walk(child)

    walk(test)
    return found


def _children(node):
    if isinstance(node, ast.Call):
        return [node.func, *node.args, *(k.value for k in node.keywords)]
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    if isinstance(node, ast.BoolOp):
        return list(node.values)
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.Attribute):
        return [node.value]
    if isinstance(node, ast.Subscript):
        return [node.value, node.slice]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return [v for v in (*node.keys, *node.values) if v is not None]
    if isinstance(node, ast.Starred):
        return [node.value]
    return []


def _is_store(node):
    ctx = getattr(node, "ctx", None)
    return ctx is not None and not isinstance(ctx, ast.Load)
