// pytest's reporting flags and ini keys (-r, --tb, -l, --durations, --no-header, ...): where
// the parsed command line and configuration become reporter and failure-text settings.
#pragma once

#include "app/run_setup.h"
#include "config/config.h"
#include "report/console_reporter.h"
#include "report/junit_reporter.h"

namespace pyspace::app {

// Fills the reporting fields of `console` (see report::ConsoleOptions) from the flags and
// pytest's ini keys (console_output_style). Throws core::UsageError for a bad value, as
// pytest refuses it (--durations-min=x is refused by the parser already).
// pytest's running_on_ci(): $CI or $BUILD_NUMBER set (whole messages and diffs, no trimming).
bool running_on_ci();

// --setup-show, or --setup-only / --setup-plan which imply it: fixture lines among the progress.
bool shows_setup(const config::CommandLine& line);

void apply_report_flags(const RunFlags& flags, const config::PytestSettings& pytest, report::ConsoleOptions& console);

// The junit_* ini keys (junit_family, junit_suite_name, junit_log_passing_tests,
// junit_duration_report) and --junit-prefix, into `junit` (its path and logging set already).
// Unknown values act as pytest's defaults do (xunit2, total).
void apply_junit_flags(const RunFlags& flags, const config::PytestSettings& pytest, report::JunitOptions& junit);

// Tells the runner's failure text (_pyspace.assertion.failure_text) the --tb style, -l, the
// verbosity (-v count minus -q, from 0 up: pytest explains asserts alike below 1) and whether
// pytest would think it runs on CI (CI or BUILD_NUMBER in the environment: whole diffs, no
// truncation), the console's `width` (a failure's frame arguments share lines up to it, as
// pytest's), and the runner's reports whether --durations wants every phase timed. Only
// imports them when a setting differs from the default, so a plain run pays nothing.
// CONTRACT: the interpreter is initialised, GIL held, no space active.
void configure_runner_reporting(const RunFlags& flags, int width);

}  // namespace pyspace::app
