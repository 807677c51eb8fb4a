// Errors that reach main and become exit codes. Each names the file, line, flag or module.
#pragma once

#include <stdexcept>
#include <string>

#include "core/exit_code.h"

namespace pyspace::core {

// Base of every error pyspace-test reports itself; main prints what() on one line.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// Bad command line, missing path, bad config, missing fake file: exit 4.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(ExitCode::UsageError, message) {}
};

// pytest's own usage error text, shown as it is (no "error:" prefix), exit 4: a conftest.py
// pytest loads before the session that does not import (run/run_engine.h initial_conftest_failure).
class VerbatimUsageError : public UsageError {
 public:
  explicit VerbatimUsageError(const std::string& text) : UsageError(text) {}
};

// A module space could not be put back when deactivated: a test broke something its restoration
// needs. The run ends with what it has (the reports of what ran are written), exit 3.
class SpaceBroken : public Error {
 public:
  explicit SpaceBroken(const std::string& message) : Error(ExitCode::InternalError, message) {}
};

// The native engine cannot honour what the suite uses (a conftest hook, a plugin, an option
// only pytest or a plugin has). `--engine auto` hands the run to pytest's own engine
// (app/engine.h); with `--engine native` it is a usage error whose what() names the reason.
class EngineNeeded : public UsageError {
 public:
  // after_output: found once the run had shown results (--isolate file met it in a later
  // file), when it can no longer move to another engine.
  explicit EngineNeeded(const std::string& reason, bool after_output = false)
      : UsageError("the native engine cannot run this suite as pytest would: " + reason +
                   (after_output ? ", found after tests had run (--isolate file); rerun with --engine pytest"
                                 : " (--engine auto or --engine pytest runs it with pytest's own runner)")),
        reason_(reason),
        after_output_(after_output) {}
  const std::string& reason() const { return reason_; }
  bool after_output() const { return after_output_; }

 private:
  std::string reason_;
  bool after_output_;
};

// A configuration file problem at a known position: "path:line:col: message".
class ConfigError : public UsageError {
 public:
  ConfigError(const std::string& path, int line, int column, const std::string& message);
};

}  // namespace pyspace::core
