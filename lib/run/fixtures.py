"""pytest fixtures, recognised by duck typing and executed natively (module `_pyspace.fixtures`).

Collection side: `Registry` gathers FixtureDefs visible to a test file, outermost first: builtins
(builtin_fixtures.py), conftest.py modules from the rootdir down, the test module, then each
enclosing class. A name maps to the chain of its definitions; the last one wins and a fixture
requesting its own name gets the one it overrides. `Registry.info(...)` computes an item's
closure as pytest's getfixtureclosure does: autouse names, usefixtures, arguments, then the
fixtures those need, stably sorted by scope (session first).

Run side: `setup_item(item, state, scopes)` fills every closure name in order and returns the
test's keyword arguments. A FixtureDef caches its value (or its exception) per parameter index;
finishing it runs its finalizers (yield teardown, request.addfinalizer, dependants' finish) in
reverse. Its finish is scheduled on the node of its scope: state.finalizers for function scope,
else the ScopeStack entry (class, module, package directory, session).
"""

import os
import sys
from types import FunctionType as _FunctionType, ModuleType as _ModuleType

from _pyspace import arguments, xunit

SCOPES = ("session", "package", "module", "class", "function")
_RANK = {name: index for index, name in enumerate(SCOPES)}
FUNCTION_RANK = _RANK["function"]
XUNIT = "<xunit setup_function/setup_method>"  # closure entry: run the xunit function hooks here
_NOTSET = object()


class FixtureDefinitionError(Exception):
    """A fixture is declared wrongly (bad scope); str(self) is the message."""


class FixtureDef:
    """One @pytest.fixture definition and its cached value."""

    def __init__(self, name, func, *, scope="function", params=None, ids=None, autouse=False,
                 baseid="", owner_cls=None, location_dir=None, binding="instance"):
        if scope not in _RANK:
            raise FixtureDefinitionError(
                f"Fixture '{name}' from {baseid or 'builtins'} got an unexpected scope value "
                f"'{scope}'")
        self.name = name
        self.func = func
        self.scope = scope
        self.rank = _RANK[scope]
        self.params = list(params) if params is not None else None
        self.ids = ids
        self.autouse = autouse
        self.baseid = baseid
        self.owner_cls = owner_cls          # class the fixture was defined in (bound per call)
        self.location_dir = location_dir    # directory of the defining conftest (package scope)
        self.binding = binding  # in a class: "instance", "static" or "class" (classmethod)
        self.argnames = arguments.required_argnames(
            func, is_method=owner_cls is not None and binding != "static")
        self.is_generator = arguments.is_generator_function(func)
        self.cached = None                  # (key, value, exception)
        self.finalizers = []
        self._finish = self.finish

    def finish(self):
        """Run the finalizers (reverse order) and forget the cached value; raise the first error."""
        error = None
        try:
            while self.finalizers:
                finalizer = self.finalizers.pop()
                try:
                    finalizer()
                except KeyboardInterrupt:
                    raise
                except BaseException as exc:
                    if error is None:
                        error = exc
        finally:
            self.cached = None
        if error is not None:
            raise error

    def __repr__(self):
        return f"<FixtureDef {self.name} scope={self.scope} baseid={self.baseid!r}>"


def fixture_marker(obj):
    """pytest's FixtureFunctionMarker of obj, or None (never raises). @pytest.fixture sets it on
    functions; modules and classes never carry one (read without getattr's AttributeError)."""
    kind = type(obj)
    if kind is _FunctionType:
        marker = obj.__dict__.get("_pytestfixturefunction")
    elif kind is _ModuleType or kind is type:
        return None
    else:
        try:
            marker = getattr(obj, "_pytestfixturefunction", None)
        except Exception:
            return None
    if marker is None or not hasattr(marker, "scope"):
        return None
    return marker


def definition_from(attr_name, obj, baseid, owner_cls=None, location_dir=None):
    """The FixtureDef for a decorated fixture object, or None for anything else."""
    binding = "instance"
    if isinstance(obj, (staticmethod, classmethod)):
        binding = "static" if isinstance(obj, staticmethod) else "class"
        obj = obj.__func__
    marker = fixture_marker(obj)
    if marker is None:
        return None
    func = obj
    wrapped = getattr(obj, "__pytest_wrapped__", None)
    if wrapped is not None:
        func = getattr(wrapped, "obj", obj)
    func = getattr(func, "__func__", func)  # staticmethod/classmethod/bound method
    name = getattr(marker, "name", None) or attr_name
    scope = marker.scope
    if callable(scope):
        try:
            scope = scope(fixture_name=name, config=config_object())
        except Exception:
            scope = "function"
    params = getattr(marker, "params", None)
    definition = FixtureDef(name, func, scope=scope or "function", params=params,
                            ids=getattr(marker, "ids", None), autouse=bool(marker.autouse),
                            baseid=baseid, owner_cls=owner_cls, location_dir=location_dir,
                            binding=binding)
    return definition


def definitions_in(holder, baseid, owner_cls=None, location_dir=None):
    """FixtureDefs found on a module or class, in dir() order (as pytest's parsefactories)."""
    found = []
    if owner_cls is None:
        namespace = getattr(holder, "__dict__", {})
        members = [(name, namespace[name]) for name in sorted(namespace)]
    else:
        members = _class_namespace(owner_cls)
    for attr_name, obj in members:
        definition = definition_from(attr_name, obj, baseid, owner_cls, location_dir)
        if definition is not None:
            found.append(definition)
    return found


_FIXTURELESS_MODULES = frozenset({"builtins", "unittest.case", "unittest.async_case"})


def _class_namespace(cls):
    """(name, raw attribute) of cls and its bases (first in the MRO wins), sorted by name."""
    seen = {}
    for klass in cls.__mro__:
        if klass.__module__ in _FIXTURELESS_MODULES:
            continue  # object, unittest.TestCase: ~100 names, none of them a fixture
        for name, obj in list(vars(klass).items()):
            if name not in seen:
                seen[name] = obj
    return sorted(seen.items())


class _Layer:
    """The definitions of one level (builtins, a conftest, a module, a class)."""

    __slots__ = ("defs", "autouse")

    def __init__(self, defs):
        self.defs = defs
        self.autouse = [d.name for d in defs if d.autouse]


class Registry:
    """Fixture visibility for one test module (see module docstring)."""

    def __init__(self, outer_layers, module, module_baseid):
        self._outer = list(outer_layers)  # builtins + conftest layers, outermost first
        self._module_layer = _Layer(definitions_in(module, module_baseid))
        self._class_layers = {}
        self._chains = {}

    def _class_layer(self, cls, baseid):
        layer = self._class_layers.get(cls)
        if layer is None:
            layer = self._class_layers[cls] = _Layer(definitions_in(cls, baseid, owner_cls=cls))
        return layer

    def chain(self, classes, baseid=""):
        """(name -> tuple of FixtureDefs outermost first, autouse names) for a class nesting."""
        key = tuple(classes)
        found = self._chains.get(key)
        if found is not None:
            return found
        if key:
            chain, autouse = self.chain(key[:-1], baseid)
            layers = [self._class_layer(key[-1], baseid)]
            if not layers[0].defs:
                self._chains[key] = (chain, autouse)
                return chain, autouse
            chain, autouse = dict(chain), list(autouse)
        else:
            chain, autouse = {}, []
            layers = self._outer + [self._module_layer]
        for layer in layers:
            for definition in layer.defs:
                chain[definition.name] = chain.get(definition.name, ()) + (definition,)
            for name in layer.autouse:
                if name not in autouse:
                    autouse.append(name)
        found = self._chains[key] = (chain, autouse)
        return found

    def xunit_autouse_index(self, classes, is_method):
        """Where the xunit function hooks go among the autouse names (pytest injects them first
        among the module's (functions) or the class's (methods) autouse fixtures)."""
        count = sum(len(layer.autouse) for layer in self._outer)
        if is_method:
            count += len(self._module_layer.autouse)
            count += sum(len(self._class_layers[cls].autouse) for cls in classes[:-1])
        return count


class FixtureInfo:
    """What an item needs: the closure in setup order and the visible definitions."""

    __slots__ = ("closure", "chain", "argnames")

    def __init__(self, closure, chain, argnames):
        self.closure = closure
        self.chain = chain
        self.argnames = argnames

    def parametrized(self, ignore):
        """[(name, FixtureDef with params)] in closure order, as pytest's pytest_generate_tests."""
        found = []
        for name in self.closure:
            if name in ignore:
                continue
            defs = self.chain.get(name)
            if not defs:
                continue
            for definition in reversed(defs):
                if definition.params is not None:
                    found.append((name, definition))
                    break
                if name not in definition.argnames:
                    break
        return found


def closure_for(chain, autouse, initialnames, ignore, xunit_index=None):
    """pytest's getfixtureclosure: (closure names in setup order)."""
    names = list(autouse)
    if xunit_index is not None:
        names.insert(xunit_index, XUNIT)
    for name in initialnames:
        if name not in names:
            names.append(name)
    seen = set()
    index = 0
    while index < len(names):
        name = names[index]
        index += 1
        if name in ignore or name in seen:
            continue
        seen.add(name)
        defs = chain.get(name)
        if defs:
            for argname in defs[-1].argnames:
                if argname not in names:
                    names.append(argname)

    if len(names) < 2:
        return tuple(names)

    def rank(name):
        defs = chain.get(name)
        return defs[-1].rank if defs and name not in ignore else FUNCTION_RANK

    names.sort(key=rank)
    return tuple(names)


# ---------------------------------------------------------------------------------------------
# Running

class _Context:
    """Per-item state while its fixtures are set up."""

    __slots__ = ("item", "state", "scopes", "values", "top", "_node")

    def __init__(self, item, state, scopes):
        self.item = item
        self.state = state
        self.scopes = scopes
        self.values = dict(item.funcargs)
        self.top = None
        self._node = None

    @property
    def node(self):
        if self._node is None:
            self._node = ItemNode(self.item, self.state)
        return self._node


def setup_item(item, state, scopes):
    """Set up item's fixtures in closure order; return the test function's kwargs."""
    info = item.fixtureinfo
    context = _Context(item, state, scopes)
    context.top = FixtureRequest(context, None, "function")
    context.values["request"] = context.top
    funcargs = item.funcargs
    for name in info.closure:
        if name in funcargs:
            continue
        if name == XUNIT:
            _xunit_function_setup(item, state)
            continue
        _value(context, name, None)
    values = context.values
    if item.kind == "unittest":
        return {}
    kwargs = {}
    for name in item.argnames:
        if name not in values:
            raise _lookup_error(context, name, None)
        kwargs[name] = values[name]
    return kwargs


def _xunit_function_setup(item, state):
    if item.kind == "function":
        state.finalizers.extend(xunit.function_setup(item.module, item.function))
    elif item.kind == "method":
        method = getattr(state.instance, item.originalname)
        state.finalizers.extend(xunit.method_setup(state.instance, method))


def _value(context, name, requester):
    """The value of fixture `name` as requested by FixtureDef requester (None: the test)."""
    if name == "request":
        return context.top if requester is None else _request_for(context, requester)
    overriding = requester is not None and requester.name == name
    if not overriding and name in context.values:
        return context.values[name]
    definition = _definition(context, name, requester)
    value = _execute(context, definition)
    if not overriding:
        context.values[name] = value
    return value


def _definition(context, name, requester):
    defs = context.item.fixtureinfo.chain.get(name)
    if defs and requester is not None and requester.name == name:
        index = _index_of(defs, requester)
        defs = defs[:index] if index is not None else ()
    if not defs:
        raise _lookup_error(context, name, requester)
    return defs[-1]


def _index_of(defs, definition):
    for index, candidate in enumerate(defs):
        if candidate is definition:
            return index
    return None


def _execute(context, definition):
    item = context.item
    param = item.params.get(definition.name) if item.params else None
    key = param[1] if param is not None else None
    # dependencies first: each gets this fixture's finish registered (torn down before it)
    for argname in definition.argnames:
        if argname == "request" or argname in context.item.funcargs:
            continue
        dependency = _definition_quiet(context, argname, definition)
        if dependency is not None and dependency.rank > definition.rank:
            raise _scope_mismatch(definition, dependency)
        _value(context, argname, definition)
        if dependency is not None and definition._finish not in dependency.finalizers:
            dependency.finalizers.append(definition._finish)
    cached = definition.cached
    if cached is not None:
        if cached[0] == key:
            if cached[2] is not None:
                raise cached[2].with_traceback(cached[2].__traceback__)
            return cached[1]
        definition.finish()
    request = FixtureRequest(context, definition, definition.scope, param)
    try:
        kwargs = {}
        for argname in definition.argnames:
            if argname == "request":
                kwargs[argname] = request
            else:
                kwargs[argname] = _value(context, argname, definition)
        value = _call(definition, kwargs, context)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        definition.cached = (key, None, exc)
        raise
    else:
        definition.cached = (key, value, None)
        return value
    finally:
        _schedule_finish(context, definition)


def _scope_mismatch(definition, dependency):
    message = (f"ScopeMismatch: You tried to access the {dependency.scope} scoped fixture "
               f"{dependency.name} with a {definition.scope} scoped request object, involved "
               f"factories: {definition.name}, {dependency.name}")
    return arguments.FixtureLookupError(dependency.name, definition.func, None, message=message)


def _definition_quiet(context, name, requester):
    try:
        return _definition(context, name, requester)
    except arguments.FixtureLookupError:
        return None


def _call(definition, kwargs, context):
    func = _bound(definition, context)
    if definition.is_generator:
        generator = func(**kwargs)
        value = next(generator)
        definition.finalizers.append(lambda: _finish_generator(generator, definition))
        return value
    return func(**kwargs)


def _finish_generator(generator, definition):
    try:
        next(generator)
    except StopIteration:
        return
    raise ValueError(f"fixture function has more than one 'yield': {definition.name}")


def _bound(definition, context):
    cls = definition.owner_cls
    if cls is None:
        return definition.func
    if definition.binding == "static":
        return definition.func
    if definition.binding == "class":
        return definition.func.__get__(cls, cls)
    instance = context.state.instance if definition.rank == FUNCTION_RANK else None
    if instance is None or not isinstance(instance, cls):
        instance = _class_instance(cls)
    return definition.func.__get__(instance, type(instance))


_instances = {}


def _class_instance(cls):
    instance = _instances.get(cls)
    if instance is None or type(instance) is not cls:
        instance = cls.__new__(cls)
        try:
            instance.__init__()
        except Exception:
            pass
        _instances.clear()
        _instances[cls] = instance
    return instance


def _schedule_finish(context, definition):
    finalizers = _scope_finalizers(context, definition)
    if definition._finish not in finalizers:
        finalizers.append(definition._finish)


def _scope_finalizers(context, definition):
    rank = definition.rank
    item = context.item
    if rank == FUNCTION_RANK or (definition.scope == "class" and not item.classes):
        return context.state.finalizers
    if definition.scope == "class":
        key = item.classes[-1]
    elif definition.scope == "module":
        key = item.module
    elif definition.scope == "package" and definition.location_dir in item.scope_keys:
        key = definition.location_dir
    else:
        key = item.scope_keys[0]
    finalizers = context.scopes.finalizers_of(key)
    return finalizers if finalizers is not None else context.state.finalizers


def _lookup_error(context, name, requester):
    available = sorted(n for n, defs in context.item.fixtureinfo.chain.items() if defs)
    function = requester.func if requester is not None else context.item.function
    return arguments.FixtureLookupError(name, function, available)


def _request_for(context, definition):
    item = context.item
    param = item.params.get(definition.name) if item.params else None
    return FixtureRequest(context, definition, definition.scope, param)


# ---------------------------------------------------------------------------------------------
# request

class _NodeLocation:
    """config, path, fspath, module and cls of a node or request, from its item (`self._item`)."""

    @property
    def config(self):
        return config_object()

    @property
    def module(self):
        return self._item.module

    @property
    def cls(self):
        return self._item.cls

    @property
    def path(self):
        import pathlib
        return pathlib.Path(self._item.path)

    @property
    def fspath(self):
        return _legacy_path(self._item.path)


class FixtureRequest(_NodeLocation):
    """The `request` fixture: what a fixture (or the test) knows about the requesting test."""

    def __init__(self, context, definition, scope, param=None):
        self._context = context
        self._definition = definition
        self.scope = scope
        self.fixturename = definition.name if definition is not None else None
        if param is not None:
            self.param = param[0]
            self.param_index = param[1]
        else:
            self.param_index = 0

    @property
    def _item(self):
        return self._context.item

    @property
    def node(self):
        item = self._item
        if self.scope == "function" or (self.scope == "class" and not item.classes):
            return self._context.node
        if self.scope == "class":
            return ScopeNode(item.classes[-1].__name__, "::".join(item.nodeid.split("::")[:-1]),
                             item)
        if self.scope == "module":
            return ScopeNode(item.file.rsplit("/", 1)[-1], item.file, item)
        return ScopeNode("", "", item)

    @property
    def function(self):
        if self.scope != "function":
            raise AttributeError(f"function not available in {self.scope}-scoped context")
        return self._item.function

    @property
    def cls(self):
        if self.scope not in ("class", "function"):
            raise AttributeError(f"cls not available in {self.scope}-scoped context")
        return self._item.cls

    @property
    def instance(self):
        if self.scope != "function":
            return None
        return self._context.state.instance

    @property
    def module(self):
        if self.scope not in ("function", "class", "module"):
            raise AttributeError(f"module not available in {self.scope}-scoped context")
        return self._item.module

    @property
    def keywords(self):
        return self._context.node.keywords

    @property
    def fixturenames(self):
        return [n for n in self._item.fixtureinfo.closure if n != XUNIT]

    @property
    def session(self):
        return ScopeNode("", "", self._item)

    def addfinalizer(self, finalizer):
        """Call finalizer when this request's scope ends (before the fixture's own teardown)."""
        if self._definition is not None:
            self._definition.finalizers.append(finalizer)
        else:
            self._context.state.finalizers.append(finalizer)

    def getfixturevalue(self, argname):
        """The value of fixture argname, set up now if needed."""
        value = _value(self._context, argname, None if self._definition is None
                       or argname != self._definition.name else self._definition)
        if self._definition is not None and argname != "request":
            dependency = _definition_quiet(self._context, argname, None)
            if dependency is not None and self._definition._finish not in dependency.finalizers:
                dependency.finalizers.append(self._definition._finish)
        return value

    def getfuncargvalue(self, argname):
        return self.getfixturevalue(argname)

    def applymarker(self, marker):
        self._context.node.add_marker(marker)

    def raiseerror(self, msg):
        raise arguments.FixtureLookupError(self.fixturename or "", None, (), message=msg)

    def __repr__(self):
        return f"<FixtureRequest for {self._item!r}>"


class ScopeNode(_NodeLocation):
    """request.node for module/class/session scopes (name, nodeid, markers of the item)."""

    def __init__(self, name, nodeid, item):
        self.name = name
        self.nodeid = nodeid
        self._item = item

    def iter_markers(self, name=None):
        return iter(())

    def get_closest_marker(self, name, default=None):
        return default

    def addfinalizer(self, finalizer):
        raise NotImplementedError("node.addfinalizer on a scope node is not supported")


class ItemNode(_NodeLocation):
    """request.node for function scope: the test item as pytest's Function exposes it."""

    def __init__(self, item, state):
        self._item = item
        self._state = state
        self.name = item.name
        self.nodeid = item.nodeid
        self.originalname = item.originalname

    @property
    def function(self):
        return self._item.function

    @property
    def obj(self):
        return self._item.function

    @property
    def instance(self):
        return self._state.instance

    @property
    def keywords(self):
        names = {name: True for name in self._item.keywords}
        for mark in self._item.marks:
            names[mark.name] = mark
        return names

    @property
    def own_markers(self):
        return list(self._item.marks)

    @property
    def fixturenames(self):
        return [n for n in self._item.fixtureinfo.closure if n != XUNIT]

    @property
    def funcargs(self):
        return dict(self._item.funcargs)

    @property
    def callspec(self):
        item = self._item
        if "[" not in item.name:
            raise AttributeError("callspec")
        params = dict(item.funcargs)
        params.update({name: value for name, (value, _) in (item.params or {}).items()})
        return _CallSpec(params, item.name[item.name.index("[") + 1:-1])

    def iter_markers(self, name=None):
        return (mark for mark in self._item.marks if name is None or mark.name == name)

    def get_closest_marker(self, name, default=None):
        return next(self.iter_markers(name), default)

    def add_marker(self, marker, append=True):
        mark = getattr(marker, "mark", marker)
        if isinstance(marker, str):
            mark = _SimpleMark(marker)
        marks = list(self._item.marks)
        if append:
            marks.append(mark)
        else:
            marks.insert(0, mark)
        self._item.marks = marks
        self._item._keywords = None

    def addfinalizer(self, finalizer):
        self._state.finalizers.append(finalizer)

    def __repr__(self):
        return f"<Function {self.name}>"


class _CallSpec:
    def __init__(self, params, id):
        self.params = params
        self.id = id


class _SimpleMark:
    def __init__(self, name):
        self.name = name
        self.args = ()
        self.kwargs = {}


def _legacy_path(path):
    try:
        from py.path import local  # noqa: PLC0415 (optional, pure)
    except Exception:
        import pathlib
        return pathlib.Path(path)
    return local(path)


# ---------------------------------------------------------------------------------------------
# config (`pytestconfig`, `request.config`)

_config = None


def set_config(config):
    """Make `config` (a Config) what pytestconfig / request.config return."""
    global _config
    _config = config


def config_object():
    global _config
    if _config is None:
        _config = Config({})
    return _config


class _Options:
    def __init__(self):
        self.verbose = 0
        self.capture = "fd"
        self.markexpr = ""
        self.keyword = ""
        self.runxfail = False

    def __getattr__(self, name):
        return None


class Config:
    """The subset of pytest's Config that tests read: getoption, getini, rootpath, option."""

    def __init__(self, ini, rootdir=None, options=None):
        self._ini = dict(ini or {})
        self.option = _Options()
        for key, value in (options or {}).items():
            setattr(self.option, key, value)
        self._root = os.path.realpath(rootdir or self._ini.get("rootdir") or ".")
        self._inifile = self._ini.get("file")
        self.args = []
        self.stash = {}
        self.cache = None

    # pathlib and py.path are imported only when a test asks for these.
    @property
    def rootpath(self):
        import pathlib
        return pathlib.Path(self._root)

    @property
    def inipath(self):
        import pathlib
        return pathlib.Path(self._inifile) if self._inifile else None

    @property
    def rootdir(self):
        return _legacy_path(self._root)

    @property
    def inifile(self):
        return _legacy_path(self._inifile) if self._inifile else None

    def getoption(self, name, default=_NOTSET, skip=False):
        attr = name.lstrip("-").replace("-", "_")
        value = getattr(self.option, attr, None)
        if value is None:
            if default is not _NOTSET:
                return default
            if skip:
                import_skip = sys.modules.get("pytest")
                if import_skip is not None:
                    import_skip.skip(f"no {name!r} option found")
        return value

    def getvalue(self, name):
        return self.getoption(name)

    def getini(self, name):
        if name in self._ini and name not in ("file", "warnings"):
            return self._ini[name]
        return [] if name in ("markers", "filterwarnings", "testpaths") else ""

    def addinivalue_line(self, name, line):
        self._ini.setdefault(name, []).append(line)
