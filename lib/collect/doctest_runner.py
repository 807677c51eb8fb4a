"""Running one doctest and describing its failures as pytest 7.2's doctest plugin does (module
`_pyspace.collect.doctest_runner`).

The stdlib `doctest` is imported where it is first needed, in the active space (it brings pdb,
unittest, difflib): a run without doctests never pays for it. The classes built on it (a runner
that collects failures, an output checker knowing ALLOW_UNICODE, ALLOW_BYTES and NUMBER) are
made once per copy of `doctest` and kept in the active space's state, so that no root module
holds a space's copy.

Contract: every function here is called with a space active (collection or a test's call).
"""

import importlib
import math
import re
import traceback

from _pyspace.space import space_state
from _pyspace.pytest_api import outcomes

# --doctest-report choices and the doctest report flag each stands for.
_REPORT_FLAGS = {"none": None, "udiff": "REPORT_UDIFF", "cdiff": "REPORT_CDIFF",
                 "ndiff": "REPORT_NDIFF", "only_first_failure": "REPORT_ONLY_FIRST_FAILURE"}
# doctest_optionflags names pytest knows: the stdlib's, then the three pytest registers.
_STDLIB_FLAGS = ("DONT_ACCEPT_TRUE_FOR_1", "DONT_ACCEPT_BLANKLINE", "NORMALIZE_WHITESPACE",
                 "ELLIPSIS", "IGNORE_EXCEPTION_DETAIL", "COMPARISON_FLAGS")
_PYTEST_FLAGS = ("ALLOW_UNICODE", "ALLOW_BYTES", "NUMBER")


class DoctestFailed(Exception):
    """A doctest's failures, already formatted: the executor reports `longrepr` as the failure
    text and `message` (empty, as pytest's short summary shows none) as its one line
    (run/verdict.py reads classes with `reports_itself`)."""

    reports_itself = True

    def __init__(self, longrepr):
        super().__init__(longrepr)
        self.message = ""
        self.longrepr = longrepr


class UnknownOptionFlag(KeyError):
    """A doctest_optionflags entry pytest does not know (a KeyError, as pytest raises)."""


def doctest_module():
    """The `doctest` of the active space (imported there on first use)."""
    return importlib.import_module("doctest")


def option_flags(names):
    """The doctest option flags of doctest_optionflags `names` (pytest registers ALLOW_UNICODE,
    ALLOW_BYTES and NUMBER first, so `# doctest: +NUMBER` parses). Raises UnknownOptionFlag."""
    doctest = doctest_module()
    known = {name: getattr(doctest, name) for name in _STDLIB_FLAGS}
    known.update((name, doctest.register_optionflag(name)) for name in _PYTEST_FLAGS)
    flags = 0
    for name in names:
        if name not in known:
            raise UnknownOptionFlag(name)
        flags |= known[name]
    return flags


def report_flag(choice):
    """The doctest report flag of a --doctest-report choice (0 for 'none')."""
    name = _REPORT_FLAGS[choice]
    return getattr(doctest_module(), name) if name else 0


def make_runner(optionflags, continue_on_failure):
    """A runner for the doctests of one file (pytest makes one per file too)."""
    classes = _classes()
    return classes.runner(checker=classes.checker(), optionflags=optionflags,
                          continue_on_failure=continue_on_failure)


def run(test, runner, report_choice):
    """Runs doctest `test`. Raises DoctestFailed with pytest's text when examples failed, the
    skip exception when every example is +SKIP, and a pytest outcome an example raised."""
    doctest = doctest_module()
    if all(example.options.get(doctest.SKIP, False) for example in test.examples):
        _skip_at(test, "all tests skipped by +SKIP option")
    failures = []
    try:
        runner.run(test, out=failures)
    except (doctest.DocTestFailure, doctest.UnexpectedException) as failure:
        failures = [failure]
    if failures:
        raise DoctestFailed(failure_text(failures, report_flag(report_choice)))


def _skip_at(test, reason):
    """Raise pytest's skip from the doctest's own line, which the skip's location names (pytest
    names the line of its doctest plugin that raised it)."""
    from _pyspace.pytest_api.pytest_lite import Skipped
    code = compile("\n" * (test.lineno or 0) + "raise skip", test.filename or "<doctest>", "exec")
    exec(code, {"skip": Skipped(msg=reason)})


def failure_text(failures, report_choice):
    """pytest's text of a doctest's failures: per failure the docstring's lines up to the failing
    example (numbered, at most ten), the difference or the unexpected exception, and
    `path:line: DocTestFailure` (or UnexpectedException)."""
    doctest = doctest_module()
    checker = _classes().checker()
    blocks = []
    for failure in failures:
        example, test = failure.example, failure.test
        lineno = None if test.lineno is None else test.lineno + example.lineno + 1
        if lineno is not None:
            numbered = ["%03d %s" % (index + test.lineno + 1, line)
                        for index, line in enumerate(test.docstring.splitlines(False))]
            lines = numbered[max(example.lineno - 9, 0):example.lineno + 1]
        else:
            lines = ["EXAMPLE LOCATION UNKNOWN, not showing all tests of that example"]
            for index, line in enumerate(example.source.splitlines()):
                lines.append(f"??? {'>>>' if index == 0 else '...'} {line}")
        if isinstance(failure, doctest.DocTestFailure):
            lines += checker.output_difference(example, failure.got, report_choice).split("\n")
        else:
            lines.append(f"UNEXPECTED EXCEPTION: {failure.exc_info[1]!r}")
            lines += [chunk.strip("\n") for chunk in traceback.format_exception(*failure.exc_info)]
        lines.append(f"{test.filename}:{lineno}: {type(failure).__name__}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


# ---- the classes built on the space's doctest ----------------------------------------------

class _Classes:
    __slots__ = ("doctest", "runner", "checker")


def _classes():
    doctest = doctest_module()
    state = space_state.current()
    classes = state.get(__name__)
    if classes is None or classes.doctest is not doctest:
        classes = state[__name__] = _Classes()
        classes.doctest = doctest
        classes.runner = _runner_class(doctest)
        classes.checker = _checker_class(doctest)
    return classes


def _is_pytest_outcome(exc):
    """pytest.skip/fail/xfail/exit (not unittest's SkipTest, which pytest reports as an
    unexpected exception of the example)."""
    return outcomes.outcome_kind(exc) is not None and \
        any(cls.__name__ == "OutcomeException" for cls in type(exc).__mro__)


def _runner_class(doctest):
    class Runner(doctest.DebugRunner):
        """Collects failures into `out` (a list) with continue_on_failure, else raises the first."""

        def __init__(self, checker, optionflags, continue_on_failure):
            super().__init__(checker=checker, verbose=False, optionflags=optionflags)
            self.continue_on_failure = continue_on_failure

        def report_failure(self, out, test, example, got):
            failure = doctest.DocTestFailure(test, example, got)
            if not self.continue_on_failure:
                raise failure
            out.append(failure)

        def report_unexpected_exception(self, out, test, example, exc_info):
            exc = exc_info[1]
            if _is_pytest_outcome(exc):
                raise exc
            if type(exc).__name__ == "BdbQuit" and type(exc).__module__ == "bdb":
                from _pyspace.pytest_api import pytest_lite
                pytest_lite.exit("Quitting debugger")
            failure = doctest.UnexpectedException(test, example, exc_info)
            if not self.continue_on_failure:
                raise failure
            out.append(failure)

    return Runner


_UNICODE_PREFIX = re.compile(r"(\W|^)[uU]([rR]?['\"])", re.UNICODE)
_BYTES_PREFIX = re.compile(r"(\W|^)[bB]([rR]?['\"])", re.UNICODE)
_NUMBER = re.compile(r"""
    (?P<number>
      (?P<mantissa> (?P<integer1> [+-]?\d*)\.(?P<fraction>\d+) | (?P<integer2> [+-]?\d+)\. )
      (?: [Ee] (?P<exponent1> [+-]?\d+) )?
    |
      (?P<integer3> [+-]?\d+) (?: [Ee] (?P<exponent2> [+-]?\d+) )
    )""", re.VERBOSE)


def _checker_class(doctest):
    allow_unicode = doctest.register_optionflag("ALLOW_UNICODE")
    allow_bytes = doctest.register_optionflag("ALLOW_BYTES")
    number = doctest.register_optionflag("NUMBER")

    class Checker(doctest.OutputChecker):
        """doctest's checker, then with u''/b'' prefixes dropped and numbers compared to the
        precision written in the expected output, as the flags ask."""

        def check_output(self, want, got, optionflags):
            if super().check_output(want, got, optionflags):
                return True
            if not optionflags & (allow_unicode | allow_bytes | number):
                return False
            if optionflags & allow_unicode:
                want, got = _UNICODE_PREFIX.sub(r"\1\2", want), _UNICODE_PREFIX.sub(r"\1\2", got)
            if optionflags & allow_bytes:
                want, got = _BYTES_PREFIX.sub(r"\1\2", want), _BYTES_PREFIX.sub(r"\1\2", got)
            if optionflags & number:
                got = _numbers_as_wanted(want, got)
            return super().check_output(want, got, optionflags)

    return Checker


def _numbers_as_wanted(want, got):
    """got with each number replaced by the one want has at that place when they agree to the
    precision want writes (same count of numbers in both, else got unchanged)."""
    wanted = list(_NUMBER.finditer(want))
    found = list(_NUMBER.finditer(got))
    if len(wanted) != len(found):
        return got
    offset = 0
    for w, g in zip(wanted, found):
        fraction = w.group("fraction")
        exponent = w.group("exponent1") or w.group("exponent2")
        precision = 0 if fraction is None else len(fraction)
        if exponent is not None:
            precision -= int(exponent)
        if _approx_equal(float(w.group()), float(g.group()), 10 ** -precision):
            got = got[:g.start() + offset] + w.group() + got[g.end() + offset:]
            offset += (w.end() - w.start()) - (g.end() - g.start())
    return got


def _approx_equal(value, expected, absolute):
    """`value == pytest.approx(expected, abs=absolute)`: within `absolute` (no relative
    tolerance when only abs is given); an infinite or nan expected only equals itself."""
    if value == expected:
        return True
    if math.isinf(expected) or math.isnan(expected):
        return False
    return abs(expected - value) <= absolute
