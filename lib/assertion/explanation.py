"""Laying out an assert's explanation (module `_pyspace.assertion.explanation`), pytest 7.2's
small markup for it.

An explanation is one string. A newline followed by one of four characters starts a new piece,
any other newline is shown as the two characters backslash-n:
  '\\n{X'  opens a nested explanation: ' +  where X' (' +  and   X' for the next sibling),
          indented two more spaces per level;
  '\\n}'   closes the innermost one; text after it continues the line that opened it;
  '\\n~X'  a line X of a multi-line explanation (a diff), indented two spaces per open level
          plus two;
  '\\n>X'  a line X indented two spaces per open level (the assert after a custom message).

truncate(lines): pytest's truncation of a long comparison explanation: at most 8 lines and 640
characters, the cut line ending in '...', then '' and '...Full output truncated (N lines
hidden), use '-vv' to show'.
"""

MAX_LINES = 8
MAX_CHARS = 8 * 80


def format_explanation(text):
    """The lines (joined by newlines) of the explanation `text` in the markup above."""
    return "\n".join(_layout(_pieces(text)))


def _pieces(text):
    raw = (text or "").split("\n")
    pieces = [raw[0]]
    for part in raw[1:]:
        if part and part[0] in "{}~>":
            pieces.append(part)
        else:
            pieces[-1] += "\\n" + part
    return pieces


def _layout(pieces):
    lines = pieces[:1]
    # Per open level (level 0 is the assert itself): the line that text after a '}' closing
    # the level inside it continues (the level's own line, moved one down by each '~'/'>'
    # line of the level), and how many nested explanations the level has so far.
    opened = [0]
    children = [0]
    for piece in pieces[1:]:
        mark, rest = piece[0], piece[1:]
        if mark == "{":
            word = "and   " if children[-1] else "where "
            children[-1] += 1
            opened.append(len(lines))
            children.append(0)
            lines.append(" +" + "  " * (len(opened) - 1) + word + rest)
        elif mark == "}":
            opened.pop()
            children.pop()
            lines[opened[-1]] += rest
        else:
            opened[-1] += 1
            depth = len(opened) if mark == "~" else len(opened) - 1
            lines.append("  " * depth + rest)
    return lines


def truncate(lines, max_lines=MAX_LINES, max_chars=MAX_CHARS):
    """lines cut to max_lines lines and max_chars characters with pytest's note, or unchanged
    when they fit."""
    if len(lines) <= max_lines and len("".join(lines)) <= max_chars:
        return lines
    kept = lines[:max_lines]
    if len("".join(kept)) > max_chars:
        kept = _cut_to_chars(kept, max_chars)
    kept[-1] += "..."
    hidden = len(lines) - len(kept) + 1  # the cut last line counts as hidden
    noun = "line" if hidden == 1 else "lines"
    return kept + ["", f"...Full output truncated ({hidden} {noun} hidden), use '-vv' to show"]


def _cut_to_chars(lines, max_chars):
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) > max_chars:
            break
        used += len(line)
    last = lines[index]
    if last:
        last = last[:max_chars - used]
    return lines[:index] + [last]
