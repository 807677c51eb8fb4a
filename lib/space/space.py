"""Module spaces (module `_pyspace.space.space`): partitions of the interpreter's module namespace.

A space owns a set of modules, its sys.path and sys.argv, and fakes. It works by *activation*:
while a space is active, the interpreter's real module table (the same dict object) holds the
root's modules, its ancestors' and its own (fakes shadow real modules, blocked names are None),
and sys.path/sys.argv are the space's. Whatever is imported while it is active belongs to it,
except C extensions, packages holding them and shared modules, which are imported in the root.
On deactivation the table, sys, every shared module namespace and process-global state are put
back exactly as they were, and the space keeps its modules for its next activation.

Threading contract: one stack of active spaces per process (activation.py), guarded by a
re-entrant lock that activate() takes and deactivate() releases; all functions here need the GIL.
"""
import importlib
import os
import sys
import types
import weakref
from importlib.util import module_from_spec, spec_from_file_location

from _pyspace.space import activation, fresh_loader
from _pyspace.space.activation import stack as _stack
from _pyspace.space.fake_check import check_fakeable, fake_failure
from _pyspace.space.local_modules import UsageError as LocalUsageError, check_local
from _pyspace.space.namespace_guard import namespace_of
from _pyspace.space.process_state import ProcessState


class SpaceError(RuntimeError):
    """Misuse of a space: activating a closed space, or one whose branch is not active."""


class ModuleSpace:
    """A module space. `parent=None` makes a child of the innermost active space, or of the
    root when none is active. `path` and `argv` default to a copy of the parent's (the root's:
    sys.path and sys.argv when the space is created). `shared`: top-level names imported in the
    root and shared. `local`: names the space imports itself from its own path although the root
    has them (another version of an installed package, a fresh copy of `logging`), for this
    space and its children (local_modules)."""

    def __init__(self, parent=None, *, path=None, argv=None, shared=(), local=()):
        if parent is not None and not isinstance(parent, ModuleSpace):
            raise TypeError("parent must be a ModuleSpace or None")
        if parent is None and _stack:
            parent = _stack[-1].space
        self.parent = parent
        self.path = list(path if path is not None else (parent.path if parent else sys.path))
        self.argv = list(argv if argv is not None else (parent.argv if parent else sys.argv))
        self.shared = set(shared)
        self.local = set()
        self.local_checked = False  # holders of the root's copies noticed (at first activation)
        self.modules = {}          # name -> module (or None: blocked) owned by this space
        self.fake_files = {}       # name -> path of a .py loaded fresh into this space
        self.changes = []          # what deactivations found changed and put back
        self.notices = []          # where module placement left its rule, and why (root_import)
        self.fake_names = set()    # names fake() and block() were given
        self.atexit_functions = [] # callbacks code in this space registered with atexit
        self.state = {}            # the runner's per-space state (space_state.current())
        self._namespace = None     # exec()/eval() globals, made on first use
        self.importer_cache = {}   # this space's sys.path_importer_cache
        self.closed = False
        self._fakes_loaded = False
        self._finder = activation.SpaceFinder(self)
        self._sys = None
        for name in local:
            self.make_local(name)

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

    def make_local(self, name):
        """Makes `name` (a module or package, with its submodules) the space's own from its next
        activation: imported from the space's path even though the root has it. ValueError for
        a name the interpreter needs one copy of, or one the space shares."""
        self._check_open()
        check_local(name)
        if name.partition(".")[0] in self.shared:
            raise LocalUsageError(f"local '{name}': the space shares '{name.partition('.')[0]}'")
        self.local.add(name)
        self.local_checked = False

    # ----- fakes -------------------------------------------------------------------------
    def fake(self, name, module_or_path):
        """Injects `module_or_path` (a module object, or a .py file loaded fresh in this space
        at its next activation) as module `name`, shadowing the real one inside this space and
        its children only. None blocks the name (ModuleNotFoundError inside the space)."""
        self._check_open()
        check_fakeable(name)
        self.fake_names.add(name)
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
            holders = activation.unreachable_by_fake(name, root_table)
            if holders:
                message = (f"fake '{name}' cannot reach shared module(s) {', '.join(holders)}: "
                           f"they imported the real '{name}' before the space existed")
                if message not in self.changes:
                    self.changes.append(message)

    # ----- activation --------------------------------------------------------------------
    def activate(self):
        """Makes this space (and its inactive ancestors) active. Re-entrant; pair every call
        with deactivate(), or use the space as a context manager. What the calling module
        assigns to its own globals while the space is active (`with space: x = mod.f()`) stays;
        every other module the space shares is put back on deactivation."""
        caller = _calling_module()
        activation.lock.acquire()
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
                activation.push(space, 1 if space is self else 0, caller)
                if not space._fakes_loaded and space.fake_files:
                    space._load_fake_files()
        except BaseException:
            activation.lock.release()
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
                activation.pop()
                while _stack and _stack[-1].depth == 0:  # ancestors activated implicitly
                    activation.pop()
        finally:
            activation.lock.release()

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
        self.state.clear()
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


def _calling_module():
    """The module whose code called ModuleSpace.activate: None for the runner's own modules
    (this file's `with self:`, a call from C++ under the runner's frames) and for a call from
    C++ with no Python frame."""
    try:
        namespace = sys._getframe(2).f_globals
    except ValueError:
        return None
    name = namespace.get("__name__")
    if not isinstance(name, str) or name.startswith("_pyspace"):
        return None
    module = sys.modules.get(namespace.get("__name__"))
    return module if namespace_of(module) is namespace else None


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


def active_space():
    """The innermost active space, or None when the root is active."""
    return _stack[-1].space if _stack else None


def adopt_environment():
    """os.environ as it is now becomes what the bottom active space puts back, at settle() and
    deactivation: a -n worker's PYTEST_XDIST_* variables are its process's, not a test's doing.
    Contract: GIL held; a space is active."""
    layer = _stack[0]
    layer.process.environ = os.environ._data.copy()
    if layer.checkpoint is not None:
        layer.checkpoint.environ = os.environ._data.copy()
