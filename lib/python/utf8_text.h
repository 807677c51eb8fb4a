// PRIVATE to lib/python: turning any Python text into UTF-8 bytes for C++, without failing.
// GIL held.
#pragma once

#include <string>

#include "python/python_api.h"

namespace pyspace::python {

// The UTF-8 bytes of `text` (a str or bytes object; anything else is str()-ed first).
// Total: never raises for what the text holds and leaves no Python error set.
//   - U+DC80..U+DCFF (what "surrogateescape" made of undecodable bytes, e.g. in file names)
//     become the original byte again;
//   - any other lone surrogate (a test's "\ud83d") becomes the text "\ud83d", which is what
//     pytest's terminal writer prints when a message cannot be encoded.
// Only a failing str() of a non-text object throws (py::error_already_set).
std::string utf8_text(py::handle text);

}  // namespace pyspace::python
