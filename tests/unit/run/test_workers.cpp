// -n's workers: run/work_units (how the tests are handed out) and the run loop with N forked
// children (fake_engine.h's sessions fork for real; the parent's reporter sees what it reported).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "fake_engine.h"
#include "run/test_runner.h"
#include "run/work_units.h"
#include "../config/temp_tree.h"

namespace {

using namespace pyspace;
using run::Dist;
using run::TestAt;
using run::WorkQueue;

// Tests 0..n-1 of file 0, named by `nodeids`.
WorkQueue queue_of(Dist dist, const std::vector<std::string>& nodeids, int workers) {
  std::vector<TestAt> tests;
  for (std::size_t i = 0; i < nodeids.size(); ++i) tests.push_back({0, i});
  return WorkQueue(dist, tests, nodeids, workers);
}

std::vector<std::size_t> items(const std::vector<TestAt>& unit) {
  std::vector<std::size_t> out;
  for (const auto& at : unit) out.push_back(at.item);
  return out;
}

class WorkerReporter final : public report::Reporter {
 public:
  void run_start(const report::RunStart& start) override { workers = start.workers; }
  void collect_error(const core::CollectError&) override {}
  void test_done(const core::TestReport& report) override { reports.push_back(report); }
  void warning(const std::string& text) override { warnings.push_back(text); }
  void python_warning(const std::string&, const std::string&) override {}
  void run_end(const core::RunSummary&) override {}
  int workers = -1;
  std::vector<core::TestReport> reports;
  std::vector<std::string> warnings;
};

struct Project {
  testing::TempTree tree;
  testing::Log log;
  testing::FakeCollector collector{log};
  testing::FakeSessions sessions{log};
  WorkerReporter reporter;
  run::RunOptions options;

  Project() {
    for (const char* name : {"test_a.py", "test_b.py", "test_c.py"}) tree.write(name, "");
    options.paths = {tree.root()};
    options.rootdir = tree.root();
    options.supervise = true;
    options.workers = 2;
    sessions.test_ms = 15;
    collector.files["test_a.py"].tests = {"t1", "t2", "t3"};
    collector.files["test_b.py"].tests = {"t4", "t5"};
    collector.files["test_c.py"].tests = {"t6"};
    sessions.forks = true;
  }
  core::RunSummary run() {
    run::TestRunner runner(options, collector, sessions, reporter, {});
    return runner.run();
  }
  std::multiset<std::string> nodeids() const {
    std::multiset<std::string> out;
    for (const auto& r : reporter.reports) out.insert(r.nodeid);
    return out;
  }
  std::set<std::string> workers_of(const std::string& file) const {
    std::set<std::string> out;
    for (const auto& r : reporter.reports)
      if (r.nodeid.rfind(file + "::", 0) == 0) out.insert(r.worker);
    return out;
  }
};

const std::multiset<std::string> kAll = {"test_a.py::t1", "test_a.py::t2", "test_a.py::t3",
                                         "test_b.py::t4", "test_b.py::t5", "test_c.py::t6"};

}  // namespace

TEST_CASE("work units: loadfile gives a file's tests together, in order", "[run][workers]") {
  auto queue = queue_of(Dist::LoadFile, {"a.py::t1", "a.py::T::t2", "b.py::t3", "a.py::t4", "b.py::t5[x::y]"}, 2);
  CHECK(items(queue.take()) == std::vector<std::size_t>{0, 1, 3});
  CHECK(items(queue.take()) == std::vector<std::size_t>{2, 4});
  CHECK(queue.take().empty());
  CHECK(queue.empty());
}

TEST_CASE("work units: loadscope gives a class's tests, else a module's, together", "[run][workers]") {
  auto queue = queue_of(Dist::LoadScope, {"a.py::t1", "a.py::T::t2", "a.py::T::t3[p::q]", "a.py::t4"}, 2);
  CHECK(items(queue.take()) == std::vector<std::size_t>{0, 3});
  CHECK(items(queue.take()) == std::vector<std::size_t>{1, 2});
  CHECK(queue.empty());
}

TEST_CASE("work units: load hands out chunks that shrink to single tests", "[run][workers]") {
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) ids.push_back("a.py::t" + std::to_string(i));
  auto queue = queue_of(Dist::Load, ids, 2);
  std::vector<std::size_t> sizes, order;
  for (auto unit = queue.take(); !unit.empty(); unit = queue.take()) {
    sizes.push_back(unit.size());
    for (auto i : items(unit)) order.push_back(i);
  }
  CHECK(sizes.front() == 5);  // a quarter of each worker's share of 40
  CHECK(sizes.back() == 1);
  CHECK(std::is_sorted(sizes.rbegin(), sizes.rend()));
  CHECK(order.size() == 40);
  CHECK(std::is_sorted(order.begin(), order.end()));
}

TEST_CASE("work units: what a worker gave back is handed out first", "[run][workers]") {
  auto queue = queue_of(Dist::LoadFile, {"a.py::t1", "b.py::t2", "c.py::t3"}, 2);
  CHECK(items(queue.take()) == std::vector<std::size_t>{0});
  queue.give_back({{0, 0}});
  CHECK(items(queue.take()) == std::vector<std::size_t>{0});
  CHECK(items(queue.take_all()) == std::vector<std::size_t>{1, 2});
  CHECK(queue.empty());
}

TEST_CASE("work units: the --dist names", "[run][workers]") {
  CHECK(run::parse_dist("loadfile") == Dist::LoadFile);
  CHECK(run::parse_dist("load") == Dist::Load);
  CHECK(run::parse_dist("loadscope") == Dist::LoadScope);
  CHECK_FALSE(run::parse_dist("each"));
  CHECK(run::scheduling_name(Dist::LoadFile) == "LoadFileScheduling");
}

TEST_CASE("workers: each test runs once, a file in one worker, both workers used", "[run][workers]") {
  Project p;
  p.sessions.outcomes["test_b.py::t4"] = core::Outcome::Failed;
  auto summary = p.run();
  CHECK(p.nodeids() == kAll);
  CHECK(p.sessions.forked == 2);
  CHECK(p.reporter.workers == 2);
  std::set<std::string> used;
  for (const char* file : {"test_a.py", "test_b.py", "test_c.py"}) {
    auto names = p.workers_of(file);
    CHECK(names.size() == 1);  // loadfile
    used.insert(names.begin(), names.end());
  }
  CHECK(used == std::set<std::string>{"gw0", "gw1"});
  CHECK(summary.failed == 1);
  CHECK(summary.passed == 5);
}

TEST_CASE("workers: --dist load spreads one file's tests", "[run][workers]") {
  Project p;
  p.options.dist = Dist::Load;
  p.collector.files["test_a.py"].tests = {"t1", "t2", "t3", "t7", "t8", "t9", "t10", "t11", "t12"};
  p.run();
  CHECK(p.reporter.reports.size() == 12);
  CHECK(p.workers_of("test_a.py").size() == 2);
}

TEST_CASE("workers: a worker that dies fails its test alone and a new worker goes on", "[run][workers]") {
  Project p;
  p.sessions.crash_at = "test_a.py::t2";
  auto summary = p.run();
  CHECK(p.nodeids() == kAll);
  // A replacement (gw2) for the dead worker, and one more when a worker that was told "no more"
  // ends while what the dead one gave back still waits: the workers ask, the parent never assigns.
  CHECK(p.sessions.forked >= 3);
  CHECK(p.sessions.forked <= 4);
  CHECK(summary.failed == 1);
  CHECK(summary.passed == 5);
  std::set<std::string> names;
  for (const auto& r : p.reporter.reports) {
    names.insert(r.worker);
    if (r.nodeid == "test_a.py::t2") CHECK(r.message == "crashed: exit status 7 while running test_a.py::t2");
  }
  // A replacement has a name of its own, as in pytest-xdist (it may find nothing left to run:
  // the other worker may have taken what the dead one gave back).
  names.erase("gw0");
  names.erase("gw1");
  names.erase("gw2");
  names.erase("gw3");
  CHECK(names.empty());
}

TEST_CASE("workers: forks that fail leave fewer workers, or none, with a warning", "[run][workers]") {
  // (forks that succeed, what the one warning says)
  for (const auto& [forks, says] : std::vector<std::pair<int, std::string>>{
           {1, "cannot start worker gw1 (Resource temporarily unavailable): 1 worker runs the tests"},
           {0, "cannot start worker gw0 (Resource temporarily unavailable): the tests run in this process"}}) {
    Project p;
    p.sessions.fork_limit = forks;
    auto summary = p.run();
    CHECK(p.nodeids() == kAll);
    CHECK(summary.passed == 6);
    CHECK(p.reporter.warnings == std::vector<std::string>{says});
  }
}

TEST_CASE("workers: --maxfail stops every worker", "[run][workers]") {
  Project p;
  p.options.maxfail = 1;
  p.sessions.outcomes["test_a.py::t1"] = core::Outcome::Failed;
  p.sessions.outcomes["test_b.py::t4"] = core::Outcome::Failed;
  auto summary = p.run();
  CHECK(summary.failed >= 1);
  CHECK(p.reporter.reports.size() < 6);
  CHECK(summary.interrupted);
  CHECK(summary.exit_banner == "xdist.dsession.Interrupted: " + summary.should_fail);
}
