// PRIVATE to lib/python: runs a pybind11-using lambda and turns a raised Python exception into
// PythonError (the error indicator is cleared). GIL held.
#pragma once

#include "python/error.h"
#include "python/python_api.h"

namespace pyspace::python {

// Builds a PythonError from the exception pybind11 fetched.
PythonError to_python_error(py::error_already_set& error);
// Builds a PythonError from the interpreter's current error indicator (which it clears).
PythonError fetch_python_error();

template <typename F>
auto translate_errors(F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (py::error_already_set& error) {
    throw to_python_error(error);
  } catch (py::cast_error& error) {
    throw PythonError("TypeError", error.what(), "");
  }
}

}  // namespace pyspace::python
