"""Interpreter-wide settings and hooks a test can change (module `_pyspace.space.interpreter_settings`).

Part of process_state: what CPython's Lib/test/libregrtest/save_env.py restores around each test,
and more. One `Settings` snapshot is cheap (a few dozen attribute reads and C calls, no import):
a setting that belongs to a module the process has not imported yet (decimal, locale, socket,
asyncio, threading) is not read; if a test imports that module and changes the setting, restore()
compares it with the module's pristine value instead (what a fresh process would see).
Every read and write is guarded: a fake module or a broken hook never makes restore() fail; a
setting that cannot be put back is reported as such.
"""
import _locale  # built in (no file is read); the locale's pristine categories come from it
import gc
import os
import sys

_MISSING = object()
_LOCALE_CATEGORIES = [(name, getattr(_locale, name)) for name in (
    "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES")
    if hasattr(_locale, name)]


def _locale_now():
    return tuple(_locale.setlocale(category, None) for _, category in _LOCALE_CATEGORIES)


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
    return (context.prec, context.rounding, context.Emin, context.Emax, context.capitals,
            context.clamp, tuple(signal for signal, on in context.traps.items() if on))


def _decimal_context(decimal):
    return _decimal_fields(decimal.getcontext())


def _set_decimal_context(decimal, fields):
    prec, rounding, emin, emax, capitals, clamp, traps = fields
    decimal.setcontext(decimal.Context(prec=prec, rounding=rounding, Emin=emin, Emax=emax,
                                       capitals=capitals, clamp=clamp, traps=list(traps)))


_SIGNALS = []  # the signal numbers a handler can be set for, listed at the first snapshot


def _signal_handlers(signal):
    """{number: handler} through the C module (`_signal`): signal.getsignal() converts each
    value to an enum, which made a snapshot cost ~2 ms instead of ~10 us."""
    if not _SIGNALS:
        _SIGNALS.extend(n for n in signal.valid_signals() if n not in (signal.SIGKILL, signal.SIGSTOP))
    getsignal = signal.getsignal
    handlers = {}
    for number in _SIGNALS:
        try:
            handlers[number] = getsignal(number)
        except (OSError, ValueError):
            pass
    return handlers


def _set_signal_handlers(signal, handlers):
    for number, handler in handlers.items():
        if handler is not None and signal.getsignal(number) is not handler:
            signal.signal(number, handler)


def _changed_signals(saved, now):
    names = []
    for number, handler in now.items():
        if saved.get(number, handler) is not handler and saved.get(number) is not None:
            names.append(_signal_name(number))
    return names


def _signal_name(number):
    signal = sys.modules.get("signal")  # the enum names, when the module is there already
    try:
        return signal.Signals(number).name
    except Exception:
        return f"signal {number}"


def _faulthandler_enabled(faulthandler):
    return faulthandler.is_enabled()


def _set_faulthandler(faulthandler, enabled):
    if enabled:
        faulthandler.enable(sys.__stderr__)
    else:
        faulthandler.disable()


def _stdio(name):
    return (lambda: getattr(sys, name), lambda value: setattr(sys, name, value))


# (label, module name or None, read(module), write(module, value), pristine(module) or None,
#  compare by identity). A module-less item reads and writes through sys, os or gc. Where the
# state lives in a C extension (_decimal, _socket, _locale), that module is the one looked up:
# extensions are root modules, while `decimal` itself may belong to the space that imported it.
_ITEMS = [
    ("sys.setrecursionlimit()", None, lambda _: sys.getrecursionlimit(),
     lambda _, v: sys.setrecursionlimit(v), None, False),
    ("sys.setswitchinterval()", None, lambda _: sys.getswitchinterval(),
     lambda _, v: sys.setswitchinterval(v), None, False),
    ("gc.enable()/gc.disable()", None, lambda _: gc.isenabled(),
     lambda _, v: gc.enable() if v else gc.disable(), None, False),
    ("gc.set_threshold()", None, lambda _: gc.get_threshold(),
     lambda _, v: gc.set_threshold(*v), None, False),
    ("os.umask()", None, lambda _: _umask(), lambda _, v: os.umask(v), None, False),
    *[(f"sys.{name} was replaced", None, (lambda n: lambda _: getattr(sys, n))(name),
       (lambda n: lambda _, v: setattr(sys, n, v))(name), None, True)
      for name in ("stdin", "stdout", "stderr", "excepthook", "unraisablehook", "displayhook",
                   "breakpointhook")],
    ("warnings.showwarning", "warnings", lambda m: m.showwarning,
     lambda m, v: setattr(m, "showwarning", v), lambda m: m._showwarning_orig, True),
    ("threading.excepthook", "threading", lambda m: m.excepthook,
     lambda m, v: setattr(m, "excepthook", v), lambda m: m.__excepthook__, True),
    ("the decimal context", "_decimal", _decimal_context, _set_decimal_context,
     lambda m: _decimal_fields(m.Context()), False),
    ("the locale (locale.setlocale())", "_locale", lambda _: _locale_now(),
     lambda _, v: _set_locale(v), lambda _: _PRISTINE_LOCALE, False),
    ("socket.setdefaulttimeout()", "_socket", lambda m: m.getdefaulttimeout(),
     lambda m, v: m.setdefaulttimeout(v), lambda m: None, False),
    ("the asyncio event loop policy", "asyncio", lambda m: m.events._event_loop_policy,
     lambda m, v: m.set_event_loop_policy(v), lambda m: None, True),
    ("faulthandler", "faulthandler", _faulthandler_enabled, _set_faulthandler,
     lambda m: False, False),
]


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
    can only be set there); `sys.modules` may be a space's view (modules are checked by type)."""

    __slots__ = ("values", "signals")

    def __init__(self):
        modules = sys.modules
        values = []
        for label, module_name, read, _, _, _ in _ITEMS:
            module = modules.get(module_name) if module_name else None
            if module_name and not _is_module(module):
                values.append(_MISSING)
                continue
            try:
                values.append(read(module))
            except Exception:
                values.append(_MISSING)
        self.values = values
        signal = modules.get("_signal")
        try:
            self.signals = _signal_handlers(signal) if _is_module(signal) else None
        except Exception:
            self.signals = None

    def restore(self):
        """Puts every setting back; returns one sentence per setting that had changed."""
        modules = sys.modules
        changes = []
        for (label, module_name, read, write, pristine, identity), saved in zip(_ITEMS, self.values):
            module = modules.get(module_name) if module_name else None
            if module_name and not _is_module(module):
                continue
            try:
                if saved is _MISSING:
                    if pristine is None:
                        continue
                    saved = pristine(module)  # imported (or readable) only since the snapshot
                now = read(module)
            except Exception:
                continue  # not the module it claims to be (a fake): nothing to compare
            if (now is saved) if identity else (now == saved):
                continue
            try:
                write(module, saved)
                changes.append(_sentence(label, saved, now))
            except Exception as error:
                changes.append(f"{_sentence(label, saved, None)}, and could not be restored "
                               f"({type(error).__name__}: {error})")
        changes += self._restore_signals(modules.get("_signal"))
        return changes

    def _restore_signals(self, signal):
        if self.signals is None or not _is_module(signal):
            return []
        try:
            now = _signal_handlers(signal)
            names = _changed_signals(self.signals, now)
            if not names:
                return []
            _set_signal_handlers(signal, self.signals)
        except Exception as error:
            return [f"signal handlers could not be restored ({type(error).__name__}: {error})"]
        return [f"signal handlers were changed ({', '.join(sorted(names))})"]


def _is_module(module):
    return type(module) is type(sys)
