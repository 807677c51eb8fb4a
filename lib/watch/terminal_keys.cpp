#include "watch/terminal_keys.h"

#include <fcntl.h>
#include <unistd.h>

namespace pyspace::watch {

RawKeys::RawKeys(bool enabled) : enabled_(enabled && isatty(STDIN_FILENO)) {
  if (!enabled_) return;
  fd_ = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
  if (fd_ < 0 || tcgetattr(fd_, &saved_) != 0) {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    enabled_ = false;
    return;
  }
  termios raw = saved_;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  tcsetattr(fd_, TCSANOW, &raw);
}

RawKeys::~RawKeys() {
  if (!enabled_) return;
  tcsetattr(fd_, TCSANOW, &saved_);
  close(fd_);
}

std::optional<char> RawKeys::read_key() const {
  char key = 0;
  if (enabled_ && read(fd_, &key, 1) == 1) return key;
  return std::nullopt;
}

}  // namespace pyspace::watch
