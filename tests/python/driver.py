"""Runs a test directory with the _pyspace API in this process; prints reports as JSON.

Usage: /usr/bin/python3 driver.py PYSPACE_PARENT ROOTDIR [--keyword EXPR] [--no-capture]
Discovers test_*.py / *_test.py under ROOTDIR (sorted, as pytest walks), derives each module
name as pytest's prepend import mode does, collects every file, then runs all items with one
Session. Output: {"items": [...nodeids], "reports": [...], "errors": [...], "timing": {...}}.
"""

import json
import os
import sys
import time


def discover(rootdir):
    found = []
    for dirpath, dirnames, filenames in os.walk(rootdir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py")):
                found.append(os.path.join(dirpath, name))
    return found


def module_identity(path):
    """(module_name, basedir) for prepend import mode: climb while the dir is a package."""
    directory, filename = os.path.split(path)
    parts = [filename[:-3]]
    while os.path.exists(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
    return ".".join(parts), directory


def main(argv):
    sys.path.insert(0, argv[1])
    rootdir = os.path.abspath(argv[2])
    keyword = argv[argv.index("--keyword") + 1] if "--keyword" in argv else None
    capture = "--no-capture" not in argv
    from _pyspace import collect, execute

    start = time.perf_counter()
    items, errors = [], []
    for path in discover(rootdir):
        module_name, basedir = module_identity(path)
        relpath = os.path.relpath(path, rootdir)
        file_items, file_errors = collect.collect_file(path, module_name, basedir, relpath, keyword=keyword)
        items.extend(file_items)
        errors.extend(file_errors)
    collected = time.perf_counter()
    session = execute.Session(capture=capture)
    reports = []
    try:
        for index, item in enumerate(items):
            nextitem = items[index + 1] if index + 1 < len(items) else None
            reports.extend(session.run(item, nextitem))
        reports.extend(session.finish())
    finally:
        session.close()
    done = time.perf_counter()
    timing = {"collect": collected - start, "run": done - collected, "count": len(items)}
    json.dump({"items": [i.nodeid for i in items], "reports": reports, "errors": errors,
               "timing": timing}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
