// The one place lib/watch calls Python: WatchRunner over TestRunner with the Python engine, what
// each test file used (run_dependencies.py, through recording_engine.h) and the warm root
// (warm_root.py).
// CONTRACT: GIL held, no space active.
#pragma once

#include <string>
#include <vector>

#include "watch/watch_runner.h"

namespace pyspace::watch {

class PythonWatchRunner final : public WatchRunner {
 public:
  std::vector<std::filesystem::path> affected(const std::vector<std::filesystem::path>& test_files,
                                              const std::vector<std::filesystem::path>& changed) override;
  bool is_dependency(const std::filesystem::path& path) override;
  bool written_by_run(const std::filesystem::path& path) override;
  void forget(const std::vector<std::filesystem::path>& deleted) override;
  // After the run, the modules its spaces imported from outside the project are imported
  // afresh in the root (warm_root.py) and the root's objects are frozen out of the collector.
  Result run(const run::RunOptions& options, report::Reporter& reporter, const report::RunStart& start,
             std::ostream& terminal, const StaleCheck& stale) override;
};

// Each run is pytest's own `pytest.main(args)` in a fresh space (run/python_bridge.h
// run_with_pytest): pytest reports it; the reporter sees nothing. The root warms up as with the
// native engine (pytest, its plugins and what they import stay loaded).
class PytestWatchRunner final : public WatchRunner {
 public:
  explicit PytestWatchRunner(std::vector<std::string> args) : args_(std::move(args)) {}
  std::vector<std::filesystem::path> affected(const std::vector<std::filesystem::path>&,
                                              const std::vector<std::filesystem::path>&) override {
    return {};
  }
  Result run(const run::RunOptions& options, report::Reporter& reporter, const report::RunStart& start,
             std::ostream& terminal, const StaleCheck& stale) override;

 private:
  std::vector<std::string> args_;
};

}  // namespace pyspace::watch
