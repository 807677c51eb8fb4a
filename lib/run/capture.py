"""Per-test capture of stdout and stderr, at the file-descriptor and the sys level (--capture=fd,
the default; --capture=sys and tee-sys: SysCapture, at the sys level only).

Each stream (fd 1 and fd 2) gets one anonymous append-mode file (fixtures/fd_redirect.py, the
mechanism capfd uses too). At the
first start() the real fd is redirected onto that file (dup2) and stays so until close(), so
os.write(1, ...), C code and child processes inheriting the fds land in it; while a test runs,
sys.stdout / sys.stderr are unbuffered text streams writing into the same file, so print()
output keeps its order with fd-level output. A test's output is the slice of the file between
the end offset at the previous stop() and the end offset at this stop(): per test that costs one
lseek per stream, and a read only when something was written. mark(when) notes where each
stream's file ends when the next phase of the test begins (one lseek per stream), so that the
output is also known phase by phase (parts(): pytest's "Captured stdout setup", "... call").

Contract for the caller: while the capture is open, fds 1 and 2 are the capture files. Terminal
output (progress, reports) must go to `terminal_fd(1)` / `terminal_fd(2)`, duplicates of the
original fds; anything else written to fds 1/2 between tests is counted as the next test's.
"""

import io
import sys

from _pyspace.python import private_os as os

from _pyspace.fixtures.fd_redirect import FdRedirect

_TRUNCATE_ABOVE = 1 << 20  # bytes; the files are emptied between tests once they grow past it
_lseek = os.lseek
_SEEK_END = os.SEEK_END


class _StreamCapture:
    """One stream: the fd redirect (fd 1 or 2 into its file) and the sys stream writing there."""

    def __init__(self, target_fd, sys_name):
        self.sys_name = sys_name
        self.fd = FdRedirect(target_fd)
        self.text = self.fd.text_stream("backslashreplace")
        self._replaced = None
        self.marks = []  # where the file ended when each phase after the first began
        self.parts = ()  # [(phase, text)] of the last stop(), the phases that wrote

    @property
    def saved_fd(self):
        return self.fd.saved_fd

    def start(self):
        """Make the sys stream (and, the first time, the fd) write into the file."""
        current = getattr(sys, self.sys_name)
        if not self.fd.redirected:
            _flush_quietly(current)
            _flush_quietly(getattr(sys, "__" + self.sys_name + "__", None))
            self.fd.redirect()
        self._replaced = current
        setattr(sys, self.sys_name, self.text)

    def stop(self, labels):
        """Undo start() for the sys stream; return the output since the last stop (UTF-8 text).
        labels: the phase of each part between start, the marks and now (parts)."""
        _flush_quietly(getattr(sys, "__" + self.sys_name + "__", None))
        setattr(sys, self.sys_name, self._replaced)
        self._replaced = None
        fd = self.fd
        marks = self.marks
        if marks:
            self.marks = []
        if os.lseek(fd.file_fd, 0, os.SEEK_END) <= fd.offset:  # nothing written: no take() call
            self.parts = ()
            return ""
        start = fd.offset
        data = fd.take(_TRUNCATE_ABOVE)
        self.parts = _split(data, [offset - start for offset in marks], labels, "replace")
        return "".join(text for _when, text in self.parts)

    def close(self):
        """Point the real fd back at its original file and release everything."""
        if self.fd.redirected:
            _flush_quietly(getattr(sys, "__" + self.sys_name + "__", None))
        self.fd.close()


class _NoInput:
    """sys.stdin while output is captured: reading fails at once, as pytest's DontReadFromInput
    does (a test waiting for input would wait for a prompt nobody sees)."""

    encoding = None

    def read(self, *args):
        raise OSError("pytest: reading from stdin while output is captured!  Consider using `-s`.")

    readline = readlines = __next__ = read

    def __iter__(self):
        return self

    def fileno(self):
        raise io.UnsupportedOperation("redirected stdin is pseudofile, has no fileno()")

    def isatty(self):
        return False

    def close(self):
        pass

    @property
    def buffer(self):
        return self


_NO_INPUT = _NoInput()


class _StdinGuard:
    """sys.stdin is _NO_INPUT while a test runs; at the fd level (fd capture) fd 0 also reads
    /dev/null from the first start() to close(), as pytest's FDCapture(0)."""

    def __init__(self, fd_level):
        self._fd_level = fd_level
        self._saved_fd = None
        self._replaced = None

    def start(self):
        if self._fd_level and self._saved_fd is None:
            try:
                saved = os.dup(0)
            except OSError:  # fd 0 closed: nothing to read from anyway
                self._fd_level = False
            else:
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.close(null)
                os.keep(saved)
                self._saved_fd = saved
        self._replaced = sys.stdin
        sys.stdin = _NO_INPUT

    def stop(self):
        sys.stdin = self._replaced
        self._replaced = None

    def close(self):
        if self._saved_fd is not None:
            os.dup2(self._saved_fd, 0)
            os.forget((self._saved_fd,))
            os.close(self._saved_fd)
            self._saved_fd = None


class FdCapture:
    """Captures fds 1 and 2 plus sys.stdout/sys.stderr test by test (see module docstring);
    stdin reads nothing meanwhile (_StdinGuard)."""

    def __init__(self):
        self._streams = (_StreamCapture(1, "stdout"), _StreamCapture(2, "stderr"))
        self._stdin = _StdinGuard(fd_level=True)
        self._labels = ["setup"]  # the phase of the output since start(), then of each mark's
        self.active = False

    def start(self, when="setup"):
        """Begin capturing one test's output (its phase `when` first). Paired with stop()."""
        out, err = self._streams
        self._labels = [when]
        out.start()
        err.start()
        self._stdin.start()
        self.active = True

    def mark(self, when):
        """The test's phase `when` begins: what is written from now on belongs to it."""
        out, err = self._streams
        self._labels.append(when)
        out.marks.append(_lseek(out.fd.file_fd, 0, _SEEK_END))
        err.marks.append(_lseek(err.fd.file_fd, 0, _SEEK_END))

    def relabel(self, when):
        """The test's phase `when` begins and the one before wrote nothing: what was written
        since the last mark (or start) belongs to `when`. No system call."""
        self._labels[-1] = when

    def parts(self):
        """([(phase, text)] of stdout, of stderr) for the last stop(): the phases that wrote."""
        out, err = self._streams
        return out.parts, err.parts

    def stop(self):
        """End capturing; return (stdout_text, stderr_text) written since start()."""
        if not self.active:
            return "", ""
        self.active = False
        self._stdin.stop()
        out, err = self._streams
        return out.stop(self._labels), err.stop(self._labels)

    def terminal_fd(self, fd):
        """A descriptor writing where fd (1 or 2) wrote before the capture (fd itself if unsaved)."""
        saved = self._streams[0 if fd == 1 else 1].saved_fd
        return saved if saved is not None else fd

    def close(self):
        """Stop if needed and release every resource; fds 1/2 and sys streams are the real ones after."""
        self.stop()
        for stream in self._streams:
            stream.close()
        self._stdin.close()


class NoCapture:
    """Same interface as FdCapture for capture=False: output goes straight through."""

    active = False

    def start(self, when="setup"):
        pass

    def mark(self, when):
        pass

    def relabel(self, when):
        pass

    def parts(self):
        return (), ()

    def terminal_fd(self, fd):
        return fd

    def stop(self):
        return "", ""

    def close(self):
        pass


class _MemoryText(io.TextIOWrapper):
    """A sys stream for --capture=sys: UTF-8 into memory (strict, as pytest's CaptureIO), and
    with `tee` also to that stream (--capture=tee-sys)."""

    def __init__(self, tee=None):
        super().__init__(io.BytesIO(), encoding="utf-8", newline="", write_through=True)
        self._tee = tee

    def write(self, text):
        written = super().write(text)
        if self._tee is not None:
            self._tee.write(text)
        return written

    def value(self):
        return self.buffer.getvalue().decode("utf-8")

    def written(self):
        """Bytes written so far (no system call)."""
        return self.buffer.tell()


class SysCapture:
    """--capture=sys / tee-sys: while a test runs, sys.stdout and sys.stderr are in-memory text
    streams (each test gets new ones); fds 1 and 2 are left alone, so os.write(1, ...), C code
    and child processes write straight to the terminal. With tee, what is captured also goes
    to the stream it replaced. sys (not tee-sys) makes reading stdin fail meanwhile."""

    def __init__(self, tee=False):
        self._tee = tee
        self._replaced = None
        self._streams = None
        self._stdin = None if tee else _StdinGuard(fd_level=False)  # tee-sys keeps stdin, as pytest
        self._labels = ["setup"]  # as FdCapture's
        self._marks = ([], [])
        self._parts = ((), ())
        self.active = False

    def start(self, when="setup"):
        """Begin capturing one test's output (its phase `when` first). Paired with stop()."""
        self._labels = [when]
        self._marks = ([], [])
        self._replaced = (sys.stdout, sys.stderr)
        if self._tee:
            self._streams = (_MemoryText(sys.stdout), _MemoryText(sys.stderr))
        else:
            self._streams = (_MemoryText(), _MemoryText())
        sys.stdout, sys.stderr = self._streams
        if self._stdin is not None:
            self._stdin.start()
        self.active = True

    def stop(self):
        """End capturing (the streams start() replaced are back); return (stdout, stderr)."""
        if not self.active:
            return "", ""
        self.active = False
        if self._stdin is not None:
            self._stdin.stop()
        sys.stdout, sys.stderr = self._replaced
        out, err = self._streams
        self._replaced = self._streams = None
        self._parts = tuple(_split(stream.buffer.getvalue(), marks, self._labels, "strict")
                            for stream, marks in zip((out, err), self._marks))
        return out.value(), err.value()

    def mark(self, when):
        """As FdCapture.mark (the streams' positions: no system call)."""
        self._labels.append(when)
        for stream, marks in zip(self._streams, self._marks):
            marks.append(stream.written())

    def relabel(self, when):
        self._labels[-1] = when

    def parts(self):
        return self._parts

    def terminal_fd(self, fd):
        return fd

    def close(self):
        self.stop()


def collecting(mode, collect, *args, **kwargs):
    """collect(*args, **kwargs) with the output captured as --capture `mode` says, as pytest
    captures what a file writes while it is collected (its module-level prints, a C extension's
    banner): (its result, stdout text, stderr text). pytest shows the text only with the file's
    collection error ("Captured stdout", "Captured stderr"); "no" (-s) lets it through. Under
    fd capture, fds 1 and 2 point at the process's collection files only during the call."""
    if mode is True or mode == "fd":
        global _collection_fds
        if _collection_fds is None:
            _collection_fds = _FdsWhileCollecting()
        return _collection_fds.around(collect, args, kwargs)
    capture = make_capture(mode)
    try:
        capture.start("collect")
        try:
            result = collect(*args, **kwargs)
        finally:
            out, err = capture.stop()
    finally:
        capture.close()
    return result, out, err


class _FdsWhileCollecting:
    """fds 1 and 2 and the sys streams pointed at two anonymous files around each collection,
    put back after it; the files stay open for the next file (made once per process: a new
    FdCapture per file cost ~0.14 ms)."""

    def __init__(self):
        self._streams = tuple((FdRedirect(fd), name) for fd, name in ((1, "stdout"), (2, "stderr")))
        self._texts = tuple(redirect.text_stream("backslashreplace") for redirect, _ in self._streams)

    def around(self, collect, args, kwargs):
        replaced = []
        for (redirect, name), text in zip(self._streams, self._texts):
            _flush_quietly(getattr(sys, name))
            _flush_quietly(getattr(sys, "__" + name + "__", None))
            redirect.redirect()
            replaced.append(getattr(sys, name))
            setattr(sys, name, text)
        try:
            result = collect(*args, **kwargs)
        finally:
            written = []
            for (redirect, name), previous in zip(self._streams, replaced):
                _flush_quietly(getattr(sys, "__" + name + "__", None))
                setattr(sys, name, previous)
                written.append(redirect.take(_TRUNCATE_ABOVE).decode("utf-8", "backslashreplace"))
                redirect.restore()
        return (result, *written)


_collection_fds = None


def make_capture(mode):
    """The capture of --capture `mode`: "fd" (or True) FdCapture, "sys" / "tee-sys" SysCapture,
    "no" (or False) NoCapture."""
    if mode is True or mode == "fd":
        return FdCapture()
    if mode in ("sys", "tee-sys"):
        return SysCapture(tee=mode == "tee-sys")
    return NoCapture()


def _split(data, ends, labels, errors):
    """[(phase, text)] of `data` cut where each later phase began (`ends`: offsets into data;
    labels: the phase of each piece), the phases that wrote."""
    if not data:
        return ()
    if not ends:
        return ((labels[0], data.decode("utf-8", errors)),)
    parts = []
    begin = 0
    for when, end in zip(labels, (*ends, len(data))):
        if end > begin:
            parts.append((when, data[begin:end].decode("utf-8", errors)))
        begin = max(begin, end)
    return parts


def _flush_quietly(stream):
    if stream is None:
        return
    try:
        stream.flush()
    except Exception:
        pass
