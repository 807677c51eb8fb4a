// pyspace-test: parses the command line, runs one subcommand, maps errors to pytest's exit codes.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands.h"
#include "app/run_setup.h"
#include "core/errors.h"
#include "core/exit_code.h"
#include "python/error.h"
#include "python/interpreter.h"

#ifndef PYSPACE_VERSION
#error "PYSPACE_VERSION must be defined by the build"
#endif

namespace {

using pyspace::core::ExitCode;
using pyspace::core::to_int;

int report(const char* kind, const std::string& message, ExitCode code) {
  std::fflush(stdout);
  std::cerr << "pyspace-test: " << kind << ": " << message << '\n';
  return to_int(code);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pyspace-test: run Python test suites in fresh module spaces", "pyspace-test"};
  app.require_subcommand(1);
  app.set_version_flag("--version", pyspace::app::version_text());
  // `run` and `watch` take pytest's command line: CLI11 sees only their name.
  auto words = std::make_shared<std::vector<std::string>>();
  int parsed_argc = argc;
  if (argc >= 2 && (std::string_view(argv[1]) == "run" || std::string_view(argv[1]) == "watch")) {
    words->assign(argv + 2, argv + argc);
    parsed_argc = 2;
  }
  auto exec = pyspace::app::add_exec_command(app);
  auto run = pyspace::app::add_run_command(app, words);
  auto watch = pyspace::app::add_watch_command(app, words);
  try {
    app.parse(parsed_argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 says "A subcommand is required" for `pyspace-test --frobnicate`: name the flag.
    if (argc > 1 && argv[1][0] == '-' && app.get_subcommands().empty())
      return report("error", fmt::format("unknown option: {} (try --help)", argv[1]), ExitCode::UsageError);
    return report("error", e.what(), ExitCode::UsageError);
  }
  try {
    if (app.got_subcommand("exec")) return exec();
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("watch")) return watch();
    return report("error", "no command given (try --help)", ExitCode::UsageError);
  } catch (const pyspace::python::PythonError& e) {
    // A user's mistake found by Python code (a fake file that does not execute) is a usage error.
    if (e.is_usage_error()) return report("error", e.message(), ExitCode::UsageError);
    std::cerr << e.traceback();
    return report("internal error", e.what(), ExitCode::InternalError);
  } catch (const pyspace::core::VerbatimUsageError& e) {
    std::cerr << e.what() << std::flush;
    return pyspace::core::to_int(e.code());
  } catch (const pyspace::core::Error& e) {
    return report("error", e.what(), e.code());
  } catch (const std::exception& e) {
    return report("internal error", e.what(), ExitCode::InternalError);
  }
}
