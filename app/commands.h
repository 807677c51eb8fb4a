// Subcommands of pyspace-test. Each adds its options to the CLI11 app and returns the function
// that runs it once parsing succeeded. Functions return the process exit status and throw
// core::Error for usage problems (main maps those to exit codes).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "python/interpreter.h"

namespace pyspace::app {

using Command = std::function<int()>;

// Every command's interpreter: the process ends right after the command, so the interpreter's
// memory is left to the operating system instead of being torn down module by module.
inline const python::InterpreterOptions kInterpreterOptions{.extra_path = {}, .install_signal_handlers = true, .finalize = false};

Command add_exec_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_watch_command(CLI::App& app);

}  // namespace pyspace::app
