"""Interpreter-wide settings and hooks a test can change (module `_pyspace.space.interpreter_settings`).

Part of process_state: what CPython's Lib/test/libregrtest/save_env.py restores around each test,
and more. A `Settings` snapshot reads every setting into two lists (a few dozen C calls, no
import, no per-setting Python call for the settings of sys, gc and os); restore() reads them
again and compares the lists in one go: only when one differs does it walk the settings one by
one. A setting that belongs to a module the process has not imported yet (decimal, socket,
asyncio, threading) is not read; if a test imports that module and changes the setting,
restore() compares it with the module's pristine value instead (what a fresh process would see).

Signal handlers are not read at all: loading this module replaces `_signal.signal` (which
`signal.signal` calls) by a recorder that, while a snapshot is alive, notes the handler each
call replaced (`_signal.signal` returns it); restore() looks only at the signals noted since its
snapshot and puts back the handler each had then.

Every read and write is guarded: a fake module or a broken hook never makes restore() fail; a
setting that cannot be put back is reported as such.
"""
import _locale  # built in (no file is read); the locale's pristine categories come from it
import _signal  # built in, imported at start-up anyway; its `signal` is replaced below
import gc
import os
import sys
from operator import index, is_

_MISSING = object()
_MODULE = type(sys)
_LOCALE_CATEGORIES = [(name, getattr(_locale, name)) for name in (
    "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES")
    if hasattr(_locale, name)]


_LOCALE_NUMBERS = tuple(category for _, category in _LOCALE_CATEGORIES)
_LOCALE_QUERY = (None,) * len(_LOCALE_NUMBERS)


def _locale_now():
    return tuple(map(_locale.setlocale, _LOCALE_NUMBERS, _LOCALE_QUERY))


def _locale_or_missing():
    try:
        return _locale_now()
    except Exception:
        return _MISSING


_PRISTINE_LOCALE = _locale_now()  # at start-up, before any test could call setlocale()


def _set_locale(values):
    for (_, category), value in zip(_LOCALE_CATEGORIES, values):
        if _locale.setlocale(category, None) != value:
            _locale.setlocale(category, value)


def _umask():
    mask = os.umask(0o22)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def _decimal_fields(context):
    """(prec, rounding, Emin, Emax, capitals, clamp, traps): one C call (the pickle arguments);
    the flags (set by arithmetic) are left out."""
    fields = context.__reduce__()[1]
    return (*fields[:6], tuple(fields[7]))


def _decimal_context(decimal):
    return _decimal_fields(decimal.getcontext())


def _set_decimal_context(decimal, fields):
    prec, rounding, emin, emax, capitals, clamp, traps = fields
    decimal.setcontext(decimal.Context(prec=prec, rounding=rounding, Emin=emin, Emax=emax,
                                       capitals=capitals, clamp=clamp, traps=list(traps)))


def _faulthandler_enabled(faulthandler):
    return faulthandler.is_enabled()


_faulthandler_file = {"file": None}


def set_faulthandler_file(file):
    """Where faulthandler writes when a restore turns it back on (a file object or fd; None:
    sys.__stderr__): the runner's crash watch gives its stderr of before the capture."""
    _faulthandler_file["file"] = file


def _set_faulthandler(faulthandler, enabled):
    if enabled:
        file = _faulthandler_file["file"]
        faulthandler.enable(sys.__stderr__ if file is None else file, all_threads=True)
    else:
        faulthandler.disable()


def _sys_setter(name):
    return lambda _, value: setattr(sys, name, value)


_SYS_HOOKS = ("stdin", "stdout", "stderr", "excepthook", "unraisablehook", "displayhook",
              "breakpointhook")
_SYS_MISSING = (_MISSING,) * len(_SYS_HOOKS)

# The settings, in the order _observe() reads them. Each: (label, module name or None,
# write(module, value), pristine(module) or None). A module-less one is read and written through
# sys, os, gc or _locale. Where the state lives in a C extension (_decimal, _socket), that module
# is the one looked up: extensions are root modules, while `decimal` itself may belong to the
# space that imported it. _VALUES are compared by ==, _OBJECTS (hooks, streams) by identity.
_VALUES = [
    ("sys.setrecursionlimit()", None, lambda _, v: sys.setrecursionlimit(v), None),
    ("sys.setswitchinterval()", None, lambda _, v: sys.setswitchinterval(v), None),
    ("gc.enable()/gc.disable()", None, lambda _, v: gc.enable() if v else gc.disable(), None),
    ("gc.set_threshold()", None, lambda _, v: gc.set_threshold(*v), None),
    ("os.umask()", None, lambda _, v: os.umask(v), None),
    ("the locale (locale.setlocale())", None, lambda _, v: _set_locale(v),
     lambda _: _PRISTINE_LOCALE),
    ("the decimal context", "_decimal", _set_decimal_context, lambda m: _decimal_fields(m.Context())),
    ("socket.setdefaulttimeout()", "_socket", lambda m, v: m.setdefaulttimeout(v), lambda m: None),
    ("faulthandler", "faulthandler", _set_faulthandler, lambda m: False),
]
_OBJECTS = [
    *[(f"sys.{name} was replaced", None, _sys_setter(name), None) for name in _SYS_HOOKS],
    ("warnings.showwarning", "warnings", lambda m, v: setattr(m, "showwarning", v),
     lambda m: m._showwarning_orig),
    ("threading.excepthook", "threading", lambda m, v: setattr(m, "excepthook", v),
     lambda m: m.__excepthook__),
    ("the asyncio event loop policy", "asyncio", lambda m, v: m.set_event_loop_policy(v),
     lambda m: None),
]
# How the settings of modules are read, in the order of their place in _VALUES / _OBJECTS.
_MODULE_VALUE_READS = [
    ("_decimal", _decimal_context),
    ("_socket", lambda m: m.getdefaulttimeout()),
    ("faulthandler", _faulthandler_enabled),
]
_MODULE_OBJECT_READS = [
    ("warnings", lambda m: m.showwarning),
    ("threading", lambda m: m.excepthook),
    ("asyncio", lambda m: m.events._event_loop_policy),
]


def _observe(modules):
    """(values, objects): every setting now, in _VALUES / _OBJECTS order; _MISSING for one whose
    module is not imported (or is not a real module) or that cannot be read."""
    values = [sys.getrecursionlimit(), sys.getswitchinterval(), gc.isenabled(),
              gc.get_threshold(), _umask(), _locale_or_missing()]
    for name, read in _MODULE_VALUE_READS:
        values.append(_read(modules.get(name), read))
    objects = list(map(sys.__dict__.get, _SYS_HOOKS, _SYS_MISSING))
    for name, read in _MODULE_OBJECT_READS:
        objects.append(_read(modules.get(name), read))
    return values, objects


def _read(module, read):
    if type(module) is not _MODULE:
        return _MISSING
    try:
        return read(module)
    except Exception:
        return _MISSING


def _made_lazily(label, saved, now, module):
    """True for asyncio's default event loop policy, which its first get_event_loop_policy()
    (asyncio.run() too) makes where none was set: put back (with the loops it holds), not a
    change a test made."""
    return (label == "the asyncio event loop policy" and saved is None
            and type(now) is getattr(module, "DefaultEventLoopPolicy", None))


# ----- signal handlers: recorded, not read ---------------------------------------------------
class _SignalLog:
    """The calls of _signal.signal made while a snapshot was alive: `entries` holds (signal
    number, the handler the call replaced), one entry per signal since the newest snapshot
    (`recent`): a snapshot needs, per signal, only the first entry after its mark, and every
    live snapshot's mark is at or before the newest one's. Entry i is at entries[i - base]; the
    entries are dropped when a snapshot is taken with none alive. One object whose attributes
    change, never module globals: a write to this module's namespace would make the namespace
    guard re-copy every shared namespace at the next activation."""

    __slots__ = ("entries", "base", "recent", "live")

    def __init__(self):
        self.entries = []
        self.base = 0
        self.recent = set()
        self.live = 0  # Settings objects alive


_log = _SignalLog()
_getsignal = _signal.getsignal


def _unwrapped(function):
    return getattr(function, "__wrapped__", function) if getattr(
        function, "_pyspace_signal_recorder", False) else function


_real_signal = _unwrapped(_signal.signal)


def _recording_signal(signalnum, handler, /):
    previous = _real_signal(signalnum, handler)
    log = _log
    if log.live:
        number = index(signalnum)  # _signal.signal accepted it: an int or an int-like
        if number not in log.recent:
            log.recent.add(number)
            log.entries.append((number, previous))
    return previous


_recording_signal.__doc__ = _real_signal.__doc__
_recording_signal.__wrapped__ = _real_signal
_recording_signal._pyspace_signal_recorder = True
_signal.signal = _recording_signal  # also what signal.signal calls (it looks it up per call)


def _signal_name(number):
    signal = sys.modules.get("signal")  # the enum names, when the module is there already
    try:
        return signal.Signals(number).name
    except Exception:
        return f"signal {number}"


def _sentence(label, old, new):
    if label.endswith(" was replaced"):
        return label
    if label.startswith("sys.set") or label.startswith("os.umask") or label.startswith("gc.set"):
        return f"{label} was called ({_show(label, old)} -> {_show(label, new)})"
    if label.startswith("gc.enable"):
        return "gc.disable() was called" if old else "gc.enable() was called"
    if label == "faulthandler":
        return "faulthandler was enabled" if new else "faulthandler was disabled"
    return f"{label} was changed"


def _show(label, value):
    return oct(value) if label == "os.umask()" and isinstance(value, int) else repr(value)


class Settings:
    """A snapshot. Contract: GIL held, taken and restored on the main thread (signal handlers
    can only be set there); `sys.modules` may be a space's view (modules are checked by type).
    restore() may be called more than once (each time against this snapshot)."""

    __slots__ = ("values", "objects", "signal_mark")

    def __init__(self):
        log = _log
        if not log.live:
            log.base += len(log.entries)
            log.entries.clear()
        log.live += 1
        log.recent.clear()
        self.signal_mark = log.base + len(log.entries)
        self.values, self.objects = _observe(sys.modules)

    def __del__(self):
        try:
            _log.live -= 1
        except Exception:  # module globals already cleared at interpreter shutdown
            pass

    def restore(self):
        """Puts every setting back; returns one sentence per setting that had changed."""
        modules = sys.modules
        values, objects = _observe(modules)
        if values == self.values and all(map(is_, objects, self.objects)):
            changes = []
        else:
            changes = self._restore_items(modules, values, objects)
        if _log.base + len(_log.entries) > self.signal_mark:
            changes += self._restore_signals()
        return changes

    def _restore_items(self, modules, values, objects):
        changes = []
        by_value = [(item, saved, now, False) for item, saved, now in zip(_VALUES, self.values, values)]
        by_identity = [(item, saved, now, True) for item, saved, now in zip(_OBJECTS, self.objects, objects)]
        for (label, module_name, write, pristine), saved, now, identity in by_value + by_identity:
            if now is _MISSING:
                continue  # not imported, not the module it claims to be, or unreadable
            module = modules.get(module_name) if module_name else None
            if saved is _MISSING:
                if pristine is None:
                    continue
                try:
                    saved = pristine(module)  # imported (or readable) only since the snapshot
                except Exception:
                    continue
            if (now is saved) if identity else (now == saved):
                continue
            try:
                write(module, saved)
                if not _made_lazily(label, saved, now, module):
                    changes.append(_sentence(label, saved, now))
            except Exception as error:
                changes.append(f"{_sentence(label, saved, None)}, and could not be restored "
                               f"({type(error).__name__}: {error})")
        return changes

    def _restore_signals(self):
        """The handlers of the signals _signal.signal was called for since the snapshot."""
        saved = {}
        for number, handler in _log.entries[self.signal_mark - _log.base:]:
            saved.setdefault(number, handler)  # the first call's: the handler at the snapshot
        try:
            changed = [(number, handler) for number, handler in saved.items()
                       if handler is not None and _getsignal(number) is not handler]
            if not changed:
                return []
            names = [_signal_name(number) for number, _ in changed]
            for number, handler in changed:
                _real_signal(number, handler)
        except Exception as error:
            return [f"signal handlers could not be restored ({type(error).__name__}: {error})"]
        return [f"signal handlers were changed ({', '.join(sorted(names))})"]
