"""lib/space/interpreter_settings.py in this process: a snapshot's restore puts back what changed
since it was taken (and only that), signal handlers through the recorder that replaces
_signal.signal, several live snapshots at once (the activation's and a checkpoint's), and the
comparison of hooks by identity. The end-to-end checks (a test file changing everything, the
next file seeing the first one's state) are tests/integration/test_process_state.py."""
import decimal
import gc
import importlib
import signal
import sys

import pytest


@pytest.fixture
def settings(pyspace_parent):
    if pyspace_parent not in sys.path:
        sys.path.insert(0, pyspace_parent)
    return importlib.import_module("_pyspace.space.interpreter_settings")


def _handler(*args):
    pass


def test_nothing_changed_restores_nothing(settings):
    snapshot = settings.Settings()
    assert snapshot.restore() == []
    assert snapshot.restore() == []


def test_signal_handler_set_through_signal_signal_is_put_back(settings):
    before = signal.getsignal(signal.SIGUSR1)
    snapshot = settings.Settings()
    signal.signal(signal.SIGUSR1, _handler)
    signal.signal(signal.SIGUSR1, lambda *a: None)  # the first call's old handler counts
    assert snapshot.restore() == ["signal handlers were changed (SIGUSR1)"]
    assert signal.getsignal(signal.SIGUSR1) is before
    assert snapshot.restore() == []


def test_signal_handler_set_through_the_c_module_is_put_back(settings):
    import _signal
    before = signal.getsignal(signal.SIGUSR2)
    snapshot = settings.Settings()
    _signal.signal(int(signal.SIGUSR2), _handler)
    assert snapshot.restore() == ["signal handlers were changed (SIGUSR2)"]
    assert signal.getsignal(signal.SIGUSR2) is before


def test_a_handler_set_and_set_back_is_not_reported(settings):
    snapshot = settings.Settings()
    previous = signal.signal(signal.SIGUSR1, _handler)
    signal.signal(signal.SIGUSR1, previous)
    assert snapshot.restore() == []


def test_the_recorder_passes_errors_through_and_records_nothing_for_them(settings):
    snapshot = settings.Settings()
    with pytest.raises((OSError, ValueError, RuntimeError)):
        signal.signal(signal.SIGKILL, _handler)
    assert snapshot.signal_mark == settings._log.base + len(settings._log.entries)
    assert snapshot.restore() == []


def test_an_older_snapshot_sees_what_a_newer_one_put_back(settings):
    before = signal.getsignal(signal.SIGUSR1)
    outer = settings.Settings()
    signal.signal(signal.SIGUSR1, _handler)  # between the outer snapshot and the checkpoint
    checkpoint = settings.Settings()
    for _ in range(100):  # many calls, one entry per signal since the newest snapshot
        signal.signal(signal.SIGUSR1, lambda *a: None)
    assert len(settings._log.entries) - (outer.signal_mark - settings._log.base) == 2
    assert checkpoint.restore() == ["signal handlers were changed (SIGUSR1)"]
    assert signal.getsignal(signal.SIGUSR1) is _handler
    signal.signal(signal.SIGUSR1, lambda *a: None)  # after the checkpoint's restore
    assert checkpoint.restore() == ["signal handlers were changed (SIGUSR1)"]
    assert outer.restore() == ["signal handlers were changed (SIGUSR1)"]
    assert signal.getsignal(signal.SIGUSR1) is before


def test_the_log_is_emptied_once_no_snapshot_is_alive(settings):
    snapshot = settings.Settings()
    signal.signal(signal.SIGUSR1, _handler)
    snapshot.restore()
    del snapshot
    gc.collect()
    calls_without_snapshot = settings._log.live == 0
    signal.signal(signal.SIGUSR1, _handler)  # no snapshot alive: not recorded
    fresh = settings.Settings()
    assert calls_without_snapshot and settings._log.entries == []
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    fresh.restore()


def test_settings_of_sys_gc_and_os_are_put_back_and_named(settings):
    import os
    limit, threshold = sys.getrecursionlimit(), gc.get_threshold()
    mask = os.umask(0o22)
    os.umask(mask)
    snapshot = settings.Settings()
    sys.setrecursionlimit(limit + 7)
    gc.set_threshold(5, 6, 7)
    os.umask(0o77)
    changes = snapshot.restore()
    assert changes == [f"sys.setrecursionlimit() was called ({limit} -> {limit + 7})",
                       f"gc.set_threshold() was called ({threshold!r} -> (5, 6, 7))",
                       f"os.umask() was called ({oct(mask)} -> 0o77)"]
    assert (sys.getrecursionlimit(), gc.get_threshold()) == (limit, threshold)
    assert os.umask(mask) == mask


def test_the_decimal_context_changed_in_place_is_put_back(settings):
    context = decimal.getcontext()
    prec, traps = context.prec, dict(context.traps)
    snapshot = settings.Settings()
    context.prec = 5
    context.traps[decimal.Inexact] = True
    decimal.Decimal(1) / decimal.Decimal(4)  # flags are not settings
    assert snapshot.restore() == ["the decimal context was changed"]
    assert decimal.getcontext().prec == prec and dict(decimal.getcontext().traps) == traps


def test_a_module_imported_after_the_snapshot_is_compared_with_its_pristine_value(settings):
    c_module = sys.modules.pop("_decimal")
    try:
        snapshot = settings.Settings()  # as if decimal had not been imported yet
    finally:
        sys.modules["_decimal"] = c_module
    decimal.getcontext().prec = 9
    assert snapshot.restore() == ["the decimal context was changed"]
    assert decimal.getcontext().prec == decimal.Context().prec


def test_a_hook_is_compared_by_identity(settings):
    class EqualToEverything:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

        def __call__(self, *args):
            pass

    original = sys.excepthook
    snapshot = settings.Settings()
    sys.excepthook = EqualToEverything()
    try:
        assert snapshot.restore() == ["sys.excepthook was replaced"]
    finally:
        sys.excepthook = original
    assert sys.excepthook is original


def test_a_module_that_is_not_a_real_module_is_not_read(settings):
    snapshot = settings.Settings()
    real = sys.modules.get("_socket")
    sys.modules["_socket"] = object()  # a fake: nothing to read or restore
    try:
        assert snapshot.restore() == []
    finally:
        if real is None:
            del sys.modules["_socket"]
        else:
            sys.modules["_socket"] = real


def test_the_recorder_is_installed_once(settings):
    import _signal
    assert getattr(_signal.signal, "_pyspace_signal_recorder", False)
    assert settings._unwrapped(_signal.signal) is settings._real_signal
    assert type(settings._real_signal) is type(len)  # the builtin, not a recorder of a recorder


def test_the_reads_line_up_with_the_settings(settings):
    values, objects = settings._observe(sys.modules)
    assert (len(values), len(objects)) == (len(settings._VALUES), len(settings._OBJECTS))
    read_modules = [name for name, _ in settings._MODULE_VALUE_READS]
    assert [item[1] for item in settings._VALUES[-len(read_modules):]] == read_modules
    assert all(item[1] is None for item in settings._VALUES[:-len(read_modules)])
    read_modules = [name for name, _ in settings._MODULE_OBJECT_READS]
    assert [item[1] for item in settings._OBJECTS[-len(read_modules):]] == read_modules
    assert all(item[1] is None for item in settings._OBJECTS[:-len(read_modules)])
