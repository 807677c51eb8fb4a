"""The collector nodes pytest 7.2 would put above an item, for `--collect-only`'s tree (module
`_pyspace.collect.node_chain`).

chain(item, rootdir, docs) lists them outermost first, each [key, label, doc]: `key` tells two
nodes apart (the same label may name two), `label` is what pytest prints ("<Module test_x.py>",
"<Class TestA>", "<Function test_b[1]>"), `doc` the object's inspect.getdoc() text with -v ("" for
none). pytest 7.2's layout (walking directories): a module's parent is the Package of its own
directory when that holds an __init__.py (every Package a child of the session, so packages are
not nested), and the module is then named by its file name; any other module is the session's,
named by its path from the rootdir. Unittest classes and their tests are UnitTestCase / TestCaseFunction; doctests are
DoctestModule (a .py file) or DoctestTextfile with DoctestItems.
Contract: GIL held; the item's space active (its objects are read).
"""

import os
import sys

from _pyspace.python import lazy
from _pyspace.collect.items import UNITTEST

inspect = lazy.module("inspect")  # only with -v (docstrings)
doctests = lazy.module("_pyspace.collect.doctests")


def chain(item, rootdir, docs=False):
    """[[key, label, doc], ...] of the nodes from the item's package (or module) down to it."""
    doc = _doc if docs else (lambda obj: "")
    nodes = []
    relpath = item.file
    package_dir = _package_dir(os.path.join(rootdir, relpath))
    module = item.module if not isinstance(item.module, doctests._FileKey) else None
    if package_dir is not None:
        package = sys.modules.get(getattr(module, "__package__", None) or "") if module is not None else None
        nodes.append(["P:" + package_dir, f"<Package {os.path.basename(package_dir)}>", doc(package)])
    name = os.path.basename(relpath) if package_dir is not None else relpath
    call = item.function
    if isinstance(call, doctests.DoctestCall):
        kind = "DoctestModule" if relpath.endswith(".py") else "DoctestTextfile"
        globs_doc = call.test.globs.get("__doc__") if kind == "DoctestModule" else None
        nodes.append([f"D:{relpath}", f"<{kind} {name}>", _text(globs_doc) if docs else ""])
        nodes.append(["I:" + item.nodeid, f"<DoctestItem {item.name}>", ""])
        return nodes
    nodes.append([f"M:{relpath}", f"<Module {name}>", doc(module)])
    prefix = relpath
    unittest = item.kind == UNITTEST
    for depth, (cls, cls_name) in enumerate(zip(item.classes, item.class_names)):
        prefix = f"{prefix}::{cls_name}"
        innermost = depth == len(item.classes) - 1
        kind = "UnitTestCase" if unittest and innermost else "Class"
        nodes.append(["C:" + prefix, f"<{kind} {cls_name}>", doc(cls)])
    kind = "TestCaseFunction" if unittest else "Function"
    nodes.append(["I:" + item.nodeid, f"<{kind} {item.name}>", doc(call)])
    return nodes


def _package_dir(path):
    """The file's directory when it holds an __init__.py (its Package collects the file), else
    None (the session does: a plain directory, even inside a package, as pytest 7.2 walks)."""
    directory = os.path.dirname(path)
    return directory if os.path.isfile(os.path.join(directory, "__init__.py")) else None


def _doc(obj):
    if obj is None:
        return ""
    try:
        return inspect.getdoc(obj) or ""
    except Exception:
        return ""


def _text(docstring):
    return inspect.cleandoc(docstring) if isinstance(docstring, str) else ""
