"""A light `pytest` module for test code (module `_pyspace.pytest_api.pytest_lite`).

Importing the real pytest 7.2 costs ~170 ms (pluggy, attrs, importlib.metadata, its plugins),
more than the rest of a typical run. Test modules mostly use a few names at import time, so the
runner serves this module as `pytest` (see pytest_finder.py) when the real one is installed:

- implemented here, with pytest 7.2's behaviour: mark (Mark, MarkDecorator, MarkGenerator),
  param, fixture, yield_fixture, skip, fail, xfail, importorskip, raises (ExceptionInfo's
  value/type/tb/typename/match/errisinstance), register_assert_rewrite, __version__;
- every other name (approx, warns, MonkeyPatch, ...) and the rare paths of the functions above
  (deprecated `msg=`, importorskip's minversion, exit) come from the real pytest, imported the
  first time one is needed.

The runner recognises both sets of objects by duck typing (collect/marks.py, fixtures/definitions.py, pytest_api/outcomes.py).
pytest_finder.py serves a module filled from this one as `pytest` (a root module, shared by every
space); it keeps no per-run state.
"""

import collections
import collections.abc
import sys

from _pyspace.pytest_api import run_switches

# The real pytest, loaded on first use. A holder mutated in place: module globals of a shared
# module are rolled back after a space, the holder's contents are not.
_real = {"spec": None, "module": None}


def _real_pytest():
    """The real pytest module (not in sys.modules: `pytest` there is this module)."""
    module = _real["module"]
    if module is None:
        import importlib.util
        spec = _real["spec"]
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _real["module"] = module
    return module


def _real_public_names():
    """The names the real pytest exports (the strings of its `__all__` list, read from its source
    without importing it), so that probing this module for other attributes never loads pytest."""
    names = _real.get("names")
    if names is None:
        import re
        with open(_real["spec"].origin, encoding="utf-8") as source:
            text = source.read()
        listing = re.search(r"^__all__\s*=\s*\[(.*?)\]", text, re.S | re.M)
        names = set(re.findall(r"[\"'](\w+)[\"']", listing.group(1))) if listing else set()
        _real["names"] = names
    return names


def __getattr__(name):
    if name == "__all__":  # `from pytest import *`: the real pytest's names
        return sorted(_real_public_names())
    if name == "__version__":
        import _pytest
        return _pytest.__version__
    if name.startswith("_") or name not in _real_public_names():
        raise AttributeError(f"module 'pytest' has no attribute '{name}'")
    return getattr(_real_pytest(), name)


# ----- outcomes -------------------------------------------------------------------------------
class OutcomeException(BaseException):
    """Base of the exceptions pytest.skip/fail/xfail raise (as _pytest.outcomes')."""

    def __init__(self, msg=None, pytrace=True):
        if msg is not None and not isinstance(msg, str):
            raise TypeError(f"{type(self).__name__} expected string as 'msg' parameter, "
                            f"got '{type(msg).__name__}' instead.\nPerhaps you meant to use a mark?")
        super().__init__(msg)
        self.msg = msg
        self.pytrace = pytrace

    def __repr__(self):
        if self.msg is not None:
            return self.msg
        return f"<{type(self).__name__} instance>"

    __str__ = __repr__


class Skipped(OutcomeException):
    __module__ = "builtins"  # tracebacks name it shortly, as pytest's

    def __init__(self, msg=None, pytrace=True, allow_module_level=False, *, _use_item_location=False):
        super().__init__(msg=msg, pytrace=pytrace)
        self.allow_module_level = allow_module_level
        self._use_item_location = _use_item_location


class Failed(OutcomeException):
    __module__ = "builtins"


class XFailed(Failed):
    pass


def skip(reason="", *, allow_module_level=False, msg=None):
    """Skips the running test (or the module, with allow_module_level=True)."""
    __tracebackhide__ = True
    if msg is not None:
        return _real_pytest().skip(reason, allow_module_level=allow_module_level, msg=msg)
    raise Skipped(msg=reason, allow_module_level=allow_module_level)


def fail(reason="", pytrace=True, msg=None):
    """Fails the running test with `reason`."""
    __tracebackhide__ = True
    if msg is not None:
        return _real_pytest().fail(reason, pytrace=pytrace, msg=msg)
    raise Failed(msg=reason, pytrace=pytrace)


def xfail(reason=""):
    """Marks the running test as an expected failure (does nothing with --runxfail)."""
    __tracebackhide__ = True
    if run_switches.runxfail:  # pytest swaps in a no-op
        return
    raise XFailed(reason)


def exit(reason="", returncode=None, *, msg=None):
    """Stops the run (the real pytest's exit, recognised by the runner)."""
    __tracebackhide__ = True
    return _real_pytest().exit(reason, returncode, msg=msg)


def importorskip(modname, minversion=None, reason=None):
    """The module `modname`, or a skip of the test (module-level allowed) when it cannot be
    imported."""
    __tracebackhide__ = True
    if minversion is not None:
        return _real_pytest().importorskip(modname, minversion, reason)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            __import__(modname)
        except ImportError as exc:
            if reason is None:
                reason = f"could not import {modname!r}: {exc}"
            raise Skipped(reason, allow_module_level=True) from None
    return sys.modules[modname]


skip.Exception = Skipped
fail.Exception = Failed
xfail.Exception = XFailed


# ----- marks ----------------------------------------------------------------------------------
class Mark:
    """A mark's name and arguments (frozen)."""

    __slots__ = ("name", "args", "kwargs", "_param_ids_from", "_param_ids_generated")

    def __init__(self, name, args, kwargs, param_ids_from=None, param_ids_generated=None, *,
                 _ispytest=False):
        for slot, value in (("name", name), ("args", args), ("kwargs", kwargs),
                            ("_param_ids_from", param_ids_from),
                            ("_param_ids_generated", param_ids_generated)):
            object.__setattr__(self, slot, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"can't set attribute '{name}' of a frozen Mark")

    def _has_param_ids(self):
        return "ids" in self.kwargs or len(self.args) >= 4

    def combined_with(self, other):
        """A new Mark with other's args appended and kwargs merged."""
        assert self.name == other.name
        ids_from = None
        if self.name == "parametrize":
            if other._has_param_ids():
                ids_from = other
            elif self._has_param_ids():
                ids_from = self
        return Mark(self.name, self.args + other.args, dict(self.kwargs, **other.kwargs),
                    param_ids_from=ids_from)

    def _key(self):
        return (self.name, self.args, self.kwargs, self._param_ids_from, self._param_ids_generated)

    def __eq__(self, other):
        return type(other) is type(self) and self._key() == other._key()

    def __hash__(self):
        return hash((self.name, self.args, tuple(self.kwargs.items())))

    def __repr__(self):
        return f"Mark(name={self.name!r}, args={self.args!r}, kwargs={self.kwargs!r})"


def _is_test_function(obj):
    return callable(obj) and getattr(obj, "__name__", "<lambda>") != "<lambda>"


class MarkDecorator:
    """`pytest.mark.NAME` or `pytest.mark.NAME(...)`: applied to a function or class it stores
    its mark there; called with anything else it returns a decorator with those arguments."""

    def __init__(self, mark, *, _ispytest=False):
        self.mark = mark

    name = property(lambda self: self.mark.name)
    args = property(lambda self: self.mark.args)
    kwargs = property(lambda self: self.mark.kwargs)
    markname = property(lambda self: self.mark.name)

    def with_args(self, *args, **kwargs):
        return MarkDecorator(self.mark.combined_with(Mark(self.name, args, kwargs)))

    def __call__(self, *args, **kwargs):
        if args and not kwargs:
            target = args[0]
            if len(args) == 1 and (_is_test_function(target) or isinstance(target, type)):
                store_mark(target, self.mark)
                return target
        return self.with_args(*args, **kwargs)

    def __eq__(self, other):
        return type(other) is type(self) and self.mark == other.mark

    __hash__ = None

    def __repr__(self):
        return f"MarkDecorator(mark={self.mark!r})"


def _as_mark(entry):
    mark = getattr(entry, "mark", entry)
    if not all(hasattr(mark, attr) for attr in ("name", "args", "kwargs")):
        raise TypeError(f"got {mark!r} instead of Mark")
    return mark


def get_unpacked_marks(obj, *, consider_mro=True):
    """The marks stored on obj (a class's own, or with its bases' in MRO order)."""
    if isinstance(obj, type):
        owners = obj.__mro__ if consider_mro else (obj,)
        stored = [owner.__dict__.get("pytestmark", []) for owner in owners]
    else:
        stored = [getattr(obj, "pytestmark", [])]
    marks = []
    for entry in stored:
        marks.extend(entry if isinstance(entry, list) else [entry])
    return [_as_mark(entry) for entry in marks]


def store_mark(obj, mark):
    """Appends mark to obj.pytestmark (a new list: the old one may be a base class's)."""
    obj.pytestmark = [*get_unpacked_marks(obj, consider_mro=False), mark]


_warning_stand_ins = {}  # name -> the stand-in class, made once
_WARNING_BASES = {"PytestExperimentalApiWarning": (UserWarning, FutureWarning),
                  "PytestReturnNotNoneWarning": (UserWarning, DeprecationWarning)}


def warning_class(name):
    """pytest's warning class `name` (PytestUnknownMarkWarning, PytestWarning, ...) when
    pytest's warning types are loaded (a filter naming one loaded them before any test module
    was imported), else a stand-in of that name: importing _pytest.warning_types costs ~0.4 s,
    as much as pytest itself."""
    loaded = sys.modules.get("_pytest.warning_types")
    if loaded is not None:
        return getattr(loaded, name)
    stand_in = _warning_stand_ins.get(name)
    if stand_in is None:
        bases = _WARNING_BASES.get(name, (UserWarning,))
        stand_in = _warning_stand_ins[name] = type(name, bases, {"__module__": "pytest"})
    return stand_in


def _unknown_mark_warning():
    return warning_class("PytestUnknownMarkWarning")


class MarkGenerator:
    """`pytest.mark`: any attribute not starting with '_' is a MarkDecorator of that name. A name
    the run's `markers` do not register warns PytestUnknownMarkWarning, or with --strict-markers
    fails ("'x' not found in `markers` configuration option"), as pytest's (run_switches)."""

    def __init__(self, *, _ispytest=False):
        pass

    def __getattr__(self, name):
        if name[0] == "_":
            raise AttributeError("Marker name must NOT start with underscore")
        names = run_switches.registered_markers
        if names is not None and name not in names:
            if run_switches.strict_markers:
                fail(f"{name!r} not found in `markers` configuration option", pytrace=False)
            import warnings
            warnings.warn(_unknown_mark_warning()(
                f"Unknown pytest.mark.{name} - is this a typo?  You can register custom marks to "
                "avoid this warning - for details, see https://docs.pytest.org/en/stable/how-to/mark.html"),
                stacklevel=2)
        return MarkDecorator(Mark(name, (), {}))


mark = MarkGenerator()


class ParameterSet(collections.namedtuple("ParameterSet", "values, marks, id")):
    """One parameter set of @pytest.mark.parametrize (pytest.param's result)."""

    @classmethod
    def param(cls, *values, marks=(), id=None):
        if isinstance(marks, MarkDecorator):
            marks = (marks,)
        else:
            assert isinstance(marks, collections.abc.Collection)
        if id is not None:
            if not isinstance(id, str):
                raise TypeError(f"Expected id to be a string, got {type(id)}: {id!r}")
            id = id.encode("unicode_escape").decode("ascii")
        return cls(values, marks, id)


def param(*values, marks=(), id=None):
    """A parameter set for @pytest.mark.parametrize with its own marks and id."""
    return ParameterSet.param(*values, marks=marks, id=id)


# ----- fixtures -------------------------------------------------------------------------------
class _PytestWrapper:
    """Holds the original fixture function (the runner unwraps to it)."""

    def __init__(self, obj):
        self.obj = obj


class FixtureFunctionMarker:
    """What @pytest.fixture(...) records on the function as `_pytestfixturefunction`."""

    def __init__(self, scope, params, autouse=False, ids=None, name=None, *, _ispytest=False):
        self.scope = scope
        self.params = tuple(params) if params is not None else None
        self.autouse = autouse
        self.ids = ids if ids is None or callable(ids) else tuple(ids)
        self.name = name

    def __call__(self, function):
        import functools
        if isinstance(function, type):
            raise ValueError("class fixtures not supported (maybe in the future)")
        if getattr(function, "_pytestfixturefunction", False):
            raise ValueError("fixture is being applied more than once to the same function")
        name = self.name or function.__name__
        message = (f'Fixture "{name}" called directly: fixtures are not meant to be called, '
                   "the runner creates them for the tests that name them as arguments.")

        @functools.wraps(function)
        def called_directly(*args, **kwargs):
            fail(message, pytrace=False)

        called_directly.__pytest_wrapped__ = _PytestWrapper(function)
        if name == "request":
            code = function.__code__
            fail("'request' is a reserved word for fixtures, use another name:\n  "
                 f"{code.co_filename}:{code.co_firstlineno + 1}", pytrace=False)
        called_directly._pytestfixturefunction = self
        return called_directly

    def __repr__(self):
        return (f"FixtureFunctionMarker(scope={self.scope!r}, params={self.params!r}, "
                f"autouse={self.autouse!r}, ids={self.ids!r}, name={self.name!r})")


def fixture(fixture_function=None, *, scope="function", params=None, autouse=False, ids=None,
            name=None):
    """Declares a fixture (used bare or with arguments, as pytest.fixture)."""
    marker = FixtureFunctionMarker(scope=scope, params=params, autouse=autouse, ids=ids, name=name)
    if fixture_function is not None:
        return marker(fixture_function)
    return marker


def yield_fixture(fixture_function=None, *args, scope="function", params=None, autouse=False,
                  ids=None, name=None):
    """Deprecated alias of fixture (the real pytest's, which warns)."""
    return _real_pytest().yield_fixture(fixture_function, *args, scope=scope, params=params,
                                        autouse=autouse, ids=ids, name=name)


# ----- raises ---------------------------------------------------------------------------------
class ExceptionInfo:
    """The exception pytest.raises caught. value/type/tb/typename/match/errisinstance here; any
    other attribute (traceback, exconly, getrepr, ...) from the real pytest's ExceptionInfo."""

    def __init__(self, exc_info=None):
        self._excinfo = exc_info
        self._full = None

    def _filled(self, what):
        assert self._excinfo is not None, f".{what} can only be used after the context manager exits"
        return self._excinfo

    type = property(lambda self: self._filled("type")[0])
    value = property(lambda self: self._filled("value")[1])
    tb = property(lambda self: self._filled("tb")[2])
    typename = property(lambda self: self._filled("typename")[0].__name__)

    def errisinstance(self, exc):
        return isinstance(self.value, exc)

    def match(self, regexp):
        """True when re.search(regexp, str(value)) matches, else an AssertionError."""
        __tracebackhide__ = True
        import re
        value = str(self.value)
        message = f"Regex pattern did not match.\n Regex: {regexp!r}\n Input: {value!r}"
        if regexp == value:
            message += "\n Did you mean to `re.escape()` the regex?"
        if not re.search(regexp, value):
            raise AssertionError(message)
        return True

    def _real_info(self):
        if self._full is None:
            from _pytest._code import ExceptionInfo as RealExceptionInfo
            self._full = RealExceptionInfo.from_exc_info(self._filled("traceback"))
        return self._full

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._real_info(), name)

    def __repr__(self):
        if self._excinfo is None:
            return "<ExceptionInfo for raises contextmanager>"
        return repr(self._real_info())


class RaisesContext:
    def __init__(self, expected_exception, message, match_expr=None):
        self.expected_exception = expected_exception
        self.message = message
        self.match_expr = match_expr
        self.excinfo = None

    def __enter__(self):
        self.excinfo = ExceptionInfo()
        return self.excinfo

    def __exit__(self, exc_type, exc_val, exc_tb):
        __tracebackhide__ = True
        if exc_type is None:
            fail(self.message)
        if not issubclass(exc_type, self.expected_exception):
            return False
        self.excinfo._excinfo = (exc_type, exc_val, exc_tb)
        if self.match_expr is not None:
            self.excinfo.match(self.match_expr)
        return True


def raises(expected_exception, *args, **kwargs):
    """Asserts that a block (context manager) or a call raises expected_exception."""
    __tracebackhide__ = True
    if not expected_exception:
        raise ValueError(
            f"Expected an exception type or a tuple of exception types, but got "
            f"`{expected_exception!r}`. Raising exceptions is already understood as failing the "
            f"test, so you don't need any special code to say 'this should never raise an exception'.")
    expected = (expected_exception,) if isinstance(expected_exception, type) else expected_exception
    for exc in expected:
        if not isinstance(exc, type) or not issubclass(exc, BaseException):
            not_a = exc.__name__ if isinstance(exc, type) else type(exc).__name__
            raise TypeError(f"expected exception must be a BaseException type, not {not_a}")
    message = f"DID NOT RAISE {expected_exception}"
    if not args:
        match = kwargs.pop("match", None)
        if kwargs:
            raise TypeError("Unexpected keyword arguments passed to pytest.raises: "
                            + ", ".join(sorted(kwargs)) + "\nUse context-manager form instead?")
        return RaisesContext(expected_exception, message, match)
    func = args[0]
    if not callable(func):
        raise TypeError(f"{func!r} object (type: {type(func)}) must be callable")
    try:
        func(*args[1:], **kwargs)
    except expected_exception as exc:
        return ExceptionInfo((type(exc), exc, exc.__traceback__))
    fail(message)


raises.Exception = Failed


def register_assert_rewrite(*names):
    """Accepted for compatibility: pyspace-test rewrites asserts of test modules and conftest.py."""
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"expected module names as *args, got {names!r}")


def use_real_spec(spec):
    """Where the real pytest is (pytest_finder.py found it). Called before this module serves."""
    _real["spec"] = spec
