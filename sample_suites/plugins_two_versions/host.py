"""A plugin host with two plugins that need two versions of one package, in one process.

    pyspace-test exec host.py [ROUNDS]

The host imports its own textfmt 1.0 (vendor/). Each plugin runs in its own module space whose
sys.path starts with the plugin's directory; the `modern` plugin ships textfmt 2.0, and
`local=["textfmt"]` makes its space import that copy although the host already has one. The
host calls the plugins alternately: each sees its own textfmt every time, and the host's stays
1.0. See docs/library.md.
"""
import os
import sys

import pyspace

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "vendor"))

import textfmt  # noqa: E402  (the host's textfmt 1.0)


def plugin_space(name, local=()):
    """A space for plugins/<name>: its directory first on the path, `local` its own copies."""
    return pyspace.ModuleSpace(path=[os.path.join(HERE, "plugins", name), *sys.path], local=local)


def main(argv):
    rounds = int(argv[1]) if len(argv) > 1 else 1000
    classic = plugin_space("classic")
    modern = plugin_space("modern", local=["textfmt"])
    seen = set()
    for round_ in range(rounds):
        for space in (classic, modern) if round_ % 2 == 0 else (modern, classic):
            with space:
                import plugin
                seen.add(plugin.render("hello"))
    print(f"host: textfmt {textfmt.__version__}: {textfmt.banner('host')}")
    for line in sorted(seen):
        print(line)
    mixed_up = len(seen) != 2 or textfmt.__version__ != "1.0"
    print(f"{rounds} rounds, each plugin called {rounds} times: {'MIXED UP' if mixed_up else 'no mix-up'}")
    classic.close()
    modern.close()
    return 1 if mixed_up else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
