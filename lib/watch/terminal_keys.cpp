#include "watch/terminal_keys.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

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

QuitKey::QuitKey(RawKeys& keys) : main_(pthread_self()) {
  if (!keys.enabled() || pipe2(stop_, O_CLOEXEC) != 0) return;
  thread_ = std::thread([this, &keys] {
    for (;;) {
      pollfd fds[2] = {{keys.fd(), POLLIN, 0}, {stop_[0], POLLIN, 0}};
      if (poll(fds, 2, -1) < 0 && errno != EINTR) return;
      if (fds[1].revents != 0) return;
      if (fds[0].revents & POLLIN) {
        auto key = keys.read_key();
        if (key && *key == 'q') {
          quit_ = true;
          pthread_kill(main_, SIGINT);
          return;
        }
      }
      if (fds[0].revents & (POLLHUP | POLLERR)) return;
    }
  });
}

QuitKey::~QuitKey() {
  if (!thread_.joinable()) return;
  if (write(stop_[1], "x", 1) < 0) {  // cannot fail on an empty pipe; the thread ends at its poll
  }
  thread_.join();
  close(stop_[0]);
  close(stop_[1]);
}

}  // namespace pyspace::watch
