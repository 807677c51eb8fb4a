"""Doctest items, as pytest 7.2's doctest plugin collects them (module `_pyspace.collect.doctests`).

- module_items(): the docstrings with examples of an imported module (DoctestModule: files
  discovery names with --doctest-modules), found by doctest's DocTestFinder (sorted by name),
  one item each, `relpath::<module>.<qualified name>` ("pkg/mod.py::pkg.mod.func");
- text_items(): one item for a text file (DoctestTextfile: `--doctest-glob`, default
  test*.txt), `relpath::<file name>`, read with ini `doctest_encoding`, run as `__main__`.

An item is a plain function item (items.Item, kind FUNCTION) whose `function` is a DoctestCall:
the executor sets up its fixtures (the autouse fixtures visible from the file's directory,
then `doctest_namespace`, with `request`), and calls it; it puts `getfixture` and the namespace
into the doctest's globals and runs it (doctest_runner.run). The fixtures of the module itself
are not visible, as in pytest (a DoctestModule does not parse them). The module scope of the
items is the file (a key of its own, not the module: no setup_module runs for doctests).

Contract: called with the space active, while its files are collected.
"""

import os

from _pyspace.python import lazy
from _pyspace.fixtures import definitions
from _pyspace.collect import doctest_runner, file_import
from _pyspace.collect.items import FUNCTION, SESSION, Item, junit_classname

failure_text = lazy.module("_pyspace.assertion.failure_text")  # only for collection errors

DEFAULT_OPTIONFLAGS = ("ELLIPSIS",)
_ARGNAMES = ("request", "doctest_namespace")


def options(config, *, report="udiff", continue_on_failure=False, ignore_import_errors=False):
    """The doctest options of a run: the flags' values and the ini keys `doctest_optionflags`
    (default ELLIPSIS) and `doctest_encoding` (default utf-8) from the runner's config dict."""
    flags = config.get("doctest_optionflags")
    return {
        "report": report.lower(),
        "continue_on_failure": bool(continue_on_failure),
        "ignore_import_errors": bool(ignore_import_errors),
        "optionflags": tuple(DEFAULT_OPTIONFLAGS if flags is None else flags),
        "encoding": config.get("doctest_encoding") or "utf-8",
        "configfile": config.get("file") or "",
    }


class DoctestFileError(Exception):
    """The file's doctests cannot be collected (an unknown doctest_optionflags name): its
    collection error's one-line `message` and `longrepr`."""

    def __init__(self, message, longrepr):
        super().__init__(message)
        self.message = message
        self.longrepr = longrepr


class _FileKey:
    """The module-scope key of one file's doctest items (module-scoped fixtures live there)."""

    __slots__ = ("relpath",)

    def __init__(self, relpath):
        self.relpath = relpath

    def __repr__(self):
        return f"<doctests of {self.relpath}>"


class DoctestCall:
    """What the executor calls for a doctest item (with the fixtures `_ARGNAMES` name)."""

    __slots__ = ("test", "runner", "report")

    def __init__(self, test, runner, report):
        self.test = test
        self.runner = runner
        self.report = report

    def __call__(self, request, doctest_namespace):
        globs = {"getfixture": request.getfixturevalue}
        globs.update(doctest_namespace)
        self.test.globs.update(globs)
        doctest_runner.run(self.test, self.runner, self.report)

    def __repr__(self):
        return f"<doctest {self.test.name}>"


def collect(kind, path, module_name, basedir, relpath, layers, packages, options, test_items):
    """(items, errors) of a file discovery named for its doctests: kind "text" (a text file) or
    "module" (the module's doctests; then, when `test_items` is given, the (items, errors) it
    returns: the file is a test module too, collected after, as pytest's Module after its
    DoctestModule). `packages`: (names, keys) of the packages holding the file."""
    try:
        if kind == "text":
            items, errors = text_items(path, relpath, layers, packages, options), []
        else:
            items, errors = _module_doctests(path, module_name, basedir, relpath, layers, packages,
                                             options, claim=bool(test_items))
    except KeyboardInterrupt:
        raise
    except DoctestFileError as exc:
        items, errors = [], [file_import.error(relpath, exc.message, exc.longrepr)]
    except BaseException as exc:
        message, longrepr = failure_text.describe(exc, style="short")
        items, errors = [], [file_import.error(relpath, message, longrepr)]
    if test_items:
        more_items, more_errors = test_items()
        items, errors = items + more_items, errors + more_errors
    return items, errors


def _module_doctests(path, module_name, basedir, relpath, layers, packages, options, claim):
    try:
        module = file_import.import_module(module_name, basedir, path, claim)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        return file_import.doctest_import_failure(exc, path, relpath, options["ignore_import_errors"])
    mismatch = file_import.file_mismatch(module, path)
    if mismatch:
        return [], [file_import.error(relpath, mismatch.split("\n", 1)[0], mismatch)]
    return module_items(module, path, relpath, layers, packages, options), []


def module_items(module, path, relpath, layers, packages, options):
    """The items of the doctests in `module` (imported from `path`). Raises DoctestFileError."""
    runner = _runner(options)
    tests = _finder().find(module, module.__name__)
    return _items([t for t in tests if t.examples], path, relpath, layers, packages, runner, options)


def text_items(path, relpath, layers, packages, options):
    """The item of the text file `path` ([] when it holds no example). Raises DoctestFileError,
    OSError, UnicodeError or LookupError (unknown doctest_encoding) for the caller to report."""
    runner = _runner(options)
    with open(path, encoding=options["encoding"]) as stream:
        text = stream.read()
    parser = doctest_runner.doctest_module().DocTestParser()
    test = parser.get_doctest(text, {"__name__": "__main__"}, os.path.basename(path), path, 0)
    return _items([test] if test.examples else [], path, relpath, layers, packages, runner, options)


def _runner(options):
    try:
        flags = doctest_runner.option_flags(options["optionflags"])
    except doctest_runner.UnknownOptionFlag as exc:
        where = options["configfile"] or "doctest_optionflags"
        raise DoctestFileError(f"KeyError: {exc}",
                               f"{where}: doctest_optionflags: unknown flag {exc}\n"
                               f"E   KeyError: {exc}") from None
    return doctest_runner.make_runner(flags, options["continue_on_failure"])


def _items(tests, path, relpath, layers, packages, runner, options):
    if not tests:
        return []
    package_names, package_keys = packages
    chain, autouse = definitions.Registry(layers, None, relpath).chain((), relpath)
    closure = definitions.closure_for(chain, autouse, ["doctest_namespace"], set())
    info = definitions.FixtureInfo(closure, chain, _ARGNAMES)
    key = _FileKey(relpath)
    classname = junit_classname(relpath, ())
    items = []
    for test in tests:
        item = Item(nodeid=f"{relpath}::{test.name}", file=relpath, classname=classname,
                    name=test.name, line=0 if test.lineno is None else test.lineno + 1,
                    kind=FUNCTION, function=DoctestCall(test, runner, options["report"]),
                    argnames=_ARGNAMES, path=path, package_names=package_names,
                    fixtureinfo=info)
        item.module = key
        item.scope_keys = (SESSION, *package_keys, key)
        items.append(item)
    return items


# ---- finding docstrings: pytest's mock-aware finder -----------------------------------------

def _finder():
    doctest = doctest_runner.doctest_module()
    import inspect

    class Finder(doctest.DocTestFinder):
        """DocTestFinder that takes a property's getter and an unwrapped function for line
        numbers and does not descend into mock objects (which answer every attribute)."""

        def _find_lineno(self, obj, source_lines):
            if isinstance(obj, property):
                obj = getattr(obj, "fget", obj)
            if hasattr(obj, "__wrapped__"):
                obj = inspect.unwrap(obj)
            return super()._find_lineno(obj, source_lines)

        def _find(self, tests, obj, name, module, source_lines, globs, seen):
            if _is_mocked(obj):
                return
            real_unwrap = inspect.unwrap
            inspect.unwrap = _mock_aware_unwrap(real_unwrap)
            try:
                super()._find(tests, obj, name, module, source_lines, globs, seen)
            finally:
                inspect.unwrap = real_unwrap

    return Finder()


def _is_mocked(obj):
    try:
        return getattr(obj, "pytest_mock_example_attribute_that_shouldnt_exist", None) is not None
    except Exception:
        return False


def _mock_aware_unwrap(real_unwrap):
    def unwrap(func, *, stop=None):
        if stop is None or stop is _is_mocked:
            return real_unwrap(func, stop=_is_mocked)
        return real_unwrap(func, stop=lambda obj: _is_mocked(obj) or stop(func))
    return unwrap
