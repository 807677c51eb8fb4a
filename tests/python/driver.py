"""Runs a test directory with the _pyspace API in this process; prints reports as JSON.

Usage: python3 driver.py PYSPACE_PARENT ROOTDIR [--keyword EXPR] [--markexpr EXPR]
       [--confcutdir DIR] [--no-capture] [--no-rewrite]
Imports project files through _pyspace.space.fresh_loader's path hook, as the binary's spaces do, so
asserts of test files and conftest.py are rewritten (--no-rewrite: plain imports). The pytest
configuration of ROOTDIR gives python_files/classes/functions, markers and filterwarnings: the
binary reads it in C++ (lib/config); this harness reads ROOTDIR/pytest.ini with iniconfig
(test support only: the suites here use nothing else) and hands it to
pytest_config.from_model as the binary's bridge does.
Discovers test_*.py / *_test.py under ROOTDIR (sorted, as pytest walks), derives each module
name as pytest's prepend import mode does, collects every file, then runs all items with one
Session. Output: {"items": [...nodeids], "reports": [...], "errors": [...], "timing": {...}}.
"""

import json
import os
import sys
import time


def discover(rootdir, patterns=("test_*.py", "*_test.py")):
    import fnmatch
    found = []
    for dirpath, dirnames, filenames in os.walk(rootdir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py") and any(fnmatch.fnmatch(name, p) for p in patterns):
                found.append(os.path.join(dirpath, name))
    return found


def module_identity(path):
    """(module_name, basedir) for prepend import mode: climb while the dir is a package (has an
    __init__.py and an identifier for a name: pytest's resolve_package_path)."""
    directory, filename = os.path.split(path)
    parts = [filename[:-3]]
    while (os.path.basename(directory).isidentifier()
           and os.path.exists(os.path.join(directory, "__init__.py"))):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
    return ".".join(parts), directory


def ini_model(rootdir):
    """from_model's arguments for ROOTDIR/pytest.ini (the [pytest] keys the suites use)."""
    import shlex
    model = {"rootdir": rootdir, "file": None, "shown_as": "pytest.ini", "testpaths": [],
             "python_files": ["test_*.py", "*_test.py"], "python_classes": ["Test"],
             "python_functions": ["test"], "markers": [], "filterwarnings": [],
             "xfail_strict": False, "lines": {}, "warnings": []}
    path = os.path.join(rootdir, "pytest.ini")
    if not os.path.isfile(path):
        return model
    import iniconfig
    ini = iniconfig.IniConfig(path)
    model["file"] = path
    for key, value in (ini["pytest"].items() if "pytest" in ini else ()):
        if key in ("markers", "filterwarnings"):
            model[key] = [line.strip() for line in value.split("\n") if line.strip()]
        elif key == "xfail_strict":
            model[key] = value.strip().lower() in ("y", "yes", "t", "true", "on", "1")
        elif key in model:
            model[key] = shlex.split(value)
        model["lines"][key] = ini.lineof("pytest", key)
    return model


def main(argv):
    sys.path.insert(0, argv[1])
    rootdir = os.path.abspath(argv[2])
    keyword = argv[argv.index("--keyword") + 1] if "--keyword" in argv else None
    markexpr = argv[argv.index("--markexpr") + 1] if "--markexpr" in argv else None
    confcutdir = argv[argv.index("--confcutdir") + 1] if "--confcutdir" in argv else None
    capture = "--no-capture" not in argv
    if "--no-rewrite" not in argv:
        from _pyspace.space import fresh_loader
        sys.path_hooks.insert(0, fresh_loader.fresh_path_hook)
        sys.path_importer_cache.clear()
    from _pyspace.pytest_api import pytest_config
    from _pyspace.collect import collect
    from _pyspace.run import execute

    config = pytest_config.from_model(**ini_model(rootdir))
    start = time.perf_counter()
    items, errors = [], []
    for path in discover(rootdir, config["python_files"]):
        module_name, basedir = module_identity(path)
        relpath = os.path.relpath(path, rootdir)
        file_items, file_errors = collect.collect_file(
            path, module_name, basedir, relpath, keyword=keyword, markexpr=markexpr,
            python_classes=config["python_classes"], python_functions=config["python_functions"],
            python_files=config["python_files"], confcutdir=confcutdir)
        items.extend(file_items)
        errors.extend(file_errors)
    collected = time.perf_counter()
    session = execute.Session(capture=capture, config=config)
    try:
        reports = session.run_all(items)
    finally:
        session.close()
    done = time.perf_counter()
    timing = {"collect": collected - start, "run": done - collected, "count": len(items)}
    json.dump({"items": [i.nodeid for i in items], "reports": reports, "errors": errors,
               "timing": timing}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
