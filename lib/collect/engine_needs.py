"""What the native engine cannot honour in what it collected (module `_pyspace.collect.engine_needs`).

A suite whose conftest.py files define pytest hooks, name plugins (`pytest_plugins`) or set
`collect_ignore` (conftests.unsupported()), whose test modules or classes define
`pytest_generate_tests` or set `pytest_plugins`, or whose tests use what an installed plugin
provides (installed_plugins.KNOWN: its fixtures, markers, async or hypothesis tests) would run
differently here than under pytest. The run then goes to pytest's own engine, or with
`--engine native` stops naming the first reason (app/engine.cpp).

configure() names the active plugins once per run; note() is called with the items of each
collected file; found() gives the reasons met so far in this space, each once, in order.
Contract: GIL held; note() and found() with the collecting space active (the memo is the space's).
"""

from _pyspace.collect import conftests, items as items_module
from _pyspace.pytest_api import installed_plugins
from _pyspace.space import space_state

_CO_COROUTINE = 0x80
_CO_ASYNC_GENERATOR = 0x200
_MODULE_NAMES = ("pytest_generate_tests", "pytest_plugins")

_plugins = []  # [(entry-point name, distribution, installed_plugins.Uses)] of this run


def configure(names, dists):
    """The known plugins pytest would load for this run: entry-point names and their
    distributions' names, in the same order."""
    _plugins[:] = [(name, dist, installed_plugins.KNOWN[name]) for name, dist in zip(names, dists)
                   if name in installed_plugins.KNOWN]


class _Memo:
    __slots__ = ("reasons", "modules", "plugins", "subtest_classes")

    def __init__(self):
        self.reasons = []
        self.modules = set()  # ids of the modules and classes looked at
        self.plugins = set()  # the plugins already found in use
        self.subtest_classes = {}  # TestCase class -> whether its code calls subTest


def note(collected):
    """Looks at the items of one collected file."""
    memo = space_state.owned(__name__, _Memo)
    for item in collected:
        _note_module(memo, item)
        if _plugins:
            _note_plugins(memo, item)


def found():
    """The reasons met in this space: the conftests' first, then the items', each once."""
    memo = space_state.owned(__name__, _Memo)
    reasons = []
    for reason in conftests.unsupported() + memo.reasons:
        if reason not in reasons:
            reasons.append(reason)
    return reasons


def _note_module(memo, item):
    cls = item.cls
    for owner, names in ((item.module, _MODULE_NAMES), (cls, ("pytest_generate_tests",))):
        if owner is None or id(owner) in memo.modules:
            continue
        memo.modules.add(id(owner))
        shown = item.file if owner is item.module else f"{item.file}::{cls.__qualname__}"
        for name in names:
            if getattr(owner, name, None):
                what = "sets pytest_plugins" if name == "pytest_plugins" else f"defines the hook {name}"
                memo.reasons.append(f"{shown} {what}")


def _note_plugins(memo, item):
    function = item.function
    code = getattr(function, "__code__", None)
    names = set(item.fixtureinfo.closure) if item.fixtureinfo is not None else set(item.argnames or ())
    markers = {mark.name for mark in item.marks}
    # What names one plugin (its fixture, its marker) before what several may act on.
    for name, dist, uses in _plugins:
        if name in memo.plugins:
            continue
        what = None
        if names & uses.fixtures:
            what = f"the fixture {sorted(names & uses.fixtures)[0]}"
        elif markers & uses.markers:
            what = f"the marker {sorted(markers & uses.markers)[0]}"
        if what is not None:
            _found(memo, item, name, dist, what)
    for name, dist, uses in _plugins:
        if name in memo.plugins:
            continue
        what = None
        if uses.coroutines and code is not None and code.co_flags & (_CO_COROUTINE | _CO_ASYNC_GENERATOR):
            what = "an async test function"
        elif uses.hypothesis and getattr(function, "is_hypothesis_test", False):
            what = "a hypothesis test"
        elif uses.subtests and item.kind == items_module.UNITTEST and _calls_subtest(memo, item.cls):
            what = "unittest's subTest"
        if what is not None:
            _found(memo, item, name, dist, what)


def _calls_subtest(memo, cls):
    """Whether a method of the TestCase class (its own or a base's, not unittest's) names
    `subTest` in its code, nested functions included (once per class)."""
    known = memo.subtest_classes.get(cls)
    if known is None:
        known = memo.subtest_classes[cls] = any(
            _names_subtest(getattr(value, "__code__", None))
            for klass in cls.__mro__ if klass.__module__ != "unittest.case"
            for value in vars(klass).values())
    return known


def _names_subtest(code):
    if code is None:
        return False
    if "subTest" in code.co_names:
        return True
    return any(_names_subtest(const) for const in code.co_consts if hasattr(const, "co_names"))


def _found(memo, item, name, dist, what):
    memo.plugins.add(name)
    memo.reasons.append(f"{item.nodeid} uses {what}, from the installed plugin {dist} ({name})")
