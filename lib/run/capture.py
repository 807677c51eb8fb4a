"""Per-test capture of stdout and stderr, at the file-descriptor and the sys level.

Each stream (fd 1 and fd 2) gets one anonymous file (a memfd, else an unlinked temporary file),
opened in append mode. At the
first start() the real fd is redirected onto that file (dup2) and stays so until close(), so
os.write(1, ...), C code and child processes inheriting the fds land in it; while a test runs,
sys.stdout / sys.stderr are unbuffered text streams writing into the same file, so print()
output keeps its order with fd-level output. A test's output is the slice of the file between
the end offset at the previous stop() and the end offset at this stop(): per test that costs one
lseek per stream, and a read only when something was written.

Contract for the caller: while the capture is open, fds 1 and 2 are the capture files. Terminal
output (progress, reports) must go to `terminal_fd(1)` / `terminal_fd(2)`, duplicates of the
original fds; anything else written to fds 1/2 between tests is counted as the next test's.
"""

import io
import os
import sys

_TRUNCATE_ABOVE = 1 << 20  # bytes; the files are emptied between tests once they grow past it


class _StreamCapture:
    """One stream: the real fd (1 or 2), its saved duplicate and the temporary file."""

    def __init__(self, target_fd, sys_name):
        self.target_fd = target_fd
        self.sys_name = sys_name
        self.file_fd = _open_anonymous_append_file()
        self.saved_fd = _dup_or_none(target_fd)
        self.text = _text_stream(self.file_fd)
        self._redirected = False
        self._offset = 0
        self._replaced = None

    def start(self):
        """Make the sys stream (and, the first time, the fd) write into the file."""
        current = getattr(sys, self.sys_name)
        if not self._redirected:
            self._redirect(current)
        self._replaced = current
        setattr(sys, self.sys_name, self.text)

    def stop(self):
        """Undo start() for the sys stream; return the output since the last stop (UTF-8 text)."""
        _flush_quietly(getattr(sys, "__" + self.sys_name + "__", None))
        setattr(sys, self.sys_name, self._replaced)
        self._replaced = None
        end = os.lseek(self.file_fd, 0, os.SEEK_END)
        start, self._offset = self._offset, end
        if end <= start:
            return ""
        data = os.pread(self.file_fd, end - start, start)
        if end > _TRUNCATE_ABOVE:
            os.ftruncate(self.file_fd, 0)
            self._offset = 0
        return data.decode("utf-8", "replace")

    def close(self):
        """Point the real fd back at its original file and release everything."""
        if self._redirected and self.saved_fd is not None:
            _flush_quietly(getattr(sys, "__" + self.sys_name + "__", None))
            os.dup2(self.saved_fd, self.target_fd)
        self._redirected = False
        for fd in (self.saved_fd, self.file_fd):
            if fd is not None:
                os.close(fd)
        self.saved_fd = self.file_fd = None

    def _redirect(self, current):
        _flush_quietly(current)
        _flush_quietly(getattr(sys, "__" + self.sys_name + "__", None))
        if self.saved_fd is not None:
            os.dup2(self.file_fd, self.target_fd)
        self._offset = os.lseek(self.file_fd, 0, os.SEEK_END)
        self._redirected = True


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

    def terminal_fd(self, fd):
        """A descriptor writing where fd (1 or 2) wrote before the capture (fd itself if unsaved)."""
        saved = self._streams[0 if fd == 1 else 1].saved_fd
        return saved if saved is not None else fd

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

    def terminal_fd(self, fd):
        return fd

    def stop(self):
        return "", ""

    def close(self):
        pass


def make_capture(enabled):
    """FdCapture when enabled, else NoCapture."""
    return FdCapture() if enabled else NoCapture()


def _open_anonymous_append_file():
    try:
        memfd = os.memfd_create("pyspace-capture")
    except (AttributeError, OSError):
        pass
    else:
        try:  # reopened for O_APPEND (fcntl would cost an import)
            return os.open(f"/proc/self/fd/{memfd}", os.O_RDWR | os.O_APPEND)
        except OSError:
            pass
        finally:
            os.close(memfd)
    import tempfile
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
