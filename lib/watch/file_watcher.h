// Watching a project's directories for saved files. The interface lets the watch loop be tested
// with a fake; InotifyWatcher is Linux's. No Python here.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pyspace::watch {

// One path that changed: a file written, created, renamed into place or deleted.
struct FileChange {
  std::filesystem::path path;
  bool deleted = false;
};

class FileWatcher {
 public:
  virtual ~FileWatcher() = default;
  // A descriptor that becomes readable when changes are pending (for poll()).
  virtual int fd() const = 0;
  // The changes pending now (may be empty); never blocks.
  virtual std::vector<FileChange> read_changes() = 0;
};

// Watches every directory below each root (skipping hidden directories, __pycache__,
// node_modules, virtualenvs and build folders), following directories created, moved in or
// deleted and recreated later, and editors' atomic saves (write elsewhere, rename into place).
// Throws core::Error when inotify is not available.
std::unique_ptr<FileWatcher> make_inotify_watcher(const std::vector<std::filesystem::path>& roots);

}  // namespace pyspace::watch
