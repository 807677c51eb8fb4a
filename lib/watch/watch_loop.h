// `pyspace-test watch`: a first run, then a fresh run in a fresh space after every save, the
// affected tests first, over a root that keeps warming up. CONTRACT: the interpreter is running
// and this thread holds the GIL (released while waiting for changes).
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "report/reporter.h"
#include "run/run_options.h"
#include "watch/file_watcher.h"
#include "watch/watch_runner.h"

namespace pyspace::watch {

struct WatchOptions {
  int debounce_ms = 50;        // a burst of saves closer than this gives one run
  bool affected_only = false;  // after a change, run only the affected test files
  bool clear = true;           // clear the screen between runs (terminal only)
  int max_runs = 0;            // end after this many runs; 0 = until q / SIGINT / SIGTERM
  bool interactive = false;    // keys and clearing: stdin and stdout are terminals
  std::vector<std::filesystem::path> config_files;  // pyspace-test's and pytest's: re-read on change
  // pytest's engine runs each rerun: it runs pytest's whole selection (no affected files
  // first, no 'f' or 'p' selection) and reports itself.
  bool pytest_engine = false;
  // A rerun that needs pytest's engine (core::EngineNeeded: a hook or plugin appeared) ends the
  // loop with that error, for the command to hand over (--engine auto); otherwise it is shown.
  bool may_hand_over = false;
};

class WatchLoop {
 public:
  // `make_options` builds the run's options from the flags and the (re-read) config file.
  using OptionsFactory = std::function<run::RunOptions()>;

  // `runner` does the runs (main: PythonWatchRunner, watch/python_bridge.h).
  WatchLoop(WatchOptions options, OptionsFactory make_options, report::Reporter& reporter,
            report::RunStart start, std::ostream& terminal, FileWatcher& watcher, WatchRunner& runner);

  // Runs until q, a signal or max_runs; returns the last finished run's exit status.
  int run();

 private:
  enum class Mode { All, Failed, Pattern };
  struct Event;

  int run_once(const std::vector<std::filesystem::path>& changed);
  Event wait_for_event(class RawKeys& keys, int signal_fd);
  std::vector<std::filesystem::path> debounce(std::vector<std::filesystem::path> changed);
  std::vector<std::filesystem::path> relevant(const std::vector<FileChange>& changes) const;
  void print_header(const std::vector<std::filesystem::path>& changed, size_t first, size_t total);

  WatchOptions options_;
  OptionsFactory make_options_;
  run::RunOptions base_;
  report::Reporter& reporter_;
  report::RunStart start_;
  std::ostream& terminal_;
  FileWatcher& watcher_;
  WatchRunner& runner_;
  Mode mode_ = Mode::All;
  std::string pattern_;
  std::vector<std::string> failed_;
  std::vector<std::filesystem::path> last_changed_;
  bool stop_ = false;
};

}  // namespace pyspace::watch
