"""Modules a space imports itself although the root has them (module `_pyspace.space.local_modules`).

The placement rule gives the standard library and installed distributions to the root, one copy
shared by every space. `local` names are its sanctioned exceptions: another version of an
installed pure-Python package on the space's path (a plugin host with two versions of one
package side by side), or a fresh copy of a standard-library module holding global configuration
(`logging`, `urllib.request`'s opener). While such a space is active, the root's copies of those
names (and their submodules) are taken out of the module table, so that imports find the space's
own; deactivation puts the root's back. A name is a top-level module or package (`toolz`) or a
dotted one (`urllib.request`: the root keeps `urllib`).

What a copy cannot isolate: state in C (the warnings filters live in `_warnings`, the locale is
the process's), and root modules that imported the root's copy before (they keep using it:
`holders` names them for a warning).

Contract: every function needs the GIL.
"""
import sys
import types

from _pyspace.space.namespace_guard import namespace_of


class UsageError(ValueError):
    """A name that cannot be made local; the C++ side reports it as a usage error (exit 4)."""


# Copies of these break the interpreter, the import system or the runner, or their state is the
# process's: they stay one module, the root's.
_NOT_LOCAL_TOPS = frozenset({"builtins", "sys", "importlib", "_frozen_importlib",
                             "_frozen_importlib_external", "_imp", "_pyspace", "pyspace",
                             "_pyspace_native", "threading", "_thread", "encodings", "codecs",
                             "marshal", "_weakref", "_io", "io", "abc", "_abc"})


def check_local(name):
    """UsageError (a ValueError) unless `name` may be made local: a module name, not one of the
    interpreter's own modules, not a built-in module (compiled into the interpreter: one copy)."""
    if not isinstance(name, str) or not name or not all(part.isidentifier() for part in name.split(".")):
        raise UsageError(f"local {name!r}: not a module name")
    if name.partition(".")[0] in _NOT_LOCAL_TOPS:
        raise UsageError(f"local '{name}': the interpreter and the runner need one copy of it, "
                         "the root's")
    if name in sys.builtin_module_names:
        raise UsageError(f"local '{name}': a built-in module has one copy, the root's")


def matches(name, local):
    """True when module `name` is one of the names in `local` or a submodule of one."""
    if name in local:
        return True
    dot = name.find(".")
    while dot != -1:
        if name[:dot] in local:
            return True
        dot = name.find(".", dot + 1)
    return False


def hide(table, local, owned):
    """Takes out of `table` the entries for `local` names (and their submodules) that the space
    does not own; returns them {name: module} so that deactivation can put them back."""
    hidden = {}
    for name in [name for name in table if name not in owned and matches(name, local)]:
        hidden[name] = table.pop(name)
    return hidden


def modules_holding(name, root_table, skip=(), among=None):
    """Sorted names of root modules (other than `name`, its submodules and names starting with a
    prefix in `skip`) whose namespace holds the root's module `name`; `among`: only these
    {name: module} (default: all of root_table)."""
    real = root_table.get(name)
    if not isinstance(real, types.ModuleType):
        return []
    holding = []
    for holder_name, module in list((root_table if among is None else among).items()):
        if holder_name == name or holder_name.startswith(name + ".") or holder_name.startswith(skip):
            continue
        namespace = namespace_of(module)
        if namespace and any(value is real for value in list(namespace.values())):
            holding.append(holder_name)
    return sorted(holding)


def holder_notices(local, root_table, among=None):
    """The notices for the root modules (in `among`, default all) that hold the root's copy of
    a local name: they keep using it, not the space's copy (the runner's own are not named)."""
    notices = []
    for name in sorted(local):
        holding = modules_holding(name, root_table, ("_pyspace.", "pyspace"), among)
        if holding:
            shown = ", ".join(holding[:8]) + (f" and {len(holding) - 8} more" if len(holding) > 8 else "")
            notices.append(f"local '{name}': shared module(s) {shown} hold the root's '{name}': "
                           f"what they do with it uses the root's copy, not the space's")
    return notices
