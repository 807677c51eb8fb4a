// `pyspace-test watch`: a first run, then after every save a fresh run in a fresh space of the
// test files the save affects (what earlier runs recorded them using: run_dependencies.py), over
// a root that keeps warming up. A save during a run stops it between two tests and starts the
// next with every change since. CONTRACT: the interpreter is running and this thread holds the
// GIL (released while waiting for changes and keys).
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "report/reporter.h"
#include "run/run_options.h"
#include "watch/file_watcher.h"
#include "watch/known_failures.h"
#include "watch/triggers.h"
#include "watch/watch_runner.h"

namespace pyspace::watch {

class QuitKey;
class RawKeys;

struct WatchOptions {
  int debounce_ms = 20;        // quiet time after the last event of a burst before the rerun
  bool run_all = false;        // --all: a save reruns every test file (the affected ones first)
  bool clear = true;           // clear the screen between runs (terminal only)
  int max_runs = 0;            // end after this many runs; 0 = until q / SIGINT / SIGTERM
  bool interactive = false;    // keys and clearing: stdin and stdout are terminals
  std::vector<std::filesystem::path> config_files;  // pyspace-test's and pytest's: re-read on change
  std::vector<std::string> globs;  // further triggers: --watch-extensions and the `watch` key
  // The globs again after the configuration was read again (the `watch` key may have changed).
  std::function<std::vector<std::string>()> reload_globs;
  // pytest's engine runs each rerun: it runs pytest's whole selection (no affected files, no
  // 'f', 't' or 'p' selection) and reports itself.
  bool pytest_engine = false;
  // A rerun that needs pytest's engine (core::EngineNeeded: a hook or plugin appeared) ends the
  // loop with that error, for the command to hand over (--engine auto); otherwise it is shown.
  bool may_hand_over = false;
  // "HH:MM:SS" now, for the header (tests fix it).
  std::function<std::string()> time_of_day;
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
  // What a run is asked for: the first run, the files a save affects, every file (`a`), the
  // known failures (`f`), or the last request again (Enter).
  struct Request {
    enum Kind { First, Changes, All, Failed } kind = First;
    std::vector<std::filesystem::path> changed;
  };
  // The test files to run, and the header's words for them.
  struct Selection {
    bool everything = false;                      // no list: the runner runs all (in its order)
    std::vector<std::filesystem::path> files;     // absolute; first (alone unless everything)
    std::string what;                             // "1 affected test file (of 3)"
  };
  struct Event;

  // Runs `request` unless it selects nothing; false when nothing ran.
  // `status` becomes its exit status (unless the loop stopped it: a save, `q`).
  bool run_once(const Request& request, int& status, RawKeys& keys);
  Selection select(const Request& request, const std::vector<collect::TestFile>& files);
  // "pyspace-test watch: run 2 at 10:04:05; changed: src/a.py; running 1 affected test file (of 3)";
  // `run` 0: no run (nothing selected).
  std::string header(const Request& request, const Selection& selection, int run) const;
  // The notes not shown yet, the known failures outside `ran`, then the header again.
  void after_run(const std::vector<std::string>& notes, const std::vector<std::filesystem::path>& ran,
                 const std::string& header);
  Event wait_for_event(RawKeys& keys, int signal_fd);
  void debounce();
  void take_changes();
  // During a run: takes pending saves (those the run's tests wrote are not); Saved when one
  // remains, Quit when `q` was pressed (`quit_key`: read by a thread during runs).
  run::Staleness stale(const QuitKey& quit_key);
  bool reload_config();
  // The `t` and `p` prompts; false when Esc cancelled.
  bool prompt(RawKeys& keys, const std::string& question, std::string& value);
  TriggerRules trigger_rules() const;

  WatchOptions options_;
  OptionsFactory make_options_;
  run::RunOptions base_;
  report::Reporter& reporter_;
  report::RunStart start_;
  std::ostream& terminal_;
  FileWatcher& watcher_;
  WatchRunner& runner_;
  KnownFailures failures_;
  std::vector<std::filesystem::path> pending_;  // saved since the last run started
  Request last_;
  std::string name_filter_;  // `t`: a -k expression over the test names
  std::string file_filter_;  // `p`: a glob or regular expression over the test files' paths
  std::set<std::string> notes_shown_;
  int run_number_ = 0;
  std::string superseded_;  // why the current run was stopped early by the loop ("" if not)
  bool stop_ = false;
};

}  // namespace pyspace::watch
