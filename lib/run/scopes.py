"""Module and class scopes that stay set up across items, torn down as pytest's SetupState does.

An item needs the scopes in item.scope_keys: (session, package directories..., module,
outer class, ..., inner class). Fixtures of a wider scope add their finish to the finalizers of
that scope's entry (finalizers_of). enter()
sets up the missing ones outermost first; a scope whose setup failed stays on the stack with
its exception, which every later item needing it reports again (its inner scopes are not set
up), and its own teardown does not run. leave_towards(nextitem) tears down, innermost first,
every scope nextitem does not share.
"""

import sys
import types

from _pyspace.fixtures import xunit
from _pyspace.fixtures.finalizers import run_finalizers
from _pyspace.collect.items import UNITTEST, ClassNode


class _Scope:
    __slots__ = ("key", "finalizers", "error")

    def __init__(self, key):
        self.key = key
        self.finalizers = []
        self.error = None


class ScopeStack:
    def __init__(self):
        self._stack = []
        self._failed = False  # some scope on the stack failed its setup
        self.setups = 0  # how many scopes enter() has set up: a change means setup code ran

    def enter(self, item):
        """Set up what item needs. Returns the exception of a failed scope setup, or None."""
        keys = item.scope_keys
        if self._holds_exactly(keys) and not self._failed:
            return None
        self._pop_until_prefix_of(keys)
        for scope in self._stack:
            if scope.error is not None:
                return scope.error
        for depth in range(len(self._stack), len(keys)):
            scope = _Scope(keys[depth])
            self._stack.append(scope)
            self.setups += 1
            try:
                scope.finalizers = _set_up(keys[depth], depth, item)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                scope.error = exc
                self._failed = True
                return exc
        return None

    def finalizers_of(self, key):
        """The finalizer list of the set-up scope with this key, or None."""
        for scope in reversed(self._stack):
            if scope.key is key or scope.key == key:
                return scope.finalizers
        return None

    def leave_towards(self, nextitem, before=None):
        """Tear down scopes nextitem (None: nothing) does not share; return the first exception.
        before(): called first when some may be (none of their teardown code ran yet)."""
        keys = nextitem.scope_keys if nextitem is not None else ()
        if self._holds_exactly(keys):
            return None
        if before is not None:
            before()
        return self._pop_until_prefix_of(keys)

    def _holds_exactly(self, keys):
        """True when the stack is exactly keys (an inner key determines its outer ones)."""
        stack = self._stack
        if len(stack) != len(keys):
            return False
        return not keys or stack[-1].key is keys[-1]

    def _pop_until_prefix_of(self, keys):
        first_error = None
        while self._stack and not self._shared(len(self._stack) - 1, keys):
            scope = self._stack.pop()
            self._failed = any(s.error is not None for s in self._stack)
            error = run_finalizers(scope.finalizers)
            if first_error is None:
                first_error = error
        return first_error

    def _shared(self, depth, keys):
        return depth < len(keys) and keys[depth] is self._stack[depth].key


def _set_up(key, depth, item):
    if isinstance(key, types.ModuleType):
        return xunit.module_setup(key)
    if isinstance(key, ClassNode):
        key = key.cls
    if isinstance(key, type):
        return xunit.class_setup(key, is_unittest=item.kind == UNITTEST and _is_testcase(key))
    return []  # session, package directory


def _is_testcase(cls):
    case = sys.modules.get("unittest")
    return case is not None and issubclass(cls, case.TestCase)
