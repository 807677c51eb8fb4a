#include "watch/terminal_keys.h"

#include <unistd.h>

#include <iostream>

namespace pyspace::watch {

RawKeys::RawKeys(bool enabled) : enabled_(enabled && isatty(STDIN_FILENO)) {
  if (!enabled_) return;
  if (tcgetattr(STDIN_FILENO, &saved_) != 0) {
    enabled_ = false;
    return;
  }
  termios raw = saved_;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

RawKeys::~RawKeys() {
  if (enabled_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
}

std::optional<char> RawKeys::read_key() const {
  char key = 0;
  if (read(STDIN_FILENO, &key, 1) == 1) return key;
  return std::nullopt;
}

std::string RawKeys::read_line(const std::string& prompt) const {
  if (enabled_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  std::cout << prompt << std::flush;
  std::string line;
  std::getline(std::cin, line);
  std::cin.clear();
  if (enabled_) {
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  }
  return line;
}

}  // namespace pyspace::watch
