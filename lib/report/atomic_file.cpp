#include "report/atomic_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "core/errors.h"

namespace pyspace::report {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const std::string& path, const std::string& why) {
  throw core::UsageError(fmt::format("cannot write {} {}: {}", what, path, why));
}

void create_parent_directories(const fs::path& target, const std::string& what) {
  fs::path parent = target.parent_path();
  if (parent.empty()) return;
  std::error_code error;
  fs::create_directories(parent, error);
  if (error) fail(what, target.string(), error.message());
}

// Writes the whole of `content`; returns the reason when it could not.
std::string write_whole_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (out) out.close();
  if (out) return {};
  return errno != 0 ? std::strerror(errno) : "write failed";
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content,
                           const std::string& what) {
  fs::path target(path);
  create_parent_directories(target, what);
  fs::path temporary = target;
  temporary += fmt::format(".{}.tmp", getpid());
  errno = 0;
  std::string problem = write_whole_file(temporary, content);
  std::error_code error;
  if (problem.empty()) {
    fs::rename(temporary, target, error);
    if (error) problem = error.message();
  }
  if (problem.empty()) return;
  fs::remove(temporary, error);
  fail(what, path, problem);
}

}  // namespace pyspace::report
