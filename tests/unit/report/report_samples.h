// Sample results shared by the reporter tests.
#pragma once

#include <sstream>
#include <string>

#include "core/run_summary.h"
#include "core/test_report.h"
#include "report/reporter.h"

namespace pyspace::report::testing {

// A string buffer that counts the flushes reaching it (a reporter's std::flush / ostream::flush).
class CountingBuffer : public std::stringbuf {
 public:
  int syncs = 0;

 protected:
  int sync() override {
    ++syncs;
    return std::stringbuf::sync();
  }
};

// A report for "tests/test_x.py::<name>" with the given outcome; failures and errors get a
// message and a pytest-like longrepr.
inline core::TestReport sample_report(const std::string& name, core::Outcome outcome,
                                      const std::string& file = "tests/test_x.py") {
  core::TestReport report;
  report.nodeid = file + "::" + name;
  report.file = file;
  std::string module = file.substr(0, file.size() - 3);
  for (char& c : module)
    if (c == '/') c = '.';
  report.classname = module;
  report.name = name;
  report.line = 3;
  report.outcome = outcome;
  report.duration_s = 0.0012;
  if (core::is_failure(outcome)) {
    report.message = "assert 1 == 2";
    report.longrepr = "\n    def " + name + "():\n>       assert 1 == 2\nE       assert 1 == 2\n\n" +
                      file + ":4: AssertionError\n";
  }
  if (outcome == core::Outcome::Error) {
    report.when = "setup";
    report.message = "RuntimeError: setup boom";
  }
  if (outcome == core::Outcome::Skipped) report.message = "not now";
  if (outcome == core::Outcome::XFailed) report.message = "known bug";
  return report;
}

inline core::CollectError sample_collect_error(const std::string& path = "tests/test_bad.py") {
  return core::CollectError{path, "SyntaxError: invalid syntax",
                            "E     File \"" + path + "\", line 1\nE   SyntaxError: invalid syntax\n"};
}

inline RunStart sample_start(int collected) {
  RunStart start;
  start.rootdir = "/work/project";
  start.version = "0.1.0";
  start.python_version = "3.11.2";
  start.collected = collected;
  return start;
}

// A summary that counts the given reports, as the runner would.
template <typename... Reports>
core::RunSummary summary_of(double seconds, const Reports&... reports) {
  core::RunSummary summary;
  (summary.add(reports), ...);
  summary.collected = summary.total();
  summary.duration_s = seconds;
  return summary;
}

}  // namespace pyspace::report::testing
