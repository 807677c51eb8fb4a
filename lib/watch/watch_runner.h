// What the watch loop asks of the run machinery, behind an interface so that WatchLoop is
// unit-tested with a fake (tests/unit/watch); main wires the Python-backed one
// (watch/python_bridge.h). Only C++ types here.
#pragma once

#include <filesystem>
#include <ostream>
#include <vector>

#include "core/run_summary.h"
#include "report/reporter.h"
#include "run/run_options.h"

namespace pyspace::watch {

class WatchRunner {
 public:
  struct Result {
    core::RunSummary summary;
    bool interrupted_by_user = false;  // Ctrl-C / SIGTERM during the run: the loop ends
    int exit_status = -1;  // the run's own exit status (pytest's engine); -1: the summary's
  };

  virtual ~WatchRunner() = default;
  // Those of `test_files` whose imports, as earlier runs recorded them, reach one of `changed`.
  virtual std::vector<std::filesystem::path> affected(const std::vector<std::filesystem::path>& test_files,
                                                      const std::vector<std::filesystem::path>& changed) = 0;
  // One run as `options` say, reported to `reporter`; notes about the run's environment (what
  // the root could not take over) go to `terminal`. Throws what TestRunner throws.
  virtual Result run(const run::RunOptions& options, report::Reporter& reporter,
                     const report::RunStart& start, std::ostream& terminal) = 0;
};

}  // namespace pyspace::watch
