// Python sources compiled into the binary (see cmake/EmbedPython.cmake). No Python.h here.
#pragma once

#include <string_view>
#include <vector>

namespace pyspace::python {

struct EmbeddedSource {
  std::string_view module;     // "_pyspace.space.space"
  std::string_view origin;     // the source file it was built from (shown in tracebacks)
  std::string_view source;
  std::string_view code;       // marshal.dumps of the compiled module, by the embedded CPython
};

// Every embedded module, in build order. Defined in the generated embedded/index.cpp.
const std::vector<const EmbeddedSource*>& embedded_sources();

}  // namespace pyspace::python
