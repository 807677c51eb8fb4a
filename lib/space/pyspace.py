"""pyspace: module spaces for Python code running inside pyspace-test (module `pyspace`).

    import pyspace
    space = pyspace.ModuleSpace()            # a child of the root; ModuleSpace(parent) nests
    space.sys.path.insert(0, "src")
    space.sys.modules["socket"] = fake_socket
    mod = space.import_("myproject.client")  # imported in the space, invisible outside it
    space.exec("import json; x = json.dumps([1])")
    space.close()

    plugin = pyspace.ModuleSpace(path=["plugins/modern", *sys.path], local=["textfmt"])
    with plugin:                             # its own textfmt, although the root has one
        import textfmt

docs/library.md: the API, two versions of a package, local copies of logging, threads.
"""
from _pyspace.space.space import ModuleSpace, SpaceError, active_space

__all__ = ["ModuleSpace", "SpaceError", "active_space"]
