"""Explaining a failed `assert` (module `_pyspace.assertion.explain`), the one explainer.

Rewritten asserts (assert_rewrite.py) raise failure(): the explanation is rebuilt from the
assert's source and the captured values of its subexpressions (explain_captured: pytest style,
`assert 2 == 3`, ` +  where 2 = f(1)`, diffs of long strings, sequences, dicts and sets).

A plain assert that was not rewritten (a module outside python_files, PYTEST_DONT_REWRITE) is
explained from its source and the failing frame (explain_frame):
the assert statement is found with ast at the frame's line. Names and attribute chains in its
test expression are looked up in the frame (locals, globals, builtins; attributes with getattr)
and shown by value: `assert total == 3` with total = 2 becomes
    assert 2 == 3
     +  where 2 = total
Nothing else is evaluated: calls, subscripts and operators are never re-executed, and callables,
classes and modules are left as written.

Values are shown by safe_repr (never raises, at most MAX_REPR characters as pytest's saferepr).
"""

import ast
import builtins
import types

from _pyspace.assertion import sources
from _pyspace.assertion.captures import PREFIX, numbered

MAX_REPR = 240


def safe_repr(value, limit=MAX_REPR):
    """repr() that never raises and keeps at most about `limit` characters."""
    try:
        text = repr(value)
    except Exception as exc:
        text = f"<[{type(exc).__name__}({exc}) raised in repr()] {type(value).__name__} object>"
    if len(text) > limit:
        keep = (limit - 3) // 2
        text = text[:keep] + "..." + text[-keep:]
    return text


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
        text = safe_repr(value)
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


# ---------------------------------------------------------------------------------------------
# rewritten asserts

_MISSING = object()


def failure(source, namespace, message, global_namespace=None):
    """The AssertionError a rewritten assert raises (explanation lines in ._pyspace_explanation).
    `namespace`: the failing frame's locals (with the temporaries), `global_namespace` its globals."""
    try:
        lines = explain_captured(source, namespace, global_namespace)
    except Exception as exc:  # the explanation must never hide the failure
        lines = [f"assert {source}", f"(explanation failed: {type(exc).__name__}: {exc})"]
    if message is not None:
        text = "\n".join([str(message), *lines])
        shown = [f"AssertionError: {message}".split("\n")[0], *str(message).split("\n")[1:],
                 *lines]
    else:
        text = "\n".join(lines)
        shown = lines
    error = AssertionError(text)
    error._pyspace_explanation = shown
    return error


def explain_captured(source, namespace, global_namespace=None):
    """Explanation lines for the failed test expression `source` with captured values; plain
    names are looked up in the frame's locals, then its globals, then builtins."""
    test = ast.parse(source, mode="eval").body
    values = {}
    for index, node in enumerate(numbered(test)):
        values[id(node)] = namespace.get(f"{PREFIX}{index}", _MISSING)
    explainer = _Explainer(values, (namespace, global_namespace or {}, builtins.__dict__))
    text = explainer.show(test, top=True)
    return [f"assert {text}", *("  " + line for line in explainer.details), *explainer.where]


class _Explainer:
    def __init__(self, values, namespaces):
        self.values = values
        self.namespaces = namespaces  # (locals, globals, builtins) for plain names
        self.where = []
        self.details = []

    def value(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            for namespace in self.namespaces:
                if node.id in namespace:
                    return namespace[node.id]
            return _MISSING
        return self.values.get(id(node), _MISSING)

    def show(self, node, top=False):
        value = self.value(node)
        if isinstance(node, ast.Compare):
            return self._compare(node, top)
        if isinstance(node, ast.BoolOp):
            return self._boolop(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return "not " + self.show(node.operand)
        if value is _MISSING:
            return ast.unparse(node)
        if isinstance(node, ast.Name):
            if _shown_by_name(value):
                return node.id
            return safe_repr(value)
        if isinstance(node, ast.Attribute):
            if _shown_by_name(value):
                return ast.unparse(node)
            base = self.show(node.value)
            self.where.append(f" +  where {safe_repr(value)} = {base}.{node.attr}")
            return safe_repr(value)
        if isinstance(node, ast.Call):
            func = self._callee(node.func)
            args = [self.show(arg) for arg in node.args]
            args += [f"{k.arg}={self.show(k.value)}" if k.arg else f"**{self.show(k.value)}"
                     for k in node.keywords]
            self.where.append(f" +  where {safe_repr(value)} = {func}({', '.join(args)})")
            return safe_repr(value)
        if isinstance(node, ast.BinOp):
            return f"({self.show(node.left)} {_op_text(node.op)} {self.show(node.right)})"
        return safe_repr(value)

    def _callee(self, node):
        if isinstance(node, ast.Attribute):
            value = self.value(node)
            base = self.show(node.value)
            return f"{base}.{node.attr}" if value is not _MISSING else ast.unparse(node)
        if isinstance(node, ast.Name):
            return node.id
        return self.show(node)

    def _boolop(self, node):
        op = " and " if isinstance(node.op, ast.And) else " or "
        parts = []
        for operand in node.values:
            parts.append(self.show(operand))
            operand_value = self.value(operand)
            if operand_value is _MISSING:
                break
            if isinstance(node.op, ast.And) and not _truthy(operand_value):
                break
            if isinstance(node.op, ast.Or) and _truthy(operand_value):
                break
        return "(" + op.join(parts) + ")"

    def _compare(self, node, top):
        left_node = node.left
        pieces = [self.show(left_node)]
        for op, right_node in zip(node.ops, node.comparators):
            pieces.append(_op_text(op))
            pieces.append(self.show(right_node))
            left, right = self.value(left_node), self.value(right_node)
            if left is not _MISSING and right is not _MISSING and top and not self.details:
                try:
                    ok = _compare_values(op, left, right)
                except Exception:
                    ok = True
                if not ok:
                    self.details.extend(compare_details(op, left, right))
            left_node = right_node
        text = " ".join(pieces)
        return text if top else f"({text})"


def _truthy(value):
    try:
        return bool(value)
    except Exception:
        return False


def _compare_values(op, left, right):
    return {
        ast.Eq: lambda: left == right, ast.NotEq: lambda: left != right,
        ast.Lt: lambda: left < right, ast.LtE: lambda: left <= right,
        ast.Gt: lambda: left > right, ast.GtE: lambda: left >= right,
        ast.In: lambda: left in right, ast.NotIn: lambda: left not in right,
        ast.Is: lambda: left is right, ast.IsNot: lambda: left is not right,
    }[type(op)]()


_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
        ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+",
        ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
        ast.Pow: "**", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
        ast.RShift: ">>", ast.MatMult: "@"}


def _op_text(op):
    return _OPS.get(type(op), "?")


def _shown_by_name(value):
    import types
    return isinstance(value, (types.ModuleType, type, types.FunctionType,
                              types.BuiltinFunctionType, types.MethodType))


# ---------------------------------------------------------------------------------------------
# comparison details (diffs)

def compare_details(op, left, right):
    """Lines explaining why `left op right` is false (pytest's assertrepr_compare, verbose 0)."""
    try:
        if isinstance(op, ast.Eq):
            return _eq_details(left, right)
        if isinstance(op, ast.NotIn) and isinstance(left, str) and isinstance(right, str):
            index = right.index(left)
            return [f"{safe_repr(left)} is contained here:",
                    *(f"  {line}" for line in right[max(0, index - 40):index + len(left) + 40]
                      .splitlines() or [""])]
    except Exception:
        return []
    return []


def _eq_details(left, right):
    if isinstance(left, str) and isinstance(right, str):
        return _text_diff(left, right)
    if isinstance(left, bytes) and isinstance(right, bytes):
        return _text_diff(repr(left), repr(right))
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)) \
            and type(left) is type(right):
        return _sequence_details(left, right) + _full_diff(left, right)
    if isinstance(left, (set, frozenset)) and isinstance(right, (set, frozenset)):
        return _set_details(left, right) + _full_diff(left, right)
    if isinstance(left, dict) and isinstance(right, dict):
        return _dict_details(left, right) + _full_diff(left, right)
    return []


def _text_diff(left, right):
    import difflib
    lines = []
    prefix = 0
    limit = min(len(left), len(right))
    while prefix < limit and left[prefix] == right[prefix]:
        prefix += 1
    if prefix > 42:
        cut = prefix - 10
        lines.append(f"Skipping {cut} identical leading characters in diff, use -v to show")
        left, right = left[cut:], right[cut:]
    suffix = 0
    limit = min(len(left), len(right))
    while suffix < limit and left[-1 - suffix] == right[-1 - suffix]:
        suffix += 1
    if suffix > 42:
        cut = suffix - 10
        lines.append(f"Skipping {cut} identical trailing characters in diff, use -v to show")
        left, right = left[:-cut], right[:-cut]
    keepends = True
    if left.isspace() or right.isspace():
        left, right = repr(left), repr(right)
    lines.extend(line.rstrip("\n") for line in difflib.ndiff(right.splitlines(keepends) or [""],
                                                            left.splitlines(keepends) or [""]))
    return lines


def _sequence_details(left, right):
    lines = []
    for index in range(min(len(left), len(right))):
        if left[index] != right[index]:
            lines.append(f"At index {index} diff: {safe_repr(left[index])} != "
                         f"{safe_repr(right[index])}")
            break
    extra = len(left) - len(right)
    if extra:
        side, longer = ("Left", left) if extra > 0 else ("Right", right)
        count = abs(extra)
        item = longer[len(longer) - count]
        noun = "item" if count == 1 else "items"
        lines.append(f"{side} contains {count} more {noun}, first extra item: {safe_repr(item)}")
    return lines


def _set_details(left, right):
    lines = []
    extra_left = left - right
    if extra_left:
        lines.append("Extra items in the left set:")
        lines.extend(safe_repr(item) for item in extra_left)
    extra_right = right - left
    if extra_right:
        lines.append("Extra items in the right set:")
        lines.extend(safe_repr(item) for item in extra_right)
    return lines


def _dict_details(left, right):
    lines = []
    common = set(left) & set(right)
    same = {k: left[k] for k in common if left[k] == right[k]}
    if same:
        lines.append(f"Omitting {len(same)} identical items, use -vv to show")
    differing = [k for k in common if left[k] != right[k]]
    if differing:
        lines.append("Differing items:")
        lines.extend(f"{safe_repr({k: left[k]})} != {safe_repr({k: right[k]})}"
                     for k in differing)
    for side, mine, other in (("Left", left, right), ("Right", right, left)):
        extra = [k for k in mine if k not in other]
        if extra:
            noun = "item" if len(extra) == 1 else "items"
            lines.append(f"{side} contains {len(extra)} more {noun}:")
            lines.append(safe_repr({k: mine[k] for k in extra}))
    return lines


def _full_diff(left, right):
    import difflib
    import pprint
    left_lines = pprint.pformat(left).splitlines()
    right_lines = pprint.pformat(right).splitlines()
    if len(left_lines) + len(right_lines) <= 2 and len(repr(left)) + len(repr(right)) < 80:
        return ["Use -v to get more diff"]
    return ["Full diff:", *("  " + line.rstrip() for line in
                            difflib.ndiff(right_lines, left_lines) if not line.startswith("?"))]
