// core/run_summary and core/exit_code: counting outcomes, pytest's closing line and exit codes.
#include <catch2/catch.hpp>

#include "core/exit_code.h"
#include "core/run_summary.h"

using pyspace::core::ExitCode;
using pyspace::core::Outcome;
using pyspace::core::RunSummary;
using pyspace::core::TestReport;

TEST_CASE("exit codes are pytest's numbers", "[core][exit_code]") {
  using pyspace::core::to_int;
  CHECK(to_int(ExitCode::Ok) == 0);
  CHECK(to_int(ExitCode::TestsFailed) == 1);
  CHECK(to_int(ExitCode::Interrupted) == 2);
  CHECK(to_int(ExitCode::InternalError) == 3);
  CHECK(to_int(ExitCode::UsageError) == 4);
  CHECK(to_int(ExitCode::NoTestsCollected) == 5);
}

TEST_CASE("each outcome is counted in its own field", "[core][run_summary]") {
  RunSummary summary;
  for (auto outcome : {Outcome::Passed, Outcome::Passed, Outcome::Failed, Outcome::Error,
                       Outcome::Skipped, Outcome::XFailed, Outcome::XPassed}) {
    TestReport report;
    report.outcome = outcome;
    summary.add(report);
  }
  CHECK(summary.passed == 2);
  CHECK(summary.failed == 1);
  CHECK(summary.errors == 1);
  CHECK(summary.skipped == 1);
  CHECK(summary.xfailed == 1);
  CHECK(summary.xpassed == 1);
  CHECK(summary.total() == 7);
}

TEST_CASE("the closing line follows pytest's order and plurals", "[core][run_summary]") {
  RunSummary summary;
  summary.failed = 1;
  summary.passed = 12;
  summary.skipped = 2;
  summary.xfailed = 1;
  summary.xpassed = 3;
  summary.warnings = 1;
  summary.errors = 2;
  summary.duration_s = 0.0812;
  CHECK(summary.closing_line() ==
        "1 failed, 12 passed, 2 skipped, 1 xfailed, 3 xpassed, 1 warning, 2 errors in 0.08s");
  summary = RunSummary{};
  summary.warnings = 2;
  summary.errors = 1;
  summary.duration_s = 1.5;
  CHECK(summary.closing_line() == "2 warnings, 1 error in 1.50s");
}

TEST_CASE("exit code: selected tests that report nothing (--setup-only) are a successful run", "[core][run_summary]") {
  RunSummary summary;
  summary.collected = 2;
  CHECK(summary.exit_code() == ExitCode::Ok);
}

TEST_CASE("an empty run says no tests ran", "[core][run_summary]") {
  CHECK(RunSummary{}.closing_line() == "no tests ran in 0.00s");
}

TEST_CASE("exit code: interrupted over failed over no tests over ok", "[core][run_summary]") {
  RunSummary summary;
  CHECK(summary.exit_code() == ExitCode::NoTestsCollected);
  summary.skipped = 1;
  summary.collect_skips = 1;  // only a module that skipped itself: no test collected, as pytest
  CHECK(summary.exit_code() == ExitCode::NoTestsCollected);
  summary.collect_skips = 0;  // a run of skipped tests is a successful run
  CHECK(summary.exit_code() == ExitCode::Ok);
  summary.passed = 3;
  CHECK(summary.exit_code() == ExitCode::Ok);
  summary.errors = 1;  // a collection error alone counts as a failure too
  CHECK(summary.exit_code() == ExitCode::TestsFailed);
  summary.errors = 0;
  summary.failed = 1;
  CHECK(summary.exit_code() == ExitCode::TestsFailed);
  summary.interrupted = true;
  CHECK(summary.exit_code() == ExitCode::Interrupted);
  RunSummary only_xfail;
  only_xfail.xfailed = 1;
  CHECK(only_xfail.exit_code() == ExitCode::Ok);
}
