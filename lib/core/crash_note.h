#pragma once
// Last words on a fatal signal (SIGSEGV, SIGFPE, SIGABRT, SIGBUS, SIGILL) while tests run:
// the console output still buffered is written out, then "pyspace-test: fatal signal
// (Segmentation fault) while running <node id>" on the given fd, then the signal's default
// action (the process dies with it, as it would have). Python's faulthandler, enabled after
// install() by the session, dumps the Python stacks first and then calls this handler.
// Everything the handler does is async-signal-safe: fixed buffers and write(2).
#include <string_view>

namespace pyspace::core {

// A buffer to write out on a fatal signal: `flush(context)` must only call write(2).
using EmergencyFlush = void (*)(void* context);
// Registers (or, with nullptr, removes) the console's emergency flush. One at a time.
void set_emergency_flush(EmergencyFlush flush, void* context);

// Installs the handlers, remembering the previous ones; `fd` receives the note. Not nested.
void install_crash_note(int fd);
// Puts the previous handlers back (a no-op when not installed).
void uninstall_crash_note();
// The test now running (copied, cut at 4 KiB); empty between tests.
void note_running(std::string_view nodeid);

}  // namespace pyspace::core
