"""Two components that each call logging.basicConfig, in one process, without a fight.

    pyspace-test exec app.py

Without spaces the first basicConfig wins and the second is ignored: both components log with
one format, to one stream, at one level. Here each component runs in a module space with
`local=["logging"]`: a fresh copy of `logging` per space, configured independently, while the
application's own logging configuration is untouched. See docs/library.md.
"""
import logging
import os
import sys

import pyspace

HERE = os.path.dirname(os.path.abspath(__file__))


def component_space():
    return pyspace.ModuleSpace(path=[os.path.join(HERE, "components"), *sys.path], local=["logging"])


def main():
    app_handlers = list(logging.getLogger().handlers)
    billing, search = component_space(), component_space()
    with billing:
        import billing as component
        component.charge(12)
        billing_log = component.stream.getvalue()
    with search:
        import search as component
        component.query("")
        component.query("spaces")
        search_log = component.stream.getvalue()
    print("billing's log:", billing_log.strip().splitlines())
    print("search's log: ", search_log.strip().splitlines())
    untouched = logging.getLogger().handlers == app_handlers
    print("the application's root logger is", "untouched" if untouched else "CHANGED",
          f"(handlers {logging.getLogger().handlers}, level {logging.getLevelName(logging.getLogger().level)})")
    billing.close()
    search.close()
    ok = untouched and billing_log.startswith("billing DEBUG") and search_log == "search [WARNING] empty query\n"
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
