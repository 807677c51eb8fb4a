#include "core/run_summary.h"

#include <fmt/format.h>

#include <vector>

namespace pyspace::core {

void RunSummary::add(Outcome outcome) {
  switch (outcome) {
    case Outcome::Passed: ++passed; break;
    case Outcome::Failed: ++failed; break;
    case Outcome::Error: ++errors; break;
    case Outcome::Skipped: ++skipped; break;
    case Outcome::XFailed: ++xfailed; break;
    case Outcome::XPassed: ++xpassed; break;
  }
}

std::string RunSummary::closing_line() const {
  if (!collect_only_counts.empty()) return fmt::format("{} in {:.2f}s", collect_only_counts, duration_s);
  std::vector<std::string> parts;
  auto part = [&](int count, const char* one, const char* many) {
    if (count > 0) parts.push_back(fmt::format("{} {}", count, count == 1 ? one : many));
  };
  part(failed, "failed", "failed");
  part(passed, "passed", "passed");
  part(skipped, "skipped", "skipped");
  part(deselected, "deselected", "deselected");
  part(xfailed, "xfailed", "xfailed");
  part(xpassed, "xpassed", "xpassed");
  part(warnings, "warning", "warnings");
  part(errors, "error", "errors");
  part(reruns, "rerun", "rerun");  // pytest-rerunfailures' word, after pytest's own kinds
  std::string body = parts.empty() ? std::string("no tests ran") : fmt::format("{}", fmt::join(parts, ", "));
  return fmt::format("{} in {:.2f}s", body, duration_s);
}

ExitCode RunSummary::exit_code() const {
  if (interrupted) return ExitCode::Interrupted;
  if (failed > 0 || errors > 0 || coverage_failed) return ExitCode::TestsFailed;
  // pytest: 5 when no test was selected to run (--setup-only runs tests that report nothing)
  if (total() == collect_skips && collected == 0) return ExitCode::NoTestsCollected;
  return ExitCode::Ok;
}

}  // namespace pyspace::core
