"""The atexit callbacks of a forked child (module `_pyspace.run.exit_callbacks`).

A supervised child, and each of -n's workers, ends with _exit: the interpreter's exit, which
would call the atexit callbacks its tests registered, never comes. The parent's own callbacks
were cleared in the child when it was forked (run/python_bridge.cpp), so those left are the
child's. run() calls them as the interpreter's exit does, last registered first (what one
raises is printed, the next is called), and returns what they wrote, for the parent to write
after its summary, where pytest's process shows it. Contract: GIL held, in the child only.
"""
import atexit
import contextlib


class _Chunks:
    """A text stream that notes what is written to it, in order with its sibling's."""

    def __init__(self, fd, chunks):
        self._fd = fd
        self._chunks = chunks

    def write(self, text):
        if self._chunks and self._chunks[-1][0] == self._fd:
            self._chunks[-1][1] += text
        else:
            self._chunks.append([self._fd, text])
        return len(text)

    def flush(self):
        pass


def run():
    """[[fd, text], ...]: what the child's atexit callbacks wrote to sys.stdout (1) and sys.stderr
    (2) while called now, in the order written."""
    chunks = []
    with contextlib.redirect_stdout(_Chunks(1, chunks)), contextlib.redirect_stderr(_Chunks(2, chunks)):
        atexit._run_exitfuncs()
    return chunks
