"""Collecting one test file into items, as pytest 7.2 does with its default options.

collect_file is called with the space active. It imports the file as a module and walks it:
module-level `test*` functions; `Test*` classes without __init__/__new__ (nested ones too) and
their `test*` methods, base classes' first; unittest.TestCase subclasses of any name and the
methods unittest's loader finds; objects with `__test__ = True`; `__test__ = False` excludes.
Parametrize marks expand into one item per parameter set. Files discovery names for their
doctests (pytest's doctest plugin) are collected by doctests.py (their doctests first, then,
for a test module, its tests); file_import.py imports the module and reports what failed.
"""

import os
import sys
import warnings
from types import FunctionType as _FunctionType

from _pyspace.python import lazy
from _pyspace.assertion import assert_rewrite
from _pyspace.pytest_api import warning_filters
from _pyspace.fixtures import arguments, definitions, log_capture, xunit
from _pyspace.collect import conftests, engine_needs, file_import, marks, parametrize, reorder
from _pyspace.collect.items import (FUNCTION, METHOD, MODULE_SKIP, UNITTEST, ClassNode, Item, junit_classname,
                                    shown_file)

failure_text = lazy.module("_pyspace.assertion.failure_text")  # only for collection errors
keyword_expr = lazy.module("_pyspace.collect.keyword_expr")  # only with -k / -m
inspect = lazy.module("inspect")  # only for decorated functions and unusual classes
pytest_lite = lazy.module("_pyspace.pytest_api.pytest_lite")  # only for a yield test's warning
doctests = lazy.module("_pyspace.collect.doctests")  # only for files with doctests

DEFAULT_CLASSES = ("Test",)
DEFAULT_FUNCTIONS = ("test",)

assert_rewrite.install()  # the space's fresh loader rewrites asserts of test files and conftests


def validate_keyword(keyword):
    """None when the -k expression parses, else the usage error text."""
    return _parse_error(keyword_expr.compile_keyword, keyword)


def validate_markexpr(markexpr):
    """None when the -m expression parses, else the usage error text."""
    return _parse_error(keyword_expr.compile_markers, markexpr)


def _parse_error(compile_expression, text):
    try:
        compile_expression(text or "")
    except keyword_expr.KeywordExpressionError as exc:
        return str(exc)
    return None


def collect_file(path, module_name, basedir, relpath, *, keyword=None, markexpr=None,
                 python_classes=DEFAULT_CLASSES, python_functions=DEFAULT_FUNCTIONS,
                 python_files=None, rootdir=None, confcutdir=None, doctest=None, tests=True,
                 doctest_options=None, deselect=(), tally=None):
    """(items, errors) for one file; errors are dicts {path, message, longrepr}.

    keyword / markexpr: -k / -m expressions (items not matching are left out).
    deselect: --deselect node id prefixes (items whose id starts with one are left out).
    tally: a dict whose "deselected" count grows by the items left out by those three.
    python_classes / python_functions: pytest's name patterns (prefixes or globs).
    python_files: the test file patterns (which modules get their asserts rewritten).
    rootdir: the rootdir (default: path without relpath); conftest.py files are loaded from
    confcutdir (default: rootdir; "/" is pytest 7.2's behaviour without an ini file) down to
    the file's directory.
    doctest: "module" to collect the module's doctests too (first, as pytest), "text" for a
    doctest text file; tests=False: the file is collected for its doctests only;
    doctest_options: doctests.options() (see doctests.py).
    Raises KeywordExpressionError (a ValueError) for an invalid -k/-m expression; check them
    once beforehand with validate_keyword / validate_markexpr.
    """
    if python_files:
        assert_rewrite.set_patterns(python_files)
    predicate = keyword_expr.compile_keyword(keyword) if keyword else None
    mark_predicate = keyword_expr.compile_markers(markexpr) if markexpr else None
    relpath = relpath.replace(os.sep, "/")
    if rootdir is None:
        rootdir = _rootdir_of(path, relpath)
    try:
        layers = conftests.layers(rootdir, path, confcutdir)
    except KeyboardInterrupt:
        raise
    except conftests.ConftestImportError as exc:
        return file_import.conftest_failure(exc, relpath)
    except BaseException as exc:
        message, longrepr = failure_text.describe(exc, style="short")
        return [], [file_import.error(relpath, message, longrepr)]
    if doctest is None:
        items, errors = _module_items(path, module_name, basedir, relpath, rootdir, layers,
                                      _Names(python_classes, python_functions))
    else:
        items, errors = doctests.collect(
            doctest, path, module_name, basedir, relpath, layers, _packages(rootdir, relpath),
            doctest_options, tests and (lambda: _module_items(
                path, module_name, basedir, relpath, rootdir, layers,
                _Names(python_classes, python_functions))))
    before = len(items)
    # A module that skipped itself is pytest's collection report, not an item: never deselected.
    if predicate is not None:
        items = [item for item in items if item.kind == MODULE_SKIP or predicate(item.keywords)]
    if mark_predicate is not None:
        items = [item for item in items
                 if item.kind == MODULE_SKIP or mark_predicate({m.name for m in item.marks})]
    if deselect:  # pytest's prefix test, after -k and -m (its deselect plugin runs later)
        prefixes = tuple(deselect)
        items = [item for item in items if item.kind == MODULE_SKIP or not item.nodeid.startswith(prefixes)]
    if tally is not None:
        tally["deselected"] = tally.get("deselected", 0) + before - len(items)
    return items, errors


def _module_items(path, module_name, basedir, relpath, rootdir, layers, names):
    """(items, errors) of a test module (imported here, or already)."""
    try:
        module = file_import.import_module(module_name, basedir, path)
    except BaseException as exc:  # Ctrl-C while importing too: pytest's collection error
        return file_import.import_failure(exc, path, relpath)
    mismatch = file_import.file_mismatch(module, path)
    if mismatch:
        return [], [file_import.error(relpath, "", mismatch)]
    try:
        return reorder.reorder(_ModuleWalker(module, path, relpath, rootdir, layers, names).items()), []
    except KeyboardInterrupt:
        raise
    except (parametrize.ParametrizeError, definitions.FixtureDefinitionError) as exc:
        # pytest's fail(pytrace=False): its report has no crash message (the short summary
        # names the file only)
        return [], [file_import.error(relpath, "", str(exc))]
    except BaseException as exc:
        message, longrepr = failure_text.describe(exc, style="short")
        return [], [file_import.error(relpath, message, longrepr)]


def collect_file_recording_warnings(*args, filterwarnings=(), **kwargs):
    """collect_file(*args, **kwargs) + ([(where, formatted warning)] raised meanwhile, the number
    of items -k, -m and --deselect left out, the live-log records' texts logged meanwhile
    (log_cli; fixtures/log_capture.py), the module skips): what the runner calls. `where` is
    'path:line' of the warning, path relative to the working directory, as pytest names
    collection warnings (warning_filters.recording). A module that skipped itself while
    imported is not an item but pytest's skipped collection report: a dict {nodeid, file,
    classname, name, line, reason, longrepr} in the last list (longrepr: "path:line: reason")."""
    (items, errors, deselected, live), recorded = warning_filters.recording(
        lambda: _collect_logging(*args, **kwargs), filterwarnings)
    skips = [_skip_report(item) for item in items if item.kind == MODULE_SKIP]
    if skips:
        items = [item for item in items if item.kind != MODULE_SKIP]
    engine_needs.note(items)
    return items, errors, recorded, deselected, live, skips


def _skip_report(item):
    location = f"{shown_file(item)}:{item.line}"  # as the Session reports a module skip item
    return {"nodeid": item.nodeid, "file": item.file, "classname": item.classname, "name": item.name,
            "line": item.line or 0, "reason": item.skip_reason, "longrepr": f"{location}: {item.skip_reason}"}


def _collect_logging(*args, **kwargs):
    """collect_file(*args, **kwargs) with the log capture's handlers of collection on the root
    logger: (items, errors, the number deselected, the live-log records' texts)."""
    tally = {"deselected": 0}
    logs = log_capture.for_space()
    logs.start_outside("collection")
    try:
        items, errors = collect_file(*args, tally=tally, **kwargs)
    finally:
        live = logs.end_outside()
    return items, errors, tally["deselected"], live


def _rootdir_of(path, relpath):
    relative = relpath.replace("/", os.sep)
    if path.endswith(relative):
        return path[: len(path) - len(relative)].rstrip(os.sep) or os.sep
    return os.path.dirname(path)


class _Names:
    """pytest's python_classes / python_functions matching: prefix, or glob when it has one."""

    def __init__(self, classes, functions):
        self.classes = tuple(classes)
        self.functions = tuple(functions)
        self._plain_classes = self.classes == DEFAULT_CLASSES
        self._plain_functions = self.functions == DEFAULT_FUNCTIONS

    def is_class(self, name):
        if self._plain_classes:
            return name.startswith("Test")
        return _matches(name, self.classes)

    def is_function(self, name):
        if self._plain_functions:
            return name.startswith("test")
        return _matches(name, self.functions)


def _matches(name, patterns):
    import fnmatch
    for pattern in patterns:
        if name.startswith(pattern):
            return True
        if ("*" in pattern or "?" in pattern or "[" in pattern) and fnmatch.fnmatch(name, pattern):
            return True
    return False


class _ModuleWalker:
    """Builds the items of one imported module."""

    def __init__(self, module, path, relpath, rootdir, layers, names):
        self.module = module
        self.path = path
        self.relpath = relpath
        self.names = names
        self.module_marks = marks.module_marks(module)
        self.package_names, self.package_keys = _packages(rootdir, relpath)
        self.registry = definitions.Registry(layers, module, relpath)
        self._has_function_hooks = None
        self._infos = {}     # _fixture_info's key -> FixtureInfo
        self._prefixes = {}  # class names -> (nodeid prefix, JUnit classname)
        self._class_nodes = {}  # class names -> ClassNode (class_keys)

    def items(self):
        if not _test_flag(self.module, True):
            return []
        items = []
        for name, obj in list(vars(self.module).items()):
            items.extend(self._from_member(name, obj, (), ()))
        return items

    def _from_member(self, name, obj, classes, class_names):
        """The items of member `name` of the module or of classes[-1]; `class_names` are the
        names the classes were found under (an alias `TestB = TestA` is a node of its own,
        named TestB, as in pytest)."""
        if isinstance(obj, type):
            if _is_testcase(obj):
                return self._unittest_items(classes + (obj,), class_names + (name,))
            if self.names.is_class(name) or _test_flag(obj, False) is True:
                return self._class_items(classes + (obj,), class_names + (name,))
            return []
        if self.names.is_function(name) or _test_flag(obj, False) is True:
            return self._function_items(name, obj, classes, class_names)
        return []

    def class_keys(self, classes, class_names):
        """The scope keys of the classes of a node path: the classes themselves, but a ClassNode
        (one per path) from a plain class found under another name on (an alias); None when
        they are the classes."""
        keys = None
        for depth, cls in enumerate(classes):
            if keys is None and (class_names[depth] == cls.__name__ or _is_testcase(cls)):
                continue
            if keys is None:
                keys = list(classes[:depth])
            names = class_names[:depth + 1]
            node = self._class_nodes.get(names)
            if node is None or node.cls is not cls:
                node = self._class_nodes[names] = ClassNode(cls, names)
            keys.append(cls if _is_testcase(cls) else node)
        return None if keys is None else tuple(keys)

    def _class_items(self, classes, class_names):
        cls = classes[-1]
        if not _test_flag(cls, True) or _has_own_constructor(cls):
            return []
        items = []
        for name, obj in _class_members(cls):
            items.extend(self._from_member(name, obj, classes, class_names))
        return items

    def _function_items(self, name, obj, classes, class_names):
        if isinstance(obj, staticmethod):
            obj = obj.__func__
        if not callable(obj) or definitions.fixture_marker(obj) is not None:
            return []
        function = getattr(obj, "__func__", obj)
        if not arguments.is_function_when_unwrapped(function) or not _test_flag(function, True):
            return []
        is_method = bool(classes) and not _is_static(classes[-1], name)
        context = _Context(self, classes, class_names, name, function)
        argnames = arguments.required_argnames(function, is_method=is_method)
        scope_marks = self._scope_marks(classes)
        own_marks = marks.function_marks(function)
        if arguments.is_generator_function(function):
            own_marks = own_marks + [_yield_xfail_mark(name, self.relpath, _first_line(function))]
        all_marks = own_marks + scope_marks
        parametrize_marks = marks.named(all_marks, "parametrize")
        info = self._fixture_info(classes, all_marks, argnames, parametrize_marks,
                                  kind=METHOD if is_method or classes else FUNCTION)
        mark_names = {n for mark in parametrize_marks for n in parametrize.mark_argnames(mark)}
        base = parametrize.fixture_variants(info.parametrized(mark_names), name)
        known = set(info.closure) | set(argnames)
        variants = parametrize.expand(parametrize_marks, function, name, known, base)
        if not variants:
            return [context.item(name, all_marks, {}, argnames, info=_needed(info, {}))]
        return [
            context.item(f"{name}[{v.id}]", own_marks + v.marks + scope_marks, v.funcargs, argnames,
                         info=_needed(info, v.funcargs, v.params), params=v.params)
            for v in variants
        ]

    def _fixture_info(self, classes, all_marks, argnames, parametrize_marks, kind):
        usefixtures = [arg for mark in marks.named(all_marks, "usefixtures") for arg in mark.args]
        ignore = set(parametrize.direct_argnames(parametrize_marks))
        # Items of one module mostly share classes and arguments: one FixtureInfo each (read-only).
        key = (classes, tuple(argnames), tuple(usefixtures), frozenset(ignore), kind)
        info = self._infos.get(key)
        if info is None:
            info = self._infos[key] = self._new_fixture_info(classes, argnames, usefixtures, ignore, kind)
        return info

    def _new_fixture_info(self, classes, argnames, usefixtures, ignore, kind):
        chain, autouse = self.registry.chain(classes, self.relpath)
        xunit_index = None
        if kind == METHOD:
            xunit_index = self.registry.xunit_autouse_index(classes, True)
        elif kind == FUNCTION:
            if self._has_function_hooks is None:
                self._has_function_hooks = xunit.has_hooks(self.module)
            if self._has_function_hooks:
                xunit_index = self.registry.xunit_autouse_index(classes, False)
        closure = definitions.closure_for(chain, autouse, usefixtures + list(argnames), ignore,
                                       xunit_index)
        return definitions.FixtureInfo(closure, chain, argnames)

    def _unittest_items(self, classes, class_names):
        cls = classes[-1]
        if not _test_flag(cls, True):
            return []
        names = [n for n in _test_case_names(cls) if _test_flag(getattr(cls, n), True)]
        if not names and getattr(cls, "runTest", None) is not None:
            names = ["runTest"]
        scope_marks = self._scope_marks(classes)
        items = []
        for name in names:
            function = getattr(getattr(cls, name), "__func__", getattr(cls, name))
            context = _Context(self, classes, class_names, name, function)
            item_marks = marks.function_marks(function) + scope_marks
            info = self._fixture_info(classes, item_marks, (), [], kind=UNITTEST)
            items.append(context.item(name, item_marks, {}, (), kind=UNITTEST,
                                      info=_needed(info, {})))
        return items

    def _scope_marks(self, classes):
        collected = []
        for cls in reversed(classes):
            collected.extend(marks.class_marks(cls))
        return collected + self.module_marks


class _Context:
    """Shared data of the items made from one function."""

    def __init__(self, walker, classes, class_names, name, function):
        self.walker = walker
        self.classes = classes
        self.class_names = class_names
        self.originalname = name
        self.function = function
        self.line = _first_line(function)
        names = walker._prefixes.get(class_names)
        if names is None:
            names = walker._prefixes[class_names] = (
                "::".join([walker.relpath, *class_names]), junit_classname(walker.relpath, class_names))
        self.prefix, self.classname = names
        self.class_keys = walker.class_keys(classes, class_names)

    def item(self, name, item_marks, funcargs, argnames, kind=None, info=None, params=None):
        walker = self.walker
        return Item(
            nodeid=f"{self.prefix}::{name}", file=walker.relpath, classname=self.classname,
            name=name, line=self.line, kind=kind or (METHOD if self.classes else FUNCTION),
            module=walker.module, classes=self.classes, class_names=self.class_names, function=self.function,
            originalname=self.originalname, funcargs=funcargs, argnames=argnames,
            marks=item_marks, path=walker.path, package_names=walker.package_names,
            package_keys=walker.package_keys, params=params, fixtureinfo=info, class_keys=self.class_keys,
        )


def _needed(info, funcargs, params=None):
    """info when the item needs fixture setup, None when the plain path does (no fixtures)."""
    if params:
        return info
    for name in info.closure:
        if name != definitions.XUNIT and name not in funcargs:
            return info
    return None


class _XfailMark:
    name = "xfail"
    args = ()

    def __init__(self, reason):
        self.kwargs = {"run": False, "reason": reason}


def _yield_xfail_mark(name, relpath, line):
    """The mark that makes a yield test xfail(run=False), and pytest's PytestCollectionWarning
    about it at the item's location, `relpath:line` (a collection warning: recorded by
    collect_file_recording_warnings)."""
    reason = f"yield tests were removed in pytest 4.0 - {name} will be ignored"
    warnings.warn_explicit(pytest_lite.warning_class("PytestCollectionWarning")(reason), None, relpath, line)
    return _XfailMark(reason)


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
    """isinstance(inspect.getattr_static(cls, name, None), staticmethod), read from the class
    dicts along the MRO (inspect for a name none of them has)."""
    for klass in cls.__mro__:
        namespace = klass.__dict__
        if name in namespace:
            return isinstance(namespace[name], staticmethod)
    return isinstance(inspect.getattr_static(cls, name, None), staticmethod)


_ModuleType = type(sys)


def _test_flag(obj, default):
    """obj.__test__, else default. A missing attribute is answered from the namespaces for
    modules and plain classes (getattr would build an AttributeError for each)."""
    kind = type(obj)
    if kind is _ModuleType:
        namespace = obj.__dict__
        if "__test__" not in namespace and "__getattr__" not in namespace:
            return default
    elif kind is type:
        if not any("__test__" in klass.__dict__ for klass in obj.__mro__):
            return default
    try:
        return getattr(obj, "__test__", default)
    except Exception:
        return default


def _test_case_names(cls):
    """unittest.TestLoader().getTestCaseNames(cls): the callable test* attributes, sorted; the
    names are filtered before any getattr (the loader gets every TestCase method)."""
    return sorted(name for name in dir(cls)
                  if name.startswith("test") and callable(getattr(cls, name, None)))


def _first_line(function):
    if type(function) is _FunctionType and "__wrapped__" not in function.__dict__:
        return function.__code__.co_firstlineno
    try:
        code = inspect.unwrap(function).__code__
    except (AttributeError, ValueError):
        return 0
    return code.co_firstlineno


def _packages(rootdir, relpath):
    """(names, keys) of the directories in relpath that are packages (hold __init__.py): names as
    -k sees them, keys (interned relative paths) for package-scoped fixtures."""
    parts = relpath.split("/")[:-1]
    names = []
    keys = []
    if conftests.is_file(os.path.join(rootdir, "__init__.py")):
        keys.append(sys.intern(""))
    for depth in range(len(parts)):
        directory = os.path.join(rootdir, *parts[: depth + 1])
        if conftests.is_file(os.path.join(directory, "__init__.py")):
            names.append(parts[depth])
            keys.append(sys.intern("/".join(parts[: depth + 1])))
    return tuple(names), tuple(keys)
