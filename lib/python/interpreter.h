// The embedded CPython interpreter's lifetime (one per process). No Python.h here.
#pragma once

#include <string>
#include <vector>

namespace pyspace::python {

struct InterpreterOptions {
  // Extra sys.path entries appended after the system ones (e.g. config `python_path`).
  std::vector<std::string> extra_path;
  // Install Python's SIGINT handler so Ctrl-C raises KeyboardInterrupt in running tests.
  bool install_signal_handlers = true;
};

// Starts CPython with an isolated configuration: no PYTHON* environment variables, no user site,
// sys.executable = the system python3 this binary was built against, sys.path = that Python's
// own path (stdlib, lib-dynload, dist-packages) plus the site-packages of an active virtualenv
// ($VIRTUAL_ENV) made with the same Python version. Loads the embedded `_pyspace` modules.
// After construction the calling thread holds the GIL; the destructor finalizes the interpreter.
// Constructing a second one while the first is alive throws.
class Interpreter {
 public:
  explicit Interpreter(const InterpreterOptions& options = {});
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  static bool running();
};

// "3.11.2": the embedded interpreter's version (Python.h's PY_VERSION).
std::string python_version();

}  // namespace pyspace::python
