// Process exit codes, identical to pytest's ExitCode.
#pragma once

namespace pyspace::core {

enum class ExitCode : int {
  Ok = 0,                // all tests passed
  TestsFailed = 1,       // some tests failed or errored
  Interrupted = 2,       // interrupted: Ctrl-C or a collection error
  InternalError = 3,     // a bug in pyspace-test
  UsageError = 4,        // unknown flag, missing path, bad config
  NoTestsCollected = 5,  // nothing to run
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace pyspace::core
