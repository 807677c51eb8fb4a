// Writes pytest's JUnit XML (xunit2) for a run to a file at run_end. The document is always
// well-formed XML 1.0 whatever the tests printed (see xml_text.h for the replacements).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "report/junit_xml.h"
#include "report/reporter.h"

namespace pyspace::report {

struct JunitOptions {
  std::string path;                   // output file; missing parent directories are created
  std::string suite_name = "pytest";  // <testsuite name=...>, pytest's junit_suite_name
  std::string hostname;               // empty: this machine's host name
  JunitLogging logging = JunitLogging::No;  // pytest's junit_logging ini key (also in `cases`)
  JunitCaseOptions cases{};                 // the other junit_* keys and --junit-prefix
};

class JunitReporter : public Reporter {
 public:
  explicit JunitReporter(JunitOptions options);

  void run_start(const RunStart& start) override;
  void collect_error(const core::CollectError& error) override;
  void collect_skip(const core::TestReport& report) override;
  void test_done(const core::TestReport& report) override;
  void test_finish(const std::string& nodeid) override;
  void warning(const std::string& text) override;  // JUnit has no place for these
  void python_warning(const std::string& where, const std::string& message) override;  // nor these
  // Writes the document to a temporary file beside `path`, then renames it over `path`, so
  // readers never see half a file. Throws core::UsageError naming the path on failure.
  void run_end(const core::RunSummary& summary) override;

 private:
  JunitOptions options_;
  std::chrono::system_clock::time_point started_;
  JunitSuite suite_;
  std::vector<std::string> testcases_;  // rendered, in arrival order
  // The last report, written once the next report or test_finish says whether it was its
  // test's last (write_pending).
  std::optional<core::TestReport> pending_;
  void write_pending(const core::TestReport* next);
};

}  // namespace pyspace::report
