#include "watch/python_bridge.h"

#include <string>

#include "python/object.h"
#include "run/python_bridge.h"
#include "run/test_runner.h"
#include "space/module_space.h"

namespace pyspace::watch {
namespace fs = std::filesystem;

namespace {
std::vector<std::string> strings(const std::vector<fs::path>& paths) {
  std::vector<std::string> out;
  for (const auto& path : paths) out.push_back(path.string());
  return out;
}
}  // namespace

std::vector<fs::path> PythonWatchRunner::affected(const std::vector<fs::path>& test_files,
                                                  const std::vector<fs::path>& changed) {
  auto graph = python::import_module("_pyspace.watch.import_graph");
  std::vector<fs::path> out;
  for (const auto& path : graph.attr("affected")({strings(test_files), strings(changed)}).as_string_list())
    out.emplace_back(path);
  return out;
}

namespace {

// Records each closed space's imports (the import graph) and what the root should import
// for the next run (warm_root.py); warm() imports those into the root.
class RootWarmer {
 public:
  explicit RootWarmer(std::ostream& terminal)
      : terminal_(terminal),
        graph_(python::import_module("_pyspace.watch.import_graph")),
        warm_root_(python::import_module("_pyspace.watch.warm_root")),
        is_project_(python::import_module("_pyspace.space.fresh_loader").attr("is_project_path")) {}

  void observe(space::ModuleSpace& space) {
    graph_.attr("record")({space.handle().attr("modules"), is_project_});
    auto result = warm_root_.attr("candidates")({space.handle()}).as_list();
    for (const auto& name : result.at(0).as_string_list()) warm_.push_back(name);
    for (const auto& note : result.at(1).as_string_list()) terminal_ << note << '\n';
  }

  // After the run. The root outlives every run: its objects are moved out of the collector's
  // sight, so the leak check's gc.collect() after each rerun walks only what the rerun allocated.
  void warm() {
    warm_root_.attr("warm")({warm_});
    python::import_module("gc").attr("freeze")();
  }

 private:
  std::ostream& terminal_;
  python::Object graph_, warm_root_, is_project_;
  std::vector<std::string> warm_;
};

}  // namespace

WatchRunner::Result PythonWatchRunner::run(const run::RunOptions& options, report::Reporter& reporter,
                                           const report::RunStart& start, std::ostream& terminal) {
  run::PythonEngine engine(options);
  run::TestRunner runner(options, engine.collector, engine.sessions, reporter, start);
  RootWarmer warmer(terminal);
  engine.sessions.observe_spaces([&](space::ModuleSpace& space) { warmer.observe(space); });
  Result result;
  result.summary = runner.run();
  result.interrupted_by_user = runner.interrupted_by_user();
  warmer.warm();
  return result;
}

WatchRunner::Result PytestWatchRunner::run(const run::RunOptions& options, report::Reporter&,
                                           const report::RunStart&, std::ostream& terminal) {
  RootWarmer warmer(terminal);
  auto run = run::run_with_pytest(options, args_, [&](space::ModuleSpace& space) { warmer.observe(space); });
  Result result;
  result.exit_status = run.exit_code;
  result.interrupted_by_user = run.interrupted_by_user;
  warmer.warm();
  return result;
}

}  // namespace pyspace::watch
