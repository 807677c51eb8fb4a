"""pytest's builtin fixtures, implemented natively (module `_pyspace.builtin_fixtures`).

tmp_path, tmp_path_factory, tmpdir, tmpdir_factory, monkeypatch, capsys, capsysbinary, capfd,
capfdbinary, caplog, recwarn, pytestconfig, doctest_namespace, record_property,
record_xml_attribute, record_testsuite_property. `request` is special-cased by fixtures.py.
layer() returns them as FixtureDefs (the outermost layer of every registry).
"""

import contextlib
import io
import os
import re
import sys

from _pyspace import fixtures

_NOTSET = object()


# --- tmp_path -------------------------------------------------------------------------------

class TempPathFactory:
    """Numbered temporary directories under one base directory per session."""

    def __init__(self):
        self._basetemp = None

    def getbasetemp(self):
        import pathlib
        if self._basetemp is None:
            import tempfile  # on first use: most runs never ask for a temporary directory
            self._basetemp = pathlib.Path(tempfile.mkdtemp(prefix="pyspace-test-")).resolve()
        return self._basetemp

    def mktemp(self, basename, numbered=True):
        basename = os.path.normpath(basename)
        if os.path.isabs(basename) or basename.startswith(".."):
            raise ValueError(f"{basename} is not a normalized and relative path")
        base = self.getbasetemp()
        if not numbered:
            path = base / basename
            path.mkdir()
            return path
        index = 0
        while True:
            path = base / f"{basename}{index}"
            try:
                path.mkdir()
                return path
            except FileExistsError:
                index += 1


class TempdirFactory:
    """tmpdir_factory: TempPathFactory returning py.path.local objects."""

    def __init__(self, factory):
        self._factory = factory

    def mktemp(self, basename, numbered=True):
        return fixtures._legacy_path(str(self._factory.mktemp(basename, numbered)))

    def getbasetemp(self):
        return fixtures._legacy_path(str(self._factory.getbasetemp()))


_factory = TempPathFactory()


def tmp_path_factory():
    return _factory


def tmpdir_factory(tmp_path_factory):
    return TempdirFactory(tmp_path_factory)


def tmp_path(request, tmp_path_factory):
    name = re.sub(r"[\W]", "_", request.node.name)[:30]
    return tmp_path_factory.mktemp(name, numbered=True)


def tmpdir(tmp_path):
    return fixtures._legacy_path(str(tmp_path))


# --- monkeypatch ----------------------------------------------------------------------------

class MonkeyPatch:
    """setattr/delattr/setitem/delitem/setenv/delenv/syspath_prepend/chdir, all undone by undo()."""

    def __init__(self):
        self._setattr = []
        self._setitem = []
        self._cwd = None
        self._savesyspath = None

    @classmethod
    @contextlib.contextmanager
    def context(cls):
        patch = cls()
        try:
            yield patch
        finally:
            patch.undo()

    def setattr(self, target, name, value=_NOTSET, raising=True):
        if value is _NOTSET:
            if not isinstance(target, str):
                raise TypeError("use setattr(target, name, value) or setattr(target, value) "
                                "with target being a dotted import string")
            value = name
            name, target = _derive_target(target, raising)
        if isinstance(target, str):
            raise TypeError("use setattr(target, name, value) with target an object")
        oldval = getattr(target, name, _NOTSET)
        if raising and oldval is _NOTSET:
            raise AttributeError(f"{target!r} has no attribute {name!r}")
        if isinstance(target, type):
            oldval = target.__dict__.get(name, _NOTSET)
        self._setattr.append((target, name, oldval))
        setattr(target, name, value)

    def delattr(self, target, name=_NOTSET, raising=True):
        if name is _NOTSET:
            if not isinstance(target, str):
                raise TypeError("use delattr(target, name) or delattr(target) with target "
                                "being a dotted import string")
            name, target = _derive_target(target, raising)
        if not hasattr(target, name):
            if raising:
                raise AttributeError(name)
            return
        oldval = getattr(target, name, _NOTSET)
        if isinstance(target, type):
            oldval = target.__dict__.get(name, _NOTSET)
        self._setattr.append((target, name, oldval))
        delattr(target, name)

    def setitem(self, dic, name, value):
        self._setitem.append((dic, name, dic.get(name, _NOTSET)))
        dic[name] = value

    def delitem(self, dic, name, raising=True):
        if name not in dic:
            if raising:
                raise KeyError(name)
            return
        self._setitem.append((dic, name, dic.get(name, _NOTSET)))
        del dic[name]

    def setenv(self, name, value, prepend=None):
        if not isinstance(value, str):
            import warnings
            warnings.warn(f"Value of environment variable {name} type should be str, but got "
                          f"{value!r} (type: {type(value).__name__}); converted to str "
                          "implicitly", UserWarning, stacklevel=2)
            value = str(value)
        if prepend and name in os.environ:
            value = value + prepend + os.environ[name]
        self.setitem(os.environ, name, value)

    def delenv(self, name, raising=True):
        self.delitem(os.environ, name, raising=raising)

    def syspath_prepend(self, path):
        if self._savesyspath is None:
            self._savesyspath = sys.path[:]
        sys.path.insert(0, str(path))
        import importlib
        importlib.invalidate_caches()

    def chdir(self, path):
        if self._cwd is None:
            self._cwd = os.getcwd()
        os.chdir(path)

    def undo(self):
        for obj, name, value in reversed(self._setattr):
            if value is not _NOTSET:
                setattr(obj, name, value)
            else:
                delattr(obj, name)
        self._setattr[:] = []
        for dic, name, value in reversed(self._setitem):
            if value is _NOTSET:
                try:
                    del dic[name]
                except KeyError:
                    pass
            else:
                dic[name] = value
        self._setitem[:] = []
        if self._savesyspath is not None:
            sys.path[:] = self._savesyspath
            self._savesyspath = None
        if self._cwd is not None:
            os.chdir(self._cwd)
            self._cwd = None


def _derive_target(dotted, raising):
    if "." not in dotted:
        raise TypeError(f"must be absolute import path string, not {dotted!r}")
    module_path, _, attr = dotted.rpartition(".")
    import importlib
    parts = module_path.split(".")
    target = importlib.import_module(parts[0])
    used = parts[0]
    for part in parts[1:]:
        used += "." + part
        try:
            target = getattr(target, part)
        except AttributeError:
            target = importlib.import_module(used)
    if raising and not hasattr(target, attr):
        raise AttributeError(f"{target!r} object at {module_path} has no attribute {attr!r}")
    return attr, target


def monkeypatch():
    patch = MonkeyPatch()
    yield patch
    patch.undo()


# --- capsys / capfd -------------------------------------------------------------------------

class CaptureResult(tuple):
    """(out, err) with .out and .err, as pytest's readouterr() returns."""

    def __new__(cls, out, err):
        return super().__new__(cls, (out, err))

    @property
    def out(self):
        return self[0]

    @property
    def err(self):
        return self[1]


class _SysCapture:
    def __init__(self, binary):
        self._binary = binary
        self._saved = None
        self._streams = None

    def start(self):
        self._saved = (sys.stdout, sys.stderr)
        self._streams = (_capture_io(), _capture_io())
        sys.stdout, sys.stderr = self._streams

    def read(self):
        out = self._streams[0].take()
        err = self._streams[1].take()
        if self._binary:
            return CaptureResult(out.encode(), err.encode())
        return CaptureResult(out, err)

    def stop(self):
        if self._saved is not None:
            sys.stdout, sys.stderr = self._saved
            self._saved = None


class _CaptureIO(io.TextIOWrapper):
    def __init__(self):
        super().__init__(io.BytesIO(), encoding="UTF-8", newline="", write_through=True)

    def take(self):
        self.flush()
        data = self.buffer.getvalue().decode("UTF-8")
        self.buffer.seek(0)
        self.buffer.truncate()
        return data


def _capture_io():
    return _CaptureIO()


class _FdCapture:
    def __init__(self, binary):
        self._binary = binary
        self._files = None
        self._saved_fds = None
        self._sys = None

    def start(self):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        import tempfile
        self._files = (tempfile.TemporaryFile(), tempfile.TemporaryFile())
        self._saved_fds = (os.dup(1), os.dup(2))
        os.dup2(self._files[0].fileno(), 1)
        os.dup2(self._files[1].fileno(), 2)
        self._sys = (sys.stdout, sys.stderr)
        sys.stdout = io.TextIOWrapper(open(1, "wb", buffering=0, closefd=False),
                                      encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(open(2, "wb", buffering=0, closefd=False),
                                      encoding="utf-8", write_through=True)

    def read(self):
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = (self._take(handle) for handle in self._files)
        if self._binary:
            return CaptureResult(out, err)
        return CaptureResult(out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))

    @staticmethod
    def _take(handle):
        handle.seek(0)
        data = handle.read()
        handle.seek(0)
        handle.truncate()
        return data

    def stop(self):
        if self._saved_fds is None:
            return
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        sys.stdout, sys.stderr = self._sys
        os.dup2(self._saved_fds[0], 1)
        os.dup2(self._saved_fds[1], 2)
        for fd in self._saved_fds:
            os.close(fd)
        for handle in self._files:
            handle.close()
        self._saved_fds = None


class CaptureFixture:
    """capsys/capfd: readouterr() returns and resets what the test wrote so far."""

    def __init__(self, capture):
        self._capture = capture
        self._disabled = False

    def readouterr(self):
        return self._capture.read()

    @contextlib.contextmanager
    def disabled(self):
        self._capture.stop()
        try:
            yield
        finally:
            self._capture.start()


def _capture_fixture(capture):
    capture.start()
    fixture = CaptureFixture(capture)
    try:
        yield fixture
    finally:
        capture.stop()


def capsys():
    yield from _capture_fixture(_SysCapture(binary=False))


def capsysbinary():
    yield from _capture_fixture(_SysCapture(binary=True))


def capfd():
    yield from _capture_fixture(_FdCapture(binary=False))


def capfdbinary():
    yield from _capture_fixture(_FdCapture(binary=True))


# --- caplog ---------------------------------------------------------------------------------

class LogCaptureFixture:
    """caplog: records, record_tuples, messages, text, clear, set_level, at_level."""

    def __init__(self, handler):
        self.handler = handler
        self._initial_levels = {}
        self._initial_handler_level = None

    @property
    def records(self):
        return self.handler.records

    @property
    def record_tuples(self):
        return [(r.name, r.levelno, r.getMessage()) for r in self.records]

    @property
    def messages(self):
        return [r.getMessage() for r in self.records]

    @property
    def text(self):
        return self.handler.stream.getvalue()

    def get_records(self, when):
        return list(self.records) if when == "call" else []

    def clear(self):
        self.handler.records = []
        self.handler.stream = io.StringIO()

    def set_level(self, level, logger=None):
        import logging
        logger_obj = logging.getLogger(logger)
        self._initial_levels.setdefault(logger, logger_obj.level)
        logger_obj.setLevel(level)
        if self._initial_handler_level is None:
            self._initial_handler_level = self.handler.level
        self.handler.setLevel(level)

    @contextlib.contextmanager
    def at_level(self, level, logger=None):
        import logging
        logger_obj = logging.getLogger(logger)
        original = logger_obj.level
        handler_original = self.handler.level
        logger_obj.setLevel(level)
        self.handler.setLevel(level)
        try:
            yield
        finally:
            logger_obj.setLevel(original)
            self.handler.setLevel(handler_original)

    def _finalize(self):
        import logging
        for name, level in self._initial_levels.items():
            logging.getLogger(name).setLevel(level)
        if self._initial_handler_level is not None:
            self.handler.setLevel(self._initial_handler_level)


def _make_handler():
    import logging

    class _Handler(logging.StreamHandler):
        def __init__(self):
            super().__init__(io.StringIO())
            self.records = []
            self.setFormatter(logging.Formatter(
                "%(levelname)-8s %(name)s:%(filename)s:%(lineno)d %(message)s"))

        def emit(self, record):
            self.records.append(record)
            super().emit(record)

        def handleError(self, record):
            raise

    return _Handler()


def caplog():
    import logging
    handler = _make_handler()
    root = logging.getLogger()
    root.addHandler(handler)
    fixture = LogCaptureFixture(handler)
    try:
        yield fixture
    finally:
        root.removeHandler(handler)
        fixture._finalize()


# --- recwarn --------------------------------------------------------------------------------

class WarningsRecorder:
    """recwarn: the warnings raised during the test (list-like; pop(category), clear())."""

    def __init__(self):
        import warnings
        self._catcher = warnings.catch_warnings(record=True)
        self._list = None

    def __enter__(self):
        import warnings
        self._list = self._catcher.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._catcher.__exit__(*exc)

    @property
    def list(self):
        return self._list

    def __getitem__(self, index):
        return self._list[index]

    def __iter__(self):
        return iter(self._list)

    def __len__(self):
        return len(self._list)

    def pop(self, cls=Warning):
        best = None
        for index, entry in enumerate(self._list):
            if entry.category is cls:
                return self._list.pop(index)
            if issubclass(entry.category, cls) and (
                    best is None or not issubclass(entry.category, self._list[best].category)):
                best = index
        if best is not None:
            return self._list.pop(best)
        raise AssertionError(f"{cls!r} not found in warning list")

    def clear(self):
        self._list[:] = []


def recwarn():
    with WarningsRecorder() as recorder:
        yield recorder


# --- config and recording -------------------------------------------------------------------

def pytestconfig(request):
    return request.config


def doctest_namespace():
    return {}


def record_property(request):
    return lambda name, value: None


def record_xml_attribute(request):
    return lambda name, value: None


def record_testsuite_property():
    return lambda name, value: None


_DEFINITIONS = [
    ("tmp_path_factory", "session"), ("tmpdir_factory", "session"), ("tmp_path", "function"),
    ("tmpdir", "function"), ("monkeypatch", "function"), ("capsys", "function"),
    ("capsysbinary", "function"), ("capfd", "function"), ("capfdbinary", "function"),
    ("caplog", "function"), ("recwarn", "function"), ("pytestconfig", "session"),
    ("doctest_namespace", "session"), ("record_property", "function"),
    ("record_xml_attribute", "function"), ("record_testsuite_property", "session"),
]


def definitions():
    """Fresh FixtureDefs of the builtin fixtures (one set per run)."""
    module = sys.modules[__name__]
    return [fixtures.FixtureDef(name, getattr(module, name), scope=scope, baseid="")
            for name, scope in _DEFINITIONS]
