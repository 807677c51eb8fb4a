"""Why a comparison in a failed assert is false (module `_pyspace.assertion.compare`), as pytest
7.2's assertrepr_compare explains it.

assertrepr_compare(op, left, right, verbose, on_ci) -> [summary, detail lines...] or None.
The summary is 'left op right' with both sides' saferepr cut to (80 - 15 - len(op) - 2) // 2
characters (whole reprs at verbose >= 2; ascii() when both are strings that differ only in
Unicode normalisation). Details exist for:
  ==      strings (compare_text.diff_text), pytest.approx objects (their own _repr_compare),
          dataclasses / attrs classes / namedtuples of one type (attribute by attribute),
          sequences ('At index i diff', the extra items), sets, dicts; then for any two
          iterables 'Use -v to get more diff', or at verbose >= 1 or on CI the 'Full diff:'
          of their pprint layouts;
  not in  two strings (where the term is contained).
None when there are no details: the caller keeps its own explanation. An exception while
explaining (a __repr__ or __eq__ that raises) becomes the two-line '(pytest_assertion plugin:
representation of details failed: ...' text. `verbose` is pytest's -v count minus -q; `on_ci`
is pytest's running_on_ci() (CI or BUILD_NUMBER set).
"""

import collections.abc
import sys

from _pyspace.assertion import compare_text, exception_text
from _pyspace.assertion.saferepr import pformat_split, saferepr, saferepr_unlimited


def assertrepr_compare(op, left, right, verbose=0, on_ci=False):
    """pytest's explanation lines of `left op right` being false, or None (see the module doc)."""
    use_ascii = isinstance(left, str) and isinstance(right, str) and _same_normalised(left, right)
    if verbose > 1:
        left_repr = saferepr_unlimited(left, use_ascii=use_ascii)
        right_repr = saferepr_unlimited(right, use_ascii=use_ascii)
    else:
        maxsize = (80 - 15 - len(op) - 2) // 2
        left_repr = saferepr(left, maxsize=maxsize, use_ascii=use_ascii)
        right_repr = saferepr(right, maxsize=maxsize, use_ascii=use_ascii)
    details = None
    try:
        if op == "==":
            details = equal_details(left, right, verbose, on_ci)
        elif op == "not in" and isinstance(left, str) and isinstance(right, str):
            details = compare_text.not_in_text(left, right, verbose)
    except Exception as exc:
        if _is_exit(exc):
            raise
        details = [f"(pytest_assertion plugin: representation of details failed: "
                   f"{_crash_text(exc)}.",
                   " Probably an object has a faulty __repr__.)"]
    if not details:
        return None
    return [f"{left_repr} {op} {right_repr}", *details]


def _same_normalised(left, right):
    from unicodedata import normalize
    return normalize("NFD", left) == normalize("NFD", right)


def _is_exit(exc):
    """pytest.exit() raised while explaining: it ends the run, it is not a detail."""
    return any(cls.__name__ == "Exit" and cls.__module__ in ("_pytest.outcomes",
                                                             "_pyspace.pytest_api.pytest_lite")
               for cls in type(exc).__mro__)


def _crash_text(exc):
    """'path:line: first line of the exception' at exc's crash entry, as pytest writes its
    reprcrash."""
    message = exception_text.exconly(exc).split("\n", 1)[0]
    location = exception_text.crash_location(exc.__traceback__)
    if location is None:
        return message
    return f"{location[0]}:{location[1]}: {message}".strip()


def equal_details(left, right, verbose, on_ci):
    """Detail lines for `left == right` being false ([] when there are none)."""
    if isinstance(left, str) and isinstance(right, str):
        return compare_text.diff_text(left, right, verbose)
    details = []
    approx = _approx_class()
    if approx is not None and (isinstance(left, approx) or isinstance(right, approx)):
        approx_side, other = (left, right) if isinstance(left, approx) else (right, left)
        details = list(approx_side._repr_compare(other))
    elif type(left) == type(right) and _is_record(left):
        details = _record_details(left, right, verbose, on_ci)
    elif _is_sequence(left) and _is_sequence(right):
        details = _sequence_details(left, right)
    elif isinstance(left, (set, frozenset)) and isinstance(right, (set, frozenset)):
        details = _set_details(left, right)
    elif isinstance(left, dict) and isinstance(right, dict):
        details = _dict_details(left, right, verbose)
    if _is_iterable(left) and _is_iterable(right):
        details.extend(_full_diff(left, right, verbose, on_ci))
    return details


def _approx_class():
    """pytest's ApproxBase when pytest's approx module is loaded (else no approx exists)."""
    module = sys.modules.get("_pytest.python_api")
    return getattr(module, "ApproxBase", None)


def _is_sequence(value):
    return isinstance(value, collections.abc.Sequence) and not isinstance(value, str)


def _is_iterable(value):
    try:
        iter(value)
    except TypeError:
        return False
    return not isinstance(value, str)


def _is_dataclass(value):
    return getattr(value, "__dataclass_fields__", None) is not None


def _is_attrs(value):
    return getattr(value, "__attrs_attrs__", None) is not None


def _is_namedtuple(value):
    return isinstance(value, tuple) and getattr(value, "_fields", None) is not None


def _is_record(value):
    return _is_dataclass(value) or _is_attrs(value) or _is_namedtuple(value)


def _generated_eq(value):
    """False when a dataclass or attrs class defines its own __eq__ (its fields then say
    nothing about why it differs): the generated one's code comes from '<string>' (dataclasses)
    or names 'attrs generated eq'."""
    code = getattr(value.__eq__, "__code__", None)
    filename = getattr(code, "co_filename", None)
    if code is None or filename is None:
        return True
    if _is_attrs(value):
        return "attrs generated eq" in filename
    return filename == "<string>"


def _record_details(left, right, verbose, on_ci):
    import pprint
    if not _generated_eq(left):
        return []
    if _is_dataclass(left):
        import dataclasses
        names = [field.name for field in dataclasses.fields(left) if field.compare]
    elif _is_attrs(left):
        names = [field.name for field in left.__attrs_attrs__ if getattr(field, "eq")]
    else:
        names = left._fields
    same, differing = [], []
    for name in names:
        (same if getattr(left, name) == getattr(right, name) else differing).append(name)
    lines = [""] if same or differing else []
    if same and verbose < 2:
        lines.append(f"Omitting {len(same)} identical items, use -vv to show")
    elif same:
        lines += ["Matching attributes:", *pprint.pformat(same).splitlines()]
    if differing:
        lines += ["Differing attributes:", *pprint.pformat(differing).splitlines()]
        for name in differing:
            left_value, right_value = getattr(left, name), getattr(right, name)
            lines += ["", f"Drill down into differing attribute {name}:",
                      f"  {name}: {left_value!r} != {right_value!r}"]
            lines += ["  " + line for line in equal_details(left_value, right_value, verbose, on_ci)]
    return lines


def _sequence_details(left, right):
    both_bytes = isinstance(left, bytes) and isinstance(right, bytes)
    lines = []
    for index in range(min(len(left), len(right))):
        if left[index] != right[index]:
            if both_bytes:  # b'a' rather than 97
                shown = left[index:index + 1], right[index:index + 1]
            else:
                shown = left[index], right[index]
            lines.append(f"At index {index} diff: {shown[0]!r} != {shown[1]!r}")
            break
    if both_bytes:
        return lines
    extra = len(left) - len(right)
    if extra:
        side, first = ("Left", left[len(right)]) if extra > 0 else ("Right", right[len(left)])
        if abs(extra) == 1:
            lines.append(f"{side} contains one more item: {saferepr(first)}")
        else:
            lines.append(f"{side} contains {abs(extra)} more items, first extra item: "
                         f"{saferepr(first)}")
    return lines


def _set_details(left, right):
    lines = []
    only_left, only_right = left - right, right - left
    if only_left:
        lines.append("Extra items in the left set:")
        lines.extend(saferepr(item) for item in only_left)
    if only_right:
        lines.append("Extra items in the right set:")
        lines.extend(saferepr(item) for item in only_right)
    return lines


def _dict_details(left, right, verbose):
    import pprint
    left_keys, right_keys = set(left), set(right)
    common = left_keys.intersection(right_keys)
    same = {key: left[key] for key in common if left[key] == right[key]}
    lines = []
    if same and verbose < 2:
        lines.append(f"Omitting {len(same)} identical items, use -vv to show")
    elif same:
        lines += ["Common items:", *pprint.pformat(same).splitlines()]
    differing = {key for key in common if left[key] != right[key]}
    if differing:
        lines.append("Differing items:")
        lines += [f"{saferepr({key: left[key]})} != {saferepr({key: right[key]})}"
                  for key in differing]
    for side, mine, keys in (("Left", left, left_keys - right_keys),
                             ("Right", right, right_keys - left_keys)):
        if keys:
            lines.append(f"{side} contains {len(keys)} more item{'' if len(keys) == 1 else 's'}:")
            lines += pprint.pformat({key: mine[key] for key in keys}).splitlines()
    return lines


def _full_diff(left, right, verbose, on_ci):
    """'Use -v to get more diff', or (verbose or CI) the ndiff of the two pprint layouts, the
    right side as the expected one."""
    if verbose <= 0 and not on_ci:
        return ["Use -v to get more diff"]
    import difflib
    import pprint
    left_lines = pprint.pformat(left).splitlines()
    right_lines = pprint.pformat(right).splitlines()
    multi_line = len(left_lines) > 1 or len(right_lines) > 1
    if len(left_lines) != len(right_lines):
        left_lines = pformat_split(left).splitlines()
        right_lines = pformat_split(right).splitlines()
    if multi_line:
        _brackets_on_own_lines(left_lines)
        _brackets_on_own_lines(right_lines)
    return ["Full diff:", *(line.rstrip() for line in difflib.ndiff(right_lines, left_lines))]


def _brackets_on_own_lines(lines):
    """Moves an opening bracket to a line of its own and a closing one too (a comma before)."""
    if lines[0][:1] in ("(", "[", "{"):
        opening = lines[0][:1]
        lines[0] = " " + lines[0][1:]
        lines.insert(0, opening)
    if lines[-1][-1:] in (")", "]", "}"):
        closing = lines[-1][-1:]
        lines[-1] = lines[-1][:-1] + ","
        lines.append(closing)
