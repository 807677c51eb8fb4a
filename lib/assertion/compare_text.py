"""Explaining two strings that differ (module `_pyspace.assertion.compare_text`), as pytest 7.2
does.

diff_text(left, right, verbose): the ndiff of right's lines (the expected) against left's. At
verbose < 1, identical leading characters beyond 42 are skipped but for 10 of context
('Skipping N identical leading characters in diff, use -v to show'), and, when both have the
same length, identical trailing ones likewise (pytest's count starts by comparing the first
characters, so strings differing there skip no trailing ones). Strings of whitespace only are
compared by their reprs, saying so.
not_in_text(term, text, verbose): where `term` is contained in `text`.
"""

from _pyspace.assertion.saferepr import saferepr

_SHOWN_CONTEXT = 10
_SKIP_FROM = 42


def diff_text(left, right, verbose=0):
    """pytest's lines for two strings that differ (see the module doc)."""
    import difflib
    lines = []
    if verbose < 1:
        start = _first_difference(left, right)
        if start > _SKIP_FROM:
            start -= _SHOWN_CONTEXT
            lines.append(f"Skipping {start} identical leading characters in diff, use -v to show")
            left, right = left[start:], right[start:]
        if len(left) == len(right):
            end = _last_difference(left, right)
            if end > _SKIP_FROM:
                end -= _SHOWN_CONTEXT
                lines.append(f"Skipping {end} identical trailing characters in diff, use -v to show")
                left, right = left[:-end], right[:-end]
    if left.isspace() or right.isspace():
        left, right = repr(str(left)), repr(str(right))
        lines.append("Strings contain only whitespace, escaping them using repr()")
    lines += [line.strip("\n") for line in
              difflib.ndiff(right.splitlines(True), left.splitlines(True))]
    return lines


def _first_difference(left, right):
    """Index of the first differing character; when one string starts with the other, the
    last index compared (0 for an empty one)."""
    index = 0
    for index in range(min(len(left), len(right))):
        if left[index] != right[index]:
            return index
    return index


def _last_difference(left, right):
    """pytest's count from the end for same-length strings: the first i (from 0) where
    left[-i] != right[-i] (-0 is the first character), else the last i tried."""
    index = 0
    for index in range(len(left)):
        if left[-index] != right[-index]:
            return index
    return index


def not_in_text(term, text, verbose=0):
    """pytest's lines for `term not in text` being false: the text around the term."""
    start = text.find(term)
    without = text[:start] + text[start + len(term):]
    lines = [f"{saferepr(term, maxsize=42)} is contained here:"]
    for line in diff_text(text, without, verbose):
        if line.startswith(("Skipping", "- ")):
            continue
        lines.append("  " + line[2:] if line.startswith("+ ") else line)
    return lines
