"""Test function arguments: which ones a test needs, and where their values come from.

Values come from parametrize (item.funcargs) and from fixtures (fixtures.setup_item); a required
argument that is neither is an unknown fixture (FixtureLookupError names it and lists the
available ones).
"""

import linecache
import sys
import types

from _pyspace import lazy

inspect = lazy.module("inspect")  # only for functions that are not plain (decorated, partial)

_CO_GENERATOR = 0x20  # inspect.CO_GENERATOR


class FixtureLookupError(Exception):
    """A required argument has no value; .text is the report text, .message the one-liner."""

    def __init__(self, name, function, available=None, message=None):
        self.name = name
        self.message = message or f"fixture '{name}' not found"
        self.text = _lookup_error_text(name, function, available, self.message)
        super().__init__(self.message)


def required_argnames(function, *, is_method):
    """Names of the arguments a test needs (as pytest's getfuncargnames).

    Excluded: arguments with defaults, *args/**kwargs, positional-only ones, the bound `self`
    of a method, and those filled by unittest.mock.patch decorators.
    """
    if _is_plain_function(function):
        names = _names_from_code(function)
        return names[1:] if is_method and names else names
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return ()
    wanted = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    names = tuple(
        p.name for p in parameters.values()
        if p.kind in wanted and p.default is inspect.Parameter.empty
    )
    if is_method and names:
        names = names[1:]
    return names[_mock_patch_count(function):]


def resolve(item, provider=None):
    """The keyword arguments for calling item's test function. Raises FixtureLookupError."""
    if not item.argnames:
        return {}
    kwargs = {}
    for name in item.argnames:
        if name in item.funcargs:
            kwargs[name] = item.funcargs[name]
        elif provider is not None:
            try:
                kwargs[name] = provider(name)
            except LookupError:
                raise FixtureLookupError(name, item.function) from None
        else:
            raise FixtureLookupError(name, item.function)
    return kwargs


def is_function_when_unwrapped(function):
    """inspect.isfunction(inspect.unwrap(function)), without inspect for plain functions."""
    if type(function) is types.FunctionType and not hasattr(function, "__wrapped__"):
        return True
    return inspect.isfunction(inspect.unwrap(function))


def is_generator_function(function):
    """inspect.isgeneratorfunction(function), without inspect for plain functions (it reads the
    code flags of a function as is, without following __wrapped__)."""
    if type(function) is types.FunctionType:
        return bool(function.__code__.co_flags & _CO_GENERATOR)
    return inspect.isgeneratorfunction(function)


def _is_plain_function(function):
    return (type(function) is types.FunctionType and not hasattr(function, "__wrapped__")
            and not hasattr(function, "patchings") and not hasattr(function, "__signature__"))


def _names_from_code(function):
    """required_argnames' answer read from the code object (same result, much cheaper)."""
    code = function.__code__
    positional = code.co_varnames[code.co_posonlyargcount:code.co_argcount]
    defaults = len(function.__defaults__ or ())
    if defaults:
        positional = positional[:max(0, len(positional) - defaults)]
    kwonly = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
    kwdefaults = function.__kwdefaults__ or {}
    return positional + tuple(name for name in kwonly if name not in kwdefaults)


def _mock_patch_count(function):
    patchings = getattr(function, "patchings", None)
    if not patchings:
        return 0
    sentinels = [getattr(sys.modules.get(name), "DEFAULT", None) for name in ("mock", "unittest.mock")]
    sentinels = [s for s in sentinels if s is not None]
    return sum(
        1 for p in patchings
        if not getattr(p, "attribute_name", None) and any(p.new is s for s in sentinels)
    )


def _lookup_error_text(name, function, available, message):
    code = getattr(inspect.unwrap(function), "__code__", None) if function else None
    if available is None:
        listing = ""
    else:
        listing = (f">       available fixtures: {', '.join(sorted(available))}\n"
                   ">       use 'pyspace-test --fixtures [testpath]' for help on them.\n")
    if code is None:
        return f"E       {message}\n{listing}"
    lineno = _def_line(code)
    line = linecache.getline(code.co_filename, lineno).strip()
    return (
        f"file {code.co_filename}, line {lineno}\n"
        f"  {line}\n"
        f"E       {message}\n"
        f"{listing}\n"
        f"{code.co_filename}:{lineno}"
    )


def _def_line(code):
    """The line of the `def` itself (co_firstlineno is the first decorator's)."""
    lineno = code.co_firstlineno
    for offset in range(50):
        text = linecache.getline(code.co_filename, lineno + offset).lstrip()
        if text.startswith(("def ", "async def ")):
            return lineno + offset
    return lineno
