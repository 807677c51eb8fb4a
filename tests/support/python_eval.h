// Evaluating Python in the root (no space active) from a test. GIL held (the test main holds it).
#pragma once

#include <string>

#include "python/object.h"

namespace pyspace::testing {

// Evaluates `expression` with the root's builtins and `import sys` available.
inline python::Object root_eval(const std::string& expression) {
  python::Object builtins = python::import_module("builtins");
  python::Object globals = builtins.attr("dict")();
  globals.call_method("__setitem__", {std::string("sys"), python::import_module("sys")});
  return builtins.attr("eval")({expression, globals});
}

inline void root_exec(const std::string& source) {
  python::Object builtins = python::import_module("builtins");
  python::Object globals = builtins.attr("dict")();
  builtins.attr("exec")({source, globals});
}

// Puts `entry` first on a space's sys.path (space: the Python ModuleSpace object).
inline void prepend_path(const python::Object& space, const std::string& entry) {
  space.attr("path").call_method("insert", {0LL, entry});
}

}  // namespace pyspace::testing
