// Single keys from the user's terminal in watch mode. No Python here.
#pragma once

#include <termios.h>

#include <optional>
#include <string>

namespace pyspace::watch {

// While alive, stdin delivers keys one at a time without echo (when it is a terminal).
class RawKeys {
 public:
  explicit RawKeys(bool enabled);
  ~RawKeys();
  RawKeys(const RawKeys&) = delete;
  RawKeys& operator=(const RawKeys&) = delete;

  bool enabled() const { return enabled_; }
  // One pending key, if any (non-blocking read after poll said stdin is readable).
  std::optional<char> read_key() const;
  // Reads a line in the terminal's normal mode after printing `prompt` (for the `p` key).
  std::string read_line(const std::string& prompt) const;

 private:
  bool enabled_;
  termios saved_{};
};

}  // namespace pyspace::watch
