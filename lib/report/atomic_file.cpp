#include "report/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/errors.h"

namespace pyspace::report {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const std::string& path, const std::string& why) {
  throw core::UsageError(fmt::format("cannot write {} {}: {}", what, path, why));
}

void create_parent_directories(const fs::path& target, const std::string& what,
                               const std::string& shown) {
  fs::path parent = target.parent_path();
  if (parent.empty()) return;
  std::error_code error;
  fs::create_directories(parent, error);
  if (error) fail(what, shown, error.message());
}

// Where a report written to `path` goes: `path` itself when it is not a symlink; the file a
// symlink resolves to when that exists (realpath: also right for /proc's fd links, whose text
// is no path); else the missing file at the end of the link chain, which is to be created.
fs::path resolved_target(const fs::path& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
  std::error_code error;
  fs::path real = fs::canonical(path, error);
  if (!error) return real;
  fs::path target = path;
  for (int hops = 0; hops < 40; ++hops) {
    if (lstat(target.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return target;
    fs::path next = fs::read_symlink(target, error);
    if (error) return target;
    target = next.is_absolute() ? next : (target.parent_path() / next).lexically_normal();
  }
  return target;  // a loop: opening it reports ELOOP
}

// Writes all of `content` to `fd`; returns the reason when it could not.
std::string write_all(int fd, const std::string& content) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::strerror(errno);
    if (n == 0) return "nothing could be written";
    done += static_cast<size_t>(n);
  }
  return {};
}

// open(2) `path` with `flags`, write `content`, close; returns the reason when it failed.
std::string write_through(const fs::path& path, int flags, const std::string& content) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0666);
  if (fd < 0) return std::strerror(errno);
  std::string problem = write_all(fd, content);
  if (::close(fd) != 0 && problem.empty() && errno != EINTR) problem = std::strerror(errno);
  return problem;
}

}  // namespace

void check_report_path(const std::string& path, const std::string& what) {
  if (path.empty()) fail(what, "''", "the path is empty");
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {  // through symlinks, /proc's fd links included
    if (S_ISDIR(info.st_mode)) fail(what, path, "it is a directory");
    if (!S_ISREG(info.st_mode)) return;  // a device or FIFO: written through at the end
  }
  const fs::path target = resolved_target(fs::path(path));
  create_parent_directories(target, what, path);
  // The rename at the end needs a new file beside the target: try to make one now.
  fs::path probe = target;
  probe += fmt::format(".{}.check", getpid());
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail(what, path, std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

void write_file_atomically(const std::string& path, const std::string& content,
                           const std::string& what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) fail(what, path, "it is a directory");
    std::string problem = write_through(path, O_WRONLY | O_TRUNC, content);  // the kernel follows links
    if (!problem.empty()) fail(what, path, problem);
    return;
  }
  const fs::path target = resolved_target(fs::path(path));
  create_parent_directories(target, what, path);
  fs::path temporary = target;
  temporary += fmt::format(".{}.tmp", getpid());
  std::string problem = write_through(temporary, O_WRONLY | O_CREAT | O_TRUNC, content);
  if (problem.empty() && ::rename(temporary.c_str(), target.c_str()) != 0) problem = std::strerror(errno);
  if (problem.empty()) return;
  ::unlink(temporary.c_str());
  fail(what, path, problem);
}

}  // namespace pyspace::report
