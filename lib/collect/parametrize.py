"""Expanding @pytest.mark.parametrize marks into call variants with pytest 7.2's ids.

Each parametrize mark (in mark precedence order: function, class, module) multiplies the
variants built so far: existing variants form the outer loop, the new mark's parameter sets the
inner one, and ids are joined with '-' ("2-0"). A parameter set is pytest.param(...) (anything
with .values/.marks/.id) or a plain value (a tuple of values when there are several argnames).
"""

import enum
import re

from _pyspace.collect import marks as marks_mod

_NOT_PRINTABLE = {i: f"\\x{i:02x}" for i in range(128) if not 32 <= i < 127}
_NOT_PRINTABLE.update({ord("\t"): "\\t", ord("\r"): "\\r", ord("\n"): "\\n"})


class ParametrizeError(Exception):
    """The parametrization is invalid; str(self) is the message (a collection error)."""


class Variant:
    """One planned call: its id ('' when not parametrized), direct argument values, indirect
    parameters (fixture name -> (value, index)) and extra marks."""

    __slots__ = ("id", "funcargs", "marks", "params")

    def __init__(self, id, funcargs, marks, params=None):
        self.id = id
        self.funcargs = funcargs
        self.marks = marks
        self.params = params or {}


def expand(parametrize_marks, func, funcname, argnames, base=None):
    """The variants for a test function; [] when there is no parametrize mark nor base.

    argnames: the names a parametrize mark may use (the fixture closure); base: variants from
    parametrized fixtures (fixture_variants), multiplied first.
    """
    variants = list(base or [])
    for mark in parametrize_marks:
        names, sets = _parameter_sets(mark, func, funcname)
        indirect = _indirect_names(mark, names)
        _check_names(names, argnames, funcname, indirect)
        ids = _unique_ids(_resolve_ids(mark, names, sets, funcname))
        variants = _multiply(variants, names, sets, ids, indirect)
    return variants


def direct_argnames(parametrize_marks):
    """Names of marks without `indirect` (pytest ignores fixtures of those names)."""
    found = []
    for mark in parametrize_marks:
        if not mark.kwargs.get("indirect", False):
            found.extend(mark_argnames(mark))
    return found


def mark_argnames(mark):
    """The argnames a parametrize mark names ([] when it has none)."""
    argnames = mark.kwargs.get("argnames", mark.args[0] if mark.args else None)
    if argnames is None:
        return []
    if isinstance(argnames, str):
        return [part.strip() for part in argnames.split(",") if part.strip()]
    return list(argnames)


def fixture_variants(parametrized, funcname):
    """Variants for [(name, FixtureDef with params)], in that order (pytest's fixture-first ids)."""
    variants = []
    for name, definition in parametrized:
        sets = [_parameter_set(value, True) for value in definition.params]
        if not sets:
            sets = [(_NOTSET, [_empty_skip_mark([name], definition.func)], None)]
        ids = _unique_ids(_fixture_ids(definition, name, sets, funcname))
        variants = _multiply(variants, [name], sets, ids, {name})
    return variants


def _fixture_ids(definition, name, sets, funcname):
    return _ids_of_sets(definition.ids, sets, funcname,
                        lambda values, index, idfn: _value_id(values[0], name, index, idfn))


def _indirect_names(mark, names):
    indirect = mark.kwargs.get("indirect", False)
    if indirect is True:
        return set(names)
    if not indirect:
        return set()
    if isinstance(indirect, str):
        indirect = [indirect]
    return set(indirect)


def _multiply(variants, names, sets, ids, indirect=()):
    first = not variants  # no id yet: an empty id of an earlier mark still counts ("-1")
    base = variants or [Variant("", {}, [])]
    result = []
    for variant in base:
        for index, ((values, set_marks, _), set_id) in enumerate(zip(sets, ids)):
            funcargs = dict(variant.funcargs)
            params = dict(variant.params)
            for name, value in zip(names, values):
                if name in indirect:
                    params[name] = (value, index)
                    funcargs.pop(name, None)
                else:
                    funcargs[name] = value
            joined = set_id if first else f"{variant.id}-{set_id}"
            result.append(Variant(joined, funcargs, variant.marks + set_marks, params))
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
    """The mark pytest puts on a test whose parameter list is empty: skip, or with
    empty_parameter_set_mark = xfail an xfail(run=False)."""

    args = ()

    def __init__(self, reason, name="skip"):
        self.name = name
        self.kwargs = {"reason": reason} if name == "skip" else {"reason": reason, "run": False}


_empty_parameter_set = {"mark": "skip"}


def set_empty_parameter_set_mark(value):
    """pytest's empty_parameter_set_mark ini key: "skip" (also "" or unset), "xfail" or
    "fail_at_collect". Raises ParametrizeError for any other value, as pytest's LookupError."""
    value = value or "skip"
    if value not in ("skip", "xfail", "fail_at_collect"):
        raise ParametrizeError(f"empty_parameter_set_mark: {value!r} is not skip, xfail or fail_at_collect")
    _empty_parameter_set["mark"] = value


def _empty_skip_mark(names, func):
    code = getattr(func, "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno - 1}" if code else "?"
    name = getattr(func, "__name__", "?")
    requested = _empty_parameter_set["mark"]
    if requested == "fail_at_collect":
        line = code.co_firstlineno if code else 0
        raise ParametrizeError(f"Empty parameter set in '{name}' at line {line}")
    return _SkipMark(f"got empty parameter set {names!r}, function {name} at {where}", requested)


def _check_names(names, argnames, funcname, indirect=()):
    for name in names:
        if name not in argnames:
            kind = "fixture" if name in indirect else "argument"
            raise ParametrizeError(f"In {funcname}: function uses no {kind} '{name}'")


def _resolve_ids(mark, names, sets, funcname):
    """One id per parameter set (may contain duplicates)."""
    ids = mark.kwargs.get("ids", mark.args[3] if len(mark.args) > 3 else None)
    return _ids_of_sets(ids, sets, funcname, lambda values, index, idfn: "-".join(
        _value_id(v, n, index, idfn) for v, n in zip(values, names)))


def _ids_of_sets(ids, sets, funcname, generated_id):
    """One id per parameter set: pytest.param(id=...), else the `ids` list entry, else
    generated_id(values, index, idfn) (idfn: `ids` when it is a callable)."""
    idfn = ids if callable(ids) else None
    id_list = _id_list(ids, sets, funcname) if ids is not None and idfn is None else None
    resolved = []
    for index, (values, _, explicit) in enumerate(sets):
        if explicit is not None:
            resolved.append(explicit)
        elif id_list is not None and index < len(id_list) and id_list[index] is not None:
            resolved.append(_required_id(id_list[index], index, funcname))
        else:
            resolved.append(generated_id(values, index, idfn))
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
    elif value.isascii() and value.isprintable() and "\\" not in value:
        return value  # nothing to escape (the common case)
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
