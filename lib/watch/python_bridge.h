// The one place lib/watch calls Python: WatchRunner over TestRunner with the Python engine, the
// import graph (import_graph.py) and the warm root (warm_root.py).
// CONTRACT: GIL held, no space active.
#pragma once

#include "watch/watch_runner.h"

namespace pyspace::watch {

class PythonWatchRunner final : public WatchRunner {
 public:
  std::vector<std::filesystem::path> affected(const std::vector<std::filesystem::path>& test_files,
                                              const std::vector<std::filesystem::path>& changed) override;
  // After the run, the modules its spaces imported from outside the project are imported
  // afresh in the root (warm_root.py) and the root's objects are frozen out of the collector.
  Result run(const run::RunOptions& options, report::Reporter& reporter, const report::RunStart& start,
             std::ostream& terminal) override;
};

}  // namespace pyspace::watch
