"""Test function arguments: which ones a test needs, and where their values come from.

This is the one place arguments are resolved. Today a value comes only from parametrize; any
other required argument is an unknown fixture. A fixture manager plugs in by passing a
`provider` (name -> value, raising LookupError when unknown) to resolve().
"""

import inspect
import sys


class FixtureLookupError(Exception):
    """A required argument has no value; .text is the report text, .message the one-liner."""

    def __init__(self, name, function):
        self.name = name
        self.message = f"fixture '{name}' not found"
        self.text = _lookup_error_text(name, function)
        super().__init__(self.message)


def required_argnames(function, *, is_method):
    """Names of the arguments a test needs (as pytest's getfuncargnames).

    Excluded: arguments with defaults, *args/**kwargs, positional-only ones, the bound `self`
    of a method, and those filled by unittest.mock.patch decorators.
    """
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


def _lookup_error_text(name, function):
    code = getattr(inspect.unwrap(function), "__code__", None) if function else None
    if code is None:
        return f"E       fixture '{name}' not found"
    import linecache
    line = linecache.getline(code.co_filename, code.co_firstlineno).rstrip()
    return (
        f"file {code.co_filename}, line {code.co_firstlineno}\n"
        f"  {line.strip()}\n"
        f"E       fixture '{name}' not found\n"
        ">       available fixtures: (none: fixtures are not supported yet)\n\n"
        f"{code.co_filename}:{code.co_firstlineno}"
    )
