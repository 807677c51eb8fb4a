"""Test items: what collection hands to the C++ side and what Session.run executes.

An Item is plain data plus references to the live objects (module, classes, function). Its
public fields are the ones the C++ side reads: nodeid, file, classname, name, line, keywords.
"""

import os

FUNCTION = "function"        # module-level test function
METHOD = "method"            # test method of a Test* class (fresh instance per test)
UNITTEST = "unittest"        # test method of a unittest.TestCase subclass
MODULE_SKIP = "module_skip"  # the module skipped itself while being imported


class _SessionKey:
    """The outermost scope key of every item (session-scoped fixtures live there)."""

    def __repr__(self):
        return "<session>"


SESSION = _SessionKey()


class ClassNode:
    """The scope key of a test class found under another name than its own (an alias, `TestB =
    TestA`), or inside such a class: a node of its own, as pytest's Class nodes are, so that its
    class-scoped fixtures and setup_class run again for it (a unittest class shares them: pytest
    sets an alias of one up once). One per node, shared by its items (the walker keeps them)."""

    __slots__ = ("cls", "names")

    def __init__(self, cls, names):
        self.cls = cls
        self.names = names

    def __repr__(self):
        return f"<class node {'::'.join(self.names)}>"


class Item:
    """One test to run. `line` is 1-based (co_firstlineno: decorators included, as pytest)."""

    __slots__ = (
        "nodeid", "file", "classname", "name", "line", "kind", "module", "classes", "class_names",
        "function", "originalname", "funcargs", "argnames", "marks", "path",
        "skip_reason", "scope_keys", "_keywords", "_package_names", "params", "fixtureinfo",
    )

    def __init__(self, *, nodeid, file, classname, name, line, kind, module=None, classes=(), class_names=None,
                 function=None, originalname="", funcargs=None, argnames=(), marks=(),
                 path="", skip_reason="", package_names=(), package_keys=(), params=None,
                 fixtureinfo=None, class_keys=None):
        self.nodeid = nodeid
        self.file = file
        self.classname = classname
        self.name = name
        self.line = line
        self.kind = kind
        self.module = module
        self.classes = classes
        # The names the classes were found under (an alias of a class is a node of its own).
        self.class_names = class_names if class_names is not None else tuple(cls.__name__ for cls in classes)
        self.function = function
        self.originalname = originalname or name
        self.funcargs = funcargs or {}
        self.argnames = argnames
        self.marks = marks
        self.path = path
        self.skip_reason = skip_reason
        self.params = params or {}  # indirect parameters: fixture name -> (value, index)
        self.fixtureinfo = fixtureinfo  # definitions.FixtureInfo, None when nothing is needed
        if module is not None:  # class_keys: the classes' scope keys, when not the classes (ClassNode)
            self.scope_keys = (SESSION, *package_keys, module, *(classes if class_keys is None else class_keys))
        else:
            self.scope_keys = (SESSION,)
        self._keywords = None
        self._package_names = package_names

    @property
    def cls(self):
        """The innermost class, or None for a module-level function."""
        return self.classes[-1] if self.classes else None

    @property
    def keywords(self):
        """Names -k matches against: item, classes, module file, packages, function attrs, marks."""
        if self._keywords is None:
            self._keywords = self._compute_keywords()
        return self._keywords

    def _compute_keywords(self):
        names = {self.name, os.path.basename(self.file)}
        names.update(self._package_names)
        names.update(self.class_names)
        func_dict = getattr(self.function, "__dict__", None)
        if func_dict:
            names.update(func_dict)
        names.update(mark.name for mark in self.marks)
        return names

    # What conftest hooks read and change (collect/hooks.py: pytest_collection_modifyitems).
    def add_marker(self, marker, append=True):
        """pytest's Node.add_marker: a mark, a MarkDecorator (`pytest.mark.skip(...)`) or a name."""
        if isinstance(marker, str):
            from _pyspace.pytest_api.pytest_lite import Mark
            mark = Mark(marker, (), {})
        else:
            mark = getattr(marker, "mark", marker)
            if not all(hasattr(mark, attr) for attr in ("name", "args", "kwargs")):
                raise ValueError("is not a string or pytest.mark.* Marker")
        self.marks = (*self.marks, mark) if append else (mark, *self.marks)
        self._keywords = None

    def iter_markers(self, name=None):
        return (mark for mark in self.marks if name is None or mark.name == name)

    def get_closest_marker(self, name, default=None):
        return next(self.iter_markers(name), default)

    @property
    def config(self):
        from _pyspace.pytest_api import config
        return config.config_object()

    @property
    def obj(self):
        return self.function

    @property
    def fixturenames(self):
        return list(self.fixtureinfo.closure) if self.fixtureinfo is not None else list(self.argnames)

    @property
    def location(self):
        names = [*self.class_names, self.name]
        return self.file, self.line - 1, ".".join(names)

    @property
    def fspath(self):
        from _pyspace.pytest_api.config import legacy_path
        return legacy_path(self.path)

    def __repr__(self):
        return f"<Item {self.nodeid}>"


def shown_file(item):
    """The item's file as pytest's short summary names it ("test_x.py:3: reason"): relative to
    the working directory (pytest's bestrelpath from where it was started, "../tests/..."
    too), its rootdir-relative `file` when its path is not known."""
    if not item.path:
        return item.file
    from _pyspace.assertion.failure_text import display_path
    return display_path(item.path)


def junit_classname(relpath, class_names):
    """'tests.test_x.TestA' for tests/test_x.py and class TestA (the name it was found under);
    'tests.test_x' without class."""
    stem = relpath[:-3] if relpath.endswith(".py") else relpath
    parts = stem.replace(os.sep, "/").split("/")
    return ".".join(parts + list(class_names))


def module_skip_item(relpath, path, reason, line):
    """The item reporting a module that skipped itself at import (named as pytest's JUnit does)."""
    stem = relpath[:-3] if relpath.endswith(".py") else relpath
    return Item(nodeid=relpath, file=relpath, classname="", name=stem.replace("/", "."),
                line=line, kind=MODULE_SKIP, path=path, skip_reason=reason)
