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


def to_dict(item, result, stdout, stderr):
    """The report dict for one phase result of item."""
    return {
        "nodeid": item.nodeid,
        "file": item.file,
        "classname": item.classname,
        "name": item.name,
        "line": item.line,
        "outcome": result.outcome,
        "when": result.when,
        "duration": result.duration,
        "message": result.message,
        "longrepr": result.longrepr,
        "stdout": stdout,
        "stderr": stderr,
        "warnings": [],  # formatted Python warnings the item raised (on its last report)
    }
