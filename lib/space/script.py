"""Running a script as __main__ in a space, the way `python3 SCRIPT` would
(module `_pyspace.space.script`)."""
import sys


def exit_status(code):
    """The process status for SystemExit(code), printing a non-integer code as Python does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _user_traceback(tb):
    """Skips the frames of runpy and pyspace-test itself, so the traceback starts in the script."""
    while tb is not None and _is_internal(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return tb


def _is_internal(filename):
    return filename.endswith(("/lib/space/space.py", "/lib/space/script.py"))


def run_script(space, path, args):
    """Runs `path` as __main__ in `space`; returns the exit status. An uncaught exception prints
    its traceback to stderr (status 1), as the python3 command does."""
    try:
        space.run_path(path, args)
    except SystemExit as exc:
        return exit_status(exc.code)
    except BaseException as exc:
        import traceback
        traceback.print_exception(type(exc), exc, _user_traceback(exc.__traceback__), file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 0
