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

// A configuration file problem at a known position: "path:line:col: message".
class ConfigError : public UsageError {
 public:
  ConfigError(const std::string& path, int line, int column, const std::string& message);
};

}  // namespace pyspace::core
