"""Explaining a failed `assert` that was not rewritten (module `_pyspace.assertion.plain_assert`):
a module outside python_files, or one with PYTEST_DONT_REWRITE. (pytest shows such a failure as
a bare 'AssertionError'; pyspace-test explains it from the source, see docs/compatibility.md.)

explain_frame(frame, lineno, exc): the assert statement is found with ast at the frame's line.
Names and attribute chains in its test expression are looked up in the frame (locals, globals,
builtins; attributes with getattr) and shown by value: `assert total == 3` with total = 2 becomes
    assert 2 == 3
     +  where 2 = total
Nothing else is evaluated: calls, subscripts and operators are never re-executed, and callables,
classes and modules are left as written. Values are shown by explain.value_repr.
"""

import ast
import builtins
import types

from _pyspace.assertion import explain, sources

_UNRESOLVED = object()
_NOT_SHOWN = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType,
              types.MethodType, types.BuiltinMethodType)


def explain_frame(frame, lineno, exc):
    """Lines explaining the failed assert at frame:lineno (without 'E' prefixes), or None."""
    node = sources.assert_at(frame.f_code.co_filename, lineno, frame.f_globals)
    if node is None:
        return None
    shown, where = _substitute(node.test, frame)
    lines = []
    if exc.args:
        lines.extend(f"AssertionError: {exc.args[0]}".splitlines())
    lines.append(f"assert {shown}")
    lines.extend(f" +  where {value} = {source}" for value, source in where)
    return lines


def _substitute(test, frame):
    """(expression text with values substituted, [(value_text, source_text), ...])."""
    where = []
    tree = _Substituter(frame, where).visit(_copy(test))
    try:
        return ast.unparse(tree), where
    except Exception:
        return ast.unparse(test), []


class _Substituter(ast.NodeTransformer):
    def __init__(self, frame, where):
        self.frame = frame
        self.where = where

    def visit_Call(self, node):
        node.args = [self.visit(arg) for arg in node.args]
        node.keywords = [self.visit(keyword) for keyword in node.keywords]
        return node

    def visit_Lambda(self, node):
        return node

    def visit_Name(self, node):
        return self._replace(node)

    def visit_Attribute(self, node):
        replaced = self._replace(node)
        if replaced is node:
            node.value = self.visit(node.value)
        return replaced

    def _replace(self, node):
        if not isinstance(node.ctx, ast.Load):
            return node
        value = _resolve(node, self.frame)
        if value is _UNRESOLVED or isinstance(value, _NOT_SHOWN):
            return node
        text = explain.value_repr(value)
        self.where.append((text, ast.unparse(node)))
        return ast.copy_location(ast.Name(id=text, ctx=ast.Load()), node)


def _resolve(node, frame):
    if isinstance(node, ast.Name):
        for namespace in (frame.f_locals, frame.f_globals, builtins.__dict__):
            if node.id in namespace:
                return namespace[node.id]
        return _UNRESOLVED
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, frame)
        if base is _UNRESOLVED:
            return _UNRESOLVED
        try:
            return getattr(base, node.attr)
        except Exception:
            return _UNRESOLVED
    return _UNRESOLVED


def _copy(node):
    return ast.parse(ast.unparse(node), mode="eval").body
