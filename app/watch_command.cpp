// `pyspace-test watch`: the run flags plus watch's own; rerun on every save.
#include <unistd.h>

#include <filesystem>

#include "app/commands.h"
#include "app/run_setup.h"
#include "config/config_file.h"
#include "config/pytest_file.h"
#include "python/interpreter.h"
#include "watch/file_watcher.h"
#include "watch/python_bridge.h"
#include "watch/watch_loop.h"

namespace pyspace::app {
namespace fs = std::filesystem;

Command add_watch_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("watch", "Run the suite, then rerun it in a fresh space on every save");
  auto flags = std::make_shared<RunFlags>();
  auto watch = std::make_shared<watch::WatchOptions>();
  add_run_flags(*cmd, *flags);
  cmd->add_option("--debounce", watch->debounce_ms, "Milliseconds of quiet before a rerun (default 50)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--affected-only", watch->affected_only, "After a change, run only the affected test files");
  cmd->add_flag("--no-clear", [watch](int64_t) { watch->clear = false; }, "Do not clear the screen between runs");
  cmd->add_option("--max-runs", watch->max_runs, "End after N runs (for scripts)")->check(CLI::NonNegativeNumber);
  cmd->footer("Keys on a terminal: a run all, f only failed, p filter by file name, Enter rerun, q quit.");
  return [flags, watch]() {
    CommandSetup setup(*flags, kInterpreterOptions);
    const fs::path& cwd = setup.cwd;
    const config::Config& cfg = setup.cfg;
    const run::RunOptions& first = setup.options;
    watch->interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    // The files read into the configuration model, and those that would be read if they were
    // created or changed in the rootdir: a save of any of them builds the model again.
    for (const auto& file : {cfg.file, cfg.pytest.file})
      if (!file.empty()) watch->config_files.emplace_back(file);
    for (const auto& name : config::kPytestFileNames) watch->config_files.push_back(first.rootdir / name);
    watch->config_files.push_back(first.rootdir / config::kPyspaceTomlName);
    std::vector<fs::path> roots = {first.rootdir};
    for (const auto& path : first.python_path) roots.emplace_back(path);
    auto watcher = watch::make_inotify_watcher(roots);
    auto make_options = [flags, cwd]() {
      config::Config fresh = load_configuration(*flags, cwd);
      return to_run_options(*flags, fresh, cwd);
    };
    watch::PythonWatchRunner runner;
    watch::WatchLoop loop(*watch, make_options, setup.reporters->all, run_start_for(first, cfg),
                          *setup.terminals.out, *watcher, runner);
    return loop.run();
  };
}

}  // namespace pyspace::app
