// Counts of a whole run and the closing line pytest prints.
#pragma once

#include <string>

#include "core/exit_code.h"
#include "core/outcome.h"
#include "core/test_report.h"

namespace pyspace::core {

struct RunSummary {
  int passed = 0;
  int failed = 0;
  int errors = 0;  // test errors plus collection errors
  int skipped = 0;
  int xfailed = 0;
  int xpassed = 0;
  int collected = 0;
  int collect_errors = 0;
  int collect_skips = 0;  // modules that skipped themselves while collected (also in `skipped`)
  int deselected = 0;  // left out by -k, -m, --deselect, --lf, --sw (pytest's "N deselected")
  int warnings = 0;
  int reruns = 0;  // --reruns: attempts that failed and ran again (not in total())
  bool interrupted = false;  // stopped early by a collection error or a signal
  std::string stop_reason;   // why, when a plugin stopped the run ("Test failed, continuing ...")
  // --maxfail / -x stopped the run: "stopping after 2 failures" (pytest's session.shouldfail,
  // shown above the closing line; exit 1, not an interruption).
  std::string should_fail;
  // --cov: what pytest-cov writes in the terminal summary (the report, "Coverage XML written to
  // file ...", the --cov-fail-under line), and whether the total is under --cov-fail-under (exit 1).
  std::string coverage_text;
  bool coverage_failed = false;
  // pytest.exit(reason) ended the run: "_pytest.outcomes.Exit: reason", pytest's banner.
  std::string exit_banner;
  // Ctrl-C: where the KeyboardInterrupt was raised, "/abs/test_x.py:3" (the innermost Python
  // frame, pytest's crash location); empty when unknown or not interrupted by the user.
  std::string keyboard_interrupt_at;
  bool interrupted_by_user = false;
  double duration_s = 0.0;
  // --collect-only: pytest's closing words instead of the outcomes ("9 tests collected", "no
  // tests collected, 1 error", "3/4 tests collected (1 deselected)"); empty otherwise.
  std::string collect_only_counts;

  void add(Outcome outcome);
  void add(const TestReport& report) {
    add(report.outcome);
    reruns += static_cast<int>(report.reruns.size());
  }
  int total() const { return passed + failed + errors + skipped + xfailed + xpassed; }

  // "12 passed, 1 failed, 2 skipped, 1 xfailed in 0.08s" in pytest's order:
  // failed, passed, skipped, xfailed, xpassed, warnings, errors; "no tests ran" when empty.
  std::string closing_line() const;

  // pytest's rule: interrupted -> 2, any failure/error -> 1, no test selected (and none
  // reported but collection skips) -> 5, else 0.
  ExitCode exit_code() const;
};

}  // namespace pyspace::core
