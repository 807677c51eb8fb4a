"""The os functions the runner's output capture calls between tests, bound once when the runner
starts (module `_pyspace.python.private_os`): a test that sets `os.dup2 = None` or `os.lseek =
None` (or deletes them) breaks only its own code, never the capture of the tests after it. Any
other name is read from `os` when asked for (constants, the rarely used functions).

Use: `from _pyspace.python import private_os as os`.
"""
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


def __getattr__(name):
    return getattr(_os, name)
