"""Per-space state of the runner's own modules (module `_pyspace.space.space_state`).

The runner's modules are root modules, shared by every space; what they remember about one
space's run (its conftest modules and fixture layers, the test-class instances of class-level
fixtures, the `pytestconfig` of its session, its temporary directories) must belong to that
space and go away with it, never sit in a root-module global where the next space would find
it. `current()` is the owner: the state dict of the innermost active space, or, when no space is
active, the root's (a process that runs the runner's modules without spaces, as the Python
harness of tests/python does, is one root).

Keys are the owning module's name; values are whatever that module keeps. The dict of a space
is cleared by ModuleSpace.close(). Contract: GIL held. This module imports nothing, so that it
works where `_pyspace_native` does not exist (the harness).
"""

_root = {}
_active_state = None  # set by activation.py: () -> the innermost active space's dict, or None


def current():
    """The state dict of the innermost active space (the root's when none is active)."""
    if _active_state is not None:
        state = _active_state()
        if state is not None:
            return state
    return _root


def owned(key, factory):
    """What the active space keeps under `key` (the owning module's name), made by factory()
    on first use; it goes away with the space."""
    state = current()
    value = state.get(key)
    if value is None:
        value = state[key] = factory()
    return value


def set_provider(provider):
    """Called once by activation.py: provider() gives the active space's state dict or None."""
    global _active_state
    _active_state = provider


_CLAIMS = "space_state.claims"


def claim_file(module_name, path):
    """Makes module `module_name` (the file `path`) the active space's own wherever it lies: a test
    module or conftest.py inside an installed package that holds extensions is imported by the
    space with the fresh loader (asserts rewritten), never sent to the root with its package."""
    current().setdefault(_CLAIMS, {})[module_name] = path


_IMPORT_HOOKS = "space_state.import_hooks"


def after_import(module_name, hook):
    """hook(module) once module `module_name` has been imported in the active space, by its
    finder (activation.SpaceFinder), then forgotten: how the runner's log capture learns that a
    test imported `logging` (fixtures/log_capture.py)."""
    current().setdefault(_IMPORT_HOOKS, {})[module_name] = hook


def import_hook(state, module_name):
    """Takes the hook after_import() set for module_name in the space state `state`, or None."""
    hooks = state.get(_IMPORT_HOOKS)
    return hooks.pop(module_name, None) if hooks else None


def claimed_path(state, module_name):
    """The file claim_file() named for module_name in the space state `state`, or None."""
    claims = state.get(_CLAIMS)
    return claims.get(module_name) if claims else None
