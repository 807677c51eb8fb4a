// The reporter a watch run reports to, in front of the command's reporters: it keeps what the
// run reported (for the known failures), reports collection errors identical for several files
// once (a conftest.py that does not import: one error naming the files, when the next test
// starts or the run ends), and ends a run the loop stopped (a save made it stale, or `q`) with
// "Interrupted: <why>" rather than as a KeyboardInterrupt. No Python.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "report/reporter.h"
#include "watch/known_failures.h"

namespace pyspace::watch {

class RunRecorder final : public report::Reporter {
 public:
  // `superseded`: why the loop stopped the run, "" while it did not (read at run_end).
  RunRecorder(report::Reporter& next, const std::string& superseded) : next_(next), superseded_(superseded) {}
  void run_start(const report::RunStart& start) override { next_.run_start(start); }
  void collect_error(const core::CollectError& error) override;
  void collect_skip(const core::TestReport& report) override { next_.collect_skip(report); }
  void test_start(const std::string& nodeid, const std::string& file) override;
  void test_finish(const std::string& nodeid) override { next_.test_finish(nodeid); }
  void test_done(const core::TestReport& report) override;
  void warning(const std::string& text) override { next_.warning(text); }
  void python_warning(const std::string& where, const std::string& message) override {
    next_.python_warning(where, message);
  }
  void run_end(const core::RunSummary& summary) override;
  void live_log(const std::string& when, const std::vector<std::string>& records) override {
    next_.live_log(when, records);
  }

  KnownFailures::RunReports reports;

 private:
  void flush_errors();

  report::Reporter& next_;
  const std::string& superseded_;
  std::vector<std::pair<core::CollectError, std::vector<std::string>>> errors_;  // in order first met
};

}  // namespace pyspace::watch
