"""What the runner itself needs between two tests, put back as soon as a test has broken it
(module `_pyspace.run.runner_needs`).

A test that rebinds `sys.modules` or replaces a builtin (`builtins.isinstance = None`) and does
not undo it breaks the runner's own code right after it (reports, capture, the next setup), and
the space's restoration at deactivation comes too late. So after each test: `sys.modules` is the
module table again, and a builtin the test replaced or deleted gets its value from before the
test. Each repair is a sentence, shown as a warning of that test. New builtins a test adds
stay (pytest keeps them too), and what a test monkeypatched and undid is not seen at all.

Contract: GIL held; before() and after() around each test, with the space active. The cost when
nothing changed: one identity test and one PEP 509 tag read.
"""
import builtins
import sys

try:
    from _pyspace_native import dict_version
except ImportError:  # the runner's modules under plain Python (tests/python): no change tags,
    _counter = iter(range(1, 1 << 62))  # so every call reads as a change: correct, slower

    def dict_version(_dict, _next=_counter.__next__):
        return _next()

_BUILTINS = builtins.__dict__


class RunnerNeeds:
    def __init__(self):
        self._modules = sys.modules
        self._snapshot = _BUILTINS.copy()
        self._version = dict_version(_BUILTINS)

    def before(self):
        """Before a test: the builtins as they are now are what after() puts back."""
        version = dict_version(_BUILTINS)
        if version != self._version:
            self._snapshot = _BUILTINS.copy()
            self._version = version

    def after(self):
        """Repairs what the test left broken; returns a sentence per repair. Reads nothing
        through the builtins (they may be what is broken)."""
        repaired = []
        if sys.modules is not self._modules:
            sys.modules = self._modules
            repaired.append("sys.modules was rebound by the test (put back)")
        if dict_version(_BUILTINS) != self._version:
            for name, value in self._snapshot.items():
                current = _BUILTINS.get(name, _MISSING)
                if current is not value and not name.startswith("__") and name != "_":
                    _BUILTINS[name] = value
                    what = "deleted" if current is _MISSING else "replaced"
                    repaired.append(f"builtins.{name} was {what} by the test (put back)")
            self._version = dict_version(_BUILTINS)
            self._snapshot = _BUILTINS.copy()
        return repaired


_MISSING = object()
