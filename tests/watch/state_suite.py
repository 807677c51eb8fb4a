"""A suite whose first file records process-global state, whose second file changes all of it,
and whose third file checks that it sees the state the first one recorded. Used by
tests/watch/test_watch_state.py (the next run sees the first run's process) and
tests/integration/test_process_state.py (the next file sees it)."""

PROBE = r'''
import asyncio, decimal, faulthandler, gc, locale, os, signal, socket, sys, threading, warnings

def umask():
    mask = os.umask(0o22)
    os.umask(mask)
    return mask

def describe():
    context = decimal.getcontext()
    return {
        "recursionlimit": sys.getrecursionlimit(),
        "switchinterval": sys.getswitchinterval(),
        "gc": [gc.isenabled(), list(gc.get_threshold())],
        "umask": umask(),
        "decimal": [context.prec, context.rounding],
        "locale": locale.setlocale(locale.LC_NUMERIC, None),
        "socket": socket.getdefaulttimeout(),
        "asyncio": repr(asyncio.events._event_loop_policy),
        "hooks": [repr(h) for h in (sys.excepthook, sys.unraisablehook, sys.displayhook,
                                    threading.excepthook, warnings.showwarning)],
        "stdin": repr(sys.stdin),
        "signal": repr(signal.getsignal(signal.SIGUSR1)),
        "faulthandler": faulthandler.is_enabled(),
        "environ": type(os.environ).__name__,
        "cwd": os.getcwd(),
    }
'''

RECORD = r'''
import json, pathlib, state_probe

def test_record(request):
    baseline = pathlib.Path(state_probe.__file__).resolve().parent.parent / (
        pathlib.Path(state_probe.__file__).resolve().parent.name + "-baseline.json")
    if not baseline.exists():
        baseline.write_text(json.dumps(state_probe.describe()))
'''

CHANGE = r'''
import asyncio, decimal, faulthandler, gc, io, locale, os, signal, socket, sys, tempfile
import threading, warnings

def test_change_everything():
    sys.setrecursionlimit(321)
    sys.setswitchinterval(0.25)
    gc.disable()
    gc.set_threshold(5, 6, 7)
    os.umask(0o77)
    decimal.getcontext().prec = 5
    numeric = locale.setlocale(locale.LC_NUMERIC, None)
    locale.setlocale(locale.LC_NUMERIC, "C" if numeric != "C" else "C.UTF-8")
    socket.setdefaulttimeout(7.5)
    asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())
    sys.excepthook = lambda *a: None
    sys.unraisablehook = lambda *a: None
    sys.displayhook = lambda *a: None
    threading.excepthook = lambda *a: None
    warnings.showwarning = lambda *a, **k: None
    sys.stdin = io.StringIO("replaced")
    signal.signal(signal.SIGUSR1, lambda *a: None)
    faulthandler.disable()  # the runner has it on while tests run, as pytest
    os.environ = dict(os.environ)
    gone = tempfile.mkdtemp()
    os.chdir(gone)
    os.rmdir(gone)
'''

CHECK = r'''
import json, pathlib, state_probe

def test_sees_the_recorded_state():
    here = pathlib.Path(state_probe.__file__).resolve().parent
    baseline = json.loads((here.parent / (here.name + "-baseline.json")).read_text())
    now = state_probe.describe()
    assert {k: v for k, v in now.items() if baseline[k] != v} == {}
'''


def write_state_suite(root):
    """Writes the suite into root (state_probe.py beside tests/); returns the test file paths."""
    (root / "state_probe.py").write_text(PROBE)
    tests = root / "tests"
    tests.mkdir(exist_ok=True)
    paths = []
    for name, text in (("test_0_record.py", RECORD), ("test_1_change.py", CHANGE),
                       ("test_2_check.py", CHECK)):
        (tests / name).write_text(text)
        paths.append(tests / name)
    return paths
