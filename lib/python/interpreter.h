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
  // What the destructor does. true: Py_FinalizeEx (modules torn down, a last collection).
  // false, for a process that ends right after: only the steps a program can observe, as
  // Py_FinalizeEx begins them (join non-daemon threads, atexit callbacks, flush sys.stdout and
  // sys.stderr); the memory is left to the operating system. Saves ~10 ms after a test run.
  // The interpreter cannot be started again in this process.
  bool finalize = true;
};

// Starts CPython with an isolated configuration: no PYTHON* environment variables, no user site,
// sys.executable = the system python3 this binary was built against, sys.path = that Python's
// own path (stdlib, lib-dynload, dist-packages) plus the site-packages of an active virtualenv
// ($VIRTUAL_ENV) made with the same Python version. Loads the embedded `_pyspace` modules.
// After construction the calling thread holds the GIL; the destructor ends the interpreter (see
// InterpreterOptions::finalize).
// Constructing a second one while the first is alive throws.
class Interpreter {
 public:
  explicit Interpreter(const InterpreterOptions& options = {});
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  static bool running();

 private:
  bool finalize_;
};

// "3.11.2": the embedded interpreter's version (Python.h's PY_VERSION).
std::string python_version();

}  // namespace pyspace::python
