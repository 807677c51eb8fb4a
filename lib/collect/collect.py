"""Collecting one test file into items, as pytest 7.2 does with its default options.

collect_file is called with the space active. It imports the file as a module and walks it:
module-level `test*` functions; `Test*` classes without __init__/__new__ (nested ones too) and
their `test*` methods, base classes' first; unittest.TestCase subclasses of any name and the
methods unittest's loader finds; objects with `__test__ = True`; `__test__ = False` excludes.
Parametrize marks expand into one item per parameter set.
"""

import importlib
import inspect
import os
import sys

from _pyspace import arguments, failure_text, keyword_expr, marks, outcomes, parametrize
from _pyspace.items import FUNCTION, METHOD, UNITTEST, Item, junit_classname, module_skip_item

_NOT_AT_MODULE_LEVEL = (
    "pytest.skip() was called outside of a test, which would skip the whole module: pass "
    "allow_module_level=True if that is meant, or use the skip/skipif marks to skip single "
    "tests or classes."
)


def validate_keyword(keyword):
    """None when the -k expression parses, else the usage error text."""
    try:
        keyword_expr.compile_keyword(keyword or "")
    except keyword_expr.KeywordExpressionError as exc:
        return str(exc)
    return None


def collect_file(path, module_name, basedir, relpath, *, keyword=None):
    """(items, errors) for one file; errors are dicts {path, message, longrepr}.

    Raises KeywordExpressionError (a ValueError) for an invalid keyword expression; check it
    once beforehand with validate_keyword.
    """
    predicate = keyword_expr.compile_keyword(keyword) if keyword else None
    relpath = relpath.replace(os.sep, "/")
    if basedir not in sys.path:
        sys.path.insert(0, basedir)
    try:
        module = importlib.import_module(module_name)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        return _import_failure(exc, path, relpath)
    mismatch = _file_mismatch(module, path)
    if mismatch:
        return [], [_error(relpath, mismatch.split("\n", 1)[0], mismatch)]
    try:
        items = _ModuleWalker(module, path, relpath).items()
    except KeyboardInterrupt:
        raise
    except parametrize.ParametrizeError as exc:
        return [], [_error(relpath, str(exc).split("\n", 1)[0], str(exc))]
    except BaseException as exc:
        message, longrepr = failure_text.describe(exc, style="short")
        return [], [_error(relpath, message, longrepr)]
    if predicate is not None:
        items = [item for item in items if predicate(item.keywords)]
    return items, []


def _error(relpath, message, longrepr):
    return {"path": relpath, "message": message, "longrepr": longrepr}


def _import_failure(exc, path, relpath):
    """([module skip item], []) for a module-level skip, else ([], [error dict])."""
    if outcomes.outcome_kind(exc) == "skip":
        if outcomes.allows_module_level(exc):
            return [module_skip_item(relpath, path, outcomes.skip_reason(exc), _line_in(exc, path))], []
        return [], [_error(relpath, _NOT_AT_MODULE_LEVEL, _NOT_AT_MODULE_LEVEL)]
    message = f"{type(exc).__name__}: {exc}".split("\n", 1)[0]
    _, longrepr = failure_text.describe(exc, style="short")
    if isinstance(exc, ImportError):
        longrepr = f"ImportError while importing test module '{path}'.\nTraceback:\n{longrepr}"
    return [], [_error(relpath, message, longrepr)]


def _file_mismatch(module, path):
    """Error text when module_name was already imported from another file, else ''."""
    module_file = getattr(module, "__file__", None)
    if not module_file:
        return ""
    if module_file.endswith((".pyc", ".pyo")):
        module_file = module_file[:-1]
    try:
        same = os.path.samefile(module_file, path)
    except OSError:
        same = False
    if same:
        return ""
    return (f"import file mismatch: module '{module.__name__}' was imported from {module_file}, "
            f"not from the test file {path}\n"
            "Give the test files unique basenames or put them in packages (__init__.py).")


def _line_in(exc, path):
    for frame, lineno in reversed(failure_text.visible_frames(exc.__traceback__)):
        if frame.f_code.co_filename == path:
            return lineno
    return 0


class _ModuleWalker:
    """Builds the items of one imported module."""

    def __init__(self, module, path, relpath):
        self.module = module
        self.path = path
        self.relpath = relpath
        self.module_marks = marks.module_marks(module)
        self.package_names = _package_names(path, relpath)

    def items(self):
        if not _test_flag(self.module, True):
            return []
        items = []
        for name, obj in list(vars(self.module).items()):
            items.extend(self._from_member(name, obj, ()))
        return items

    def _from_member(self, name, obj, classes):
        if isinstance(obj, type):
            if _is_testcase(obj):
                return self._unittest_items(classes + (obj,))
            if name.startswith("Test") or _test_flag(obj, False) is True:
                return self._class_items(classes + (obj,))
            return []
        if name.startswith("test") or _test_flag(obj, False) is True:
            return self._function_items(name, obj, classes)
        return []

    def _class_items(self, classes):
        cls = classes[-1]
        if not _test_flag(cls, True) or _has_own_constructor(cls):
            return []
        items = []
        for name, obj in _class_members(cls):
            items.extend(self._from_member(name, obj, classes))
        return items

    def _function_items(self, name, obj, classes):
        if isinstance(obj, staticmethod):
            obj = obj.__func__
        if not callable(obj) or getattr(obj, "_pytestfixturefunction", None) is not None:
            return []
        function = getattr(obj, "__func__", obj)
        if not inspect.isfunction(inspect.unwrap(function)) or not _test_flag(function, True):
            return []
        is_method = bool(classes) and not _is_static(classes[-1], name)
        context = _Context(self, classes, name, function)
        argnames = arguments.required_argnames(function, is_method=is_method)
        scope_marks = self._scope_marks(classes)
        own_marks = marks.function_marks(function)
        if inspect.isgeneratorfunction(function):
            own_marks = own_marks + [_yield_xfail_mark(name)]
        variants = parametrize.expand(
            marks.named(own_marks + scope_marks, "parametrize"), function, name, argnames)
        if not variants:
            return [context.item(name, own_marks + scope_marks, {}, argnames)]
        return [
            context.item(f"{name}[{v.id}]", own_marks + v.marks + scope_marks, v.funcargs, argnames)
            for v in variants
        ]

    def _unittest_items(self, classes):
        cls = classes[-1]
        if not _test_flag(cls, True):
            return []
        loader = importlib.import_module("unittest").TestLoader()
        names = [n for n in loader.getTestCaseNames(cls) if _test_flag(getattr(cls, n), True)]
        if not names and getattr(cls, "runTest", None) is not None:
            names = ["runTest"]
        scope_marks = self._scope_marks(classes)
        items = []
        for name in names:
            function = getattr(getattr(cls, name), "__func__", getattr(cls, name))
            context = _Context(self, classes, name, function)
            items.append(context.item(name, marks.function_marks(function) + scope_marks, {}, (),
                                      kind=UNITTEST))
        return items

    def _scope_marks(self, classes):
        collected = []
        for cls in reversed(classes):
            collected.extend(marks.class_marks(cls))
        return collected + self.module_marks


class _Context:
    """Shared data of the items made from one function."""

    def __init__(self, walker, classes, name, function):
        self.walker = walker
        self.classes = classes
        self.originalname = name
        self.function = function
        self.line = _first_line(function)
        self.prefix = "::".join([walker.relpath] + [cls.__name__ for cls in classes])
        self.classname = junit_classname(walker.relpath, classes)

    def item(self, name, item_marks, funcargs, argnames, kind=None):
        walker = self.walker
        return Item(
            nodeid=f"{self.prefix}::{name}", file=walker.relpath, classname=self.classname,
            name=name, line=self.line, kind=kind or (METHOD if self.classes else FUNCTION),
            module=walker.module, classes=self.classes, function=self.function,
            originalname=self.originalname, funcargs=funcargs, argnames=argnames,
            marks=item_marks, path=walker.path, package_names=walker.package_names,
        )


class _XfailMark:
    name = "xfail"
    args = ()

    def __init__(self, reason):
        self.kwargs = {"run": False, "reason": reason}


def _yield_xfail_mark(name):
    return _XfailMark(f"yield tests were removed in pytest 4.0 - {name} will be ignored")


def _class_members(cls):
    """(name, obj) of the class and its bases: first definition wins, base classes' first."""
    seen = set()
    per_class = []
    for klass in cls.__mro__:
        members = []
        for name, obj in list(klass.__dict__.items()):
            if name not in seen:
                seen.add(name)
                members.append((name, obj))
        per_class.append(members)
    return [member for members in reversed(per_class) for member in members]


def _is_testcase(cls):
    unittest = sys.modules.get("unittest")
    try:
        return unittest is not None and issubclass(cls, unittest.TestCase)
    except TypeError:
        return False


def _has_own_constructor(cls):
    return cls.__init__ is not object.__init__ or cls.__new__ is not object.__new__


def _is_static(cls, name):
    return isinstance(inspect.getattr_static(cls, name, None), staticmethod)


def _test_flag(obj, default):
    try:
        return getattr(obj, "__test__", default)
    except Exception:
        return default


def _first_line(function):
    try:
        code = inspect.unwrap(function).__code__
    except (AttributeError, ValueError):
        return 0
    return code.co_firstlineno


def _package_names(path, relpath):
    """Names of the directories in relpath that are packages (hold __init__.py), as -k sees them."""
    parts = relpath.split("/")[:-1]
    rootdir = path[: len(path) - len(relpath)] if path.endswith(relpath) else ""
    names = []
    for depth in range(len(parts)):
        directory = os.path.join(rootdir, *parts[: depth + 1])
        if os.path.exists(os.path.join(directory, "__init__.py")):
            names.append(parts[depth])
    return tuple(names)
