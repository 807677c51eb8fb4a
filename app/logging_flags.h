// pytest's logging options (--log-level, --log-format, --log-cli-level, --log-file, ...) and
// its log_* ini keys, read into run::LoggingOptions (lib/run/run_options.h) and the console's
// options, as pytest's logging plugin reads them.
#pragma once

#include "app/run_setup.h"
#include "config/config.h"
#include "report/console_reporter.h"
#include "run/run_options.h"

namespace pyspace::app {

// Fills options.logging: each value from the command line, else its ini key (an empty value
// counts as not given, as pytest's), else empty for pytest's default; log_cli_level falls back
// on log_level, log_cli_format and log_cli_date_format on log_format and log_date_format.
void read_logging_flags(const RunFlags& flags, const config::PytestSettings& pytest, run::RunOptions& options);

// --show-capture's `log` and live logging (the log_cli key, or --log-cli-level given).
void apply_logging_flags(const RunFlags& flags, const config::PytestSettings& pytest,
                         report::ConsoleOptions& console);

}  // namespace pyspace::app
