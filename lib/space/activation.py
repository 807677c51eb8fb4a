"""The stack of active spaces (module `_pyspace.space.activation`): push, pop, root imports.

While spaces are active, `stack` holds one Layer per active space, root-most first: what its push
changed (the module table's copy, the guard's token, process state), so that pop undoes it
exactly. `SpaceFinder` is the first meta-path finder while a space is active: it sends what
belongs to the root (root_import.locate) to `in_root`, which imports with the root's table and
sys and makes the result root modules visible to every active layer.

Contract: every function here needs the GIL; push and pop also the activation lock (`lock`).
"""
import atexit
import functools
import os
import sys
import _thread
from importlib._bootstrap import _gcd_import
from importlib.util import spec_from_file_location

from _pyspace.space import fresh_loader, import_frames, local_modules, root_import, space_state, thread_owner
from _pyspace_native import dict_changes, dict_version
from _pyspace.space.namespace_guard import NamespaceGuard, namespace_of
from _pyspace.space.process_state import ProcessState

lock = _thread.RLock()
stack = []                # Layer records of the active spaces, root-most first
_guard = NamespaceGuard()
_root_tops = set()         # top-level packages imported in the root because of extensions
space_state.set_provider(lambda: stack[-1].space.state if stack else None)


class Layer:
    """What one push changed, so that pop can undo it exactly."""
    __slots__ = ("space", "depth", "table", "guard_token", "process", "checkpoint",
                 "table_version", "sys_version", "hidden")

    def __init__(self, space, depth):
        self.space = space
        self.depth = depth  # explicit activate() calls; 0 for an ancestor pushed implicitly
        self.checkpoint = None


class SpaceFinder:
    """First meta-path finder while a space is active: sends imports that must be shared
    (extensions, packages holding them, the user's shared list) to the root, except the files
    the space claimed (space_state.claim_file: its test modules and conftests)."""

    def __init__(self, space):
        self._space = space

    def find_spec(self, name, path=None, target=None):
        if _space_of_this_thread() is None:
            return _root_thread_spec(name, path, target)  # a root thread: the root's import
        claimed = space_state.claimed_path(self._space.state, name)
        if claimed is not None and target is None and not _installed_package(claimed):
            # a test module: always the space's
            return spec_from_file_location(name, claimed,
                                           loader=fresh_loader.FreshSourceLoader(name, claimed))
        local = _names_of_active_spaces("local")
        if local and local_modules.matches(name, local) and not _parent_is_roots(name, local):
            spec = root_import.local_spec(name, path, self._space.notices)
            if spec is not root_import.ROOT:
                hook = space_state.import_hook(self._space.state, name) if target is None else None
                if spec is not None and hook is not None:
                    spec.loader = _NotifyingLoader(spec.loader, hook)
                return spec
        found = root_import.locate(name, path, _shared_tops(), _root_tops,
                                   _names_of_active_spaces("fake_names"), self._space.notices)
        if found is root_import.ROOT:
            if target is not None:  # importlib.reload() of a root module: done in the root
                spec = in_root(name, lambda: root_import.find_spec(name, path, target))
                return root_import.reload_spec(spec, lambda run: in_root(name, run))
            again = _reimport_spec(name, path, local)
            if again is not None:  # the space's code took a root module out of sys.modules
                hook = space_state.import_hook(self._space.state, name)
                if hook is not None:
                    again.loader = _NotifyingLoader(again.loader, hook)
                return again
            module = import_in_root(name)
            hook = space_state.import_hook(self._space.state, name)
            return root_import.spec_for(name, module, hook)
        # The spec PathFinder gave is the one importlib would get next: answer with it rather
        # than searching sys.path twice per import (when no other finder could come first).
        if found is not None and root_import.path_finder_decides(name, path, sys.meta_path, self):
            hook = space_state.import_hook(self._space.state, name) if target is None else None
            if hook is not None:
                found.loader = _NotifyingLoader(found.loader, hook)
            return found
        return None

    def invalidate_caches(self):
        pass


class _NotifyingLoader:
    """Loads with `loader`, then calls hook(module) (space_state.after_import); the module's
    __loader__ and __spec__.loader are `loader` itself."""

    def __init__(self, loader, hook):
        self.loader = loader
        self.hook = hook

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = self.loader
        if getattr(module, "__spec__", None) is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        self.hook(module)


def _parent_is_roots(name, local):
    """True for a submodule of a local package the space could not make its own (it holds a C
    extension, root_import.local_spec): the whole package stays the root's."""
    parent = name.rpartition(".")[0]
    if not parent or not local_modules.matches(parent, local):
        return False
    module = sys.modules.get(parent)
    return module is not None and module is stack[0].table.get(parent)


def _installed_package(path):
    """True for the __init__.py of an installed package (or the stdlib's) claimed for collection
    (`--doctest-modules` over site-packages/toolz): it is not the space's copy but the root's,
    as its submodules are (a space's copy of the package would see the root's submodules already
    imported, and its `from .sub import *` would leave `sub` undefined)."""
    return os.path.basename(path) == "__init__.py" and not fresh_loader.is_project_path(os.path.dirname(path))


def _reimport_spec(name, path, local):
    """The spec to import root module `name` afresh in the space, or None to share the root's:
    a test that deleted a root module from sys.modules (`sys.modules.pop("pkg.mod")`, monkeypatch's
    delitem) and imports it again gets a new module, as it would in a plain interpreter (a
    deprecation shim warns again); it is the space's, and the root keeps its own copy. Not for a
    C extension (it is loaded once), the process-wide modules, the runner's own or a local name
    whose package the space could not make its own."""
    known = stack[0].table.get(name)
    if known is None or name.partition(".")[0] == "_pyspace" or name in root_import.PROCESS_WIDE_MODULES \
            or (local and local_modules.matches(name, local)):
        return None
    spec = getattr(known, "__spec__", None)
    if spec is None or root_import.is_extension_spec(spec):
        return None
    root = stack[0]
    meta_path = [finder for finder in _root_sys(root, "meta_path") if not isinstance(finder, SpaceFinder)]
    found = root_import.find_in_root(name, path, None, _root_sys(root, "path"), meta_path)
    if found is None or found.loader is None or root_import.is_extension_spec(found):
        return None
    return found


def _space_of_this_thread():
    """The active space the calling thread imports into, or None for a root thread: the thread
    that activated the spaces (it holds `lock`) and threads started by a space's thread while
    that space was active (thread_owner) are the space's."""
    if stack and (lock._is_owned() or thread_owner.in_active_space(stack)):
        return stack[-1].space
    return None


def _root_thread_spec(name, path, target):
    """The spec for an import by a thread that is not the active space's (thread_owner): found
    with the root's sys.path and meta path, loaded as a root module of every active layer (the
    one module table still shows it to the space while it stays active). A module the root has
    (hidden by a local name) is the root's copy; a name the root cannot find is not searched
    for on the space's path."""
    root = stack[0]
    known = root.table.get(name)
    if known is not None:
        return root_import.spec_for(name, known)
    spec = root_import.find_in_root(name, path, target, _root_sys(root, "path"),
                                    [f for f in _root_sys(root, "meta_path") if not isinstance(f, SpaceFinder)])
    if spec is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    if spec.loader is not None and target is None:
        spec.loader = _NotifyingLoader(spec.loader, _adopt_root_module)
    return spec


def _adopt_root_module(module):
    """A root thread's import finished: `module` is a root module of every active layer."""
    if not stack:
        return
    name = module.__spec__.name
    for layer in stack:
        layer.table[name] = module
        _guard.include(layer.guard_token, (module,))
    parent, dot, child = name.rpartition(".")
    if dot and stack[0].table.get(parent) is not None:
        _guard.adopt(stack[0].table[parent], child, module)


def _names_of_active_spaces(attribute):
    """The union of one name set of every active space (`local`: what they import themselves
    although the root has it; `fake_names`: what they fake or block, a fake of a parent reaching
    its children)."""
    names = frozenset()
    for layer in stack:
        own = getattr(layer.space, attribute)
        if own:
            names = names | own
    return names


def _shared_tops():
    tops = set()
    for layer in stack:
        tops |= layer.space.shared
    return tops


def push(space, depth, caller=None):
    """Applies one space over what is active now. `caller`: the module whose code activates the
    space (its globals are not rolled back). Contract: lock held."""
    table = sys.modules
    layer = Layer(space, depth)
    layer.table = table.copy()
    layer.process = ProcessState() if not stack else None
    layer.guard_token = _guard.capture(layer.table, caller)
    layer.hidden = local_modules.hide(table, space.local, space.modules) if space.local else None
    if space.local and not space.local_checked:
        space.local_checked = True
        root_table = stack[0].table if stack else layer.table
        _add_notices(space, local_modules.holder_notices(space.local, root_table))
    thread_owner.watch(table.get("threading"), _space_of_this_thread)
    table.update(space.modules)
    _link_submodules(space, table)
    meta_path = [finder for finder in sys.meta_path if not isinstance(finder, SpaceFinder)]
    hooks = [hook for hook in sys.path_hooks if hook is not fresh_loader.fresh_path_hook]
    sys.path = space.path
    sys.argv = space.argv
    sys.meta_path = [space._finder, *meta_path]
    sys.path_hooks = [fresh_loader.fresh_path_hook, *hooks]
    sys.path_importer_cache = space.importer_cache
    # PEP 509 tags after the push: unchanged at pop means nothing was imported or written.
    layer.table_version = dict_version(table)
    layer.sys_version = dict_version(sys.__dict__)
    stack.append(layer)


def _recording_register(original):
    """atexit.register, for good (installed when this module loads): while a space is active it
    also notes the callback in the active space, so that a leak report can say a module is held
    by an atexit registration (CPython keeps the callbacks where the garbage collector cannot
    see them). Installed once rather than at each bottom push: swapping it per push changed the
    atexit namespace, so every deactivation walked all shared modules' tags to restore it."""
    def register(func, *args, **kwargs):
        if stack:
            stack[-1].space.atexit_functions.append(func)
        return original(func, *args, **kwargs)
    register.__doc__ = original.__doc__
    register.__wrapped__ = original
    register._pyspace_atexit_recorder = True
    return register


if not getattr(atexit.register, "_pyspace_atexit_recorder", False):
    atexit.register = _recording_register(atexit.register)


def _link_submodules(space, table):
    """Sets `pkg.sub` on packages the space shares but does not own, for submodules it owns, as
    importing them did the first time (the guard removes them again at deactivation)."""
    owned = space.modules
    for name, module in owned.items():
        parent, dot, child = name.rpartition(".")
        if dot and parent not in owned and module is not None:
            namespace = namespace_of(table.get(parent))
            if namespace is not None and namespace.get(child) is not module:
                namespace[child] = module


def pop():
    """Undoes the top push; what was imported meanwhile now belongs to that space."""
    layer = stack.pop()
    space = layer.space
    table = sys.modules
    before = layer.table
    if dict_version(table) == layer.table_version:
        changed = list(space.modules)  # only what the push itself put there or took out
        removed = [name for name in layer.hidden if name not in table] if layer.hidden else ()
    else:
        changed, removed = dict_changes(before, table)
    owned = space.modules
    for name in [name for name in owned if name not in table]:
        del owned[name]  # the space's code deleted it from sys.modules: import it afresh next time
    for name in changed:
        owned[name] = table[name]
        if name in before:
            table[name] = before[name]
        else:
            del table[name]
    for name in removed:
        table[name] = before[name]
    space.changes += _guard.restore(layer.guard_token, dict_version(sys.__dict__) == layer.sys_version)
    if layer.process is not None:
        warnings, threading = before.get("warnings"), before.get("threading")
        if layer.checkpoint is not None:
            # What the tests changed since the checkpoint (space.checkpoint(): after collection)
            # is theirs; what collection changed before it (a conftest's os.environ, numpy's
            # warnings filters) is put back too, unreported, as pytest reports neither.
            space.changes += layer.checkpoint.restore(warnings, threading)
            layer.process.restore(warnings, threading)
        else:
            space.changes += layer.process.restore(warnings, threading)
    linecache = sys.modules.get("linecache")
    if linecache is not None:
        linecache.checkcache()  # tracebacks show the current source


def import_in_root(name):
    """Imports `name` with the root's module table and sys, while a space is active, and makes
    the result (and whatever it imported) root modules visible to every active layer.
    Contract: called by importlib (import lock of `name` held) with a space active."""
    return in_root(name, functools.partial(_gcd_import, name))  # no frame of its own (import_frames)


def in_root(name, action):
    """Returns action() run with the root's module table and sys, while a space is active (for
    module `name`); whatever it imported becomes root modules visible to every active layer."""
    table = sys.modules
    active_view = table.copy()
    root = stack[0]
    root_view = root.table
    swapped = {key: getattr(sys, key) for key in ("path", "meta_path", "path_hooks", "path_importer_cache")}
    table.clear()
    table.update(root_view)
    root_path = _root_sys(root, "path")
    # The root's path first; the space's entries after it, so that a shared module living in
    # the project is found too.
    sys.path = root_path + [entry for entry in swapped["path"] if entry not in root_path]
    sys.meta_path = _root_sys(root, "meta_path")
    sys.path_hooks = _root_sys(root, "path_hooks")
    sys.path_importer_cache = _root_sys(root, "path_importer_cache")
    finders_before = list(sys.meta_path)
    logging = root_view.get("logging")
    loggers_before = set(logging.Logger.manager.loggerDict) if logging is not None else None
    try:
        result = action()
    finally:
        imported = table.copy()
        table.clear()
        table.update(active_view)
        for key, value in swapped.items():
            setattr(sys, key, value)
        _share_new_finders(root, finders_before, swapped["meta_path"])
        if loggers_before is not None:
            _keep_new_loggers(logging, loggers_before)
    promoted = {key: value for key, value in imported.items() if root_view.get(key, _MISSING) is not value}
    _root_tops.add(name.partition(".")[0])
    shadowed = {key for key, value in active_view.items() if root_view.get(key, _MISSING) is not value}
    for layer in stack:
        layer.table.update(promoted)
        _guard.include(layer.guard_token, promoted.values())
    for key, value in promoted.items():
        parent, dot, child = key.rpartition(".")
        if dot and root_view.get(parent) is not None:
            _guard.adopt(root_view[parent], child, value)
    # Not `name` itself: importlib's _find_spec would then re-execute it from its real spec; the
    # AlreadyImported loader puts it in the table.
    local = _names_of_active_spaces("local")
    table.update({key: value for key, value in promoted.items() if key not in shadowed and key != name
                  and not (local and local_modules.matches(key, local))})
    if local and promoted:
        for layer in stack:
            if layer.space.local:
                _add_notices(layer.space, local_modules.holder_notices(layer.space.local, imported, promoted))
    thread_owner.watch(imported.get("threading"), _space_of_this_thread)  # `name` may be threading
    for top_space in (layer.space for layer in stack):
        if top_space.fake_files or any(m is None for m in top_space.modules.values()):
            top_space._warn_unreachable_fakes()
    return result


def _add_notices(space, notices):
    space.notices.extend(notice for notice in notices if notice not in space.notices)


def _keep_new_loggers(logging, before):
    """Loggers a root import created (asyncio's `logging.getLogger("asyncio")`) are the root's:
    the process state of the bottom layer adopts them, so that deactivation keeps them."""
    created = [name for name in logging.Logger.manager.loggerDict if name not in before]
    state = stack[0].process if stack else None
    if created and state is not None and state.logging is not None:
        state.logging.adopt(created)


def _share_new_finders(root, before, active):
    """Meta-path finders a root import added to the root's sys.meta_path (tlz installs one) are
    put into the meta paths of the active spaces too, at the same place (after the finder that
    precedes them in the root's list): root modules are visible in spaces, and so are the
    finders that serve their names. Spaces pushed later copy the root's list anyway."""
    root_list = _root_sys(root, "meta_path")
    added = [(index, finder) for index, finder in enumerate(root_list)
             if not any(finder is old for old in before)]
    if not added:
        return
    lists = {id(active): active}
    for layer in stack[1:]:
        saved = _root_sys(layer, "meta_path")
        lists.setdefault(id(saved), saved)
    for meta_path in lists.values():
        for index, finder in added:
            if any(finder is present for present in meta_path):
                continue
            position = 1 if meta_path and isinstance(meta_path[0], SpaceFinder) else 0
            if index > 0:
                previous = root_list[index - 1]
                for at, present in enumerate(meta_path):
                    if present is previous:
                        position = at + 1
                        break
                else:
                    position = len(meta_path)
            meta_path.insert(position, finder)


def _root_sys(root_layer, key):
    """The root's value of sys.<key>, as captured when the bottom layer was pushed."""
    return root_layer.guard_token[3][key]


_MISSING = object()


def unreachable_by_fake(name, root_table):
    """Names of root modules (other than `name` and its submodules) holding a reference to the
    real module `name`: a fake for `name` in a space cannot replace what they already hold."""
    return local_modules.modules_holding(name, root_table)


# Between an import statement and the module body: hidden from warnings' stacklevel as
# importlib's frames are (import_frames).
import_frames.mark(SpaceFinder.find_spec, _NotifyingLoader.exec_module, import_in_root, in_root)
