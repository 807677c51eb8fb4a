"""Expanding @pytest.mark.parametrize marks into call variants with pytest 7.2's ids.

Each parametrize mark (in mark precedence order: function, class, module) multiplies the
variants built so far: existing variants form the outer loop, the new mark's parameter sets the
inner one, and ids are joined with '-' ("2-0"). A parameter set is pytest.param(...) (anything
with .values/.marks/.id) or a plain value (a tuple of values when there are several argnames).
"""

import enum
import re

from _pyspace import marks as marks_mod

_NOT_PRINTABLE = {i: f"\\x{i:02x}" for i in range(128) if not 32 <= i < 127}
_NOT_PRINTABLE.update({ord("\t"): "\\t", ord("\r"): "\\r", ord("\n"): "\\n"})


class ParametrizeError(Exception):
    """The parametrization is invalid; str(self) is the message (a collection error)."""


class Variant:
    """One planned call: its id ('' when not parametrized), argument values and extra marks."""

    __slots__ = ("id", "funcargs", "marks")

    def __init__(self, id, funcargs, marks):
        self.id = id
        self.funcargs = funcargs
        self.marks = marks


def expand(parametrize_marks, func, funcname, argnames):
    """The variants for a test function; [] when there is no parametrize mark."""
    variants = []
    for mark in parametrize_marks:
        names, sets = _parameter_sets(mark, func, funcname)
        _check_names(names, argnames, funcname)
        ids = _unique_ids(_resolve_ids(mark, names, sets, funcname))
        variants = _multiply(variants, names, sets, ids)
    return variants


def _multiply(variants, names, sets, ids):
    base = variants or [Variant("", {}, [])]
    result = []
    for variant in base:
        for values, set_marks, set_id in zip((s[0] for s in sets), (s[1] for s in sets), ids):
            funcargs = dict(variant.funcargs)
            funcargs.update(zip(names, values))
            joined = f"{variant.id}-{set_id}" if variant.id else set_id
            result.append(Variant(joined, funcargs, variant.marks + set_marks))
    return result


def _parameter_sets(mark, func, funcname):
    """(argnames, [(values, marks, explicit_id), ...]) for one parametrize mark."""
    args = list(mark.args)
    argnames = mark.kwargs.get("argnames", args.pop(0) if args else None)
    argvalues = mark.kwargs.get("argvalues", args.pop(0) if args else None)
    if argnames is None or argvalues is None:
        raise ParametrizeError(f"In {funcname}: parametrize needs argnames and argvalues")
    single = isinstance(argnames, str)
    if single:
        names = [part.strip() for part in argnames.split(",") if part.strip()]
        single = len(names) == 1
    else:
        names = list(argnames)
    sets = [_parameter_set(value, single) for value in argvalues]
    for values, _, _ in sets:
        if len(values) != len(names):
            raise ParametrizeError(
                f'{funcname}: in "parametrize" the number of names ({len(names)}):\n'
                f"  {names}\nmust be equal to the number of values ({len(values)}):\n  {values}"
            )
    if not sets:
        sets = [(_NOTSET * len(names), [_empty_skip_mark(names, func)], None)]
    return names, sets


_NOTSET = (object(),)  # the value of each argname when the parameter list is empty


def _parameter_set(value, single):
    if _is_param(value):
        return tuple(value.values), marks_mod.normalize(list(value.marks)), value.id
    if single:
        return (value,), [], None
    return tuple(value), [], None


def _is_param(value):
    return (
        isinstance(value, tuple)
        and type(value).__name__ == "ParameterSet"
        and hasattr(value, "values")
        and hasattr(value, "marks")
    )


class _SkipMark:
    """The skip mark pytest puts on a test whose parameter list is empty."""

    name = "skip"
    args = ()

    def __init__(self, reason):
        self.kwargs = {"reason": reason}


def _empty_skip_mark(names, func):
    code = getattr(func, "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno - 1}" if code else "?"
    name = getattr(func, "__name__", "?")
    return _SkipMark(f"got empty parameter set {names!r}, function {name} at {where}")


def _check_names(names, argnames, funcname):
    for name in names:
        if name not in argnames:
            raise ParametrizeError(f"In {funcname}: function uses no argument '{name}'")


def _resolve_ids(mark, names, sets, funcname):
    """One id per parameter set (may contain duplicates)."""
    ids = mark.kwargs.get("ids", mark.args[3] if len(mark.args) > 3 else None)
    idfn = ids if callable(ids) else None
    id_list = _id_list(ids, sets, funcname) if ids is not None and idfn is None else None
    resolved = []
    for index, (values, _, explicit) in enumerate(sets):
        if explicit is not None:
            resolved.append(explicit)
        elif id_list is not None and index < len(id_list) and id_list[index] is not None:
            resolved.append(_required_id(id_list[index], index, funcname))
        else:
            resolved.append("-".join(_value_id(v, n, index, idfn) for v, n in zip(values, names)))
    return resolved


def _id_list(ids, sets, funcname):
    ids = list(ids)
    if len(ids) not in (0, len(sets)):
        raise ParametrizeError(
            f"In {funcname}: {len(sets)} parameter sets specified, with different number of ids: "
            f"{len(ids)}"
        )
    return ids


def _required_id(value, index, funcname):
    text = _id_from_value(value)
    if text is None:
        raise ParametrizeError(
            f"In {funcname}: ids contains unsupported value {value!r} (type: {type(value)!r}) "
            f"at index {index}. Supported types are: str, bytes, int, float, complex, bool, "
            "enum, regex or anything with a __name__."
        )
    return text


def _value_id(value, argname, index, idfn):
    if idfn is not None:
        try:
            custom = idfn(value)
        except Exception as exc:
            raise ParametrizeError(
                f"error raised while trying to determine id of parameter '{argname}' "
                f"at position {index}: {type(exc).__name__}: {exc}"
            ) from None
        if custom is not None:
            text = _id_from_value(custom)
            if text is not None:
                return text
    text = _id_from_value(value)
    return text if text is not None else f"{argname}{index}"


def _id_from_value(value):
    """The id pytest derives from a value of a supported type, else None."""
    if isinstance(value, (str, bytes)):
        return ascii_escaped(value)
    if value is None or isinstance(value, (float, int, bool, complex)):
        return str(value)
    if isinstance(value, re.Pattern):
        return ascii_escaped(value.pattern)
    if isinstance(value, enum.Enum):
        return str(value)
    name = getattr(value, "__name__", None)
    if isinstance(name, str):
        return name
    return None


def ascii_escaped(value):
    """Non-ASCII and non-printable characters escaped as pytest does in ids."""
    if isinstance(value, bytes):
        text = value.decode("ascii", "backslashreplace")
    else:
        text = value.encode("unicode_escape").decode("ascii")
    return text.translate(_NOT_PRINTABLE)


def _unique_ids(ids):
    """Duplicate ids get a per-id counter suffix (a0, a1, ...); unique ones stay."""
    if len(set(ids)) == len(ids):
        return ids
    counts = {}
    for text in ids:
        counts[text] = counts.get(text, 0) + 1
    next_suffix = {}
    unique = []
    for text in ids:
        if counts[text] > 1:
            suffix = next_suffix.get(text, 0)
            next_suffix[text] = suffix + 1
            unique.append(f"{text}{suffix}")
        else:
            unique.append(text)
    return unique
