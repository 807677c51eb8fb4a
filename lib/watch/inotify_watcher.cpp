#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "collect/discovery.h"
#include "core/errors.h"
#include "watch/file_watcher.h"

namespace pyspace::watch {
namespace fs = std::filesystem;

namespace {

constexpr uint32_t kDirMask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                              IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

class InotifyWatcher final : public FileWatcher {
 public:
  explicit InotifyWatcher(const std::vector<fs::path>& roots) : roots_(roots) {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) throw core::Error(core::ExitCode::InternalError,
                                   fmt::format("inotify is not available: {}", std::strerror(errno)));
    for (const auto& root : roots_) add_tree(root);
  }
  ~InotifyWatcher() override { close(fd_); }

  int fd() const override { return fd_; }

  std::vector<FileChange> read_changes() override {
    std::vector<FileChange> changes;
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
      ssize_t length = read(fd_, buffer, sizeof(buffer));
      if (length <= 0) break;
      for (char* p = buffer; p < buffer + length;) {
        auto* event = reinterpret_cast<inotify_event*>(p);
        handle(*event, changes);
        p += sizeof(inotify_event) + event->len;
      }
    }
    if (rescan_) {  // a watched directory went away: watch whatever exists now (recreated dirs)
      rescan_ = false;
      for (const auto& root : roots_) add_tree(root);
    }
    return changes;
  }

 private:
  void handle(const inotify_event& event, std::vector<FileChange>& changes) {
    if (event.mask & IN_Q_OVERFLOW) {
      rescan_ = true;
      changes.push_back({roots_.front(), false});
      return;
    }
    auto dir = dirs_.find(event.wd);
    if (dir == dirs_.end()) return;
    if (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
      dirs_.erase(dir);
      rescan_ = true;
      return;
    }
    if (event.len == 0) return;
    fs::path path = dir->second / event.name;
    if (event.mask & IN_ISDIR) {
      if (event.mask & (IN_CREATE | IN_MOVED_TO)) {
        add_tree(path);
        changes.push_back({path, false});  // files created with it are reported by the rescan
        for (const auto& entry : fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied))
          if (entry.is_regular_file()) changes.push_back({entry.path(), false});
      } else if (event.mask & (IN_DELETE | IN_MOVED_FROM)) {
        changes.push_back({path, true});
      }
      return;
    }
    bool deleted = event.mask & (IN_DELETE | IN_MOVED_FROM);
    if (event.mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_CREATE))
      changes.push_back({path, deleted});
  }

  void add_tree(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return;
    add_dir(root);
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (!it->is_directory(ec)) continue;
      if (collect::is_skipped_directory(it->path())) {
        it.disable_recursion_pending();
        continue;
      }
      add_dir(it->path());
    }
  }

  void add_dir(const fs::path& dir) {
    int wd = inotify_add_watch(fd_, dir.c_str(), kDirMask);
    if (wd >= 0) dirs_[wd] = dir;
  }

  std::vector<fs::path> roots_;
  std::map<int, fs::path> dirs_;
  int fd_ = -1;
  bool rescan_ = false;
};

}  // namespace

std::unique_ptr<FileWatcher> make_inotify_watcher(const std::vector<fs::path>& roots) {
  return std::make_unique<InotifyWatcher>(roots);
}

}  // namespace pyspace::watch
