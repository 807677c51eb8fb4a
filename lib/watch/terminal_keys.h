// Single keys from the user's terminal in watch mode. No Python here.
#pragma once

#include <pthread.h>
#include <termios.h>

#include <atomic>
#include <thread>

#include <optional>

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

// While alive (a run), a thread reads the keys so that `q` acts at once: it sends SIGINT to the
// thread that made it (the main thread: a sleep or a blocking call is interrupted, and the
// running test gets KeyboardInterrupt, as on Ctrl-C) and quit() becomes true. Other keys pressed
// during a run are dropped. Does nothing when `keys` is not enabled.
class QuitKey {
 public:
  explicit QuitKey(RawKeys& keys);
  ~QuitKey();
  QuitKey(const QuitKey&) = delete;
  QuitKey& operator=(const QuitKey&) = delete;
  bool quit() const { return quit_; }

 private:
  pthread_t main_;
  int stop_[2] = {-1, -1};
  std::atomic<bool> quit_{false};
  std::thread thread_;
};

}  // namespace pyspace::watch
