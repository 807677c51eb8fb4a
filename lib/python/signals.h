// Signals while C++ waits with the GIL released (watch mode). No Python.h here.
#pragma once

namespace pyspace::python {

// Makes SIGTERM raise KeyboardInterrupt like SIGINT, and has Python's C-level signal handler
// write to a pipe whose read end is returned (non-blocking), so poll() wakes up on a signal.
// GIL held.
int install_signal_wakeup();

// Runs pending Python signal handlers; true when one raised KeyboardInterrupt (cleared).
// GIL held.
bool interrupted_by_signal();

}  // namespace pyspace::python
