"""Leak check after a space is closed (module `_pyspace.leaks`): which of its modules are still
alive, and what holds them, as Tomcat reports on undeploy."""
import gc
import sys
import types

from _pyspace.namespace_guard import namespace_of


def _describe_holder(holder, module_name):
    if isinstance(holder, dict):
        for module in list(sys.modules.values()):
            if namespace_of(module) is holder:
                return f"an attribute of module '{holder.get('__name__', '?')}'"
        return "a dict (a registry, cache or global variable)"
    if isinstance(holder, types.FrameType):
        return f"a running frame of {holder.f_code.co_name} ({holder.f_code.co_filename}:{holder.f_lineno})"
    if isinstance(holder, (list, tuple, set)):
        return f"a {type(holder).__name__}"
    if isinstance(holder, types.FunctionType):
        return f"function {holder.__qualname__}"
    return f"a {type(holder).__name__} object"


def find_leaks(refs):
    """`refs`: [(module name, weakref)]. Collects garbage, then returns one sentence per module
    still alive naming up to three of its holders. Contract: GIL held, no space active."""
    gc.collect()
    report = []
    frame = sys._getframe()
    for name, ref in refs:
        module = ref()
        if module is None:
            continue
        holders = [holder for holder in gc.get_referrers(module) if holder is not frame]
        described = sorted({_describe_holder(holder, name) for holder in holders})[:3]
        report.append(f"module '{name}' is still alive after teardown, held by "
                      + (", ".join(described) if described else "an object outside the gc's view"))
        del module, holders
    return report
