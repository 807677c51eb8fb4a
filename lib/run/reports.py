"""Report dicts: the data Session.run returns to the C++ side, one per reported phase.

Keys: nodeid, file, classname, name, line, outcome ('passed', 'failed', 'error', 'skipped',
'xfailed', 'xpassed'), when ('setup', 'call', 'teardown'), duration (seconds), message (one
line), longrepr (full text, '' when passed), stdout, stderr (the item's captured output),
warnings (Python warnings the item raised, formatted; only on an item's last report),
durations (None, or with --durations on an item's last report: [(when, seconds)] of every phase
it ran, as pytest's --durations lists them; see time_phases), sections (None when the item wrote
and logged nothing, else add_sections's Sections).
"""

from time import perf_counter as _perf_counter

from _pyspace.collect.items import shown_file

_config = {"phase_durations": False}


def configure(*, phase_durations=False):
    """Set once per run in the root, before any Session opens (app/report_flags.cpp)."""
    _config["phase_durations"] = bool(phase_durations)


def phase_durations_wanted():
    return _config["phase_durations"]


def time_phases(session):
    """Makes `session` (a _pyspace.run.execute.Session) time each phase of each item and put
    [(when, seconds)] on the item's last report dict under "durations". CONTRACT: the session's
    _setup_and_call(item, state) runs setup then call and returns PhaseResults (the call's
    carrying its own duration), _teardown(item, state, nextitem) runs teardown, and run()
    returns the item's report dicts. Only called when --durations asks (per-test cost otherwise
    none)."""
    times = []
    setup_and_call = session._setup_and_call
    teardown = session._teardown

    def timed_setup_and_call(item, state):
        start = _perf_counter()
        results = setup_and_call(item, state)
        total = _perf_counter() - start
        call = next((result.duration for result in results if result.when == "call"), None)
        if call is None:
            times.append(("setup", total))
        else:
            times.extend((("setup", max(total - call, 0.0)), ("call", call)))
        return results

    def timed_teardown(item, state, nextitem):
        start = _perf_counter()
        try:
            return teardown(item, state, nextitem)
        finally:
            times.append(("teardown", _perf_counter() - start))

    session._setup_and_call = timed_setup_and_call
    session._teardown = timed_teardown
    run = session.run

    def run_timed(item, nextitem):
        times.clear()
        dicts = run(item, nextitem)
        if dicts and times:
            dicts[-1]["durations"] = list(times)
        return dicts

    session.run = run_timed


class PhaseResult:
    """What one phase of an item came to, before the item's identity and output are attached."""

    __slots__ = ("outcome", "when", "duration", "message", "longrepr", "exit_reason", "records")

    def __init__(self, outcome, when, duration=0.0, message="", longrepr=""):
        self.exit_reason = None  # set when the phase called pytest.exit(reason)
        self.records = None  # the item's request.ItemRecords, on its last result
        self.outcome = outcome
        self.when = when
        self.duration = duration
        self.message = message
        self.longrepr = longrepr

    def __repr__(self):
        return f"<PhaseResult {self.when} {self.outcome} {self.message!r}>"


# The keys of a report dict, in order; run/python_bridge.cpp reads exactly these (checked by
# tests/python/test_reports.py).
KEYS = ("nodeid", "file", "classname", "name", "line", "outcome", "when", "duration", "message",
        "longrepr", "stdout", "stderr", "warnings", "durations", "sections", "user_properties",
        "xml_attributes", "suite_properties")

_PHASES = ("setup", "call", "teardown")
_ORDER = {"setup": 0, "call": 1, "teardown": 2}


def skip_mark_location(item):
    """Where a skip decided by marks points in the short summary ('path:line', or 'path' alone):
    pytest's _folded_skips drops the line when the item has a `skip` mark and its function
    carries no `pytestmark` of its own (a module's pytestmark or a class decorator), so that
    "SKIPPED [3] test_x.py: reason" counts the whole module or class."""
    function = getattr(item, "function", None)
    if (any(getattr(mark, "name", None) == "skip" for mark in item.marks)
            and "pytestmark" not in getattr(function, "__dict__", {})):
        return shown_file(item)
    return f"{shown_file(item)}:{item.line}"


def to_dict(item, result, stdout, stderr):
    """The report dict for one phase result of item; item None: a session-level report (the
    teardown of session scopes), with an empty identity."""
    if item is None:
        nodeid = file = classname = name = ""
        line = 0
    else:
        nodeid, file, classname, name, line = item.nodeid, item.file, item.classname, item.name, item.line
    return {
        "nodeid": nodeid,
        "file": file,
        "classname": classname,
        "name": name,
        "line": line,
        "outcome": result.outcome,
        "when": result.when,
        "duration": result.duration,
        "message": result.message,
        "longrepr": result.longrepr,
        "stdout": stdout,
        "stderr": stderr,
        "warnings": [],  # formatted Python warnings the item raised (on its last report)
        "durations": None,  # --durations: every phase's (when, seconds) (on its last report)
        "sections": None,  # a Sections (add_sections) when the item wrote or logged anything
        # record_property's (name, str(value)) and record_xml_attribute's pairs (last report)
        "user_properties": _properties(result.records),
        "xml_attributes": result.records.xml_attributes if result.records is not None else None,
        "suite_properties": None,  # record_testsuite_property's pairs recorded meanwhile
    }


def _properties(records):
    if records is None or not records.user_properties:
        return None
    return [(str(name), str(value)) for name, value in records.user_properties]


class Sections(tuple):
    """A report's captured output and logs as pytest's report sections: (own, teardown, live,
    live_after). own: [(title, text)] of the phases up to the report's ("Captured stdout setup",
    "Captured log call", ...); teardown: those of a teardown that passed (on the item's last
    report: pytest reports that teardown apart); live: [(when, text)] of the live-log records
    (log_cli) shown before the report's outcome; live_after: those after it."""

    __slots__ = ()


def add_sections(dicts, out_parts, err_parts, log_entries, live_entries):
    """Puts pytest's report sections on one item's report dicts, as a Sections each.
    out_parts/err_parts: [(phase, text)] of the captured streams; log_entries: [(phase, record,
    text)] of the captured log records; live_entries: [(phase, text)] of the live ones."""
    by_phase = {}
    for stream, parts in (("stdout", out_parts), ("stderr", err_parts)):
        for when, text in parts:
            if text:
                by_phase.setdefault(when, []).append((f"Captured {stream} {when}", text))
    if log_entries:
        texts = {}
        for when, _record, text in log_entries:
            texts.setdefault(when, []).append(text)
        for when, lines in texts.items():
            text = "\n".join(lines).strip()  # pytest: the handler's text, stripped
            if text:
                by_phase.setdefault(when, []).append((f"Captured log {when}", text))
    pending = list(live_entries)
    last = dicts[-1]
    for report in dicts:
        order = _ORDER.get(report["when"], 2)
        own = [section for when in _PHASES[:order + 1] for section in by_phase.get(when, ())]
        teardown = by_phase.get("teardown", []) if report is last and report["when"] != "teardown" else []
        taken = 0
        while taken < len(pending) and _ORDER.get(pending[taken][0], 2) <= order:
            taken += 1
        live, pending = pending[:taken], pending[taken:]
        report["sections"] = Sections((own, teardown, live, pending if report is last else []))
