// run/supervised_run: the run loop with the tests in forked children (fake_engine.h's sessions
// fork for real). The parent's log holds what it reported: a child that dies fails its test
// alone, and the next child goes on after it.
#include <catch2/catch.hpp>

#include "fake_engine.h"
#include "run/test_runner.h"
#include "../config/temp_tree.h"

namespace {

using namespace pyspace;
using testing::FakeCollector;
using testing::FakeSessions;
using testing::Log;
using testing::LogReporter;

class CrashReporter final : public report::Reporter {
 public:
  void run_start(const report::RunStart&) override {}
  void collect_error(const core::CollectError&) override {}
  void test_done(const core::TestReport& report) override { reports.push_back(report); }
  void warning(const std::string& text) override { warnings.push_back(text); }
  void python_warning(const std::string&, const std::string&) override {}
  void run_end(const core::RunSummary&) override {}
  std::vector<core::TestReport> reports;
  std::vector<std::string> warnings;
};

struct Project {
  testing::TempTree tree;
  Log log;
  FakeCollector collector{log};
  FakeSessions sessions{log};
  CrashReporter reporter;
  run::RunOptions options;

  Project() {
    for (const char* name : {"test_a.py", "test_b.py"}) tree.write(name, "");
    options.paths = {tree.root()};
    options.rootdir = tree.root();
    options.supervise = true;
    collector.files["test_a.py"].tests = {"t1", "t2", "t3"};
    collector.files["test_b.py"].tests = {"t4"};
    sessions.forks = true;
  }
  core::RunSummary run() {
    run::TestRunner runner(options, collector, sessions, reporter, {});
    return runner.run();
  }
  std::vector<std::string> outcomes() const {
    std::vector<std::string> out;
    for (const auto& r : reporter.reports) out.push_back(r.nodeid + " " + std::string(core::to_string(r.outcome)));
    return out;
  }
};

}  // namespace

TEST_CASE("supervised: the reports come from the child, in order", "[run][supervised]") {
  Project p;
  p.sessions.outcomes["test_a.py::t2"] = core::Outcome::Failed;
  auto summary = p.run();
  CHECK(p.outcomes() == std::vector<std::string>{"test_a.py::t1 passed", "test_a.py::t2 failed",
                                                 "test_a.py::t3 passed", "test_b.py::t4 passed"});
  CHECK(p.sessions.forked == 1);
  CHECK(summary.passed == 3);
  CHECK(summary.failed == 1);
  // The tests ran in the child: this process's log has no "run" line.
  for (const auto& line : p.log) CHECK(line.rfind("run ", 0) != 0);
}

TEST_CASE("supervised: a child that dies fails its test and a new child goes on", "[run][supervised]") {
  Project p;
  p.sessions.crash_at = "test_a.py::t2";
  auto summary = p.run();
  CHECK(p.outcomes() == std::vector<std::string>{"test_a.py::t1 passed", "test_a.py::t2 failed",
                                                 "test_a.py::t3 passed", "test_b.py::t4 passed"});
  REQUIRE(p.reporter.reports.size() == 4);
  const auto& crashed = p.reporter.reports[1];
  CHECK(crashed.message == "crashed: exit status 7 while running test_a.py::t2");
  CHECK(crashed.classname == "test_a");
  CHECK(crashed.name == "t2");
  CHECK(p.sessions.forked == 2);
  CHECK(summary.failed == 1);
  CHECK(summary.passed == 3);
}

TEST_CASE("supervised: the last test's crash ends the run without another child", "[run][supervised]") {
  Project p;
  p.sessions.crash_at = "test_b.py::t4";
  auto summary = p.run();
  CHECK(p.sessions.forked == 1);
  CHECK(summary.failed == 1);
  CHECK(summary.passed == 3);
}

TEST_CASE("supervised: --maxfail counts a crash", "[run][supervised]") {
  Project p;
  p.options.maxfail = 1;
  p.sessions.crash_at = "test_a.py::t1";
  auto summary = p.run();
  CHECK(p.outcomes() == std::vector<std::string>{"test_a.py::t1 failed"});
  CHECK(p.sessions.forked == 1);
  CHECK(summary.failed == 1);
}

TEST_CASE("supervised: when no child can be made the tests run here with a warning", "[run][supervised]") {
  Project p;
  p.sessions.fork_error = EAGAIN;
  auto summary = p.run();
  CHECK(summary.passed == 4);
  REQUIRE_FALSE(p.reporter.warnings.empty());
  CHECK(p.reporter.warnings.front().rfind("cannot start a process for the tests (", 0) == 0);
  CHECK(std::find(p.log.begin(), p.log.end(), "run test_a.py::t1 next=test_a.py::t2") != p.log.end());
}

TEST_CASE("supervised: a child that dies settling a file fails no test and the next child goes on",
          "[run][supervised]") {
  Project p;
  p.sessions.dies_settling = true;
  auto summary = p.run();
  CHECK(p.outcomes() == std::vector<std::string>{"test_a.py::t1 passed", "test_a.py::t2 passed",
                                                 "test_a.py::t3 passed", "test_b.py::t4 passed"});
  CHECK(p.sessions.forked == 2);
  REQUIRE(p.reporter.warnings.size() == 2);
  CHECK(p.reporter.warnings[0] == "the process running the tests died (exit status 9) between tests, before test_b.py::t4");
  CHECK(p.reporter.warnings[1] == "the process running the tests died (exit status 9) between tests, after the last test");
  CHECK(summary.passed == 4);
}
