"""The conftest.py hooks the native engine calls itself (module `_pyspace.collect.hooks`).

NATIVE names them: `pytest_addoption` (options and ini keys a conftest declares, with their
defaults: an option given on the command line never reaches the native engine, it hands the run
over), `pytest_configure` (`config.addinivalue_line("markers", ...)`, `config.option`,
`config.stash`), `pytest_collection_modifyitems` (reorder, deselect through
`config.hook.pytest_deselected`, `item.add_marker`) and `pytest_deselected`. They are called
through pluggy with pytest's own hook specifications (`_pytest.hookspec`): firstresult,
hookwrappers, tryfirst/trylast and historic hooks behave as under pytest; pytest_addoption and
pytest_configure are historic, so a conftest registered later gets them at registration, as in
pytest. pluggy and the specs are imported only for a suite whose conftests define one of these
hooks (~60 ms: pluggy imports importlib.metadata), into the root.

Anything else a hook reaches for that the native engine does not provide (the plugin manager,
`config.hook` beyond pytest_deselected, an attribute of an item or the session that is not
here) and any exception a hook raises make the suite pytest's: the failure is a reason
(engine_needs) and the run goes to pytest's engine, which reproduces whatever pytest does.

Per space (space_state): the plugin manager, the Config (the one the session's `pytestconfig`
then is), the deselected items. configure() gives the run's settings once.
Contract: GIL held; register() and modify_items() with the collecting space active.
"""

from _pyspace.pytest_api import config as config_mod, run_switches, warning_filters
from _pyspace.space import space_state

NATIVE = frozenset({"pytest_addoption", "pytest_configure", "pytest_collection_modifyitems",
                    "pytest_deselected"})

_run = {"config": {}, "options": {}, "unknown_keys": (), "selection": False, "per_file": False}


def configure(config, options, unknown_keys, selection, per_file):
    """The run's pytest configuration dict (pytest_config.from_model) and option values, the
    configfile's keys pytest does not know, whether -k/-m/--deselect select (pytest's
    deselection runs after a conftest's modifyitems, the native one before) and whether every
    file has its own space (--isolate file: pytest's modifyitems sees every file's items)."""
    _run.update(config=config, options=options, unknown_keys=tuple(unknown_keys),
                selection=bool(selection), per_file=bool(per_file))


class NeedsPytest(AttributeError):
    """A hook used what only pytest provides; str() says what. An AttributeError, so that
    `hasattr(config, "workerinput")` answers False, as under pytest without xdist."""


class _OnlyPytest:
    """Stands for an object of pytest's that the native engine does not have: any use is a
    NeedsPytest naming it."""

    def __init__(self, what):
        object.__setattr__(self, "_what", what)

    def __getattr__(self, name):
        raise NeedsPytest(f"{self._what}.{name}")

    def __setattr__(self, name, value):
        raise NeedsPytest(f"{self._what}.{name}")


class _HookRelay:
    """`config.hook`: pytest_deselected only."""

    def __init__(self, hooks):
        self._hooks = hooks

    def __getattr__(self, name):
        if name == "pytest_deselected":
            return self._hooks.pm.hook.pytest_deselected
        raise NeedsPytest(f"config.hook.{name}")


class _Group:
    def __init__(self, parser):
        self._parser = parser

    def addoption(self, *names, **attrs):
        self._parser.addoption(*names, **attrs)

    _addoption = addoption


class _Parser:
    """What `pytest_addoption(parser)` gets: declared options get their defaults in
    config.option (a given one never gets here: the command line hands the run over); declared
    ini keys their defaults in getini."""

    def __init__(self, config):
        self._config = config

    def addoption(self, *names, **attrs):
        dest = attrs.get("dest")
        if dest is None:
            longs = [name for name in names if name.startswith("--")]
            dest = (longs or list(names))[0].lstrip("-").replace("-", "_")
        action = attrs.get("action")
        if "default" in attrs:
            default = attrs["default"]
        elif action == "store_true":
            default = False
        elif action == "store_false":
            default = True
        else:
            default = None
        if getattr(self._config.option, dest, None) is None:
            setattr(self._config.option, dest, default)

    def getgroup(self, name, description="", after=None):
        return _Group(self)

    def addini(self, name, help, type=None, default=None):
        if name in _run["unknown_keys"]:
            raise NeedsPytest(f"the ini key {name} it declares, set in the configfile")
        if default is None:
            default = ([] if type in ("linelist", "args", "paths", "pathlist")
                       else False if type == "bool" else "")
        self._config._ini.setdefault(name, default)

    def __getattr__(self, name):
        raise NeedsPytest(f"parser.{name}")


class _Config(config_mod.Config):
    """The Config hooks get (and the session then, as `pytestconfig`): the tests' Config, with
    what the native hooks need."""

    def __init__(self, hooks, ini, rootdir, options):
        super().__init__(ini, rootdir, options)
        self._hooks = hooks

    @property
    def hook(self):
        return _HookRelay(self._hooks)

    @property
    def pluginmanager(self):
        return _OnlyPytest("config.pluginmanager")

    def addinivalue_line(self, name, line):
        if name != "markers":
            raise NeedsPytest(f"config.addinivalue_line({name!r}, ...)")
        super().addinivalue_line(name, line)
        run_switches.register_marker_line(line)

    def __getattr__(self, name):
        raise NeedsPytest(f"config.{name}")


class _Session:
    """The `session` of pytest_collection_modifyitems."""

    def __init__(self, config, items):
        self.config = config
        self.items = items
        self.testscollected = len(items)
        self.testsfailed = 0
        self.shouldstop = self.shouldfail = False

    def __getattr__(self, name):
        raise NeedsPytest(f"session.{name}")


class _Deselected:
    """The native engine's own pytest_deselected: counts what hooks deselect."""

    def __init__(self):
        self.count = 0

    def pytest_deselected(self, items):
        self.count += len(items)


def _plugin_manager():
    """A pluggy PluginManager that takes the native hooks by name, as pytest's does (a plain
    `def pytest_configure` is a hook; `@pytest.hookimpl(...)` options are read as pluggy does)."""
    import inspect
    import pluggy

    class PluginManager(pluggy.PluginManager):
        def parse_hookimpl_opts(self, plugin, name):
            if name not in NATIVE or not inspect.isroutine(getattr(plugin, name, None)):
                return None
            opts = super().parse_hookimpl_opts(plugin, name)
            return {} if opts is None else opts

    return PluginManager("pytest")


class _Hooks:
    """One space's plugin manager, Config and deselection count."""

    def __init__(self):
        from _pytest import hookspec
        self.pm = _plugin_manager()
        self.pm.add_hookspecs(hookspec)
        settings = _run["config"]
        self.config = _Config(self, settings, settings.get("rootdir"), _run["options"])
        config_mod.set_config(self.config)
        self.deselected = _Deselected()
        self.pm.register(self.deselected, name="pyspace-deselected")
        self.pm.hook.pytest_addoption.call_historic(
            kwargs={"parser": _Parser(self.config), "pluginmanager": _OnlyPytest("pluginmanager")})
        self.pm.hook.pytest_configure.call_historic(kwargs={"config": self.config})
        self.modifies = False


def _hooks():
    return space_state.owned(__name__, _Hooks)


def native_names(module):
    """The hooks of a conftest module the native engine calls (the others are engine_needs')."""
    return [name for name in NATIVE if callable(vars(module).get(name))]


def register(module, path, shown):
    """Registers a conftest module's native hooks (their historic ones are called now). Returns
    the reason the suite needs pytest's engine, or None."""
    names = native_names(module)
    if not names:
        return None
    if "pytest_collection_modifyitems" in names:
        if _run["selection"]:
            return f"{shown} defines the hook pytest_collection_modifyitems, with -k, -m or --deselect"
        if _run["per_file"]:
            return f"{shown} defines the hook pytest_collection_modifyitems (--isolate file)"
    try:
        hooks = _hooks()
        hooks.pm.register(module, name=path)
    except NeedsPytest as exc:
        return f"{shown}: a hook uses {exc}"
    except Exception as exc:  # pytest reproduces it (an error, a warning, its message)
        return f"{shown}: a hook raised {type(exc).__name__}: {exc}"
    if "pytest_collection_modifyitems" in names:
        hooks.modifies = True
    return None


def modify_items(items, filterwarnings=()):
    """pytest_collection_modifyitems over the items of the run, when a conftest defines it:
    (the positions in `items` of those kept, in their new order; how many hooks deselected;
    None; the warnings the hooks raised, as collection's: warning_filters.recording), or (None,
    0, the reason the suite needs pytest's engine, []); None without such a hook."""
    state = space_state.current().get(__name__)
    if state is None or not state.modifies:
        return None
    before = state.deselected.count
    kept = list(items)
    try:
        _, recorded = warning_filters.recording(lambda: state.pm.hook.pytest_collection_modifyitems(
            session=_Session(state.config, kept), config=state.config, items=kept), filterwarnings)
        where = {id(item): index for index, item in enumerate(items)}
        order = [where[id(item)] for item in kept]
    except NeedsPytest as exc:
        return None, 0, f"pytest_collection_modifyitems uses {exc}", []
    except Exception as exc:  # an item not collected here, or the hook's own error: pytest's to show
        return None, 0, f"pytest_collection_modifyitems raised {type(exc).__name__}: {exc}", []
    return order, state.deselected.count - before, None, recorded


def uses_config(config):
    """Whether `config` is the Config this space's hooks made (the session keeps it)."""
    return isinstance(config, _Config)
