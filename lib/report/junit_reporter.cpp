#include "report/junit_reporter.h"

#include <unistd.h>

#include <utility>

#include "report/atomic_file.h"

namespace pyspace::report {
namespace {

std::string local_host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

}  // namespace

JunitReporter::JunitReporter(JunitOptions options) : options_(std::move(options)) {
  if (options_.hostname.empty()) options_.hostname = local_host_name();
  options_.cases.logging = options_.logging;
}

void JunitReporter::run_start(const RunStart& /*start*/) {
  started_ = std::chrono::system_clock::now();
  suite_ = JunitSuite{};
  testcases_.clear();
  pending_.reset();
}

void JunitReporter::collect_error(const core::CollectError& error) {
  count_collect_error(suite_);
  testcases_.push_back(junit_collect_error_testcase(error, options_.cases));
}

void JunitReporter::collect_skip(const core::TestReport& report) {
  count_testcase(suite_, report);
  testcases_.push_back(junit_collect_skip_testcase(report, options_.cases));
}

void JunitReporter::test_done(const core::TestReport& report) {
  count_testcase(suite_, report);
  suite_.properties.insert(suite_.properties.end(), report.suite_properties.begin(), report.suite_properties.end());
  if (pending_) write_pending(&report);
  pending_ = report;
}

void JunitReporter::test_finish(const std::string& /*nodeid*/) {
  if (pending_) write_pending(nullptr);
}

// The testcase of the report held back, now that what follows it is known: `next`, another
// report of the same test, or nothing (its last). A passed report followed by its teardown's
// error is no testcase of its own: pytest writes one, the error's.
void JunitReporter::write_pending(const core::TestReport* next) {
  core::TestReport report = std::move(*pending_);
  pending_.reset();
  const bool passed = report.outcome == core::Outcome::Passed || report.outcome == core::Outcome::XPassed;
  if (next && passed && next->outcome == core::Outcome::Error && next->when == "teardown") return;
  testcases_.push_back(junit_testcase(report, options_.cases, /*last_of_test=*/next == nullptr));
}

void JunitReporter::warning(const std::string& /*text*/) {}

void JunitReporter::python_warning(const std::string& /*where*/, const std::string& /*message*/) {}

void JunitReporter::run_end(const core::RunSummary& summary) {
  if (pending_) write_pending(nullptr);
  JunitSuite suite = suite_;
  suite.name = options_.suite_name;
  suite.duration_s = summary.duration_s;
  suite.timestamp = iso_local_timestamp(started_);
  suite.hostname = options_.hostname;
  write_file_atomically(options_.path, junit_document(suite, testcases_), "JUnit XML report");
}

}  // namespace pyspace::report
