// watch/run_recorder: what a watch run's reporter keeps, groups and rewrites.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "watch/run_recorder.h"

namespace {

using namespace pyspace;

class Recording final : public report::Reporter {
 public:
  void run_start(const report::RunStart&) override {}
  void collect_error(const core::CollectError& error) override { errors.push_back(error); }
  void test_start(const std::string& nodeid, const std::string&) override { started.push_back(nodeid); }
  void test_done(const core::TestReport&) override {}
  void warning(const std::string&) override {}
  void python_warning(const std::string&, const std::string&) override {}
  void run_end(const core::RunSummary& summary) override { ended = summary; }
  std::vector<core::CollectError> errors;
  std::vector<std::string> started;
  core::RunSummary ended;
};

core::CollectError error(const std::string& path, const std::string& longrepr) {
  return {path, "", longrepr};
}

}  // namespace

TEST_CASE("identical collection errors are reported once with the files before the next test",
          "[watch][run_recorder]") {
  Recording next;
  std::string superseded;
  watch::RunRecorder recorder(next, superseded);
  recorder.collect_error(error("t/test_a.py", "ImportError while loading conftest"));
  recorder.collect_error(error("t/test_b.py", "ImportError while loading conftest"));
  recorder.collect_error(error("u/test_c.py", "SyntaxError"));
  CHECK(next.errors.empty());
  recorder.test_start("u/test_d.py::x", "u/test_d.py");
  REQUIRE(next.errors.size() == 2);
  CHECK(next.errors[0].path == "t/test_a.py");
  CHECK(next.errors[0].longrepr ==
        "ImportError while loading conftest\n(the same error for 2 test files: t/test_a.py, t/test_b.py)");
  CHECK(next.errors[1].longrepr == "SyntaxError");
  CHECK(recorder.reports.collect_errors == std::vector<std::string>{"t/test_a.py", "t/test_b.py", "u/test_c.py"});
}

TEST_CASE("a run the loop stopped ends as interrupted with the reason and not as a KeyboardInterrupt",
          "[watch][run_recorder]") {
  Recording next;
  std::string superseded;
  watch::RunRecorder recorder(next, superseded);
  core::RunSummary summary;
  summary.interrupted = summary.interrupted_by_user = true;
  summary.keyboard_interrupt_at = "t/test_a.py:3";
  SECTION("by a save") {
    superseded = "a save made this run stale";
    recorder.run_end(summary);
    CHECK(next.ended.interrupted);
    CHECK_FALSE(next.ended.interrupted_by_user);
    CHECK(next.ended.keyboard_interrupt_at.empty());
    CHECK(next.ended.stop_reason == "a save made this run stale");
  }
  SECTION("by the user: as it was") {
    recorder.run_end(summary);
    CHECK(next.ended.interrupted_by_user);
    CHECK(next.ended.keyboard_interrupt_at == "t/test_a.py:3");
  }
}
