"""Assertion rewriting at import time for test modules and conftest.py (`_pyspace.assertion.assert_rewrite`).

install() makes transform() the fresh loader's hook (fresh_loader.set_transform), which
compiles every project module, rewriting the asserts of test files (basename matching the
python_files patterns) and conftest.py. The loader caches the code by source bytes, so a rewritten
module is rewritten once.

Rewriting: every interesting subexpression of an assert's test (names, attributes, calls,
comparisons' operands, boolean operands, `not`, binary operations, subscripts) is captured in a
temporary with an assignment expression, `(@py_N := expr)`, so the success path costs a few
stores and evaluates everything exactly once. On failure the statement raises
`@pyspace_ar.failure(source, locals(), msg, globals())`: the explanation is rebuilt from the assert's
source and the temporaries' values (pytest style: `assert 2 == 3`, ` +  where 2 = f(1)`, diffs
of long strings, sequences, dicts and sets). The temporaries are reset to None after the assert. Every node of the rewritten statements has the
assert statement's position (pytest's), so tracebacks point at the assert's first line.
A module whose docstring contains PYTEST_DONT_REWRITE is compiled unchanged.
"""

import ast
import fnmatch
import os

from _pyspace.python import lazy
from _pyspace.assertion.captures import OPAQUE as _OPAQUE, PREFIX as _PREFIX, numbered

_explain = lazy.module("_pyspace.assertion.explain")  # needed once an assert fails

_MODULE_ALIAS = "@pyspace_ar"
# The python_files patterns naming test files: process-wide configuration of the rewriter (like
# the hook itself), set by the collector from each run's configuration; strings only.
_patterns = ["test_*.py", "*_test.py"]


def install(python_files=None):
    """Make the space's fresh loader rewrite asserts of test files and conftest.py."""
    if python_files:
        set_patterns(python_files)
    try:
        from _pyspace.space import fresh_loader
    except ImportError:
        return False
    fresh_loader.set_transform(transform)
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
    sources of the rewriter and of the capture numbering it shares with the explainer
    (captures.py), and the patterns deciding which files it rewrites. Without a source to hash
    (no loader), no tag: the disk cache stays off for rewritten code."""
    from _blake2 import blake2b  # builtin; hashlib would load OpenSSL (ms) first
    from _pyspace.assertion import captures
    try:
        sources = [__loader__.get_source(__name__),
                   captures.__loader__.get_source(captures.__name__)]
    except (AttributeError, ImportError, OSError):
        sources = [None]
    if None in sources:
        transform.__dict__.pop("cache_tag", None)
        return
    text = "\0".join(sources) + "\0" + "\0".join(_patterns)
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
                  message,
                  ast.Call(func=ast.Name(id="globals", ctx=ast.Load()), args=[], keywords=[])],
            keywords=[])
        check = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=test),
                       body=[ast.Raise(exc=failure, cause=None)], orelse=[])
        statements = [check]
        if temps:
            statements.append(ast.Assign(
                targets=[ast.Name(id=name, ctx=ast.Store()) for name in temps],
                value=ast.Constant(value=None)))
        # Every node takes the assert's position, as pytest's rewriter gives it: an exception
        # raised anywhere in the test is reported at the assert's first line, without carets.
        for statement in statements:
            for part in ast.walk(statement):
                ast.copy_location(part, node)
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
        elif isinstance(node, (ast.Attribute, ast.Starred)):
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


def failure(source, namespace, message, global_namespace=None):
    """The AssertionError a rewritten assert raises (what its code calls; see explain.failure)."""
    return _explain.failure(source, namespace, message, global_namespace)
