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

#include <CLI/CLI.hpp>

#include "config/config.h"
#include "python/interpreter.h"
#include "report/multi_reporter.h"
#include "report/reporter.h"
#include "run/run_options.h"

namespace pyspace::app {

struct RunFlags {
  std::vector<std::string> paths;
  std::string keyword;
  std::string markexpr;
  bool exitfirst = false;
  int maxfail = 0;
  int quiet = 0;
  int verbose = 0;
  std::optional<std::string> junitxml;     // given, even as "" (a usage error)
  std::optional<std::string> json_events;
  std::string isolate;
  std::vector<std::string> fakes;
  std::string config_file;
  std::string rootdir;
  std::string color = "auto";
  bool collect_only = false;
  bool continue_on_collection_errors = false;
  bool no_capture = false;
};

void add_run_flags(CLI::App& cmd, RunFlags& flags);

// The configuration for the flags (searched, or -c), with its warnings printed to stderr.
config::Config load_configuration(const RunFlags& flags, const std::filesystem::path& cwd);

// Flags over configuration. Throws core::UsageError for bad --fake values.
run::RunOptions to_run_options(const RunFlags& flags, config::Config& cfg, const std::filesystem::path& cwd);

// Console (on `terminal`; on `diagnostics` when JSON events go to stdout), JUnit XML and JSON
// events reporters as the flags ask.
struct Reporters {
  report::MultiReporter all;
  std::unique_ptr<std::ofstream> events_file;
};
// `junit_logging`: pytest's ini key of that name ("no", "system-out", ...).
std::unique_ptr<Reporters> make_reporters(const RunFlags& flags, std::ostream& terminal,
                                          std::ostream& diagnostics, const std::filesystem::path& cwd,
                                          const std::string& junit_logging = "no");

// The console's streams: duplicates of stdout and stderr taken before the interpreter starts,
// because the runner redirects fds 1 and 2 into its capture files while tests run.
struct Terminals {
  Terminals();
  std::unique_ptr<std::ostream> out;
  std::unique_ptr<std::ostream> err;
};

report::RunStart run_start_for(const run::RunOptions& options, const config::Config& cfg);

// What `run` and `watch` set up before running, in this order: the configuration and options,
// the terminals (taken before the interpreter starts), the interpreter, the reporters.
struct CommandSetup {
  CommandSetup(const RunFlags& flags, const python::InterpreterOptions& interpreter_options);
  std::filesystem::path cwd;
  config::Config cfg;
  run::RunOptions options;
  Terminals terminals;
  python::Interpreter interpreter;
  std::unique_ptr<Reporters> reporters;
};

}  // namespace pyspace::app
