// `pyspace-test watch`: the run flags plus watch's own; rerun on every save.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "app/commands.h"
#include "app/engine.h"
#include "app/run_setup.h"
#include "config/config_file.h"
#include "core/errors.h"
#include "config/pytest_file.h"
#include "python/interpreter.h"
#include "watch/file_watcher.h"
#include "watch/python_bridge.h"
#include "watch/triggers.h"
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
                   "Milliseconds of quiet after the last save before a rerun (default 20)"});
    all.push_back({{"--all"}, "watch_all", OptionAction::StoreTrue, ValueType::Text, {}, "", true,
                   "After a change, run every test file (the affected ones first)"});
    all.push_back({{"--affected-only"}, "affected_only", OptionAction::StoreTrue, ValueType::Text, {}, "", true,
                   "After a change, run only the affected test files (the default)"});
    all.push_back({{"--watch-extensions"}, "watch_extensions", OptionAction::Store, ValueType::Text, {}, "", true,
                   "Saves of these files rerun too: json,sql or globs (with the config key watch)"});
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
  watch.run_all = line.flag("watch_all");
  if (watch.run_all && line.flag("affected_only"))
    throw core::UsageError("--all: not with --affected-only (a save runs either all or the affected test files)");
  if (auto extensions = line.last("watch_extensions")) watch.globs = watch::extension_globs(*extensions);
  watch.clear = !line.flag("no_clear");
  return watch;
}

// The configuration files a save of which builds the model again: those read, and those that
// would be read if they were created in the rootdir.
std::vector<fs::path> config_files(const config::Config& cfg, const fs::path& rootdir) {
  std::vector<fs::path> files;
  for (const auto& file : {cfg.file, cfg.pytest.file})
    if (!file.empty()) files.emplace_back(file);
  for (const auto& name : config::kPytestFileNames) files.push_back(rootdir / name);
  files.push_back(rootdir / config::kPyspaceTomlName);
  return files;
}

std::unique_ptr<watch::FileWatcher> project_watcher(const run::RunOptions& options) {
  std::vector<fs::path> roots = {options.rootdir};
  for (const auto& path : options.python_path) roots.emplace_back(path);
  return watch::make_inotify_watcher(roots);
}

int watch_natively(const std::vector<std::string>& args, bool may_hand_over) {
  CommandSetup setup(args, watch_options(), kInterpreterOptions);
  auto watch = std::make_shared<watch::WatchOptions>(watch_settings(setup.flags.line));
  const fs::path& cwd = setup.cwd;
  const run::RunOptions& first = setup.options;
  watch->interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  watch->may_hand_over = may_hand_over;
  watch->config_files = config_files(setup.cfg, first.rootdir);
  const std::vector<std::string> flag_globs = watch->globs;
  watch->globs.insert(watch->globs.end(), setup.cfg.watch.begin(), setup.cfg.watch.end());
  auto watcher = project_watcher(first);
  auto globs = std::make_shared<std::vector<std::string>>(watch->globs);  // the config's, as last read
  auto make_options = [args, cwd, flag_globs, globs]() {
    Loaded fresh = load_configuration(args, cwd, watch_options());
    *globs = flag_globs;
    globs->insert(globs->end(), fresh.cfg.watch.begin(), fresh.cfg.watch.end());
    return to_run_options(fresh.flags, fresh.cfg, cwd);
  };
  watch->reload_globs = [globs] { return *globs; };
  watch::PythonWatchRunner runner;
  watch::WatchLoop loop(*watch, make_options, setup.reporters->all, run_start_for(first, setup.cfg),
                        *setup.terminals.out, *watcher, runner);
  return loop.run();
}

// watch's own options out of `args` (into `line`); the rest is returned.
std::vector<std::string> take_watch_options(const std::vector<std::string>& args, config::CommandLine& line) {
  static const std::vector<std::string_view> kWithValue = {"--debounce", "--max-runs", "--watch-extensions"};
  static const std::vector<std::string_view> kFlags = {"--affected-only", "--all", "--no-clear"};
  std::vector<std::string> own, rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    const std::string name = word.substr(0, word.find('='));
    const bool with_value = std::find(kWithValue.begin(), kWithValue.end(), name) != kWithValue.end();
    if (with_value || std::find(kFlags.begin(), kFlags.end(), word) != kFlags.end()) {
      own.push_back(word);
      if (with_value && name == word && i + 1 < args.size()) own.push_back(args[++i]);
    } else {
      rest.push_back(word);
    }
  }
  line = config::parse_command_line(own, watch_options());
  return rest;
}

// `watch --engine pytest`: every rerun is pytest.main() in a fresh space over the warm root.
int watch_with_pytest(const std::vector<std::string>& args, const std::string& handed_over) {
  config::CommandLine line;
  const std::vector<std::string> rest = take_watch_options(args, line);
  auto watch = std::make_shared<watch::WatchOptions>(watch_settings(line));
  if (line.flag("affected_only"))
    throw core::UsageError("--affected-only: pytest's engine runs pytest's whole selection on every save");
  const fs::path cwd = fs::current_path();
  PytestEngineSetup setup = prepare_pytest_engine(rest, cwd);
  Terminals terminals;
  python::Interpreter interpreter(kInterpreterOptions);
  say_handed_over(handed_over);
  watch->pytest_engine = true;
  watch->interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  watch->config_files = config_files(setup.cfg, setup.options.rootdir);
  watch->globs.insert(watch->globs.end(), setup.cfg.watch.begin(), setup.cfg.watch.end());
  auto watcher = project_watcher(setup.options);
  auto make_options = [rest, cwd]() { return prepare_pytest_engine(rest, cwd).options; };
  watch::PytestWatchRunner runner(setup.pytest_args);
  report::MultiReporter nobody;  // pytest reports its runs itself
  watch::WatchLoop loop(*watch, make_options, nobody, report::RunStart{}, *terminals.out, *watcher, runner);
  return loop.run();
}

}  // namespace

Command add_watch_command(CLI::App& app, Words words) {
  auto* cmd = app.add_subcommand("watch", "Run the suite, then rerun it in a fresh space on every save");
  cmd->allow_extras(true);  // main parses only the name; `words` are the rest
  return [words]() {
    const EngineChoice choice = take_engine_flag(*words);
    if (answered_version_or_help(choice.args, "pyspace-test watch [options] [file_or_dir] [...]", watch_options(),
                                 "Keys on a terminal: a run all, f the known failures, t filter by test name, p filter by file, Enter rerun, q quit."))
      return 0;
    return run_with_engine("watch", choice, watch_natively, watch_with_pytest);
  };
}

}  // namespace pyspace::app
