"""Running collected items with pytest's setup/call/teardown protocol.

Session.run(item, nextitem) is called for each item in order, with the space active. It returns
the item's report dicts (see reports.py): one for a passing test; the setup report instead of a
call report when setup did not pass; an extra teardown report when teardown failed; one per
failing subtest before a unittest test's own report. Module/class scopes stay set up between
items and are torn down when nextitem does not share them (None: tear down everything).

Setup order: skip/xfail marks, the xunit module/class scopes, then (items with a fixtureinfo)
the fixture closure with the xunit function hooks at their place in it (engine.setup_item);
items without fixtures take the plain path (no per-test fixture cost). Fixture finalizers run
in the item's teardown or when their scope is left (scopes.ScopeStack).

Each item runs inside warnings.catch_warnings() with the ini and mark filterwarnings applied;
warnings print to the captured stderr. Output and log records are captured phase by phase
(_phase marks where setup ends and call and teardown begin; fixtures/log_capture.py holds the log
handlers), and reports.add_sections makes pytest's report sections of them.
Only KeyboardInterrupt leaves run() (after capture is restored); a test's SystemExit is its
failure; pytest.exit() sets Session.exit_reason for the caller to stop, and the phase that
called it gives no report (as pytest's Exit, which leaves the runtest protocol).
"""

import os
import sys
import time
import warnings

from _pyspace.python import lazy
from _pyspace.pytest_api import warning_filters
from _pyspace.pytest_api.config import Config, set_config, space_config
from _pyspace.fixtures import arguments, builtin_fixtures, engine, log_capture, setup_show, xunit
from _pyspace.fixtures import capture as capture_fixtures
from _pyspace.collect import hooks, marks
from _pyspace.run import capture as capture_mod, reports, unittest_support, verdict
from _pyspace.collect.items import FUNCTION, METHOD, MODULE_SKIP, UNITTEST, shown_file
from _pyspace.run.reports import PhaseResult
from _pyspace.run.runner_needs import RunnerNeeds
from _pyspace.fixtures.definitions import XUNIT
from _pyspace.fixtures.finalizers import run_finalizers
from _pyspace.run.scopes import ScopeStack

sources = lazy.module("_pyspace.assertion.sources")  # imported by the first failure's formatting
pytest_lite = lazy.module("_pyspace.pytest_api.pytest_lite")  # only for a test that returns a value

_perf_counter = time.perf_counter


class _ItemState:
    """What the setup phase prepared for the call and teardown phases of one item."""

    __slots__ = ("xfail", "instance", "kwargs", "finalizers", "records", "teardown_result")

    def __init__(self):
        self.xfail = None
        self.instance = None
        self.kwargs = {}
        self.finalizers = []
        self.records = None  # request.ItemRecords once the test records a property
        self.teardown_result = None  # a unittest test's second problem (unittest_support.run_call)


class RunnerError(Exception):
    """pyspace-test's own code failed while running a test (the phases catch everything a test
    raises, so this is a bug of the runner or a test that broke it): the run ends as an internal
    error (exit 3) after the reporters have what ran so far (TestRunner), never as the test's
    failure."""


class Session:
    """Executes items one by one. Called with the space active; one Session per run."""

    def __init__(self, *, capture=True, config=None, options=None):
        """config: the dict of pytest_config.load (ini filterwarnings, markers, getini values);
        options: values `request.config.getoption(name)` returns (e.g. {"verbose": 1})."""
        if "_pyspace.assertion.sources" in sys.modules:  # (imported on the first failure only)
            sources.reset()
        config = config or {}
        if not hooks.uses_config(space_config()):  # the one the conftests' hooks configured stays
            set_config(Config(config, config.get("rootdir"), options))
        marks.set_xfail_strict(config.get("xfail_strict", False))
        self._ini_filters = warning_filters.parse_all_or_usage_error(config.get("filterwarnings") or ())
        self._capture = capture_mod.make_capture(capture)
        self._logs = log_capture.for_space()
        self.finish_live = []  # finish()'s live log records (log_cli), for the console
        self._scopes = ScopeStack()
        self._enter_teardown = lambda: self._phase("teardown")  # made once: for leave_towards
        self._function_hooks = {}  # module -> has setup/teardown_function; class -> has setup_method
        self._needs = RunnerNeeds()
        self.exit_reason = None
        if reports.phase_durations_wanted():  # --durations (report-flags helper's one line)
            reports.time_phases(self)
        options = options or {}
        # --setup-plan implies --setup-only, which implies --setup-show (as pytest)
        self._setup_only = bool(options.get("setuponly") or options.get("setupplan"))
        showing = self._setup_only or bool(options.get("setupshow"))
        self.shows_setup = showing  # the runner calls reported() after each test then
        console = 2 if options.get("json_events") == "-" else 1  # the events own stdout then
        setup_show.configure((lambda: self._capture.terminal_fd(console)) if showing else None,
                             plan=bool(options.get("setupplan")))

    def run(self, item, nextitem):
        """The report dicts of item (see module docstring)."""
        recorded = []
        capture, logs = self._capture, self._logs
        self._needs.before()
        capture.start()
        try:
            logs.start_item()
            if warning_filters.plugin_on():
                with warnings.catch_warnings(record=True) as recorded:
                    results = self._filtered_protocol(item, nextitem)
            else:  # -p no:warnings
                results = self._protocol(item, nextitem)
            repaired = self._needs.after()
        except KeyboardInterrupt:
            capture.stop()
            logs.end_item()
            raise
        except BaseException as exc:  # the runner's own failure, never the test's
            repaired = self._needs.after()  # ... unless the test broke what the runner needs
            stdout, stderr = capture.stop()
            logs.end_item()
            if repaired:
                return [reports.to_dict(item, _broke_the_runner(exc, repaired), stdout, stderr)]
            raise RunnerError(f"internal error in pyspace-test while running {item.nodeid}: "
                              f"{type(exc).__name__}: {exc}") from exc
        stdout, stderr = capture.stop()
        if logs.attached:
            log_entries, live_entries = logs.end_item()
        else:
            logs.when = None
            log_entries = live_entries = ()
        for result in results:
            if getattr(result, "exit_reason", None) is not None:
                self.exit_reason = result.exit_reason
        if self.exit_reason is not None:
            # pytest.exit(): pytest's Exit leaves the runtest protocol, so the phase that called
            # it reports nothing (the caller ends the run with pytest's Exit banner).
            results = [result for result in results if getattr(result, "exit_reason", None) is None]
        dicts = [reports.to_dict(item, result, stdout, stderr) for result in results]
        if dicts and (stdout or stderr or log_entries or live_entries):
            reports.add_sections(dicts, *capture.parts(), log_entries, live_entries)
        if recorded and dicts:  # on the item's last report, as pytest reports them after the item
            dicts[-1]["warnings"] = [warning_filters.format_record(w) for w in recorded]
        if repaired and dicts:
            dicts[-1]["warnings"] = dicts[-1]["warnings"] + [
                f"{item.file}:{item.line}: PyspaceWarning: {sentence}\n" for sentence in repaired]
        if builtin_fixtures.suite_properties and dicts:
            dicts[-1]["suite_properties"] = list(builtin_fixtures.suite_properties)
            builtin_fixtures.suite_properties.clear()
        return dicts

    def _filtered_protocol(self, item, nextitem):
        """_protocol under the warnings plugin's filters: deprecations shown, the ini's
        filterwarnings, then the item's marks. Call within catch_warnings()."""
        warning_filters.show_deprecations()
        if self._ini_filters:
            warning_filters.apply(self._ini_filters)
        try:
            if item.marks:
                warning_filters.apply_marks(item.marks)
        except warning_filters.WarningFilterError as exc:
            return [verdict.error_text("setup", exc.reason, str(exc))]
        return self._protocol(item, nextitem)

    def run_all(self, items):
        """Report dicts of every item run in order (each next item decides what is torn
        down), then finish()'s. For Python callers (tests, benchmarks); the runner calls run()
        from C++ to report each item as it goes."""
        reports = []
        for index, item in enumerate(items):
            reports.extend(self.run(item, items[index + 1] if index + 1 < len(items) else None))
        reports.extend(self.finish())
        return reports

    def reported(self):
        """The runner has shown the reports of the last run(): --setup-show's teardown lines
        of that test follow its outcome letter."""
        setup_show.flush()

    def finish(self):
        """Tear down every scope still set up; return error reports for failures of that teardown."""
        capture, logs = self._capture, self._logs
        capture.start("teardown")
        logs.start_outside("sessionfinish")
        try:
            error = self._scopes.leave_towards(None)
            result = verdict.judge_exception("teardown", error, None, 0.0) if error else None
        except KeyboardInterrupt:
            capture.stop()
            logs.end_outside()
            raise
        stdout, stderr = capture.stop()
        self.finish_live = logs.end_outside()
        if setup_show.active:
            setup_show.flush()
        if result is None:
            return []
        dicts = [reports.to_dict(None, result, stdout, stderr)]
        if stdout or stderr:
            reports.add_sections(dicts, *capture.parts(), (), ())
        return dicts

    def _phase(self, when, after_silence=False):
        """The item's phase `when` ("call", "teardown") begins: its output and log records are
        its own from here on. after_silence: the phase that ends ran no code that could write
        (no fixture, xunit setup hook or scope setup ran), so its output
        needs no lseek to be told apart (the capture's mark() costs one per stream)."""
        if after_silence:
            self._capture.relabel(when)
        else:
            self._capture.mark(when)
        logs = self._logs
        logs.when = when
        if logs.per_phase:
            logs.phase(when)

    def terminal_fd(self, fd):
        """Where the caller writes terminal output for fd 1 or 2 while the Session is open."""
        return self._capture.terminal_fd(fd)

    def close(self):
        """Undo capture redirections (fds 1/2 and sys streams are the real ones afterwards)."""
        self._capture.close()

    def _protocol(self, item, nextitem):
        if item.kind == MODULE_SKIP:
            results = [verdict.skipped("setup", item.skip_reason, f"{shown_file(item)}:{item.line}")]
            self._phase("teardown")
            error = self._scopes.leave_towards(nextitem)
            if error is not None:
                results.append(verdict.judge_exception("teardown", error, None, 0.0))
            return results
        state = _ItemState()
        results = self._setup_and_call(item, state)
        if capture_fixtures.active:  # capsys's unread output of the call is the call's
            _next_phase(capture_fixtures.active)
        teardown_result = self._teardown(item, state, nextitem)
        if teardown_result is not None:
            results.append(teardown_result)
        if state.records is not None and results:
            results[-1].records = state.records
        return results

    def _setup_and_call(self, item, state):
        """[the setup PhaseResult] when setup did not pass (skipped, error, xfailed), else the
        call's [PhaseResult] (unittest tests: failing subtests first).

        pytest wraps each phase in CallInfo.from_call; here one try holds both phases, `when`
        naming the one under way and `start` its start, and every exception either raises is
        judged by _phase_failure as that phase's (teardown's errors too). One try rather than a
        wrapper function per phase: the per-test path stays one call shorter (a wrapper taking
        the phase's callable cost ~1-2 us a test, commit aae6dfe)."""
        when = "setup"
        _current_test(item, "setup")
        start = _perf_counter()
        setups = self._scopes.setups
        marks_at_start = item.marks  # request.node.add_marker replaces it: xfail is then evaluated again
        try:
            if item.marks:
                early = _evaluate_marks(item, state)
                if early is not None:
                    return [early]
            scope_error = self._scopes.enter(item)
            if scope_error is not None:
                return [_scope_failure(item, scope_error, state.xfail)]
            if item.fixtureinfo is None:
                # No code of the test's ran (evaluating skip/xfail marks writes nothing):
                quiet = _function_setup(item, state, self._function_hooks) and self._scopes.setups == setups
                state.kwargs = arguments.resolve(item)
            else:
                quiet = False
                _instance_setup(item, state)
                state.kwargs = engine.setup_item(item, state, self._scopes)
            if setup_show.active:
                setup_show.test(item.nodeid, _fixture_names(item))
                if self._setup_only:  # no call phase: only a failed setup is reported
                    return []
            if item.kind != UNITTEST:  # (a unittest test's call judges its own outcomes)
                function = getattr(state.instance, item.originalname) if item.kind == METHOD else item.function
                when = "call"
                if item.marks is not marks_at_start and state.xfail is None:
                    notrun = _added_xfail(item, state)
                    if notrun is not None:
                        return [notrun]
                if capture_fixtures.active:  # capsys's unread output of setup is setup's
                    _next_phase(capture_fixtures.active)
                self._phase("call", quiet)
                _current_test(item, "call")
                start = _perf_counter()
                returned = function(**state.kwargs)
                if returned is not None and not _is_awaitable(returned):
                    _warn_returned(item, returned)  # in the call: -W error makes it the call's failure
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            if when == "call" and item.marks is not marks_at_start and state.xfail is None:
                _added_xfail(item, state)
            return [_phase_failure(when, exc, state.xfail, start)]
        if item.kind == UNITTEST:
            self._phase("call", quiet)
            _current_test(item, "call")
            results, state.teardown_result = unittest_support.run_call(item, state.instance, state.xfail)
            return results
        duration = _perf_counter() - start
        if returned is not None and _is_awaitable(returned):
            return [_async_skip(item, returned, duration)]
        if item.marks is not marks_at_start and state.xfail is None:
            _added_xfail(item, state)
        return [verdict.judge_success("call", state.xfail, duration)]

    def _teardown(self, item, state, nextitem):
        """None when teardown passed, else the teardown PhaseResult. Its phase begins (_phase)
        before any teardown code runs, and not at all when none does."""
        start = _perf_counter()
        _current_test(item, "teardown")
        try:
            return self._run_teardown(item, state, nextitem, start)
        finally:
            _no_current_test()

    def _run_teardown(self, item, state, nextitem, start):
        if state.finalizers:
            self._phase("teardown")
            error = run_finalizers(state.finalizers)
            scope_error = self._scopes.leave_towards(nextitem)
        else:
            error = None
            scope_error = self._scopes.leave_towards(nextitem, self._enter_teardown)
        error = error or scope_error
        if error is None:
            return state.teardown_result
        return _phase_failure("teardown", error, state.xfail, start)


def _next_phase(fixtures):
    """pytest's capture fixtures between two phases: the unread output of the one that ends
    goes to the runner's capture (its section), then they capture the next phase."""
    for fixture in fixtures:
        fixture.end_phase()
    for fixture in fixtures:
        fixture.begin_phase()


def _phase_failure(when, exc, xfail, start):
    """The PhaseResult of an exception a phase raised (or teardown collected), timed from
    `start`, judged with xfail as it is now (setup may have set it); a missing fixture in setup
    is reported with the lookup's own text and no one-line message, as pytest does (its
    FixtureLookupErrorRepr has no crash line: the short summary shows the bare node id, JUnit
    quotes the whole text)."""
    duration = _perf_counter() - start
    if when == "setup" and isinstance(exc, arguments.FixtureLookupError) and (
            xfail is None or xfail.raises is not None):  # (an xfail mark without raises takes it)
        return verdict.error_text("setup", "", exc.text, duration)
    return verdict.judge_exception(when, exc, xfail, duration)


def _evaluate_marks(item, state):
    """A skipped/xfailed/error setup PhaseResult decided by marks alone, else None."""
    try:
        reason = marks.evaluate_skip(item.marks, getattr(item.function, "__globals__", None))
    except marks.MarkError as exc:
        return _mark_error("setup", exc)
    if reason is not None:
        return verdict.skipped("setup", reason, reports.skip_mark_location(item))
    return _xfail_of_marks(item, state, "setup")


def _broke_the_runner(exc, repaired):
    """The failed call of a test after which the runner's own code failed because the test had
    broken what it needs (runner_needs: put back since)."""
    text = (f"the test broke what pyspace-test needs to finish its report: {'; '.join(repaired)}; "
            f"the runner then failed with {type(exc).__name__}: {exc}")
    return PhaseResult("failed", "call", 0.0, text, text)


def _added_xfail(item, state):
    """After setup and after the call, pytest evaluates xfail marks again when none applied
    before: request.node.add_marker(pytest.mark.xfail(...)) in a fixture or the test counts.
    Sets state.xfail; returns the call's xfailed PhaseResult when the mark says run=False."""
    return _xfail_of_marks(item, state, "call")


def _xfail_of_marks(item, state, when):
    """Sets state.xfail from the item's marks; the `when` PhaseResult when they decide it (an
    xfail with run=False, a mark that does not evaluate), else None."""
    try:
        state.xfail = marks.evaluate_xfail(item.marks, getattr(item.function, "__globals__", None))
    except marks.MarkError as exc:
        return _mark_error(when, exc)
    if state.xfail is not None and not state.xfail.run:
        return PhaseResult("xfailed", when, 0.0, "reason: [NOTRUN] " + state.xfail.reason, "")
    return None


def _mark_error(when, exc):
    text = str(exc)
    return verdict.error_text(when, text.split("\n", 1)[0], text)


def _function_setup(item, state, hooks_by_module):
    """Function-scope setup: the instance and setup_function/setup_method hooks. True when it
    ran no code of the test's (a function or method without xunit setup hooks; hooks_by_module
    caches that per module and per class)."""
    if item.kind == FUNCTION:
        module = item.module
        has_hooks = hooks_by_module.get(module)
        if has_hooks is None:
            has_hooks = hooks_by_module[module] = xunit.has_hooks(module)
        if not has_hooks:
            return True
        state.finalizers = xunit.function_setup(item.module, item.function)
    elif item.kind == METHOD:
        state.instance = item.cls()
        method = getattr(state.instance, item.originalname)
        state.finalizers = xunit.method_setup(state.instance, method)
        has_setup = hooks_by_module.get(item.cls)
        if has_setup is None:
            has_setup = hooks_by_module[item.cls] = xunit.has_method_setup(item.cls)
        return not has_setup
    elif item.kind == UNITTEST:
        state.instance = unittest_support.make_instance(item)
        if getattr(item.cls, "setup_method", None) or getattr(item.cls, "teardown_method", None):
            state.finalizers = xunit.method_setup(state.instance, item.function)
            return False
        return True  # (setUp runs in the call, as pytest's)
    return False


def _instance_setup(item, state):
    """With fixtures: the instance now; xunit function hooks run at their place in the closure."""
    if item.kind == METHOD:
        state.instance = item.cls()
    elif item.kind == UNITTEST:
        _function_setup(item, state, None)


def _scope_failure(item, exc, xfail):
    location = f"{item.file}:{item.line}"
    return verdict.judge_exception("setup", exc, xfail, 0.0, default_location=location)


def _current_test(item, when):
    """pytest's PYTEST_CURRENT_TEST: the test and its phase while it runs (_no_current_test()
    after its teardown). Written into os.environ's mapping and the C environment directly: its
    setter calls isinstance(), which a test may have replaced (runner_needs puts it back later)."""
    value = f"{item.nodeid} ({when})".replace("\x00", "(null)").encode("utf-8", "surrogateescape")
    _ENVIRON_DATA[_CURRENT_TEST] = value
    _putenv(_CURRENT_TEST, value)


def _no_current_test():
    if _ENVIRON_DATA.pop(_CURRENT_TEST, None) is not None:
        _unsetenv(_CURRENT_TEST)


_CURRENT_TEST = b"PYTEST_CURRENT_TEST"
_ENVIRON_DATA = os.environ._data
_putenv, _unsetenv = os.putenv, os.unsetenv


def _warn_returned(item, value):
    """pytest 7.2's PytestReturnNotNoneWarning for a test function that returned a value; its
    location is the test's definition (pytest's own names its python.py)."""
    category = pytest_lite.warning_class("PytestReturnNotNoneWarning")
    message = (f"Expected None, but {item.nodeid} returned {value!r}, which will be an error in a future "
               "version of pytest.  Did you mean to use `assert` instead of `return`?")
    warnings.warn_explicit(category(message), category, item.path or item.file, item.line)


def _is_awaitable(value):
    return hasattr(value, "__await__") or hasattr(value, "__aiter__")


def _async_skip(item, returned, duration):
    close = getattr(returned, "close", None)
    if close is not None:
        try:
            close()
        except Exception:
            pass
    reason = "async def function and no async plugin installed (see warnings)"
    return verdict.skipped("call", reason, f"{shown_file(item)}:{item.line}", duration)


def _fixture_names(item):
    """pytest's item.fixturenames: the closure (with `request`, directly parametrized names)."""
    info = item.fixtureinfo
    if info is None:
        return list(item.funcargs)
    return [name for name in info.closure if name != XUNIT]
