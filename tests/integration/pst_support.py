"""Helpers for the integration tests: running the binary and pytest, reading their reports.

The binary is $PYSPACE_TEST_BIN (default: the build tree's app/pyspace-test). The oracle is
`$PYSPACE_TEST_ORACLE -m pytest`: the Python the binary embeds, when it has pytest (by hand,
without the variable: the Python running these tests). When it is empty, every comparison with
pytest skips and says why. $PYSPACE_TEST_PYTHON is the embedded Python's own executable.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SAMPLES = REPO / "sample_suites"
ORACLE = os.environ.get("PYSPACE_TEST_ORACLE", sys.executable)
PYTHON = os.environ.get("PYSPACE_TEST_PYTHON") or ORACLE or sys.executable
# Suites that import pytest need it in the embedded Python too: the light `pytest` the runner
# serves hands what it does not implement to the real one (lib/run/pytest_finder.py).
def needs_embedded_pytest(test):
    import pytest
    return pytest.mark.skipif(not ORACLE, reason=f"the suite imports pytest and the embedded Python "
                              f"{PYTHON} has no pytest")(test)


PYTHON_VERSION = os.environ.get("PYSPACE_TEST_PYTHON_VERSION", "%d.%d" % sys.version_info[:2])
BIN = os.environ.get("PYSPACE_TEST_BIN", str(REPO / "build" / "app" / "pyspace-test"))
TIMEOUT = 300  # seconds; only a guard against a hung child, never an assertion

# Environment variables that would change colour, width or pytest's behaviour. CI and
# BUILD_NUMBER make pytest print whole messages and diffs (its running_on_ci()): a test that
# wants that sets one itself, so the suite reads the same on a CI machine as at a terminal.
_DROPPED = ("NO_COLOR", "FORCE_COLOR", "PY_COLORS", "PYTEST_ADDOPTS", "PYTEST_PLUGINS",
            "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONWARNINGS", "COLUMNS", "LINES",
            "APP_MODE", "ORIG_CWD", "CI", "BUILD_NUMBER")


def base_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # The oracle is hermetic: pytest plugins installed on the machine change its results.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["COLUMNS"] = "200"  # wide enough that short-summary lines are not cut
    env.setdefault("LANG", "C.UTF-8")
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@dataclass(repr=False)
class Result:
    args: list
    rc: int
    out: str
    err: str
    out_bytes: bytes
    err_bytes: bytes

    @property
    def both(self):
        return self.out + self.err

    def __str__(self):  # use as an assertion's message: assert ..., str(result)
        return (f"$ {' '.join(map(str, self.args))}\nexit status {self.rc}\n"
                f"--- stdout ---\n{self.out}\n--- stderr ---\n{self.err}")


def _run(args, cwd, env, stdin=None, merge_stderr=False):
    """merge_stderr: stderr into the same pipe as stdout (Result.out holds both, in the order
    they were written, as a terminal shows them)."""
    proc = subprocess.run([str(a) for a in args], cwd=str(cwd), env=env, input=stdin,
                          stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE, timeout=TIMEOUT)
    out = proc.stdout.decode("utf-8", "replace")
    err = (proc.stderr or b"").decode("utf-8", "replace")
    return Result(list(args), proc.returncode, out, err, proc.stdout, proc.stderr or b"")


def pst(*args, cwd, env=None, stdin=None, merge_stderr=False):
    """Runs the binary with args in cwd."""
    return _run([BIN, *args], cwd, env or base_env(), stdin, merge_stderr)


def pytest_run(*args, cwd, outcomes_file=None, env=None, merge_stderr=False, stdin=None):
    """Runs the oracle's pytest (no cache, no bytecode) in cwd; skips the calling test when the
    embedded Python has no pytest.

    With outcomes_file, the outcomes plugin writes {nodeid: outcome} there (see pytest_outcomes).
    """
    if not ORACLE:
        import pytest
        pytest.skip(f"no oracle: the embedded Python {PYTHON} has no pytest")
    env = env or base_env()
    plugin = []
    if outcomes_file is not None:
        pythonpath = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
        env = dict(env, PYTHONPATH=pythonpath, PST_OUTCOMES_FILE=str(outcomes_file))
        plugin = ["-p", "pytest_outcomes"]
    return _run([ORACLE, "-m", "pytest", "-p", "no:cacheprovider", *plugin, *args], cwd, env,
                stdin=stdin, merge_stderr=merge_stderr)


def pytest_outcomes(*args, cwd, tmp_path, env=None):
    """(Result, {nodeid: outcome}, [collect-error nodeids]) from a pytest run."""
    out_file = Path(tmp_path) / "pytest-outcomes.json"
    result = pytest_run(*args, cwd=cwd, outcomes_file=out_file, env=env)
    data = json.loads(out_file.read_text())
    return result, data["tests"], data["collect_errors"]


def copy_sample(name, dest):
    """A copy of sample_suites/<name> under dest (runs never write into the source tree)."""
    target = Path(dest) / name
    shutil.copytree(SAMPLES / name, target,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache"))
    return target


def write_tree(root, files):
    """Writes {relative path: text} under root (text is dedented); returns root."""
    root = Path(root)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


# ---------------------------------------------------------------------------------------------
# Console output

_COUNT = re.compile(r"(\d+) (failed|passed|skipped|deselected|xfailed|xpassed|warnings?|errors?|rerun)")
_CLOSING = re.compile(
    r"^[= ]*((?:\d+ (?:failed|passed|skipped|deselected|xfailed|xpassed|warnings?|errors?|rerun)"
    r"(?:, )?)+|no tests ran) in [0-9.]+m?s\b.*$", re.M)


def closing_line(text):
    """The last pytest-style closing line in text ("3 failed, 2 passed in 0.01s"), or None."""
    found = _CLOSING.findall(text)
    return found[-1] if found else None


def closing_counts(text):
    """The closing line's counts: {"passed": 2, "failed": 3, ...}; plural forms normalised."""
    line = closing_line(text)
    assert line is not None, f"no closing line like '2 passed in 0.01s' in:\n{text}"
    counts = {}
    for number, word in _COUNT.findall(line):
        word = {"error": "errors", "warning": "warnings"}.get(word, word)
        counts[word] = int(number)
    return counts


def without_noise(counts):
    """counts without warnings/deselected, which are not test outcomes."""
    return {k: v for k, v in counts.items() if k not in ("warnings", "deselected")}


# ---------------------------------------------------------------------------------------------
# JSON events

def read_events(text):
    """Parses JSON Lines; every non-empty line must be a JSON object with an "event"."""
    events = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError as exc:
            raise AssertionError(f"line {number} is not JSON ({exc}): {line!r}") from None
        assert isinstance(event, dict) and "event" in event, f"line {number}: {line!r}"
        events.append(event)
    return events


def events_of(events, kind):
    return [e for e in events if e["event"] == kind]


def outcomes_by_id(events):
    """{nodeid: outcome} from the "test" events (a nodeid reported twice is an error)."""
    outcomes = {}
    for event in events_of(events, "test"):
        assert event["id"] not in outcomes, f"test {event['id']} reported twice"
        outcomes[event["id"]] = event["outcome"]
    return outcomes


# ---------------------------------------------------------------------------------------------
# JUnit XML

def junit_cases(path):
    """{(classname, name): [outcome, ...]} from a JUnit XML file (ElementTree must parse it).

    outcome: "passed", or the '+'-joined child kinds among failure/error/skipped, where a
    skipped of type pytest.xfail is "xfailed".
    """
    root = ET.parse(path).getroot()
    cases = {}
    for case in root.iter("testcase"):
        kinds = []
        for child in case:
            if child.tag == "skipped" and child.get("type") == "pytest.xfail":
                kinds.append("xfailed")
            elif child.tag in ("failure", "error", "skipped"):
                kinds.append(child.tag)
        outcome = "+".join(sorted(kinds)) or "passed"
        cases.setdefault((case.get("classname"), case.get("name")), []).append(outcome)
    return cases


def junit_suite(path):
    """The <testsuite> element (pytest writes <testsuites><testsuite .../></testsuites>)."""
    root = ET.parse(path).getroot()
    if root.tag == "testsuite":
        return root
    suites = root.findall("testsuite")
    assert len(suites) == 1, f"expected one <testsuite>, found {len(suites)}"
    return suites[0]


def outcome_diff(expected, actual):
    """Readable differences between two {key: outcome} maps (empty when equal)."""
    lines = []
    for key in sorted(set(expected) | set(actual), key=str):
        want, got = expected.get(key, "<absent>"), actual.get(key, "<absent>")
        if want != got:
            lines.append(f"{key}: pytest {want}, pyspace-test {got}")
    return "\n".join(lines)


def section(text, title):
    """The lines of the '=== title ===' section of a console output, up to the next '='
    separator; None when there is no such section."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.fullmatch(rf"=+ {re.escape(title)} =+", line):
            rest = lines[index + 1:]
            end = next((i for i, l in enumerate(rest) if re.fullmatch(r"=+ .* =+", l)), len(rest))
            return rest[:end]
    return None


def system_site_venv(tmp_path):
    """(site-packages Path, env for the binary) of a new venv over Debian's Python that sees the
    system's packages: what is written into its site-packages is an installed distribution."""
    venv = Path(tmp_path) / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", "--system-site-packages",
                    str(venv)], check=True)
    site = subprocess.run([str(venv / "bin" / "python"), "-c",
                           "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    env = base_env(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}:{base_env()['PATH']}")
    return Path(site), env
