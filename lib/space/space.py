"""Module spaces (module `_pyspace.space.space`): partitions of the interpreter's module namespace.

A space owns a set of modules, its sys.path and sys.argv, and fakes. It works by *activation*:
while a space is active, the interpreter's real module table (the same dict object) holds the
root's modules, its ancestors' and its own (fakes shadow real modules, blocked names are None),
and sys.path/sys.argv are the space's. Whatever is imported while it is active belongs to it,
except C extensions, packages holding them and shared modules, which are imported in the root.
On deactivation the table, sys, every shared module namespace and process-global state are put
back exactly as they were, and the space keeps its modules for its next activation.

Threading contract: one stack of active spaces per process, guarded by a re-entrant lock that
activate() takes and deactivate() releases; all functions here need the GIL.
"""
import atexit
import importlib
import os
import sys
import _thread
import types
import weakref
from importlib.util import module_from_spec, spec_from_file_location

from _pyspace.space import fresh_loader, root_import
from _pyspace_native import dict_changes, dict_version
from _pyspace.space.namespace_guard import NamespaceGuard, namespace_of
from _pyspace.space.fake_check import FakeError, check_fakeable, fake_failure  # noqa: F401
from _pyspace.space.process_state import ProcessState

_lock = _thread.RLock()
_stack = []                # _Layer records of the active spaces, root-most first
_guard = NamespaceGuard()
_root_tops = set()         # top-level packages imported in the root because of extensions


class SpaceError(RuntimeError):
    """Misuse of a space: activating a closed space, or one whose branch is not active."""


class _Layer:
    """What one push changed, so that pop can undo it exactly."""
    __slots__ = ("space", "depth", "table", "guard_token", "process", "checkpoint",
                 "table_version", "sys_version", "atexit_register")

    def __init__(self, space, depth):
        self.space = space
        self.depth = depth  # explicit activate() calls; 0 for an ancestor pushed implicitly
        self.checkpoint = None
        self.atexit_register = None  # the real atexit.register, while the bottom layer records


class ModuleSpace:
    """A module space. `parent=None` makes a child of the innermost active space, or of the
    root when none is active. `path` and `argv` default to a copy of the parent's (the root's:
    sys.path and sys.argv when the space is created)."""

    def __init__(self, parent=None, *, path=None, argv=None, shared=()):
        if parent is not None and not isinstance(parent, ModuleSpace):
            raise TypeError("parent must be a ModuleSpace or None")
        if parent is None and _stack:
            parent = _stack[-1].space
        self.parent = parent
        self.path = list(path if path is not None else (parent.path if parent else sys.path))
        self.argv = list(argv if argv is not None else (parent.argv if parent else sys.argv))
        self.shared = set(shared)
        self.modules = {}          # name -> module (or None: blocked) owned by this space
        self.fake_files = {}       # name -> path of a .py loaded fresh into this space
        self.changes = []          # what deactivations found changed and put back
        self.atexit_functions = [] # callbacks code in this space registered with atexit
        self._namespace = None     # exec()/eval() globals, made on first use
        self.importer_cache = {}   # this space's sys.path_importer_cache
        self.closed = False
        self._fakes_loaded = False
        self._finder = _SpaceFinder(self)
        self._sys = None

    @property
    def sys(self):
        """The space's view of sys.path, sys.argv and sys.modules (space.sys.modules['x'] = m)."""
        if self._sys is None:
            self._sys = _SpaceSys(self)
        return self._sys

    @property
    def namespace(self):
        """The globals exec() and eval() use by default."""
        if self._namespace is None:
            self._namespace = {"__name__": "__main__", "__builtins__": __builtins__}
        return self._namespace

    # ----- fakes -------------------------------------------------------------------------
    def fake(self, name, module_or_path):
        """Injects `module_or_path` (a module object, or a .py file loaded fresh in this space
        at its next activation) as module `name`, shadowing the real one inside this space and
        its children only. None blocks the name (ModuleNotFoundError inside the space)."""
        self._check_open()
        check_fakeable(name)
        if isinstance(module_or_path, (str, os.PathLike)):
            path = os.fspath(module_or_path)
            if not os.path.isfile(path):
                raise FileNotFoundError(f"fake '{name}': file not found: {path}")
            self.fake_files[name] = os.path.abspath(path)
            self.modules.pop(name, None)
            self._fakes_loaded = False
        else:
            self.fake_files.pop(name, None)
            self.modules[name] = module_or_path
        if _stack and _stack[-1].space is self:
            sys.modules[name] = self.modules.get(name)
            if name in self.fake_files:
                self._load_fake_files()

    def block(self, name):
        """Makes `name` unimportable in this space (the table holds None for it)."""
        self.fake(name, None)

    def _load_fake_files(self):
        """Executes file fakes not loaded yet. Contract: this space is the active top."""
        for name, path in self.fake_files.items():
            if name in self.modules:
                continue
            spec = spec_from_file_location(name, path, loader=fresh_loader.FreshSourceLoader(name, path))
            module = module_from_spec(spec)
            self.modules[name] = module
            sys.modules[name] = module
            try:
                spec.loader.exec_module(module)
            except BaseException as error:
                del self.modules[name]
                sys.modules.pop(name, None)
                if isinstance(error, Exception):
                    raise fake_failure(name, path, error) from error
                raise
        self._fakes_loaded = True
        self._warn_unreachable_fakes()

    def _warn_unreachable_fakes(self):
        root_table = _stack[0].table if _stack else sys.modules
        for name in self.fake_files.keys() | {n for n, m in self.modules.items() if m is None}:
            holders = unreachable_by_fake(name, root_table)
            if holders:
                message = (f"fake '{name}' cannot reach shared module(s) {', '.join(holders)}: "
                           f"they imported the real '{name}' before the space existed")
                if message not in self.changes:
                    self.changes.append(message)

    # ----- activation --------------------------------------------------------------------
    def activate(self):
        """Makes this space (and its inactive ancestors) active. Re-entrant; pair every call
        with deactivate(), or use the space as a context manager."""
        _lock.acquire()
        try:
            self._check_open()
            if _stack and _stack[-1].space is self:
                _stack[-1].depth += 1
                return self
            chain = self._chain()
            active = [layer.space for layer in _stack]
            if active != chain[:len(active)]:
                raise SpaceError(f"cannot activate {self!r}: {active[-1]!r} is active and is not its ancestor")
            for space in chain[len(active):]:
                _push(space, 1 if space is self else 0)
                if not space._fakes_loaded and space.fake_files:
                    space._load_fake_files()
        except BaseException:
            _lock.release()
            raise
        return self

    def deactivate(self):
        """Undoes the matching activate(): when the outermost activation ends, the module table,
        sys and shared namespaces are restored (and process state, for a root-level space)."""
        if not _stack or _stack[-1].space is not self:
            raise SpaceError(f"{self!r} is not the active space")
        try:
            layer = _stack[-1]
            layer.depth -= 1
            if layer.depth == 0:
                _pop()
                while _stack and _stack[-1].depth == 0:  # ancestors activated implicitly
                    _pop()
        finally:
            _lock.release()

    __enter__ = activate

    def __exit__(self, *exc):
        self.deactivate()

    def checkpoint(self):
        """Takes a new baseline of process-global state (os.environ, cwd, warnings filters,
        logging, trace function) that settle() returns to. Contract: this space is the bottom
        active space (a child of the root); the baseline at activation is kept for deactivate()."""
        self._bottom_layer().checkpoint = ProcessState()

    def settle(self):
        """Restores process-global state to the last checkpoint() (or to activation) while the
        space stays active, and returns what had changed; takes a new checkpoint."""
        layer = self._bottom_layer()
        baseline = layer.checkpoint or layer.process
        table = sys.modules
        changes = baseline.restore(table.get("warnings"), table.get("threading"))
        if changes or layer.checkpoint is None:  # else the state is the checkpoint's still
            layer.checkpoint = ProcessState()
        return changes

    def _bottom_layer(self):
        if not _stack or _stack[0].space is not self:
            raise SpaceError(f"{self!r} is not the bottom active space")
        return _stack[0]

    @property
    def active(self):
        return any(layer.space is self for layer in _stack)

    def _chain(self):
        chain = []
        space = self
        while space is not None:
            chain.append(space)
            space = space.parent
        return chain[::-1]

    def _check_open(self):
        if self.closed:
            raise SpaceError(f"{self!r} is closed")

    # ----- running code ------------------------------------------------------------------
    def import_(self, name):
        """Imports `name` in this space and returns the module."""
        with self:
            return importlib.import_module(name)

    def exec(self, source, namespace=None, filename="<pyspace>"):
        """Executes `source` in this space, in `namespace` (default: the space's own)."""
        namespace = self.namespace if namespace is None else namespace
        with self:
            exec(compile(source, filename, "exec"), namespace)
        return namespace

    def eval(self, expression, namespace=None):
        namespace = self.namespace if namespace is None else namespace
        with self:
            return eval(compile(expression, "<pyspace>", "eval"), namespace)

    def run_path(self, path, args=()):
        """Runs the file `path` as __main__ in this space, as `python3 path args` would:
        sys.argv = [path as given, *args], __file__ absolute, the file's directory first on the
        path. Returns the module's namespace; exceptions (SystemExit included) propagate."""
        import io
        path = os.fspath(path)
        absolute = os.path.abspath(path)
        self.argv[:] = [path, *args]
        directory = os.path.dirname(absolute)
        if not self.path or self.path[0] != directory:
            self.path.insert(0, directory)
        with io.open_code(absolute) as handle:
            source = handle.read()
        with self:
            main = types.ModuleType("__main__")
            main.__file__ = absolute
            main.__builtins__ = __builtins__
            sys.modules["__main__"] = main
            exec(compile(source, absolute, "exec", dont_inherit=True), main.__dict__)
            return main.__dict__

    # ----- teardown ----------------------------------------------------------------------
    def close(self, check_leaks=False):
        """Drops the space's modules. Returns the names of modules still alive afterwards with
        what holds them when `check_leaks` (costs a gc.collect())."""
        if self.active:
            raise SpaceError(f"{self!r} is active; deactivate it before closing")
        if self.closed:
            return []
        self.closed = True
        refs = []
        if check_leaks:
            refs = [(name, weakref.ref(module)) for name, module in self.modules.items()
                    if isinstance(module, types.ModuleType)]
        registrations = {id(func) for func in self.atexit_functions}
        self.atexit_functions.clear()
        self.modules.clear()
        if self._namespace is not None:
            self._namespace.clear()
        self.importer_cache.clear()
        if not refs:
            return []
        from _pyspace.space.leaks import find_leaks
        return find_leaks(refs, registrations)

    def __repr__(self):
        depth = len(self._chain())
        return f"<ModuleSpace depth={depth} modules={len(self.modules)}{' closed' if self.closed else ''}>"


class _SpaceSys:
    """`space.sys`: the space's view of sys.path, sys.argv and sys.modules."""

    def __init__(self, space):
        self._space = space
        self.modules = _SpaceModules(space)

    @property
    def path(self):
        return self._space.path

    @path.setter
    def path(self, value):
        self._space.path[:] = list(value)

    @property
    def argv(self):
        return self._space.argv

    @argv.setter
    def argv(self, value):
        self._space.argv[:] = list(value)


class _SpaceModules:
    """`space.sys.modules`: reading gives what the space sees; writing injects a fake (None
    blocks); deleting drops a module the space owns."""

    def __init__(self, space):
        self._space = space

    def _lookup(self, name):
        space = self._space
        while space is not None:
            if name in space.modules:
                return space.modules[name]
            space = space.parent
        root = _stack[0].table if _stack else sys.modules
        return root[name]

    def __getitem__(self, name):
        return self._lookup(name)

    def get(self, name, default=None):
        try:
            return self._lookup(name)
        except KeyError:
            return default

    def __contains__(self, name):
        try:
            self._lookup(name)
            return True
        except KeyError:
            return False

    def __setitem__(self, name, module):
        self._space.fake(name, module)

    def __delitem__(self, name):
        del self._space.modules[name]
        if _stack and _stack[-1].space is self._space:
            sys.modules.pop(name, None)

    def keys(self):
        names = set(_stack[0].table if _stack else sys.modules)
        space = self._space
        while space is not None:
            names.update(space.modules)
            space = space.parent
        return names


class _SpaceFinder:
    """First meta-path finder while a space is active: sends imports that must be shared
    (extensions, packages holding them, the user's shared list) to the root."""

    def __init__(self, space):
        self._space = space

    def find_spec(self, name, path=None, target=None):
        found = root_import.locate(name, path, _shared_tops(), _root_tops)
        if found is root_import.ROOT:
            if target is not None:  # importlib.reload() of a root module: done in the root
                spec = _in_root(name, lambda: root_import.find_spec(name, path, target))
                return root_import.reload_spec(spec, lambda run: _in_root(name, run))
            module = _import_in_root(name)
            return root_import.spec_for(name, module)
        # The spec PathFinder gave is the one importlib would get next: answer with it rather
        # than searching sys.path twice per import (when no other finder could come first).
        if found is not None and root_import.path_finder_decides(name, path, sys.meta_path, self):
            return found
        return None

    def invalidate_caches(self):
        pass


def _shared_tops():
    tops = set()
    for layer in _stack:
        tops |= layer.space.shared
    return tops


# ----- the stack ---------------------------------------------------------------------------
def _push(space, depth):
    """Applies one space over what is active now. Contract: lock held."""
    table = sys.modules
    layer = _Layer(space, depth)
    layer.table = table.copy()
    layer.process = ProcessState() if not _stack else None
    layer.guard_token = _guard.capture(layer.table)
    if not _stack:  # put back before the guard restores namespaces
        layer.atexit_register = atexit.register
        atexit.register = _recording_register(atexit.register)
    table.update(space.modules)
    _link_submodules(space, table)
    meta_path = [finder for finder in sys.meta_path if not isinstance(finder, _SpaceFinder)]
    hooks = [hook for hook in sys.path_hooks if hook is not fresh_loader.fresh_path_hook]
    sys.path = space.path
    sys.argv = space.argv
    sys.meta_path = [space._finder, *meta_path]
    sys.path_hooks = [fresh_loader.fresh_path_hook, *hooks]
    sys.path_importer_cache = space.importer_cache
    # PEP 509 tags after the push: unchanged at pop means nothing was imported or written.
    layer.table_version = dict_version(table)
    layer.sys_version = dict_version(sys.__dict__)
    _stack.append(layer)


def _recording_register(original):
    """atexit.register while a space is active: also notes the callback in the active space, so
    that a leak report can say a module is held by an atexit registration (CPython keeps the
    callbacks where the garbage collector cannot see them)."""
    def register(func, *args, **kwargs):
        if _stack:
            _stack[-1].space.atexit_functions.append(func)
        return original(func, *args, **kwargs)
    register.__doc__ = original.__doc__
    register.__wrapped__ = original
    return register


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


def _pop():
    """Undoes the top push; what was imported meanwhile now belongs to that space."""
    layer = _stack.pop()
    space = layer.space
    table = sys.modules
    before = layer.table
    if dict_version(table) == layer.table_version:
        changed, removed = list(space.modules), ()  # only what the push itself put there
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
    if layer.atexit_register is not None:
        atexit.register = layer.atexit_register
    space.changes += _guard.restore(layer.guard_token, dict_version(sys.__dict__) == layer.sys_version)
    if layer.process is not None:
        space.changes += layer.process.restore(before.get("warnings"), before.get("threading"))
    linecache = sys.modules.get("linecache")
    if linecache is not None:
        linecache.checkcache()  # tracebacks show the current source


def _import_in_root(name):
    """Imports `name` with the root's module table and sys, while a space is active, and makes
    the result (and whatever it imported) root modules visible to every active layer.
    Contract: called by importlib (import lock of `name` held) with a space active."""
    return _in_root(name, lambda: importlib.import_module(name))


def _in_root(name, action):
    """Returns action() run with the root's module table and sys, while a space is active (for
    module `name`); whatever it imported becomes root modules visible to every active layer."""
    table = sys.modules
    active_view = table.copy()
    root = _stack[0]
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
    try:
        result = action()
    finally:
        imported = table.copy()
        table.clear()
        table.update(active_view)
        for key, value in swapped.items():
            setattr(sys, key, value)
    promoted = {key: value for key, value in imported.items() if root_view.get(key, _MISSING) is not value}
    _root_tops.add(name.partition(".")[0])
    shadowed = {key for key, value in active_view.items() if root_view.get(key, _MISSING) is not value}
    for layer in _stack:
        layer.table.update(promoted)
    for key, value in promoted.items():
        parent, dot, child = key.rpartition(".")
        if dot and root_view.get(parent) is not None:
            _guard.adopt(root_view[parent], child, value)
    # Not `name` itself: importlib's _find_spec would then re-execute it from its real spec; the
    # AlreadyImported loader puts it in the table.
    table.update({key: value for key, value in promoted.items() if key not in shadowed and key != name})
    for top_space in (layer.space for layer in _stack):
        if top_space.fake_files or any(m is None for m in top_space.modules.values()):
            top_space._warn_unreachable_fakes()
    return result


def _root_sys(root_layer, key):
    """The root's value of sys.<key>, as captured when the bottom layer was pushed."""
    return root_layer.guard_token[3][key]


_MISSING = object()


def unreachable_by_fake(name, root_table):
    """Names of root modules (other than `name` and its submodules) holding a reference to the
    real module `name`: a fake for `name` in a space cannot replace what they already hold."""
    real = root_table.get(name)
    if not isinstance(real, types.ModuleType):
        return []
    holders = []
    for holder_name, module in list(root_table.items()):
        if holder_name == name or holder_name.startswith(name + "."):
            continue
        namespace = namespace_of(module)
        if namespace and any(value is real for value in list(namespace.values())):
            holders.append(holder_name)
    return sorted(holders)


def active_space():
    """The innermost active space, or None when the root is active."""
    return _stack[-1].space if _stack else None
