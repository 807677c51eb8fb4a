"""Leak check after a space is closed (module `_pyspace.space.leaks`): which of its modules are still
alive, and what holds them, as Tomcat reports on undeploy.

What holds a module is usually not its direct referrer (a function's defaults tuple, a closure
cell) but a registry further up: an atexit or signal registration (the atexit and signal
modules keep their callbacks in module state, which the collector sees), a logging handler or
logger, a running thread, an attribute of a module still in the table. The search walks up the
referrers, breadth first and a few levels deep, until it recognises one of those.
"""
import gc
import sys
import types

from _pyspace.space.namespace_guard import namespace_of

_MAX_DEPTH = 5
_MAX_WIDTH = 40


def _signal_handlers():
    signal = sys.modules.get("signal")
    if signal is None:
        return set()
    handlers = set()
    for number in signal.valid_signals():
        try:
            handlers.add(id(signal.getsignal(number)))
        except (ValueError, OSError):
            pass
    return handlers


def _recognise(holder, live_namespaces, callbacks):
    """A sentence for a holder that explains a leak by itself, or None to keep walking up."""
    if id(holder) in callbacks:
        return callbacks[id(holder)]
    if isinstance(holder, types.ModuleType):
        name = getattr(holder, "__name__", "?")
        if name == "atexit":
            return "an atexit registration"
        if name in ("signal", "_signal"):
            return "a signal handler"
        return f"module '{name}'"
    if isinstance(holder, dict) and id(holder) in live_namespaces:
        return f"an attribute of module '{live_namespaces[id(holder)]}'"
    if isinstance(holder, types.FrameType):
        code = holder.f_code
        return f"a running frame of {code.co_name} ({code.co_filename}:{holder.f_lineno}), in a thread"
    logging = sys.modules.get("logging")
    if logging is not None:
        if isinstance(holder, logging.Handler):
            return f"a logging handler ({type(holder).__name__})"
        if isinstance(holder, logging.Logger):
            return f"logger '{holder.name}'"
    threading = sys.modules.get("threading")
    if threading is not None and isinstance(holder, threading.Thread):
        return f"thread '{holder.name}'"
    return None


def _fallback(holder):
    if isinstance(holder, dict):
        return "a dict (a registry, cache or global variable)"
    if isinstance(holder, (list, tuple, set)):
        return f"a {type(holder).__name__}"
    if isinstance(holder, types.FunctionType):
        return f"function {holder.__qualname__}"
    return f"a {type(holder).__name__} object"


def _holders(module, ignore, callbacks):
    """Up to three sentences naming what keeps `module` alive. `callbacks`: id of a function
    registered somewhere the collector cannot see -> the sentence naming that registry."""
    live_namespaces = {}
    for name, live in list(sys.modules.items()):
        namespace = namespace_of(live)
        if namespace is not None:
            live_namespaces[id(namespace)] = name
    seen = set(ignore) | {id(module)}
    frontier, found, first_level = [module], [], []
    if id(module) in callbacks:
        return [callbacks[id(module)]]
    for depth in range(_MAX_DEPTH):
        next_frontier = []
        for obj in frontier:
            for holder in gc.get_referrers(obj):
                if id(holder) in seen:
                    continue
                seen.add(id(holder))
                sentence = _recognise(holder, live_namespaces, callbacks)
                if sentence:
                    if sentence not in found:
                        found.append(sentence)
                    continue
                if depth == 0:
                    first_level.append(holder)
                next_frontier.append(holder)
        if len(found) >= 3 or not next_frontier:
            break
        frontier = next_frontier[:_MAX_WIDTH]
    if not found:
        found = sorted({_fallback(holder) for holder in first_level})
    return found[:3]


def find_leaks(refs, atexit_registrations=()):
    """`refs`: [(module name, weakref)]; `atexit_registrations`: ids of the callbacks the space
    registered with atexit. Collects garbage, then returns one sentence per module still alive
    naming up to three of its holders. Contract: GIL held, no space active.
    Objects frozen with gc.freeze() (watch mode's warm root) are made visible again only when
    something survived, so a clean teardown stays cheap."""
    gc.collect()
    survivors = [(name, ref) for name, ref in refs if ref() is not None]
    if not survivors:
        return []
    frozen = gc.get_freeze_count()
    if frozen:
        gc.unfreeze()
    report = []
    try:
        ignore = {id(sys._getframe()), id(survivors), id(refs)}
        callbacks = {key: "a signal handler" for key in _signal_handlers()}
        callbacks.update({key: "an atexit registration" for key in atexit_registrations})
        for name, ref in survivors:
            module = ref()
            if module is None:
                continue
            holders = _holders(module, ignore, callbacks)
            report.append(f"module '{name}' is still alive after teardown, held by "
                          + (", ".join(holders) if holders else "an object outside the gc's view"))
            del module
    finally:
        if frozen:
            gc.freeze()
    return report
