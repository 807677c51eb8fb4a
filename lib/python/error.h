// A Python exception carried into C++ as a value. No Python.h here.
#pragma once

#include <string>

#include "core/errors.h"

namespace pyspace::python {

// Thrown by lib/python calls when Python raised. The interpreter's error indicator is cleared
// before this is thrown, so the caller may keep using the interpreter.
class PythonError : public core::Error {
 public:
  PythonError(std::string type, std::string message, std::string traceback);

  const std::string& type() const { return type_; }            // "ValueError", "pkg.MyError"
  const std::string& message() const { return message_; }      // str(exception)
  const std::string& traceback() const { return traceback_; }  // as traceback.format_exception
  // A user's mistake found by the runner's Python code (`_pyspace.<dir>.<module>.UsageError`: a
  // fake file that does not execute, a module that cannot be faked): reported as exit 4 with
  // the message alone, never as an internal error. The one place this rule is written.
  bool is_usage_error() const { return type_.starts_with("_pyspace.") && type_.ends_with(".UsageError"); }

 private:
  std::string type_;
  std::string message_;
  std::string traceback_;
};

}  // namespace pyspace::python
