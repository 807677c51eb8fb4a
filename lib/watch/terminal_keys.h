// Single keys from the user's terminal in watch mode. No Python here.
#pragma once

#include <termios.h>

#include <optional>
#include <string>

namespace pyspace::watch {

// While alive, stdin delivers keys one at a time without echo (when it is a terminal). The keys
// are read from a duplicate of stdin taken at construction: while tests run, the capture puts
// /dev/null on fd 0.
class RawKeys {
 public:
  explicit RawKeys(bool enabled);
  ~RawKeys();
  RawKeys(const RawKeys&) = delete;
  RawKeys& operator=(const RawKeys&) = delete;

  bool enabled() const { return enabled_; }
  // The descriptor to poll for keys; -1 when not enabled.
  int fd() const { return enabled_ ? fd_ : -1; }
  // One pending key, if any (non-blocking read after poll said the terminal is readable).
  std::optional<char> read_key() const;

 private:
  bool enabled_;
  int fd_ = -1;
  termios saved_{};
};

}  // namespace pyspace::watch
