#include "python/signals.h"

#include <fcntl.h>
#include <unistd.h>

#include "python/python_api.h"
#include "python/raise.h"

namespace pyspace::python {

int install_signal_wakeup() {
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return -1;
  translate_errors([&] {
    py::module_ signal = py::module_::import("signal");
    signal.attr("signal")(signal.attr("SIGTERM"), signal.attr("default_int_handler"));
    signal.attr("set_wakeup_fd")(fds[1], py::arg("warn_on_full_buffer") = false);
    return 0;
  });
  return fds[0];
}

bool interrupted_by_signal() {
  if (PyErr_CheckSignals() == 0) return false;
  PyErr_Clear();
  return true;
}

}  // namespace pyspace::python
