"""Warming the root between watch-mode runs (module `_pyspace.watch.warm_root`).

A rerun should re-import only project code. After a run, candidates() lists the modules the space
imported that live outside the project (standard library, installed packages) and depend neither
on a fake nor on project code; warm() imports them afresh in the root (never promoting the used
objects from the space), so the next space finds them shared. A module that references a fake, a
project module or another left-out module is left out, transitively, and said so.
Contract: GIL held; warm() runs with no space active.
"""
import importlib
import sys
import types

from _pyspace.space import fresh_loader
from _pyspace.space.namespace_guard import namespace_of


def _is_project(module):
    path = getattr(module, "__file__", None)
    return bool(path) and fresh_loader.is_project_path(path.rpartition("/")[0] or ".")


def candidates(space):
    """(names to warm, sentences about modules left out because of fakes)."""
    owned = space.modules
    fakes = {name for name in space.fake_files} | {n for n, m in owned.items() if m is None}
    fake_objects = {id(owned[name]) for name in space.fake_files if name in owned}
    excluded = {name for name, module in owned.items()
                if module is None or name in fakes or _is_project(module) or name == "__main__"}
    excluded_ids = {id(owned[name]) for name in excluded if owned.get(name) is not None}
    excluded_ids |= fake_objects
    left_out_for_fakes = set()
    changed = True
    while changed:
        changed = False
        for name, module in owned.items():
            if name in excluded or not isinstance(module, types.ModuleType):
                continue
            parent = name.rpartition(".")[0]
            values = list((namespace_of(module) or {}).values())
            refs_fake = any(id(value) in fake_objects for value in values)
            if refs_fake or (parent and parent in excluded) or any(id(v) in excluded_ids for v in values):
                excluded.add(name)
                excluded_ids.add(id(module))
                if refs_fake or any(n in left_out_for_fakes for n in (parent,)):
                    left_out_for_fakes.add(name)
                changed = True
    names = sorted(name for name, module in owned.items()
                   if name not in excluded and isinstance(module, types.ModuleType))
    notes = [f"not shared in the root because a fake must reach it: {name}"
             for name in sorted(left_out_for_fakes)]
    return names, notes


def warm(names):
    """Imports `names` in the root; returns the names that failed to import."""
    failed = []
    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: a module that cannot be imported in the root stays per space
            failed.append(name)
    return failed
