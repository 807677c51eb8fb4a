"""Assertion rewriting at import time for test modules and conftest.py (`_pyspace.assertion.assert_rewrite`).

install() sets `FreshSourceLoader.transform` (lib/space/fresh_loader.py) to transform(), which
compiles every project module, rewriting the asserts of test files (basename matching the
python_files patterns) and conftest.py. The loader caches the code by source bytes, so a rewritten
module is rewritten once.

Rewriting: every interesting subexpression of an assert's test (names, attributes, calls,
comparisons' operands, boolean operands, `not`, binary operations, subscripts) is captured in a
temporary with an assignment expression, `(@py_N := expr)`, so the success path costs a few
stores and evaluates everything exactly once. On failure the statement raises
`@pyspace_ar.failure(source, locals(), msg)`: the explanation is rebuilt from the assert's
source and the temporaries' values (pytest style: `assert 2 == 3`, ` +  where 2 = f(1)`, diffs
of long strings, sequences, dicts and sets). The temporaries are reset to None after the assert.
A module whose docstring contains PYTEST_DONT_REWRITE is compiled unchanged.
"""

import ast
import fnmatch
import os

from _pyspace.python import lazy

_assert_explain = lazy.module("_pyspace.assertion.assert_explain")  # needed once an assert fails

_PREFIX = "@py_"
_MODULE_ALIAS = "@pyspace_ar"
_patterns = ["test_*.py", "*_test.py"]
# never captured (constants are read from the source; the others cannot be or are useless)
_NOT_CAPTURED = (ast.Constant, ast.Starred, ast.Slice, ast.Lambda, ast.Yield, ast.YieldFrom)
# captured as a whole, their parts are not (evaluated in their own scope or conditionally)
_OPAQUE = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.JoinedStr,
           ast.Constant, ast.Starred, ast.NamedExpr, ast.Yield, ast.YieldFrom, ast.Await,
           ast.IfExp, ast.Slice)


def install(python_files=None):
    """Make the space's fresh loader rewrite asserts of test files and conftest.py."""
    if python_files:
        set_patterns(python_files)
    try:
        from _pyspace.space import fresh_loader
    except ImportError:
        return False
    fresh_loader.FreshSourceLoader.transform = staticmethod(transform)
    _update_cache_tag()
    return True


def set_patterns(python_files):
    """The python_files patterns naming test files (pytest's default: test_*.py, *_test.py)."""
    if list(python_files) == _patterns:
        return  # the collector sets them for every file
    _patterns[:] = list(python_files)
    _update_cache_tag()


def _update_cache_tag():
    """transform.cache_tag: what the fresh loader's disk cache keys rewritten code on, the
    rewriter's own source and the patterns deciding which files it rewrites. Without a source
    to hash (no loader), no tag: the disk cache stays off for rewritten code."""
    from _blake2 import blake2b  # builtin; hashlib would load OpenSSL (ms) first
    try:
        source = __loader__.get_source(__name__)
    except (AttributeError, ImportError, OSError):
        source = None
    if source is None:
        transform.__dict__.pop("cache_tag", None)
        return
    text = source + "\0" + "\0".join(_patterns)
    transform.cache_tag = blake2b(text.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


def should_rewrite(path):
    name = os.path.basename(path)
    if name == "conftest.py":
        return True
    return any(fnmatch.fnmatch(name, pattern) for pattern in _patterns)


def transform(source, path):
    """FreshSourceLoader.transform: compiled code for source, asserts rewritten where wanted."""
    tree = None
    if should_rewrite(path):
        try:
            tree = ast.parse(source, filename=path)
        except SyntaxError:
            tree = None  # compiled below, outside this handler: reported without chaining
        if tree is not None and _rewrite_module(tree):
            return compile(tree, path, "exec", dont_inherit=True)
    return compile(source, path, "exec", dont_inherit=True)


def rewrite_source(source, path):
    """Compile source with asserts rewritten (for tests and tools)."""
    tree = ast.parse(source, filename=path)
    _rewrite_module(tree)
    return compile(tree, path, "exec", dont_inherit=True)


def _rewrite_module(tree):
    """Rewrite in place; False when the module opts out or has no assert."""
    docstring = ast.get_docstring(tree, clean=False)
    if docstring and "PYTEST_DONT_REWRITE" in docstring:
        return False
    if not any(isinstance(node, ast.Assert) for node in ast.walk(tree)):
        return False
    _AssertRewriter().visit(tree)
    position = 0
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        position = 1
    while position < len(body) and isinstance(body[position], ast.ImportFrom) \
            and body[position].module == "__future__":
        position += 1
    lineno = body[position].lineno if position < len(body) else 1
    alias = ast.alias(name="_pyspace.assertion.assert_rewrite", asname=_MODULE_ALIAS)
    statement = ast.Import(names=[alias], lineno=lineno, col_offset=0,
                           end_lineno=lineno, end_col_offset=0)
    ast.fix_missing_locations(statement)
    body.insert(position, statement)
    return True


def numbered(test):
    """Captured nodes of an assert test in the order both sides number them (pre-order)."""
    found = []

    def walk(node):
        if not isinstance(node, _NOT_CAPTURED) and not _is_store(node):
            found.append(node)
        if isinstance(node, _OPAQUE):
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
    return []


def _is_store(node):
    ctx = getattr(node, "ctx", None)
    return ctx is not None and not isinstance(ctx, ast.Load)


class _AssertRewriter(ast.NodeTransformer):
    def visit_Assert(self, node):
        original_source = ast.unparse(node.test)
        nodes = numbered(node.test)
        numbers = {id(n): index for index, n in enumerate(nodes)}
        test = _Capture(numbers).visit(node.test)
        temps = [f"{_PREFIX}{index}" for index in range(len(nodes))]
        message = node.msg if node.msg is not None else ast.Constant(value=None)
        failure = ast.Call(
            func=ast.Attribute(value=ast.Name(id=_MODULE_ALIAS, ctx=ast.Load()),
                               attr="failure", ctx=ast.Load()),
            args=[ast.Constant(value=original_source),
                  ast.Call(func=ast.Name(id="locals", ctx=ast.Load()), args=[], keywords=[]),
                  message],
            keywords=[])
        check = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=test),
                       body=[ast.Raise(exc=failure, cause=None)], orelse=[])
        statements = [check]
        if temps:
            statements.append(ast.Assign(
                targets=[ast.Name(id=name, ctx=ast.Store()) for name in temps],
                value=ast.Constant(value=None)))
        for statement in statements:
            ast.copy_location(statement, node)
            ast.fix_missing_locations(statement)
        return statements

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


class _Capture(ast.NodeTransformer):
    """Wraps numbered nodes in (@py_N := node), children first."""

    def __init__(self, numbers):
        self.numbers = numbers

    def generic_visit(self, node):
        number = self.numbers.get(id(node))
        if isinstance(node, _OPAQUE):
            pass
        elif isinstance(node, ast.Call):
            node.func = self.visit(node.func)
            node.args = [self.visit(a) for a in node.args]
            for keyword in node.keywords:
                keyword.value = self.visit(keyword.value)
        elif isinstance(node, ast.Compare):
            node.left = self.visit(node.left)
            node.comparators = [self.visit(c) for c in node.comparators]
        elif isinstance(node, ast.BoolOp):
            node.values = [self.visit(v) for v in node.values]
        elif isinstance(node, ast.UnaryOp):
            node.operand = self.visit(node.operand)
        elif isinstance(node, ast.BinOp):
            node.left = self.visit(node.left)
            node.right = self.visit(node.right)
        elif isinstance(node, ast.Attribute):
            node.value = self.visit(node.value)
        elif isinstance(node, ast.Subscript):
            node.value = self.visit(node.value)
            node.slice = self.visit(node.slice)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            node.elts = [self.visit(e) for e in node.elts]
        elif isinstance(node, ast.Dict):
            node.keys = [self.visit(k) if k is not None else None for k in node.keys]
            node.values = [self.visit(v) for v in node.values]
        if number is None:
            return node
        return ast.NamedExpr(target=ast.Name(id=f"{_PREFIX}{number}", ctx=ast.Store()), value=node)


# ---------------------------------------------------------------------------------------------
# failure side

_MISSING = object()


def failure(source, namespace, message):
    """The AssertionError a rewritten assert raises (explanation lines in ._pyspace_explanation)."""
    try:
        lines = explain(source, namespace)
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


def explain(source, namespace):
    """Explanation lines for the failed test expression `source` with captured values."""
    test = ast.parse(source, mode="eval").body
    values = {}
    for index, node in enumerate(numbered(test)):
        values[id(node)] = namespace.get(f"{_PREFIX}{index}", _MISSING)
    explainer = _Explainer(values)
    text = explainer.show(test, top=True)
    return [f"assert {text}", *("  " + line for line in explainer.details), *explainer.where]


class _Explainer:
    def __init__(self, values):
        self.values = values
        self.where = []
        self.details = []

    def value(self, node):
        if isinstance(node, ast.Constant):
            return node.value
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


def safe_repr(value, limit=240):
    """assert_explain.safe_repr with this module's default limit."""
    return _assert_explain.safe_repr(value, limit)


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
