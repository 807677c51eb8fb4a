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

WatchRunner::Result PythonWatchRunner::run(const run::RunOptions& options, report::Reporter& reporter,
                                           const report::RunStart& start, std::ostream& terminal) {
  run::PythonEngine engine(options);
  run::TestRunner runner(options, engine.collector, engine.sessions, reporter, start);
  std::vector<std::string> warm;
  auto graph = python::import_module("_pyspace.watch.import_graph");
  auto warm_root = python::import_module("_pyspace.watch.warm_root");
  auto is_project = python::import_module("_pyspace.space.fresh_loader").attr("is_project_path");
  engine.sessions.observe_spaces([&](space::ModuleSpace& space) {
    graph.attr("record")({space.handle().attr("modules"), is_project});
    auto result = warm_root.attr("candidates")({space.handle()}).as_list();
    for (const auto& name : result.at(0).as_string_list()) warm.push_back(name);
    for (const auto& note : result.at(1).as_string_list()) terminal << note << '\n';
  });
  Result result;
  result.summary = runner.run();
  result.interrupted_by_user = runner.interrupted_by_user();
  warm_root.attr("warm")({warm});
  // The root outlives every run: move its objects out of the collector's sight, so the leak
  // check's gc.collect() after each rerun walks only what the rerun allocated.
  python::import_module("gc").attr("freeze")();
  return result;
}

}  // namespace pyspace::watch
