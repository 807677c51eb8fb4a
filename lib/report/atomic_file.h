// Writing a report file so that readers never see half of it, without replacing what is not
// a regular file.
#pragma once

#include <string>

namespace pyspace::report {

// Checks, before a run, that a report can be written at `path`: not empty, not a directory,
// and a file can be created beside it (missing parent directories are created). Throws
// core::UsageError("cannot write <what> <path>: <reason>") when not.
void check_report_path(const std::string& path, const std::string& what);

// Writes `content` to `path`, as `open(path, "w")` would but safely:
//   - a symlink is followed (the link stays; what it points at is written, created if missing);
//   - a regular file (or a missing one) is replaced through a temporary file in the same
//     directory and a rename, creating missing parent directories, so readers see the old or
//     the new file, never half of one;
//   - anything else (a device such as /dev/null or /dev/stdout, a FIFO) is opened and written
//     through, never renamed over.
// On failure removes the temporary file and throws core::UsageError("cannot write <what>
// <path>: <reason>").
void write_file_atomically(const std::string& path, const std::string& content,
                           const std::string& what);

}  // namespace pyspace::report
