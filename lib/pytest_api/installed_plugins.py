"""The pytest plugins pytest would load for a run, and what makes each matter to a suite
(module `_pyspace.pytest_api.installed_plugins`).

pytest 7.2 loads every entry point of the group `pytest11` of the distributions on sys.path
(pluggy's load_setuptools_entrypoints: the first of a name wins), unless
PYTEST_DISABLE_PLUGIN_AUTOLOAD is set or `-p no:NAME` blocks the name (`-p no:cov` also blocks
`pytest_cov`, as pytest's consider_pluginarg). The native engine loads none of them, so a run
where one of them would act must go to pytest's own engine (app/engine.cpp).

Reading importlib.metadata costs ~10 ms; active() reads the `entry_points.txt` of each
`*.dist-info` / `*.egg-info` directly (~1.5 ms for Debian's dist-packages).

KNOWN says, for the plugins Debian ships, what a suite must use for the plugin to change
anything: fixtures it provides, markers it acts on, async or hypothesis tests, unittest tests
that call `subTest` (pytest-subtests reports those itself). A plugin not in KNOWN is assumed to
act on every run. Options and ini keys a plugin declares are not listed: the native engine does not
know them, so a run that gives one goes to pytest's engine anyway.
Contract: GIL held; reads files only.
"""

import os


class Uses:
    """What makes one plugin act on a suite (see the module's docstring)."""

    __slots__ = ("fixtures", "markers", "coroutines", "hypothesis", "subtests")

    def __init__(self, fixtures=(), markers=(), coroutines=False, hypothesis=False, subtests=False):
        self.fixtures = frozenset(fixtures)
        self.markers = frozenset(markers)
        self.coroutines = coroutines
        self.hypothesis = hypothesis
        self.subtests = subtests  # unittest tests that call subTest


# Entry-point name -> Uses, from each plugin's own code (the versions of Debian 12).
KNOWN = {
    "pytest_mock": Uses(fixtures=("mocker", "class_mocker", "module_mocker", "package_mocker",
                                  "session_mocker")),
    "asyncio": Uses(fixtures=("event_loop", "event_loop_policy", "unused_tcp_port",
                              "unused_udp_port", "unused_tcp_port_factory",
                              "unused_udp_port_factory"),
                    markers=("asyncio",), coroutines=True),
    "anyio": Uses(fixtures=("anyio_backend", "anyio_backend_name", "anyio_backend_options"),
                  markers=("anyio",), coroutines=True),
    # pytest-timeout: its option, keys, marker and PYTEST_TIMEOUT are the native engine's own
    # (supervised runs, lib/run/timeouts.py), so it never needs pytest's engine.
    "timeout": Uses(),
    "benchmark": Uses(fixtures=("benchmark", "benchmark_weave"), markers=("benchmark",)),
    "hypothesispytest": Uses(markers=("hypothesis",), hypothesis=True),
    "subtests": Uses(fixtures=("subtests",), subtests=True),
    "random_order": Uses(markers=("random_order",)),
    # pytest-xdist: -n, --dist and its fixtures are the native engine's own (supervised_run.cpp,
    # fixtures/xdist_fixtures.py).
    "xdist": Uses(),
    "xdist.looponfail": Uses(),
    # pytest-rerunfailures: --reruns and --reruns-delay are native; its `flaky` marker is not.
    "rerunfailures": Uses(markers=("flaky",)),
    "pytest_cov": Uses(fixtures=("cov",), markers=("no_cover",)),
}

# Environment variables by which a known plugin acts without being asked in the suite (none:
# pytest-timeout's PYTEST_TIMEOUT is honoured natively).
ENVIRONMENT = {}


def inert(name, environ=None):
    """Whether the plugin `name` acts only where a suite uses it (KNOWN), with this environment."""
    environ = os.environ if environ is None else environ
    return name in KNOWN and not environ.get(ENVIRONMENT.get(name, ""))


def blocked(name, disabled):
    """Whether `-p no:X` for each X in `disabled` blocks the entry point `name`."""
    for entry in disabled:
        if name == entry or (not entry.startswith("pytest_") and name == "pytest_" + entry):
            return True
    return False


def active(path, disabled=(), environ=None):
    """[(entry-point name, distribution name)] pytest would load from the distributions on
    `path` (a list of directories, in sys.path order), in that order."""
    environ = os.environ if environ is None else environ
    if environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return []
    found = []
    seen = set()
    for directory in path:
        for name, dist in _entry_points(directory):
            if name in seen:
                continue
            seen.add(name)
            if not blocked(name, disabled):
                found.append((name, dist))
    return found


def _entry_points(directory):
    try:
        entries = sorted(os.listdir(directory or "."))
    except OSError:
        return
    for entry in entries:
        if not entry.endswith((".dist-info", ".egg-info")):
            continue
        try:
            with open(os.path.join(directory, entry, "entry_points.txt"), encoding="utf-8") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError):
            continue
        if "[pytest11]" not in text:
            continue
        dist = _distribution_name(os.path.join(directory, entry)) or entry.rsplit(".", 1)[0].split("-", 1)[0]
        for name in _group(text, "pytest11"):
            yield name, dist


def _distribution_name(info_dir):
    """The `Name:` of a distribution's METADATA (PKG-INFO for an egg), as pip shows it."""
    for filename in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(info_dir, filename), encoding="utf-8", errors="replace") as file:
                for line in file:
                    if line.startswith("Name:"):
                        return line[5:].strip()
                    if not line.strip():
                        break
        except OSError:
            continue
    return None


def _group(text, group):
    """The entry-point names of `group` in an entry_points.txt (an ini file)."""
    inside = False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            inside = line == f"[{group}]"
            continue
        if inside and "=" in line:
            yield line.split("=", 1)[0].strip()
