#include "python/error.h"

#include <fmt/format.h>

#include "python/raise.h"
#include "python/utf8_text.h"

namespace pyspace::python {

PythonError::PythonError(std::string type, std::string message, std::string traceback)
    : core::Error(core::ExitCode::InternalError,
                  message.empty() ? type : fmt::format("{}: {}", type, message)),
      type_(std::move(type)),
      message_(std::move(message)),
      traceback_(std::move(traceback)) {}

namespace {
std::string qualified_type_name(py::handle type) {
  std::string name = utf8_text(type.attr("__qualname__"));
  std::string module = utf8_text(type.attr("__module__"));
  return module == "builtins" ? name : module + "." + name;
}

// Never throws: formatting a broken exception must not hide the original one.
std::string safe(auto&& make) {
  try {
    return make();
  } catch (...) {
    PyErr_Clear();
    return "<unprintable>";
  }
}
}  // namespace

PythonError to_python_error(py::error_already_set& error) {
  py::object value = error.value();
  py::object type = error.type();
  py::object tb = error.trace();
  error.restore();
  PyErr_Clear();
  std::string type_name = safe([&] { return qualified_type_name(type); });
  std::string message = safe([&] { return utf8_text(value); });
  std::string traceback = safe([&] {
    py::object lines = py::module_::import("traceback").attr("format_exception")(type, value, tb);
    return utf8_text(py::str("").attr("join")(lines));
  });
  return PythonError(type_name, message, traceback);
}

PythonError fetch_python_error() {
  py::error_already_set error;
  return to_python_error(error);
}

}  // namespace pyspace::python
