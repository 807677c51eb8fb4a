"""Per-test capture of stdout and stderr, at the file-descriptor and the sys level.

Each stream (fd 1 and fd 2) gets one anonymous temporary file, opened in append mode, for the
whole Session. While a test runs, the real fd is redirected onto that file (dup2) and
sys.stdout / sys.stderr are replaced by unbuffered text streams writing into the same file, so
print(), os.write(1, ...), C code and child processes inheriting the fds all land in one file, in
the order they wrote. A test's output is the slice of the file between the end offsets taken when
it starts and stops. Between tests the real fds and sys streams are back in place, so the caller
(the C++ reporter) can print freely.

Cost per test: a handful of system calls (dup2, lseek) and two attribute swaps; nothing is read
unless the test wrote something.

Contract for the caller: flush its own C stdio buffers before run(), otherwise bytes it left in
them may be written while a test's capture is active and show up as that test's output.
"""

import io
import os
import sys
import tempfile

_TRUNCATE_ABOVE = 1 << 20  # bytes; the files are emptied between tests once they grow past it


class _StreamCapture:
    """One stream: the real fd (1 or 2), its saved duplicate and the temporary file."""

    def __init__(self, target_fd, sys_name):
        self.target_fd = target_fd
        self.sys_name = sys_name
        self.file_fd = _open_anonymous_append_file()
        self.saved_fd = _dup_or_none(target_fd)
        self.text = _text_stream(self.file_fd)
        self._start = 0
        self._replaced = None

    def start(self):
        """Redirect the fd and sys stream into the file; remember where this test's output starts."""
        current = getattr(sys, self.sys_name)
        _flush_quietly(current)
        if self.saved_fd is not None:
            os.dup2(self.file_fd, self.target_fd)
        self._start = os.lseek(self.file_fd, 0, os.SEEK_END)
        self._replaced = current
        setattr(sys, self.sys_name, self.text)

    def stop(self):
        """Undo start() and return what the test wrote, decoded as UTF-8 (errors replaced)."""
        _flush_quietly(getattr(sys, "__" + self.sys_name + "__", None))
        setattr(sys, self.sys_name, self._replaced)
        self._replaced = None
        end = os.lseek(self.file_fd, 0, os.SEEK_END)
        if self.saved_fd is not None:
            os.dup2(self.saved_fd, self.target_fd)
        if end <= self._start:
            return ""
        data = os.pread(self.file_fd, end - self._start, self._start)
        if end > _TRUNCATE_ABOVE:
            os.ftruncate(self.file_fd, 0)
        return data.decode("utf-8", "replace")

    def close(self):
        """Release the file and the saved fd. The caller has already stopped the capture."""
        if self.saved_fd is not None:
            os.close(self.saved_fd)
            self.saved_fd = None
        if self.file_fd is not None:
            os.close(self.file_fd)
            self.file_fd = None


class FdCapture:
    """Captures fds 1 and 2 plus sys.stdout/sys.stderr test by test (see module docstring)."""

    def __init__(self):
        self._streams = (_StreamCapture(1, "stdout"), _StreamCapture(2, "stderr"))
        self.active = False

    def start(self):
        """Begin capturing one test's output. Must be paired with stop()."""
        out, err = self._streams
        out.start()
        err.start()
        self.active = True

    def stop(self):
        """End capturing; return (stdout_text, stderr_text) written since start()."""
        if not self.active:
            return "", ""
        self.active = False
        out, err = self._streams
        return out.stop(), err.stop()

    def close(self):
        """Stop if needed and release every resource; fds 1/2 and sys streams are the real ones after."""
        self.stop()
        for stream in self._streams:
            stream.close()


class NoCapture:
    """Same interface as FdCapture for capture=False: output goes straight through."""

    active = False

    def start(self):
        pass

    def stop(self):
        return "", ""

    def close(self):
        pass


def make_capture(enabled):
    """FdCapture when enabled, else NoCapture."""
    return FdCapture() if enabled else NoCapture()


def _open_anonymous_append_file():
    fd, path = tempfile.mkstemp(prefix="pyspace-capture-")
    try:
        append_fd = os.open(path, os.O_RDWR | os.O_APPEND)
    finally:
        os.close(fd)
        os.unlink(path)
    return append_fd


def _dup_or_none(fd):
    """A duplicate of fd, or None when fd is not open (then only sys-level capture happens)."""
    try:
        return os.dup(fd)
    except OSError:
        return None


def _text_stream(fd):
    raw = io.FileIO(fd, "wb", closefd=False)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", write_through=True)


def _flush_quietly(stream):
    if stream is None:
        return
    try:
        stream.flush()
    except Exception:
        pass
