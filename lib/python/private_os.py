"""The os functions the runner's output capture calls between tests, bound once when the runner
starts (module `_pyspace.python.private_os`): a test that sets `os.dup2 = None` or `os.lseek =
None` (or deletes them) breaks only its own code, never the capture of the tests after it. Any
other name is read from `os` when asked for (constants, the rarely used functions).

Use: `from _pyspace.python import private_os as os`.

The runner's own descriptors (the terminal's duplicates, the capture files, the events stream)
are kept open when a test calls `os.closerange(3, 65536)`, as daemonizing code does: the
closerange the tests see closes the ranges around them (keep(), guard_closerange()). A test
cannot know those descriptors; closing them would lose every report after it. Contract: GIL held.
"""
import operator as _operator
import os as _os

close = _os.close
dup = _os.dup
dup2 = _os.dup2
lseek = _os.lseek
open = _os.open
pread = _os.pread
write = _os.write
ftruncate = _os.ftruncate
unlink = _os.unlink
fstat = _os.fstat


_real_closerange = _os.closerange
_kept = set()  # the runner's fds


def keep(*fds):
    """Marks `fds` (None and negatives ignored) as the runner's: guarded closerange skips them."""
    _kept.update(fd for fd in fds if fd is not None and fd >= 0)


def forget(fds):
    """The runner closed `fds` (an iterable): their numbers are free for anyone again."""
    _kept.difference_update(fds)


def keep_open_fds():
    """Keeps every descriptor above 2 open now (called when a session starts, before any test:
    they are the runner's, or inherited); returns them for forget()."""
    try:
        names = _os.listdir("/proc/self/fd")
    except OSError:
        return ()
    found = []
    for name in names:
        fd = int(name)
        if fd > 2:
            try:
                _os.fstat(fd)  # the listing's own descriptor is closed by now
            except OSError:
                continue
            found.append(fd)
    keep(*found)
    return tuple(found)


def _closerange(fd_low, fd_high, /):
    low, high = _operator.index(fd_low), _operator.index(fd_high)
    for fd in sorted(fd for fd in _kept if low <= fd < high):
        _real_closerange(low, fd)
        low = fd + 1
    _real_closerange(low, high)


_closerange.__name__ = _closerange.__qualname__ = "closerange"
_closerange.__doc__ = _real_closerange.__doc__
_closerange.__module__ = "posix"


def guard_closerange():
    """Makes os.closerange skip the runner's fds (once; before any space exists, so that every
    space's baseline holds the guarded one)."""
    if _os.closerange is _real_closerange:
        _os.closerange = _closerange


def __getattr__(name):
    return getattr(_os, name)
