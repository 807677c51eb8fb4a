// What `run` and `watch` share: their flags, the options and reporters built from flags and
// configuration, and the console stream.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include "config/command_line.h"
#include "config/config.h"
#include "python/interpreter.h"
#include "report/multi_reporter.h"
#include "report/reporter.h"
#include "run/run_options.h"

namespace pyspace::app {

// The typed view of a `run`/`watch` command line (config/command_line.h), after pytest's
// `addopts` and PYTEST_ADDOPTS were put in front of it.
struct RunFlags {
  config::CommandLine line;  // everything given, by pytest's dest names
  std::vector<std::string> paths;
  std::string keyword;
  std::string markexpr;
  int maxfail = 0;
  int verbosity = 0;                       // -v minus -q, or --verbosity
  std::optional<std::string> junitxml;     // given, even as "" (a usage error)
  std::optional<std::string> json_events;
  std::string isolate;
  std::vector<std::string> fakes;
  std::string config_file;                 // -c, pytest's
  std::string pyspace_config;              // --pyspace-config
  std::string rootdir;
  std::string color = "auto";
  bool collect_only = false;
  bool continue_on_collection_errors = false;
  std::string capture = "fd";  // --capture (-s: "no")
  bool no_capture = false;     // capture == "no"
  std::vector<std::string> disabled_plugins;  // -p no:NAME
};

std::string version_text();  // "pyspace-test 0.1.0 (embedded Python 3.11.2)"

// -V/--version or -h/--help before any "--": prints the version, or `usage`, the help of
// `table` and `footer`, to stdout and returns true (the command then exits 0).
bool answered_version_or_help(const std::vector<std::string>& args, std::string_view usage,
                              const std::vector<config::OptionSpec>& table, std::string_view footer);

// The option table of `run`, and `watch`'s (run's plus watch's own).
const std::vector<config::OptionSpec>& run_options();

// Reads `line` into flags. Throws core::UsageError for what pytest would refuse there too
// (-p of a plugin pyspace-test cannot load).
RunFlags typed_flags(config::CommandLine line);

// The configuration and the flags for `args` (what follows `run`), as pytest builds them: the
// command line (after PYTEST_ADDOPTS) finds the configuration, whose `addopts` then go in front;
// `-o` applies to the configuration. Warnings are printed to stderr.
struct Loaded {
  config::Config cfg;
  RunFlags flags;
};
// pytest's `minversion` (against the pytest version pyspace-test follows, 7.2.1) and
// `required_plugins` (pyspace-test loads none yet). Throws core::UsageError.
void check_requirements(const config::PytestSettings& settings);

Loaded load_configuration(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                          const std::vector<config::OptionSpec>& table);

// Flags over configuration. Throws core::UsageError for bad --fake values. With --pyargs the
// interpreter must be running (GIL held): arguments naming modules are looked up in it.
run::RunOptions to_run_options(const RunFlags& flags, config::Config& cfg, const std::filesystem::path& cwd);

// Console (on `terminal`; on `diagnostics` when JSON events go to stdout), JUnit XML and JSON
// events reporters as the flags ask.
struct Reporters {
  report::MultiReporter all;
  std::unique_ptr<std::ofstream> events_file;
};
// `pytest`: pytest's ini keys (junit_logging, console_output_style, ...; app/report_flags.cpp).
std::unique_ptr<Reporters> make_reporters(const RunFlags& flags, std::ostream& terminal,
                                          std::ostream& diagnostics, const std::filesystem::path& cwd,
                                          const config::PytestSettings& pytest = {});

// The console's streams: duplicates of stdout and stderr taken before the interpreter starts,
// because the runner redirects fds 1 and 2 into its capture files while tests run.
struct Terminals {
  Terminals();
  ~Terminals();
  std::unique_ptr<std::ostream> out;
  std::unique_ptr<std::ostream> err;
};

// PYTHONPATH's entries, absolute (relative ones against `cwd`); empty entries are skipped.
std::vector<std::string> environment_path(const std::filesystem::path& cwd);

report::RunStart run_start_for(const run::RunOptions& options, const config::Config& cfg);

// What `run` and `watch` set up before running, in this order: the configuration, the terminals
// (taken before the interpreter starts), the interpreter, the options, the reporters.
struct CommandSetup {
  CommandSetup(const std::vector<std::string>& args, const std::vector<config::OptionSpec>& table,
               const python::InterpreterOptions& interpreter_options);
  std::filesystem::path cwd;
  Loaded loaded;
  const RunFlags& flags;
  config::Config& cfg;
  Terminals terminals;
  python::Interpreter interpreter;  // before the options: --pyargs looks modules up in it
  run::RunOptions options;
  std::unique_ptr<Reporters> reporters;
};

}  // namespace pyspace::app
