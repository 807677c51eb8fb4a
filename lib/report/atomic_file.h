// Writing a report file so that readers never see half of it.
#pragma once

#include <string>

namespace pyspace::report {

// Writes `content` to `path` through a temporary file in the same directory and a rename,
// creating missing parent directories. On failure removes the temporary file and throws
// core::UsageError("cannot write <what> <path>: <reason>").
void write_file_atomically(const std::string& path, const std::string& content,
                           const std::string& what);

}  // namespace pyspace::report
