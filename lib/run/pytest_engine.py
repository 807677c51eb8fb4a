"""pytest's own runner in the active space (module `_pyspace.run.pytest_engine`): `--engine
pytest`, and where `--engine auto` hands a suite over (app/engine.cpp).

main() calls the real pytest's `pytest.main()` with the user's arguments. pytest, its plugins
and what they import stay in the root (pytest, _pytest, pluggy are shared modules of every
space), so a second run in the same process (watch) finds them loaded; the suite's own modules,
its conftests and pytest's assertion-rewriting import hook belong to the space and go with it.
The light pytest of the native engine (pytest_api/pytest_finder.py) is never installed in a
process that runs this, so `import pytest` is the real one for the tests and the plugins alike.
Contract: GIL held, the run's space active.
"""

import sys

_last = {"interrupted": False, "runs": 0}

# After the first run, the root holds the plugins' modules (watch's warm root imported them
# there), so pytest's marking of plugin modules for assertion rewriting finds them imported and
# would warn about each, on every rerun: a warning of pyspace-test's making, not the suite's.
_ALREADY_IMPORTED = "ignore:Module already imported so cannot be rewritten:pytest.PytestAssertRewriteWarning"


class _KeyboardInterruptNote:
    """A plugin of the run: notes that the user interrupted it (pytest then returns 2, as it
    does for collection errors; watch mode ends only on the former)."""

    def pytest_keyboard_interrupt(self, excinfo):
        _last["interrupted"] = True


def main(args):
    """pytest.main(args) as an int exit code (pytest's: 0 passed, 1 failed, 2 interrupted,
    3 internal error, 4 usage error, 5 no tests collected)."""
    import pytest
    _last["interrupted"] = False
    _last["runs"] += 1
    args = list(args)
    if _last["runs"] > 1:
        args[:0] = ["-W", _ALREADY_IMPORTED]
    try:
        code = pytest.main(args, plugins=[_KeyboardInterruptNote()])
    except SystemExit as exc:  # a plugin's sys.exit() during configuration
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
    return int(code)


_PYTEST_TOPS = ("_pytest", "pytest", "pluggy")


def unhonoured_locals(local):
    """Sentences for the `local` names this engine cannot give the tests their own copy of:
    pytest's own modules (shared, in the root) hold the root's copy, so what pytest does with
    it (caplog's and the log capture's handlers on the root's `logging`) would miss the copy
    the tests use. Contract: GIL held, no space active (the module table is the root's)."""
    try:
        __import__("pytest")  # the root's, as every run of this engine imports it
    except ImportError:
        return []  # main() reports that pytest is missing
    from _pyspace.space.local_modules import modules_holding
    sentences = []
    for name in local:
        holding = [holder for holder in modules_holding(name, sys.modules)
                   if holder.partition(".")[0] in _PYTEST_TOPS]
        if holding:
            sentences.append(f"local '{name}' cannot be honoured by pytest's engine: pytest's "
                             f"{', '.join(holding)} use(s) the root's '{name}', not the tests' copy "
                             "(run with --engine native, or leave it out of 'local')")
    return sentences


def interrupted():
    """Whether the last main() was ended by KeyboardInterrupt (Ctrl-C, SIGTERM in watch)."""
    return _last["interrupted"]
