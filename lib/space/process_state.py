"""Process-global state that is not in the module table (module `_pyspace.space.process_state`).

Captured when the first space of a stack is activated and restored when it is deactivated, so a
space cannot leave the process changed: os.environ (its contents and the binding), the working
directory, the trace and profile functions, warnings filters, logging configuration, the
interpreter settings and hooks of interpreter_settings.py, and dangling threads (reported only).
sys.argv/path/meta_path/path_hooks, stdio and builtins live in module namespaces and are
restored by namespace_guard. Each restore returns sentences naming what was changed.
"""
import _thread
import os
import sys

from _pyspace.space.interpreter_settings import Settings


def _environ_data():
    """A copy of os.environ's underlying bytes mapping: one C-level copy, no decoding."""
    return os.environ._data.copy()


def _restore_environ_binding(environ):
    """`os.environ = dict(os.environ)` rebinds the name: put the real mapping back first."""
    if os.environ is environ:
        return []
    os.environ = environ
    return ["os.environ was replaced"]


def _restore_environ(saved):
    """Puts os.environ (and the C environment, through os.environ's own setters) back.
    Contract: os.environ is the real os._Environ (see _restore_environ_binding)."""
    data = os.environ._data
    if data == saved:
        return []
    decode = os.environ.decodekey
    changed = [key for key, value in data.items() if saved.get(key) != value]
    removed = [key for key in saved if key not in data]
    for key in changed:
        if key in saved:
            os.environ[decode(key)] = os.environ.decodevalue(saved[key])
        else:
            del os.environ[decode(key)]
    for key in removed:
        os.environ[decode(key)] = os.environ.decodevalue(saved[key])
    # PYTEST_CURRENT_TEST is the runner's (run/execute.py): put back, never a test's change
    names = sorted(name for name in (decode(key) for key in set(changed) | set(removed))
                   if name != "PYTEST_CURRENT_TEST")
    if not names:
        return []
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return [f"os.environ was modified ({shown})"]


class _LoggingState:
    """Levels, handlers, propagate and disabled flags of every existing logger, and which
    loggers existed. Only captured when `logging` is already imported in the root."""

    def __init__(self, logging):
        self.logging = logging
        manager = logging.Logger.manager
        self.disable = manager.disable
        self.names = set(manager.loggerDict)
        self.loggers = [(logger, logger.level, list(logger.handlers), logger.propagate, logger.disabled)
                        for logger in [logging.root, *manager.loggerDict.values()]
                        if isinstance(logger, logging.Logger)]

    def adopt(self, names):
        """Loggers created since the capture that restore() keeps, as they are now."""
        loggers = self.logging.Logger.manager.loggerDict
        for name in names:
            self.names.add(name)
            logger = loggers.get(name)
            if isinstance(logger, self.logging.Logger):
                self.loggers.append((logger, logger.level, list(logger.handlers), logger.propagate,
                                     logger.disabled))

    def restore(self):
        manager = self.logging.Logger.manager
        changed = []
        created = [name for name in manager.loggerDict if name not in self.names]
        for name in created:
            del manager.loggerDict[name]
            changed.append(f"logger '{name}' created")
        if created:  # placeholders of older dotted names keep a map of their new children
            for holder in manager.loggerDict.values():
                children = getattr(holder, "loggerMap", None)
                if children:
                    for child in [c for c in children if getattr(c, "name", None) in created]:
                        del children[child]
        for logger, level, handlers, propagate, disabled in self.loggers:
            if (logger.level, logger.handlers, logger.propagate, logger.disabled) != (
                    level, handlers, propagate, disabled):
                quiet = self._only_null_handlers_added(logger, level, handlers, propagate, disabled)
                logger.level, logger.propagate, logger.disabled = level, propagate, disabled
                logger.handlers[:] = handlers
                if not quiet:
                    changed.append(f"logger '{logger.name}'")
        if manager.disable != self.disable:
            manager.disable = self.disable
            changed.append("logging.disable()")
        if not changed:
            return []
        manager._clear_cache()
        return ["logging configuration was modified (" + ", ".join(changed[:5]) +
                (", ..." if len(changed) > 5 else "") + ")"]

    def _only_null_handlers_added(self, logger, level, handlers, propagate, disabled):
        """True when the logger only gained NullHandlers: what a library does when imported
        (the logging HOWTO's advice; pint.util), so each file's space re-importing the project
        does it again. Put back all the same, without a report."""
        if (logger.level, logger.propagate, logger.disabled) != (level, propagate, disabled):
            return False
        current = logger.handlers
        added = current[len(handlers):]
        return current[:len(handlers)] == handlers and bool(added) and all(
            type(handler) is self.logging.NullHandler for handler in added)


class ProcessState:
    """A snapshot of process-global state. Contract: GIL held; capture() and restore() run on
    the thread that activates spaces, with no space active (root view of the module table)."""

    __slots__ = ("environ_mapping", "environ", "cwd", "trace", "profile", "filters", "logging",
                 "threads", "settings")

    def __init__(self):
        modules = sys.modules
        self.environ_mapping = os.environ
        self.environ = _environ_data()
        try:
            self.cwd = os.getcwd()
        except OSError:
            self.cwd = None
        self.trace = sys.gettrace()
        self.profile = sys.getprofile()
        warnings = modules.get("warnings")
        self.filters = list(warnings.filters) if warnings else None
        logging = modules.get("logging")
        self.logging = _LoggingState(logging) if logging else None
        threading = modules.get("threading")
        # Before `threading` is imported, only this (the main) thread is known to it.
        self.threads = threading._active.copy() if threading else {_thread.get_ident(): None}
        self.settings = Settings()

    def restore(self, warnings=None, threading=None):
        """Puts everything back; returns what had been changed, one sentence per item.
        `warnings`/`threading` are the root's modules (the caller passes them because the
        table may not be the root's while this runs)."""
        changes = _restore_environ_binding(self.environ_mapping)
        changes += _restore_environ(self.environ)
        changes += self._restore_cwd()
        if sys.gettrace() is not self.trace:
            sys.settrace(self.trace)
            changes.append("sys.settrace() was changed")
        if sys.getprofile() is not self.profile:
            sys.setprofile(self.profile)
            changes.append("sys.setprofile() was changed")
        if warnings is not None and self.filters is not None and warnings.filters != self.filters:
            warnings.filters[:] = self.filters
            warnings._filters_mutated()
            changes.append("warnings.filters was modified")
        if self.logging is not None:
            changes += self.logging.restore()
        changes += self.settings.restore()
        if threading is not None and self.threads is not None:
            changes += self._dangling_threads(threading)
        return changes

    def _restore_cwd(self):
        try:
            current = os.getcwd()
        except OSError:
            current = None  # the directory a test changed to was deleted
        if self.cwd is None or current == self.cwd:
            return []
        change = ("the working directory was changed to a directory that was then deleted"
                  if current is None else f"the working directory was changed to {current}")
        try:
            os.chdir(self.cwd)
        except OSError as error:
            return [f"{change}, and {self.cwd} could not be entered again ({error.strerror})"]
        return [change]

    def _dangling_threads(self, threading):
        if threading._active.keys() == self.threads.keys():
            return []
        names = [thread.name for ident, thread in list(threading._active.items())
                 if ident not in self.threads and thread.is_alive()]
        if not names:
            return []
        return [f"threads still running: {', '.join(sorted(names))}"]
