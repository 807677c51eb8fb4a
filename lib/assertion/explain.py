"""Explaining a failed rewritten `assert` (module `_pyspace.assertion.explain`) as pytest 7.2's
rewriter does.

Rewritten asserts (assert_rewrite.py) raise failure(): an AssertionError whose text is pytest's
explanation, rebuilt from the assert's source and the captured values of its subexpressions
(captures.py numbers them; plain names are read from the frame's namespaces):
  - a name is shown by its value when it is a local, or a global that is neither callable nor
    has a __name__ (a module, class or function keeps its name);
  - a call or attribute by its value, with a nested ' +  where value = f(args)' line;
  - `not`, `-`, `~`, `+` prefix their operand; binary operators and `and`/`or` (the operands
    that were evaluated) are parenthesised;
  - a comparison shows its failing link (the first false one of a chain), replaced whole by
    compare.assertrepr_compare's lines when there are some (the operands' where-lines then go),
    cut by explanation.truncate at verbose < 2 off CI;
  - any other expression (constants, subscripts, displays) by its value.
Values are saferepr'd to 240 characters (2400 at -v, no limit at -vv), newlines escaped. With a
message, the message comes first (a non-string by saferepr), then 'assert ...'. The markup is laid
out by explanation.format_explanation.

configure(verbose, on_ci): the run's verbosity (-v count minus -q) and pytest's running_on_ci(),
set once before tests run (module state of the root, shared by every space).
"""

import ast
import builtins

from _pyspace.assertion import compare, explanation
from _pyspace.assertion.captures import PREFIX, numbered
from _pyspace.assertion.saferepr import DEFAULT_MAXSIZE, saferepr

_settings = {"verbose": 0, "on_ci": False}


def configure(*, verbose=0, on_ci=False):
    """Sets the verbosity and CI flag every later explanation uses."""
    _settings["verbose"] = int(verbose)
    _settings["on_ci"] = bool(on_ci)


def verbosity():
    return _settings["verbose"]


def value_repr(value):
    """A value as explanations show it: saferepr within the verbosity's size, one line."""
    verbose = _settings["verbose"]
    maxsize = None if verbose >= 2 else DEFAULT_MAXSIZE * 10 if verbose >= 1 else DEFAULT_MAXSIZE
    return saferepr(value, maxsize=maxsize).replace("\n", "\\n")


_MISSING = object()


def failure(source, namespace, message, global_namespace=None):
    """The AssertionError a rewritten assert raises. `namespace`: the failing frame's locals
    (with the temporaries), `global_namespace` its globals, `message` the assert's message or
    None. Marked `_pyspace_rewritten`: its text is the whole explanation."""
    try:
        text = explain_captured(source, namespace, global_namespace, message)
    except Exception as exc:  # the explanation must never hide the failure
        text = f"assert {source}\n(explanation failed: {type(exc).__name__}: {exc})"
    error = AssertionError(text)
    error._pyspace_rewritten = True
    return error


def explain_captured(source, namespace, global_namespace=None, message=None):
    """pytest's explanation text of the failed test expression `source` with captured values."""
    test = ast.parse(source, mode="eval").body
    values = {}
    for index, node in enumerate(numbered(test)):
        values[id(node)] = namespace.get(f"{PREFIX}{index}", _MISSING)
    explainer = _Explainer(values, namespace, (namespace, global_namespace or {}, builtins.__dict__))
    text = explainer.explain(test)
    if message is not None:
        text = _message_markup(message) + "\n>assert " + text
    else:
        text = "assert " + text
    return explanation.format_explanation(text)


def _message_markup(message):
    """The assert's message: its lines kept (a non-string's saferepr, escaped newlines too)."""
    if isinstance(message, str):
        return message.replace("\n", "\n~")
    return saferepr(message).replace("\n", "\n~").replace("\\n", "\n~")


_UNARY = {ast.Not: "not ", ast.Invert: "~", ast.USub: "-", ast.UAdd: "+"}
_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
        ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+",
        ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
        ast.Pow: "**", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
        ast.RShift: ">>", ast.MatMult: "@"}


class _Explainer:
    """explain(node): the markup (explanation.py) of one evaluated node of the test."""

    def __init__(self, values, frame_locals, namespaces):
        self.values = values
        self.frame_locals = frame_locals
        self.namespaces = namespaces  # (locals, globals, builtins) for plain names

    def value(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            for namespace in self.namespaces:
                if node.id in namespace:
                    return namespace[node.id]
            return _MISSING
        return self.values.get(id(node), _MISSING)

    def explain(self, node):
        method = getattr(self, "_" + type(node).__name__, None)
        if method is not None:
            return method(node)
        return self._shown(node)

    def _shown(self, node):
        value = self.value(node)
        return ast.unparse(node) if value is _MISSING else value_repr(value)

    def _Name(self, node):
        value = self.value(node)
        if value is _MISSING:
            return node.id
        if node.id in self.frame_locals or _shown_when_global(value):
            return value_repr(value)
        return node.id

    def _Attribute(self, node):
        value = self.value(node)
        if value is _MISSING:
            return ast.unparse(node)
        shown = value_repr(value)
        return f"{shown}\n{{{shown} = {self.explain(node.value)}.{node.attr}\n}}"

    def _Call(self, node):
        value = self.value(node)
        if value is _MISSING:
            return ast.unparse(node)
        arguments = [self.explain(argument) for argument in node.args]
        for keyword in node.keywords:
            shown = self.explain(keyword.value)
            arguments.append(f"{keyword.arg}={shown}" if keyword.arg else f"**{shown}")
        shown = value_repr(value)
        return f"{shown}\n{{{shown} = {self.explain(node.func)}({', '.join(arguments)})\n}}"

    def _Starred(self, node):
        return "*" + self.explain(node.value)

    def _UnaryOp(self, node):
        return _UNARY[type(node.op)] + self.explain(node.operand)

    def _BinOp(self, node):
        return f"({self.explain(node.left)} {_OPS[type(node.op)]} {self.explain(node.right)})"

    def _BoolOp(self, node):
        is_or = isinstance(node.op, ast.Or)
        parts = []
        for operand in node.values:  # the evaluated ones: up to the deciding operand
            parts.append(self.explain(operand))
            value = self.value(operand)
            if value is _MISSING or _truthy(value) == is_or:
                break
        return "(" + (" or " if is_or else " and ").join(parts) + ")"

    def _Compare(self, node):
        operands = [node.left, *node.comparators]
        shown = [self._operand(operand) for operand in operands]
        values = [self.value(operand) for operand in operands]
        index = _failing_link(node, values)
        symbol = _OPS[type(node.ops[index])]
        plain = f"{shown[index]} {symbol} {shown[index + 1]}"
        left, right = values[index], values[index + 1]
        if left is _MISSING or right is _MISSING:
            return plain
        custom = _custom_explanation(symbol, left, right)
        return plain if custom is None else custom

    def _operand(self, node):
        text = self.explain(node)
        return f"({text})" if isinstance(node, (ast.Compare, ast.BoolOp)) else text


def _custom_explanation(symbol, left, right):
    """compare.assertrepr_compare's lines as one '~' markup piece, or None."""
    verbose, on_ci = _settings["verbose"], _settings["on_ci"]
    lines = compare.assertrepr_compare(symbol, left, right, verbose, on_ci)
    if not lines:
        return None
    if verbose < 2 and not on_ci:
        lines = explanation.truncate(lines)
    return "\n~".join(line.replace("\n", "\\n") for line in lines)


def _failing_link(node, values):
    """Index of the comparison shown: the first false link of a chain (the last one when none
    is false). A single comparison is its own link; a chain's links are compared again."""
    if len(node.ops) == 1:
        return 0
    for index, op in enumerate(node.ops):
        left, right = values[index], values[index + 1]
        if left is _MISSING or right is _MISSING:
            return index
        try:
            if not _compare(op, left, right):
                return index
        except Exception:
            return index
    return len(node.ops) - 1


def _compare(op, left, right):
    return {
        ast.Eq: lambda: left == right, ast.NotEq: lambda: left != right,
        ast.Lt: lambda: left < right, ast.LtE: lambda: left <= right,
        ast.Gt: lambda: left > right, ast.GtE: lambda: left >= right,
        ast.In: lambda: left in right, ast.NotIn: lambda: left not in right,
        ast.Is: lambda: left is right, ast.IsNot: lambda: left is not right,
    }[type(op)]()


def _truthy(value):
    try:
        return bool(value)
    except Exception:
        return False


def _shown_when_global(value):
    """pytest's rule for a global name: shown by value unless callable or named."""
    if callable(value):
        return False
    try:
        return not hasattr(value, "__name__")
    except Exception:
        return True
