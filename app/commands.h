// Subcommands of pyspace-test. Each adds its options to the CLI11 app and returns the function
// that runs it once parsing succeeded. Functions return the process exit status and throw
// core::Error for usage problems (main maps those to exit codes).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "python/interpreter.h"

namespace pyspace::app {

using Command = std::function<int()>;

// Every command's interpreter: the process ends right after the command, so the interpreter's
// memory is left to the operating system instead of being torn down module by module.
inline const python::InterpreterOptions kInterpreterOptions{.extra_path = {}, .install_signal_handlers = true, .finalize = false};

Command add_exec_command(CLI::App& app);
// `run` and `watch` read their words themselves, as pytest reads its command line
// (config/command_line.h): main gives them every word after the subcommand's name, unseen by CLI11.
using Words = std::shared_ptr<const std::vector<std::string>>;
Command add_run_command(CLI::App& app, Words words);
Command add_watch_command(CLI::App& app, Words words);

}  // namespace pyspace::app
