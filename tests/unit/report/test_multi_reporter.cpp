#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/multi_reporter.h"
#include "report_samples.h"

namespace {

using namespace pyspace;
using report::MultiReporter;
using report::Reporter;

// Records the calls it receives into a shared log, tagged with its name.
class RecordingReporter : public Reporter {
 public:
  RecordingReporter(std::string name, std::vector<std::string>& log, bool throws = false)
      : name_(std::move(name)), log_(log), throws_(throws) {}
  void run_start(const report::RunStart&) override { record("run_start"); }
  void collect_error(const core::CollectError& error) override { record("collect_error " + error.path); }
  void test_done(const core::TestReport& report) override { record("test " + report.name); }
  void warning(const std::string& text) override { record("warning " + text); }
  void python_warning(const std::string& where, const std::string&) override {
    record("python_warning " + where);
  }
  void run_end(const core::RunSummary&) override { record("run_end"); }

 private:
  void record(const std::string& call) {
    log_.push_back(name_ + ": " + call);
    if (throws_) throw std::runtime_error(name_ + " failed");
  }
  std::string name_;
  std::vector<std::string>& log_;
  bool throws_;
};

}  // namespace

TEST_CASE("MultiReporter forwards every call to each reporter in order", "[report][multi]") {
  std::vector<std::string> log;
  MultiReporter multi;
  multi.add(std::make_unique<RecordingReporter>("a", log));
  multi.add(nullptr);
  multi.add(std::make_unique<RecordingReporter>("b", log));
  CHECK(multi.size() == 2);
  multi.run_start(report::testing::sample_start(1));
  multi.collect_error(report::testing::sample_collect_error());
  multi.test_done(report::testing::sample_report("test_pass", core::Outcome::Passed));
  multi.warning("careful");
  multi.run_end(core::RunSummary{});
  CHECK(log == std::vector<std::string>{
                   "a: run_start", "b: run_start",
                   "a: collect_error tests/test_bad.py", "b: collect_error tests/test_bad.py",
                   "a: test test_pass", "b: test test_pass",
                   "a: warning careful", "b: warning careful",
                   "a: run_end", "b: run_end"});
}

TEST_CASE("MultiReporter reaches every reporter before rethrowing the first error",
          "[report][multi]") {
  std::vector<std::string> log;
  std::vector<std::unique_ptr<Reporter>> reporters;
  reporters.push_back(std::make_unique<RecordingReporter>("junit", log, true));
  reporters.push_back(std::make_unique<RecordingReporter>("console", log));
  MultiReporter multi(std::move(reporters));
  CHECK_THROWS_WITH(multi.run_end(core::RunSummary{}), "junit failed");
  CHECK(log == std::vector<std::string>{"junit: run_end", "console: run_end"});
}
