#include "app/run_setup.h"

#include "app/fd_stream.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "config/config_file.h"
#include "config/config_keys.h"
#include "core/errors.h"
#include "python/interpreter.h"
#include "report/atomic_file.h"
#include "report/console_reporter.h"
#include "report/json_events_reporter.h"
#include "report/junit_reporter.h"
#include "run/python_bridge.h"

namespace pyspace::app {
namespace fs = std::filesystem;

namespace {
int terminal_width(int fd) {
  winsize size{};
  if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    int value = std::atoi(columns);
    if (value > 0) return value;
  }
  return 80;
}
}  // namespace

void add_run_flags(CLI::App& cmd, RunFlags& f) {
  cmd.add_option("paths", f.paths, "Test files or directories (default: config `paths`, else .)");
  cmd.add_option("-k", f.keyword, "Only run tests matching the expression (pytest's -k)");
  cmd.add_option("-m", f.markexpr, "Only run tests whose markers match the expression (pytest's -m)");
  cmd.add_flag("-x,--exitfirst", f.exitfirst, "Stop after the first failure or error");
  cmd.add_option("--maxfail", f.maxfail, "Stop after N failures or errors")->check(CLI::NonNegativeNumber);
  cmd.add_flag("-q,--quiet", f.quiet, "Less output (repeat for even less)");
  cmd.add_flag("-v,--verbose", f.verbose, "One line per test");
  cmd.add_option("--junitxml", f.junitxml, "Write a JUnit XML report (pytest's schema) to FILE");
  cmd.add_option("--json-events", f.json_events, "Write JSON Lines events to FILE ('-': stdout)");
  cmd.add_option("--isolate", f.isolate, "A fresh module space per run (default) or per file")
      ->check(CLI::IsMember({"run", "file"}));
  cmd.add_option("--fake", f.fakes, "Inject the file PATH as module NAME in every space")
      ->type_name("NAME=PATH")
      ->allow_extra_args(false);
  cmd.add_option("-c", f.config_file,
                 "Configuration file instead of searching (pyspace.toml, pyproject.toml, pytest.ini, ...)");
  cmd.add_option("--rootdir", f.rootdir, "The rootdir (node ids are relative to it), as pytest's --rootdir");
  cmd.add_option("--color", f.color, "Colour the output")->check(CLI::IsMember({"yes", "no", "auto"}));
  cmd.add_flag("--collect-only", f.collect_only, "Only list the tests that would run");
  cmd.add_flag("--continue-on-collection-errors", f.continue_on_collection_errors,
               "Run the tests even when some files could not be collected");
  cmd.add_flag("-s", f.no_capture, "Do not capture output (pytest's -s)");
}

config::Config load_configuration(const RunFlags& flags, const fs::path& cwd) {
  std::vector<fs::path> cli_paths;
  for (const auto& arg : flags.paths) cli_paths.emplace_back(arg.substr(0, arg.find("::")));
  std::optional<fs::path> explicit_config;
  if (!flags.config_file.empty()) explicit_config = flags.config_file;
  std::optional<std::string> rootdir_arg;
  if (!flags.rootdir.empty()) rootdir_arg = flags.rootdir;
  config::Config cfg = config::load_config_for(cli_paths, explicit_config, cwd, rootdir_arg);
  for (const auto& warning : cfg.warnings) std::cerr << "pyspace-test: warning: " << warning << '\n';
  return cfg;
}

run::RunOptions to_run_options(const RunFlags& flags, config::Config& cfg, const fs::path& cwd) {
  run::RunOptions options;
  for (const auto& arg : flags.paths) {
    // "tests/test_x.py::TestA::test_b" selects within the file, as pytest's node ids do.
    auto separator = arg.find("::");
    fs::path path = config::absolute_normal(cwd, arg.substr(0, separator));
    if (separator != std::string::npos) options.node_selectors.emplace_back(path, arg.substr(separator + 2));
    else options.node_selectors.emplace_back(path, "");
    if (std::find(options.paths.begin(), options.paths.end(), path) == options.paths.end())
      options.paths.push_back(path);
  }
  if (std::none_of(options.node_selectors.begin(), options.node_selectors.end(),
                   [](const auto& s) { return !s.second.empty(); }))
    options.node_selectors.clear();
  if (options.paths.empty())
    for (const auto& path : cfg.paths) options.paths.emplace_back(path);
  if (options.paths.empty()) {
    options.paths.push_back(cwd);
    options.paths_defaulted = true;
  }
  for (const auto& spec : flags.fakes) config::apply_cli_fake(cfg, spec, cwd);
  options.rootdir = cfg.rootdir;
  options.pytest = cfg.pytest;
  if (!flags.keyword.empty()) options.keyword = flags.keyword;
  if (!flags.markexpr.empty()) options.markexpr = flags.markexpr;
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

std::unique_ptr<Reporters> make_reporters(const RunFlags& flags, std::ostream& terminal,
                                          std::ostream& diagnostics, const fs::path& cwd,
                                          const std::string& junit_logging) {
  const bool events_on_stdout = flags.json_events == "-";
  // Before the run: a report that cannot be written must not cost a whole run first.
  if (flags.junitxml) report::check_report_path(*flags.junitxml, "JUnit XML report");  // cwd is ours
  if (flags.json_events && flags.json_events->empty())
    throw core::UsageError("cannot write --json-events file '': the path is empty");
  auto reporters = std::make_unique<Reporters>();
  report::ConsoleOptions console;
  console.verbosity = flags.verbose - flags.quiet;
  const int console_fd = events_on_stdout ? STDERR_FILENO : STDOUT_FILENO;
  console.color = report::should_use_color(flags.color, isatty(console_fd), std::getenv("NO_COLOR"));
  console.width = terminal_width(console_fd);
  console.trim_summary_messages = !std::getenv("CI") && !std::getenv("BUILD_NUMBER");
  console.live = isatty(console_fd) || flags.no_capture;
  reporters->all.add(std::make_unique<report::ConsoleReporter>(events_on_stdout ? diagnostics : terminal, console));
  using report::JunitLogging;
  const JunitLogging logging = report::parse_junit_logging(junit_logging).value_or(JunitLogging::No);
  const bool passing_stdout = logging == JunitLogging::SystemOut || logging == JunitLogging::OutErr ||
                              logging == JunitLogging::All;
  const bool passing_stderr = logging == JunitLogging::SystemErr || logging == JunitLogging::OutErr ||
                              logging == JunitLogging::All;
  if (flags.junitxml)
    reporters->all.add(std::make_unique<report::JunitReporter>(
        report::JunitOptions{config::absolute_normal(cwd, *flags.junitxml).string(), "pytest", "",
                             logging}));
  if (events_on_stdout) {
    reporters->all.add(std::make_unique<report::JsonEventsReporter>(terminal, "<stdout>", passing_stdout,
                                                                    passing_stderr));
  } else if (flags.json_events) {
    reporters->events_file = std::make_unique<std::ofstream>(*flags.json_events, std::ios::trunc);
    if (!*reporters->events_file)
      throw core::UsageError(fmt::format("cannot write --json-events file {}: {}", *flags.json_events,
                                         std::strerror(errno)));
    reporters->all.add(std::make_unique<report::JsonEventsReporter>(*reporters->events_file, *flags.json_events,
                                                                    passing_stdout, passing_stderr));
  }
  return reporters;
}

Terminals::Terminals() {
  int out_fd = dup(STDOUT_FILENO);
  int err_fd = dup(STDERR_FILENO);
  out = std::make_unique<FdOStream>(out_fd >= 0 ? out_fd : STDOUT_FILENO);
  err = std::make_unique<FdOStream>(err_fd >= 0 ? err_fd : STDERR_FILENO);
}

namespace {
// pytest's junit_logging ini key, from the one configuration model.
std::string junit_logging_of(const run::RunOptions& options) {
  return options.pytest.junit_logging;
}
}  // namespace

report::RunStart run_start_for(const run::RunOptions& options, const config::Config& cfg) {
  report::RunStart start;
  start.rootdir = options.rootdir.string();
  start.configfile = cfg.pytest.file;
  start.config_file = cfg.file;
  start.version = PYSPACE_VERSION;
  start.python_version = python::python_version();
  return start;
}

CommandSetup::CommandSetup(const RunFlags& flags, const python::InterpreterOptions& interpreter_options)
    : cwd(std::filesystem::current_path()),
      cfg(load_configuration(flags, cwd)),
      options(to_run_options(flags, cfg, cwd)),
      interpreter(interpreter_options),
      reporters(make_reporters(flags, *terminals.out, *terminals.err, cwd, junit_logging_of(options))) {}

}  // namespace pyspace::app
