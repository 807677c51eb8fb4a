"""What each test file used while it was collected and run (module `_pyspace.watch.run_dependencies`).

Watch mode selects the test files a save affects from what the runs recorded, not from reading
import statements: a module reached only through a conftest fixture, `importlib.import_module`,
an import inside a test, or a data file the test opened counts.

While a run is in progress (begin_run() .. end_run()), every import statement (builtins.__import__)
and importlib.import_module call is seen, cached modules included, and every file opened (an
audit hook on "open"). What a project file (one under the watched roots) uses becomes:
- an edge from the using file, of two kinds: a module body's (an import statement at module
  level, an `open` under a project module's body), replaced when that body runs again; and a
  function's (an import or `open` by a function of a project file, and whatever runs under a
  conftest.py's fixture or hook, for that conftest.py and so for every file under it), kept from
  run to run: a module or a session fixture may keep what it got for later callers. Either way
  a module imported while an earlier file ran still leads to what it used;
- a dependency of the test file whose collection or test is running (enter()/leave(), called by
  watch/recording_engine.cpp around Collector::collect and Executor::run).
affected() is the closure over both, from the test file and the conftest.py files above it.
Files opened for writing are the tests' own output: not dependencies, and written() tells the
loop that their saves are not triggers.
A supervised run's children (-n, --timeout) record in their own copy of this module and send
what is new after each test (child_record()); the parent joins it to its run
(merge_child_record()), so end_run() in the parent sees the children's tests too.
A test file's record is replaced when a run saw it completely (collected and every item run),
else merged into the previous one (an interrupted run does not forget); a module's edges are
replaced when its body ran again (an audit "exec" event of its module code).

Contract: GIL held. The hooks run in whatever space is active; the other functions need none.
The hooks are installed once per process (an audit hook cannot be removed) and do nothing
outside a run.
"""
import builtins
import importlib
import json
import os
import sys

from _pyspace.space import import_frames

_roots = ()           # the watched directories, each ending with os.sep
_active = False       # a run is in progress
_current = None       # the test file whose collection or tests run now (absolute), or None
_used = {}            # this run's: test file -> set of files it used
_complete = set()     # this run's: test files seen completely
_records = {}         # test file -> set of project files it used (from its last runs)
_edges = {}           # project file -> set of project files its module body imported or opened
_new_edges = {}       # this run's edges
_call_edges = {}      # file -> what its functions imported or opened (a conftest.py's: also
                      # what ran under its fixtures): kept from run to run
_CONFTEST = os.sep + "conftest.py"
_executed = set()     # this run's: project files whose module body ran (their edges are replaced)
_all_used = set()     # every file in _records and _edges (for is_dependency)
_written = set()      # files the current (or last) run opened for writing: its own output
_is_watched_cache = {}
_real_import = None
_real_import_module = None


def _watched(path):
    """`path` (absolute str) is a file under the watched roots, outside __pycache__."""
    known = _is_watched_cache.get(path)
    if known is None:
        known = path.startswith(_roots) and "__pycache__" not in path and not path.endswith(".pyc")
        if len(_is_watched_cache) < 100_000:
            _is_watched_cache[path] = known
    return known


def _use(importer, path, conftest=None):
    """`path` was used while `_current` ran: by the body of `importer` (an edge replaced when
    that body runs again), or by a function of `conftest` (an edge kept)."""
    if path in _written:  # what the tests wrote and read back is not an input
        return
    if _current is not None and path != _current:
        _used[_current].add(path)
    if importer and importer != path and _watched(importer):
        edges = _new_edges.get(importer)
        if edges is None:
            edges = _new_edges[importer] = set()
        edges.add(path)
    if conftest and conftest != path:
        edges = _call_edges.get(conftest)
        if edges is None:
            edges = _call_edges[conftest] = set()
        edges.add(path)


def _conftest_running(frame):
    """The innermost conftest.py (watched) with a function on the stack from `frame` out: a
    fixture or hook of it is running (a session fixture's value serves files that did not see
    it being made)."""
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(_CONFTEST) and _watched(filename):
            return filename
        frame = frame.f_back
    return None


def _module_file(name):
    module = sys.modules.get(name)
    path = getattr(module, "__file__", None)
    return path if isinstance(path, str) and _watched(path) else None


def _absolute(name, globals, level):
    if level == 0:
        return name
    package = globals.get("__package__") if globals else None
    if package is None and globals:
        package = globals.get("__name__", "")
        if "__path__" not in globals:
            package = package.rpartition(".")[0]
    bits = (package or "").rsplit(".", level - 1)
    if not package or len(bits) < level:
        return None
    return f"{bits[0]}.{name}" if name else bits[0]


def _note(name, globals, fromlist, level, frame):
    """An import of `name` by the code of `frame` (globals `globals`)."""
    full = _absolute(name, globals, level)
    if not full:
        return
    parts = full.split(".")
    names = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    if fromlist:
        names.extend(f"{full}.{item}" for item in fromlist if isinstance(item, str) and item != "*")
    paths = [path for path in map(_module_file, names) if path]
    if not paths:
        return
    importer = conftest = caller = None
    if frame.f_code.co_name == "<module>":
        importer = globals.get("__file__") if globals else None
        if not isinstance(importer, str):
            importer = None
    else:  # a function's import: its module may keep what it imported for later callers
        conftest = _conftest_running(frame)
        caller = frame.f_code.co_filename
        if caller == conftest or not _watched(caller):
            caller = None
    for path in paths:
        _use(importer, path, conftest)
        if caller is not None:
            _use(None, path, caller)


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    module = _real_import(name, globals, locals, fromlist, level)
    if _active:
        try:
            _note(name, globals, fromlist, level, sys._getframe(1))
        except Exception:  # noqa: recording never breaks an import
            pass
    return module


def _import_module(name, package=None):
    module = _real_import_module(name, package)
    if _active:
        try:
            caller = sys._getframe(1)
            _note(module.__name__, caller.f_globals, (), 0, caller)
        except Exception:  # noqa: recording never breaks an import
            pass
    return module


def _audit(event, args):
    if (event != "open" and event != "exec") or not _active:
        return
    try:  # an exception here would fail the open() or exec() being audited
        _audited(event, args)
    except Exception:  # noqa: recording never breaks what it records
        pass


def _audited(event, args):
    if event == "exec":
        code = args[0]
        if getattr(code, "co_name", None) == "<module>" and _watched(code.co_filename):
            _executed.add(code.co_filename)
        return
    path, mode = args[0], args[1]
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    elif not isinstance(path, str):
        path = getattr(path, "__fspath__", None) and os.fspath(path)
        if not isinstance(path, str):
            return
    writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
        (len(args) > 2 and isinstance(args[2], int) and bool(args[2] & (os.O_WRONLY | os.O_RDWR)))
    path = os.path.abspath(path)
    if not _watched(path):
        return
    if writes:
        _written.add(path)
        return
    # The innermost project module whose body is running, if any; else the innermost project
    # function's file (a module that reads a file once and keeps what it read serves later
    # callers too) and the conftest.py whose fixture runs.
    importer = caller = conftest = None
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_filename != path and _watched(code.co_filename):
            if code.co_name == "<module>":
                importer = code.co_filename
                break
            if caller is None:
                caller = code.co_filename
            if conftest is None and code.co_filename.endswith(_CONFTEST):
                conftest = code.co_filename
        frame = frame.f_back
    _use(importer, path, conftest)
    if importer is None and caller is not None and caller != conftest:
        _use(None, path, caller)


def _install():
    global _real_import, _real_import_module
    if _real_import is not None:
        return
    _real_import = builtins.__import__
    _real_import_module = importlib.import_module
    import_frames.mark(_import, _import_module)
    builtins.__import__ = _import
    importlib.import_module = _import_module
    sys.addaudithook(_audit)


def begin_run(roots):
    """A run starts: record what is used under `roots` (directories) until end_run()."""
    global _roots, _active, _current
    _install()
    _roots = tuple(os.path.join(os.path.abspath(root), "") for root in roots)
    _is_watched_cache.clear()
    _used.clear()
    _complete.clear()
    _new_edges.clear()
    _executed.clear()
    _written.clear()
    _sent_call_edges.clear()
    _sent_written.clear()
    _current = None
    _active = True


def enter(test_file):
    """The collection or a test of `test_file` (absolute) starts."""
    global _current
    _current = test_file
    _used.setdefault(test_file, set())


def leave():
    global _current
    _current = None


def seen_completely(test_file):
    _complete.add(test_file)


def end_run():
    """The run ended: what it recorded becomes the test files' records."""
    global _active, _current
    _active = False
    _current = None
    for test_file, used in _used.items():
        if test_file in _complete or test_file not in _records:
            _records[test_file] = used
        else:
            _records[test_file] |= used
    _used.clear()
    for importer in _executed:  # its body ran again: what it uses now
        _edges[importer] = _new_edges.pop(importer, set())
    for importer, edges in _new_edges.items():
        _edges.setdefault(importer, set()).update(edges)
    _new_edges.clear()
    _executed.clear()
    _all_used.clear()
    _all_used.update(*_records.values(), *_edges.values(), *_call_edges.values())


_sent_call_edges = {}  # a supervised child's: the _call_edges it has sent to its parent
_sent_written = set()  # and the files written


def child_record():
    """In a supervised child (-n, --timeout), its space active or not: what its tests recorded
    since the last call, as text for merge_child_record() in the parent ("" when nothing). Called
    between tests (no test file current)."""
    used = {test: sorted(paths) for test, paths in _used.items() if paths}
    for test in used:
        _used[test] = set()
    call_edges = {}
    for user, paths in _call_edges.items():
        new = paths - _sent_call_edges.get(user, set())
        if new:
            call_edges[user] = sorted(new)
            _sent_call_edges.setdefault(user, set()).update(new)
    written = sorted(_written - _sent_written)
    _sent_written.update(written)
    record = {"used": used, "complete": sorted(_complete), "edges": {k: sorted(v) for k, v in _new_edges.items()},
              "executed": sorted(_executed), "call_edges": call_edges, "written": written}
    _complete.clear()
    _new_edges.clear()
    _executed.clear()
    if not any(record.values()):
        return ""
    return json.dumps(record)


def merge_child_record(text):
    """In the parent of a supervised run: what a child's child_record() gave joins this run's."""
    record = json.loads(text)
    for test, paths in record["used"].items():
        _used.setdefault(test, set()).update(paths)
    _complete.update(record["complete"])
    for importer, paths in record["edges"].items():
        _new_edges.setdefault(importer, set()).update(paths)
    _executed.update(record["executed"])
    for user, paths in record["call_edges"].items():
        _call_edges.setdefault(user, set()).update(paths)
    _written.update(record["written"])


def written(path):
    """The current or last run opened `path` for writing (a save of it is the tests' own)."""
    return os.path.abspath(path) in _written


def is_dependency(path):
    """Some test file's run used `path` (imported or opened it)."""
    return os.path.abspath(path) in _all_used


def known(test_file):
    return test_file in _records


def _conftests(test_file):
    """The conftest.py files that apply to `test_file` (in its directory and those above, up to
    the watched root it is under)."""
    root = next((r for r in _roots if test_file.startswith(r)), None)
    out = []
    directory = os.path.dirname(test_file)
    while root is not None and os.path.join(directory, "").startswith(root):
        out.append(os.path.join(directory, "conftest.py"))
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return out


def dependencies(test_file):
    """Every file `test_file`'s results depend on, as far as the runs saw: itself, its conftests,
    what they used, and so on."""
    seen = set()
    pending = [test_file, *_conftests(test_file), *_records.get(test_file, ())]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        pending.extend(_edges.get(current, ()))
        pending.extend(_call_edges.get(current, ()))
    return seen


def affected(test_files, changed_files):
    """Those of `test_files` (in order) that a change of `changed_files` affects; a test file no
    run has recorded yet is affected by any change."""
    changed = {os.path.abspath(path) for path in changed_files}
    result = []
    for test in test_files:
        test = os.path.abspath(test)
        if test not in _records or not changed.isdisjoint(dependencies(test)):
            result.append(test)
    return result


def forget(paths):
    """Deleted files: no longer test files with a record, nor importers."""
    for path in paths:
        path = os.path.abspath(path)
        _records.pop(path, None)
        _edges.pop(path, None)
        _call_edges.pop(path, None)
        _all_used.discard(path)
