// `pyspace-test watch`: the run flags plus watch's own; rerun on every save.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "app/commands.h"
#include "app/run_setup.h"
#include "config/config_file.h"
#include "core/errors.h"
#include "config/pytest_file.h"
#include "python/interpreter.h"
#include "watch/file_watcher.h"
#include "watch/python_bridge.h"
#include "watch/watch_loop.h"

namespace pyspace::app {
namespace fs = std::filesystem;

namespace {

const std::vector<config::OptionSpec>& watch_options() {
  static const std::vector<config::OptionSpec> table = [] {
    using config::OptionAction;
    using config::ValueType;
    std::vector<config::OptionSpec> all = run_options();
    all.push_back({{"--debounce"}, "debounce", OptionAction::Store, ValueType::Int, {}, "", true,
                   "Milliseconds of quiet before a rerun (default 50)"});
    all.push_back({{"--affected-only"}, "affected_only", OptionAction::StoreTrue, ValueType::Text, {}, "", true,
                   "After a change, run only the affected test files"});
    all.push_back({{"--no-clear"}, "no_clear", OptionAction::StoreTrue, ValueType::Text, {}, "", true,
                   "Do not clear the screen between runs"});
    all.push_back({{"--max-runs"}, "max_runs", OptionAction::Store, ValueType::Int, {}, "", true,
                   "End after N runs (for scripts)"});
    return all;
  }();
  return table;
}

watch::WatchOptions watch_settings(const config::CommandLine& line) {
  watch::WatchOptions watch;
  auto non_negative = [&](std::string_view dest, std::string_view flag, int fallback) {
    const int value = line.count(dest, fallback);
    if (value < 0) throw core::UsageError(fmt::format("{}: {} is negative", flag, value));
    return value;
  };
  watch.debounce_ms = non_negative("debounce", "--debounce", watch.debounce_ms);
  watch.max_runs = non_negative("max_runs", "--max-runs", watch.max_runs);
  watch.affected_only = line.flag("affected_only");
  watch.clear = !line.flag("no_clear");
  return watch;
}

}  // namespace

Command add_watch_command(CLI::App& app, Words words) {
  auto* cmd = app.add_subcommand("watch", "Run the suite, then rerun it in a fresh space on every save");
  cmd->allow_extras(true);  // main parses only the name; `words` are the rest
  return [words]() {
    const std::vector<std::string>& args = *words;
    if (answered_version_or_help(args, "pyspace-test watch [options] [file_or_dir] [...]", watch_options(),
                                 "Keys on a terminal: a run all, f only failed, p filter by file name, Enter rerun, q quit."))
      return 0;
    CommandSetup setup(args, watch_options(), kInterpreterOptions);
    auto watch = std::make_shared<watch::WatchOptions>(watch_settings(setup.flags.line));
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
    auto make_options = [args, cwd]() {
      Loaded fresh = load_configuration(args, cwd, watch_options());
      return to_run_options(fresh.flags, fresh.cfg, cwd);
    };
    watch::PythonWatchRunner runner;
    watch::WatchLoop loop(*watch, make_options, setup.reporters->all, run_start_for(first, cfg),
                          *setup.terminals.out, *watcher, runner);
    return loop.run();
  };
}

}  // namespace pyspace::app
