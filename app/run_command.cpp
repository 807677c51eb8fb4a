// `pyspace-test run`: flags and configuration -> RunOptions, reporters, the run, the exit code.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/commands.h"
#include "app/fd_stream.h"
#include "collect/discovery.h"
#include "config/config_file.h"
#include "config/config_keys.h"
#include "core/errors.h"
#include "python/interpreter.h"
#include "report/console_reporter.h"
#include "report/json_events_reporter.h"
#include "report/junit_reporter.h"
#include "report/multi_reporter.h"
#include "run/test_runner.h"

namespace pyspace::app {
namespace fs = std::filesystem;

namespace {

struct RunFlags {
  std::vector<std::string> paths;
  std::string keyword;
  bool exitfirst = false;
  int maxfail = 0;
  int quiet = 0;
  int verbose = 0;
  std::string junitxml;
  std::string json_events;
  std::string isolate;
  std::vector<std::string> fakes;
  std::string config_file;
  std::string color = "auto";
  bool collect_only = false;
  bool continue_on_collection_errors = false;
  bool no_capture = false;
};

void add_flags(CLI::App& cmd, RunFlags& f) {
  cmd.add_option("paths", f.paths, "Test files or directories (default: config `paths`, else .)");
  cmd.add_option("-k", f.keyword, "Only run tests matching the expression (pytest's -k)");
  cmd.add_flag("-x,--exitfirst", f.exitfirst, "Stop after the first failure or error");
  cmd.add_option("--maxfail", f.maxfail, "Stop after N failures or errors")->check(CLI::NonNegativeNumber);
  cmd.add_flag("-q,--quiet", f.quiet, "Less output (repeat for even less)");
  cmd.add_flag("-v,--verbose", f.verbose, "One line per test");
  cmd.add_option("--junitxml", f.junitxml, "Write a JUnit XML report (pytest's schema) to FILE");
  cmd.add_option("--json-events", f.json_events, "Write JSON Lines events to FILE ('-': stdout)");
  cmd.add_option("--isolate", f.isolate, "A fresh module space per run (default) or per file")
      ->check(CLI::IsMember({"run", "file"}));
  cmd.add_option("--fake", f.fakes, "Inject the file PATH as module NAME in every space")
      ->type_name("NAME=PATH")->allow_extra_args(false);
  cmd.add_option("-c", f.config_file, "Configuration file (pyproject.toml or pyspace.toml)");
  cmd.add_option("--color", f.color, "Colour the output")->check(CLI::IsMember({"yes", "no", "auto"}));
  cmd.add_flag("--collect-only", f.collect_only, "Only list the tests that would run");
  cmd.add_flag("--continue-on-collection-errors", f.continue_on_collection_errors,
               "Run the tests even when some files could not be collected");
  cmd.add_flag("-s", f.no_capture, "Do not capture output (pytest's -s)");
}

int terminal_width(int fd) {
  winsize size{};
  if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    int value = std::atoi(columns);
    if (value > 0) return value;
  }
  return 80;
}

run::RunOptions to_options(const RunFlags& flags, config::Config& cfg, const fs::path& cwd) {
  run::RunOptions options;
  for (const auto& path : flags.paths) options.paths.push_back(config::absolute_normal(cwd, path));
  if (options.paths.empty())
    for (const auto& path : cfg.paths) options.paths.emplace_back(path);
  if (options.paths.empty()) options.paths.push_back(cwd);
  for (const auto& spec : flags.fakes) config::apply_cli_fake(cfg, spec, cwd);
  options.rootdir = collect::determine_rootdir(options.paths, cwd);
  if (!flags.keyword.empty()) options.keyword = flags.keyword;
  options.maxfail = flags.exitfirst ? 1 : flags.maxfail;
  std::string isolate = !flags.isolate.empty() ? flags.isolate : cfg.isolate.value_or("run");
  options.isolation = isolate == "file" ? run::Isolation::File : run::Isolation::Run;
  options.collect_only = flags.collect_only;
  options.continue_on_collection_errors = flags.continue_on_collection_errors;
  options.capture = !flags.no_capture;
  options.python_path = cfg.python_path;
  options.shared = cfg.shared;
  options.fakes = cfg.fakes;
  return options;
}

int print_collect_only(run::TestRunner& runner, std::ostream& out) {
  auto result = runner.collect_only();
  for (const auto& id : result.nodeids) out << id << '\n';
  for (const auto& error : result.errors) out << "ERROR " << error.path << " - " << error.message << '\n';
  out << '\n' << fmt::format("{} test{} collected{} in {:.2f}s", result.nodeids.size(),
                             result.nodeids.size() == 1 ? "" : "s",
                             result.errors.empty() ? "" : fmt::format(", {} error{}", result.errors.size(),
                                                                       result.errors.size() == 1 ? "" : "s"),
                             result.duration_s)
      << std::endl;
  if (!result.errors.empty()) return core::to_int(core::ExitCode::Interrupted);
  if (result.nodeids.empty()) return core::to_int(core::ExitCode::NoTestsCollected);
  return core::to_int(core::ExitCode::Ok);
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Run a test suite (pytest-compatible) in fresh module spaces");
  auto flags = std::make_shared<RunFlags>();
  add_flags(*cmd, *flags);
  cmd->footer("Exit codes: 0 passed, 1 failed, 2 interrupted, 3 internal error, 4 usage error, "
               "5 no tests collected.");
  return [flags]() {
    const fs::path cwd = fs::current_path();
    std::vector<fs::path> cli_paths(flags->paths.begin(), flags->paths.end());
    std::optional<fs::path> explicit_config;
    if (!flags->config_file.empty()) explicit_config = flags->config_file;
    config::Config cfg = config::load_config_for(cli_paths, explicit_config, cwd);
    for (const auto& warning : cfg.warnings) std::cerr << "pyspace-test: warning: " << warning << '\n';
    run::RunOptions options = to_options(*flags, cfg, cwd);

    int terminal_fd = dup(STDOUT_FILENO);
    FdOStream terminal(terminal_fd >= 0 ? terminal_fd : STDOUT_FILENO);
    python::Interpreter interpreter;

    report::MultiReporter reporters;
    report::ConsoleOptions console;
    console.verbosity = flags->verbose - flags->quiet;
    console.color = report::should_use_color(flags->color, isatty(STDOUT_FILENO), std::getenv("NO_COLOR"));
    console.width = terminal_width(STDOUT_FILENO);
    console.trim_summary_messages = !std::getenv("CI") && !std::getenv("BUILD_NUMBER");
    reporters.add(std::make_unique<report::ConsoleReporter>(terminal, console));
    if (!flags->junitxml.empty())
      reporters.add(std::make_unique<report::JunitReporter>(report::JunitOptions{
          config::absolute_normal(cwd, flags->junitxml).string(), "pytest", ""}));
    std::unique_ptr<std::ofstream> events_file;
    if (flags->json_events == "-") {
      reporters.add(std::make_unique<report::JsonEventsReporter>(terminal));
    } else if (!flags->json_events.empty()) {
      events_file = std::make_unique<std::ofstream>(flags->json_events, std::ios::trunc);
      if (!*events_file) throw core::UsageError(fmt::format("cannot write --json-events file: {}", flags->json_events));
      reporters.add(std::make_unique<report::JsonEventsReporter>(*events_file));
    }

    report::RunStart start;
    start.rootdir = options.rootdir.string();
    start.config_file = cfg.file;
    start.version = PYSPACE_VERSION;
    start.python_version = python::python_version();
    run::TestRunner runner(options, reporters, start);
    if (options.collect_only) return print_collect_only(runner, terminal);
    core::RunSummary summary = runner.run();
    return core::to_int(summary.exit_code());
  };
}

}  // namespace pyspace::app
