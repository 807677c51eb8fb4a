"""Report dicts: the data Session.run returns to the C++ side, one per reported phase.

Keys: nodeid, file, classname, name, line, outcome ('passed', 'failed', 'error', 'skipped',
'xfailed', 'xpassed'), when ('setup', 'call', 'teardown'), duration (seconds), message (one
line), longrepr (full text, '' when passed), stdout, stderr (the item's captured output),
warnings (Python warnings the item raised, formatted; only on an item's last report).
"""


class PhaseResult:
    """What one phase of an item came to, before the item's identity and output are attached."""

    __slots__ = ("outcome", "when", "duration", "message", "longrepr", "exit_reason")

    def __init__(self, outcome, when, duration=0.0, message="", longrepr=""):
        self.exit_reason = None  # set when the phase called pytest.exit(reason)
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
        "longrepr", "stdout", "stderr", "warnings")


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
    }
