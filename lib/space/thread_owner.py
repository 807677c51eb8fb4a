"""Which space a thread imports into (module `_pyspace.space.thread_owner`).

One module table serves every thread, but not every thread belongs to the active space: while a
space is active, the thread that activated it and the threads started from one of its threads
import into it; any other thread (started before the activation, by the root, or by a space no
longer active) is a root thread, whose imports are the root's (activation._root_thread_spec).

A thread is marked when it is started: `threading.Thread.start` is wrapped once, the first time
an activation sees `threading` (the root's: one copy per process), and records on the thread the
space the starting thread imports into. Threads started with `_thread.start_new_thread` directly
carry no mark: they are root threads.

Contract: the GIL is held.
"""
import sys
import _thread

_MARK = "_pyspace_space"


def watch(threading, space_of_this_thread):
    """Wraps threading.Thread.start (once per process) so that a thread records, when started,
    the space `space_of_this_thread()` gives for the starting thread (None: the root)."""
    if threading is None:
        return
    start = threading.Thread.start
    if getattr(start, "_pyspace_marks_space", False):
        return

    def start_in_space(self):
        setattr(self, _MARK, space_of_this_thread())
        return start(self)

    start_in_space.__doc__ = start.__doc__
    start_in_space.__wrapped__ = start
    start_in_space._pyspace_marks_space = True
    threading.Thread.start = start_in_space


def in_active_space(stack):
    """True when the calling thread was started by a space's thread and that space, or one of
    its ancestors, is active (`stack`: activation's layers)."""
    threading = sys.modules.get("threading")
    if threading is None:
        return False
    thread = threading._active.get(_thread.get_ident())  # no _DummyThread made for a foreign thread
    space = getattr(thread, _MARK, None)
    while space is not None:
        if any(layer.space is space for layer in stack):
            return True
        space = space.parent
    return False
