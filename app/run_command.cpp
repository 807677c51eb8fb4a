// `pyspace-test run`: flags and configuration -> RunOptions, reporters, the run, the exit code.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "app/cache_flags.h"
#include "app/commands.h"
#include "app/engine.h"
#include "app/markers_flag.h"
#include "app/run_setup.h"
#include "core/exit_code.h"
#include "python/interpreter.h"
#include "report/console_format.h"
#include "run/python_bridge.h"
#include "run/test_runner.h"

namespace pyspace::app {
namespace fs = std::filesystem;

namespace {

// pytest's closing words for --collect-only: "4 tests collected", "3/4 tests collected (1
// deselected)", "no tests collected (4 deselected)", "no tests collected", and ", 1 error".
std::string collected_counts(const run::CollectOnlyResult& result) {
  const std::size_t selected = result.nodeids.size();
  const std::size_t all = selected + static_cast<std::size_t>(result.deselected);
  std::string count;
  if (all == 0) count = "no tests collected";
  else if (result.deselected == 0) count = fmt::format("{} test{} collected", selected, selected == 1 ? "" : "s");
  else if (selected == 0) count = fmt::format("no tests collected ({} deselected)", result.deselected);
  else count = fmt::format("{}/{} tests collected ({} deselected)", selected, all, result.deselected);
  if (!result.errors.empty())
    count += fmt::format(", {} error{}", result.errors.size(), result.errors.size() == 1 ? "" : "s");
  return count;
}

// pytest's --collect-only: the tree of collector nodes (docstrings with -v) between the header
// and the closing line; with -q the node ids, with -qq each file's count.
int print_collect_only(run::TestRunner& runner, int verbosity) {
  auto result = runner.collect_only(verbosity >= 0, verbosity >= 1);
  if (verbosity >= 0) {
    runner.report_collection(result, report::collection_tree(result.chains, verbosity >= 1), collected_counts(result));
  } else if (verbosity == -1) {
    runner.report_collection(result, result.nodeids, collected_counts(result));
  } else {  // -qq: "path: count", by path, as pytest
    std::map<std::string, int> counts;
    for (const auto& id : result.nodeids) ++counts[id.substr(0, id.find("::"))];
    std::vector<std::string> lines;
    for (const auto& [path, count] : counts) lines.push_back(fmt::format("{}: {}", path, count));
    runner.report_collection(result, lines, collected_counts(result));
  }
  if (!result.errors.empty()) return core::to_int(core::ExitCode::Interrupted);
  if (result.nodeids.empty()) return core::to_int(core::ExitCode::NoTestsCollected);
  return core::to_int(core::ExitCode::Ok);
}

int run_natively(const std::vector<std::string>& args, bool /*may_hand_over: EngineNeeded propagates*/) {
  CommandSetup setup(args, run_options(), kInterpreterOptions);
  const run::RunOptions& options = setup.options;
  if (setup.flags.line.flag("markers")) return show_markers(setup.flags, options, *setup.terminals.out);
  if (auto glob = cache_show_glob(setup.flags))
    return show_cache(options, *glob, setup.reporters->all, run_start_for(options, setup.cfg), *setup.terminals.out);
  run::PythonEngine engine(options);
  run::TestRunner runner(options, engine.collector, engine.sessions, setup.reporters->all,
                         run_start_for(options, setup.cfg));
  if (options.collect_only) return print_collect_only(runner, setup.flags.verbosity);
  return core::to_int(runner.run().exit_code());
}

}  // namespace

Command add_run_command(CLI::App& app, Words words) {
  auto* cmd = app.add_subcommand("run", "Run a test suite (pytest-compatible) in fresh module spaces");
  cmd->allow_extras(true);  // main parses only the name; `words` are the rest
  return [words]() {
    const EngineChoice choice = take_engine_flag(*words);
    if (answered_version_or_help(choice.args, "pyspace-test run [options] [file_or_dir] [file_or_dir] [...]",
                                 run_options(),
                                 "Exit codes: 0 passed, 1 failed, 2 interrupted, 3 internal error, 4 usage error, "
                                 "5 no tests collected."))
      return 0;
    return run_with_engine("run", choice, run_natively, run_pytest_engine);
  };
}

}  // namespace pyspace::app
