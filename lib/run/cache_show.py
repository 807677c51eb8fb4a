"""pytest's `--cache-show [GLOB]` output (module `_pyspace.run.cache_show`), as
_pytest/cacheprovider.py's cacheshow() writes it: the values under <cachedir>/v whose key
matches GLOB, each pretty-printed (pprint), then the files under <cachedir>/d. Reads only.
"""

import json
import pathlib
import pprint
import shutil


def _sep(char, title, width):
    # TerminalWriter.sep: the title centred in `char`s, at most `width` columns.
    fill = max((width - len(title) - 2) // (2 * len(char)), 1)
    line = f"{char * fill} {title} {char * fill}"
    if len(line) + len(char.rstrip()) <= width:
        line += char.rstrip()
    return line


def text(cachedir, glob):
    """The lines cacheshow() prints for `cachedir` (absolute) and `glob`, newline-terminated."""
    width = shutil.get_terminal_size().columns
    base = pathlib.Path(cachedir)
    lines = [f"cachedir: {base}"]
    if not base.is_dir():
        lines.append("cache is empty")
        return "\n".join(lines) + "\n"
    values = base / "v"
    lines.append(_sep("-", f"cache values for {glob!r}", width))
    for path in sorted(p for p in values.rglob(glob) if p.is_file()):
        key = str(path.relative_to(values))
        try:
            with path.open("r", encoding="UTF-8") as f:
                value = json.load(f)
        except (ValueError, OSError):
            lines.append(f"{key} contains unreadable content, will be ignored")
            continue
        lines.append(f"{key} contains:")
        lines.extend("  " + line for line in pprint.pformat(value).splitlines())
    dirs = base / "d"
    if dirs.is_dir():
        lines.append(_sep("-", f"cache directories for {glob!r}", width))
        for path in sorted(dirs.rglob(glob)):
            if path.is_file():
                lines.append(f"{path.relative_to(base)} is a file of length {path.stat().st_size:d}")
    return "\n".join(lines) + "\n"
