"""Reprs for failure text that never raise (module `_pyspace.assertion.saferepr`), as pytest
7.2's saferepr module shows values.

saferepr(obj, maxsize): reprlib's limits (six items of a list, tuple or set, four of a dict, six
levels deep, 40 digits of an int), strings and every other object's repr cut in the middle to
maxsize characters with '...' (None: no size limit, reprlib's item limits stay). A repr that
raises becomes '<[ValueError('x') raised in repr()] Point object at 0x7f..>'.
saferepr_unlimited(obj): the whole repr() (or ascii()), same fallback.
pformat_split(obj): pprint.pformat, but containers are always split one item a line even when
they fit the width (what pytest's full diffs use when the two sides' line counts differ).
safeformat(obj): pprint.pformat with the same fallback (-vv locals).
"""

import reprlib

DEFAULT_MAXSIZE = 240


def repr_failure(exc, obj):
    """The text shown for obj when repr(obj) raised exc."""
    try:
        shown = _repr_or_str(exc)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as inner:
        shown = f"unpresentable exception ({_repr_or_str(inner)})"
    return f"<[{shown} raised in repr()] {type(obj).__name__} object at 0x{id(obj):x}>"


def _repr_or_str(obj):
    try:
        return repr(obj)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return f'{type(obj).__name__}("{obj}")'


def shorten(text, maxsize):
    """text cut in the middle to maxsize characters ('...' in the cut), unchanged when it fits."""
    if maxsize is None or len(text) <= maxsize:
        return text
    head = max(0, (maxsize - 3) // 2)
    tail = max(0, maxsize - 3 - head)
    return text[:head] + "..." + text[len(text) - tail:]


class _BoundedRepr(reprlib.Repr):
    """reprlib.Repr with strings up to maxsize, other objects' reprs cut to maxsize, and a repr
    that raises shown by repr_failure."""

    def __init__(self, maxsize, use_ascii):
        super().__init__()
        self.maxstring = maxsize if maxsize is not None else 1_000_000_000
        self.maxsize = maxsize
        self.use_ascii = use_ascii

    def repr(self, x):
        try:
            text = ascii(x) if self.use_ascii else super().repr(x)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            text = repr_failure(exc, x)
        return shorten(text, self.maxsize)

    def repr_instance(self, x, level):
        try:
            text = repr(x)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            text = repr_failure(exc, x)
        return shorten(text, self.maxsize)


def saferepr(obj, maxsize=DEFAULT_MAXSIZE, use_ascii=False):
    """A repr of obj within reprlib's item limits and maxsize characters; never raises."""
    return _BoundedRepr(maxsize, use_ascii).repr(obj)


def saferepr_unlimited(obj, use_ascii=True):
    """repr(obj) (ascii(obj) with use_ascii) whole; never raises."""
    try:
        return ascii(obj) if use_ascii else repr(obj)
    except Exception as exc:
        return repr_failure(exc, obj)


def safeformat(obj):
    """pprint.pformat(obj); never raises."""
    import pprint
    try:
        return pprint.pformat(obj)
    except Exception as exc:
        return repr_failure(exc, obj)


def pformat_split(obj):
    """pprint.pformat(obj) with every container pprint knows split one item a line."""
    import pprint

    class _Splitting(pprint.PrettyPrinter):
        # pprint only splits an object that does not fit the width; this one splits whatever
        # has a pretty-printer of its own (looked up as pprint does, by the type's __repr__).
        def _format(self, obj, stream, indent, allowance, context, level):
            printer = self._dispatch.get(type(obj).__repr__)
            key = id(obj)
            if printer is None or key in context:
                super()._format(obj, stream, indent, allowance, context, level)
                return
            context[key] = 1
            printer(self, obj, stream, indent, allowance, context, level + 1)
            del context[key]

    return _Splitting(indent=1, width=80).pformat(obj)
