// What the watch loop asks of the run machinery, behind an interface so that WatchLoop is
// unit-tested with a fake (tests/unit/watch); main wires the Python-backed one
// (watch/python_bridge.h). Only C++ types here.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "core/run_summary.h"
#include "report/reporter.h"
#include "run/run_engine.h"
#include "run/run_options.h"

namespace pyspace::watch {

// Asked before each file's collection and each test (and by a supervised run's parent while its
// children run): Saved when a save made the run stale, Quit after `q`; the run then stops as a
// Ctrl-C would stop it (the loop tells them apart).
using StaleCheck = std::function<run::Staleness()>;

class WatchRunner {
 public:
  struct Result {
    core::RunSummary summary;
    bool interrupted_by_user = false;  // Ctrl-C / SIGTERM during the run: the loop ends
    int exit_status = -1;  // the run's own exit status (pytest's engine); -1: the summary's
    // Notes about the run's environment (what the root could not take over), one line each.
    std::vector<std::string> notes;
  };

  virtual ~WatchRunner() = default;
  // Those of `test_files` that depend on one of `changed` as earlier runs recorded it (imports,
  // files opened, conftest.py files above them); a test file no run recorded is affected.
  virtual std::vector<std::filesystem::path> affected(const std::vector<std::filesystem::path>& test_files,
                                                      const std::vector<std::filesystem::path>& changed) = 0;
  // A file some earlier run's tests used (imported or opened): its save is a trigger.
  virtual bool is_dependency(const std::filesystem::path& /*path*/) { return false; }
  // A file the current (or last) run's tests opened for writing: its save is theirs, not a trigger.
  virtual bool written_by_run(const std::filesystem::path& /*path*/) { return false; }
  // Deleted files: they no longer count as test files or dependencies.
  virtual void forget(const std::vector<std::filesystem::path>& /*deleted*/) {}
  // One run as `options` say, reported to `reporter` (pytest's engine writes to `terminal`);
  // `stale` may stop it between two tests.
  // Throws what TestRunner throws.
  virtual Result run(const run::RunOptions& options, report::Reporter& reporter,
                     const report::RunStart& start, std::ostream& terminal, const StaleCheck& stale) = 0;
};

}  // namespace pyspace::watch
