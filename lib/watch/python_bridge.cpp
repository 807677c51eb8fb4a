#include "watch/python_bridge.h"

#include <string>

#include "python/object.h"
#include "run/python_bridge.h"
#include "run/test_runner.h"
#include "space/module_space.h"
#include "watch/recording_engine.h"

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
  auto deps = python::import_module("_pyspace.watch.run_dependencies");
  std::vector<fs::path> out;
  for (const auto& path : deps.attr("affected")({strings(test_files), strings(changed)}).as_string_list())
    out.emplace_back(path);
  return out;
}

bool PythonWatchRunner::is_dependency(const fs::path& path) {
  return python::import_module("_pyspace.watch.run_dependencies").attr("is_dependency")({path.string()}).truthy();
}

bool PythonWatchRunner::written_by_run(const fs::path& path) {
  return python::import_module("_pyspace.watch.run_dependencies").attr("written")({path.string()}).truthy();
}

void PythonWatchRunner::forget(const std::vector<fs::path>& deleted) {
  python::import_module("_pyspace.watch.run_dependencies").attr("forget")({strings(deleted)});
}

namespace {

// Records what the root should import for the next run (warm_root.py) from each closed space;
// warm() imports those into the root.
class RootWarmer {
 public:
  explicit RootWarmer(std::vector<std::string>& notes)
      : notes_(notes),
        warm_root_(python::import_module("_pyspace.watch.warm_root")) {}

  void observe(space::ModuleSpace& space) {
    auto result = warm_root_.attr("candidates")({space.handle()}).as_list();
    for (const auto& name : result.at(0).as_string_list()) warm_.push_back(name);
    for (const auto& note : result.at(1).as_string_list()) notes_.push_back(note);
  }

  // After the run. The root outlives every run: its objects are moved out of the collector's
  // sight, so the leak check's gc.collect() after each rerun walks only what the rerun allocated.
  void warm() {
    warm_root_.attr("warm")({warm_});
    python::import_module("gc").attr("freeze")();
  }

 private:
  std::vector<std::string>& notes_;
  python::Object warm_root_;
  std::vector<std::string> warm_;
};

}  // namespace

namespace {

// begin_run() .. end_run() of run_dependencies.py, as a scope (end_run() also on an exception).
class DependencyRecording {
 public:
  explicit DependencyRecording(const run::RunOptions& options)
      : deps_(python::import_module("_pyspace.watch.run_dependencies")) {
    std::vector<std::string> roots = {options.rootdir.string()};
    for (const auto& path : options.python_path) roots.push_back(path);
    deps_.attr("begin_run")({roots});
  }
  ~DependencyRecording() {
    try {
      deps_.attr("end_run")();
    } catch (...) {  // it only moves sets between dicts; nothing to report it to here
    }
  }
  DependencyRecording(const DependencyRecording&) = delete;
  DependencyRecording& operator=(const DependencyRecording&) = delete;

 private:
  python::Object deps_;
};

}  // namespace

WatchRunner::Result PythonWatchRunner::run(const run::RunOptions& options, report::Reporter& reporter,
                                           const report::RunStart& start, std::ostream&,
                                           const StaleCheck& stale) {
  run::PythonEngine engine(options);
  RunRecording recording(stale);
  RecordingCollector collector(engine.collector, recording);
  RecordingSessions sessions(engine.sessions, recording);
  run::TestRunner runner(options, collector, sessions, reporter, start);
  Result result;
  RootWarmer warmer(result.notes);
  engine.sessions.observe_spaces([&](space::ModuleSpace& space) { warmer.observe(space); });
  {
    DependencyRecording record(options);
    result.summary = runner.run();
  }
  result.interrupted_by_user = runner.interrupted_by_user();
  warmer.warm();
  return result;
}

WatchRunner::Result PytestWatchRunner::run(const run::RunOptions& options, report::Reporter&,
                                           const report::RunStart&, std::ostream&, const StaleCheck&) {
  Result result;
  RootWarmer warmer(result.notes);
  auto run = run::run_with_pytest(options, args_, [&](space::ModuleSpace& space) { warmer.observe(space); });
  result.exit_status = run.exit_code;
  result.interrupted_by_user = run.interrupted_by_user;
  warmer.warm();
  return result;
}

}  // namespace pyspace::watch
