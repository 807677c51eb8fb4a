// run/test_runner: the run loop over fake collection, spaces and sessions (fake_engine.h).
// Real discovery on a temporary tree; everything else logs into one list, checked in order.
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

// Three test files a.py-style names: test_a.py, test_b.py, test_c.py.
struct Project {
  testing::TempTree tree;
  Log log;
  FakeCollector collector{log};
  FakeSessions sessions{log};
  LogReporter reporter{log};
  run::RunOptions options;

  Project() {
    for (const char* name : {"test_a.py", "test_b.py", "test_c.py"}) tree.write(name, "");
    options.paths = {tree.root()};
    options.rootdir = tree.root();
    collector.files["test_a.py"].tests = {"t1", "t2"};
    collector.files["test_b.py"].tests = {"t3"};
    collector.files["test_c.py"].tests = {"t4"};
  }
  run::TestRunner runner() { return run::TestRunner(options, collector, sessions, reporter, {}); }
  core::RunSummary run() {
    auto test_runner = runner();
    return test_runner.run();
  }
  // The log entries that start with `prefix`.
  Log only(const std::string& prefix) const {
    Log out;
    for (const auto& line : log)
      if (line.rfind(prefix, 0) == 0) out.push_back(line);
    return out;
  }
};

}  // namespace

TEST_CASE("isolate=run: one space, everything collected before run_start, then run in order",
          "[run][test_runner]") {
  Project p;
  auto summary = p.run();
  CHECK(p.log == Log{
                     "space1 activate",
                     "collect test_a.py",
                     "collect test_b.py",
                     "collect test_c.py",
                     "report start collected=4",
                     "space1 checkpoint",
                     "session open",
                     "run test_a.py::t1 next=test_a.py::t2",
                     "report test_a.py::t1 passed",
                     "run test_a.py::t2 next=test_b.py::t3",  // the next item crosses files
                     "report test_a.py::t2 passed",
                     "space1 settle",
                     "run test_b.py::t3 next=test_c.py::t4",
                     "report test_b.py::t3 passed",
                     "space1 settle",
                     "run test_c.py::t4 next=-",
                     "report test_c.py::t4 passed",
                     "space1 settle",
                     "session finish",
                     "session close",
                     "space1 deactivate",
                     "space1 close",
                     "report end",
                 });
  CHECK(summary.passed == 4);
  CHECK(summary.collected == 4);
  CHECK(summary.exit_code() == core::ExitCode::Ok);
}

TEST_CASE("isolate=file: a space and a session per file, the total unknown at run_start",
          "[run][test_runner]") {
  Project p;
  p.options.isolation = run::Isolation::File;
  p.collector.files["test_b.py"].tests = {};  // a file without tests opens no session
  auto summary = p.run();
  CHECK(p.log == Log{
                     "space1 activate",
                     "collect test_a.py",
                     "report start collected=-1",
                     "space1 checkpoint",
                     "session open",
                     "run test_a.py::t1 next=test_a.py::t2",
                     "report test_a.py::t1 passed",
                     "run test_a.py::t2 next=-",  // the next file's items are in another space
                     "report test_a.py::t2 passed",
                     "session finish",
                     "session close",
                     "space1 deactivate",
                     "space1 close",
                     "space2 activate",
                     "collect test_b.py",
                     "space2 deactivate",
                     "space2 close",
                     "space3 activate",
                     "collect test_c.py",
                     "space3 checkpoint",
                     "session open",
                     "run test_c.py::t4 next=-",
                     "report test_c.py::t4 passed",
                     "session finish",
                     "session close",
                     "space3 deactivate",
                     "space3 close",
                     "report end",
                 });
  CHECK(summary.collected == 3);
  CHECK(summary.passed == 3);
}

TEST_CASE("isolate=run: changes a file's tests made are named after the file", "[run][test_runner]") {
  Project p;
  p.sessions.settle_changes = {"os.environ was modified (X)"};
  p.run();
  CHECK(p.only("report warning") == Log{
                                        "report warning os.environ was modified (X) by tests in test_a.py",
                                        "report warning os.environ was modified (X) by tests in test_b.py",
                                        "report warning os.environ was modified (X) by tests in test_c.py",
                                    });
}

TEST_CASE("the run stops after as many failures or errors as -x or --maxfail say", "[run][test_runner]") {
  Project p;
  p.sessions.outcomes["test_a.py::t1"] = core::Outcome::Failed;
  p.sessions.outcomes["test_a.py::t2"] = core::Outcome::Skipped;
  p.sessions.outcomes["test_b.py::t3"] = core::Outcome::Error;
  p.sessions.outcomes["test_c.py::t4"] = core::Outcome::Failed;
  SECTION("-x") {
    p.options.maxfail = 1;
    auto summary = p.run();
    CHECK(p.only("run ") == Log{"run test_a.py::t1 next=test_a.py::t2"});
    CHECK(p.only("report warning").empty());
    CHECK(summary.should_fail == "stopping after 1 failures");  // pytest's words, above the closing line
    CHECK(summary.failed == 1);
    CHECK(summary.exit_code() == core::ExitCode::TestsFailed);
  }
  SECTION("--maxfail 2 counts errors too") {
    p.options.maxfail = 2;
    auto summary = p.run();
    CHECK(p.only("run ") == Log{"run test_a.py::t1 next=test_a.py::t2", "run test_a.py::t2 next=test_b.py::t3",
                                "run test_b.py::t3 next=test_c.py::t4"});
    CHECK(summary.should_fail == "stopping after 2 failures");
    CHECK(p.only("session finish").size() == 1);  // session teardown still happens
  }
  SECTION("--isolate file stops before the next file's space") {
    p.options.maxfail = 1;
    p.options.isolation = run::Isolation::File;
    p.run();
    CHECK(p.only("run ") == Log{"run test_a.py::t1 next=test_a.py::t2"});
    CHECK(p.sessions.spaces == 1);
  }
}

TEST_CASE("a collection error stops the run before any test runs", "[run][test_runner]") {
  Project p;
  p.collector.files["test_b.py"].errors = {"SyntaxError: invalid syntax"};
  SECTION("isolate=run: every file is still collected, nothing runs") {
    auto summary = p.run();
    CHECK(p.only("collect ").size() == 3);
    CHECK(p.only("run ").empty());
    CHECK(p.only("report collect error") == Log{"report collect error test_b.py"});
    CHECK(summary.interrupted);
    CHECK(summary.errors == 1);
    CHECK(summary.exit_code() == core::ExitCode::Interrupted);
  }
  SECTION("isolate=file: the files before it ran, the ones after it are not collected") {
    p.options.isolation = run::Isolation::File;
    auto summary = p.run();
    CHECK(p.only("collect ") == Log{"collect test_a.py", "collect test_b.py"});
    CHECK(p.only("run ").size() == 2);
    CHECK(summary.exit_code() == core::ExitCode::Interrupted);
  }
  SECTION("--continue-on-collection-errors runs the others") {
    p.options.continue_on_collection_errors = true;
    p.collector.files["test_b.py"].tests = {};
    auto summary = p.run();
    CHECK(p.only("run ").size() == 3);
    CHECK_FALSE(summary.interrupted);
    CHECK(summary.exit_code() == core::ExitCode::TestsFailed);  // the error counts
  }
}

TEST_CASE("a module that skipped itself is a collection report, not a test", "[run][test_runner]") {
  Project p;
  p.collector.files["test_a.py"].tests = {};
  p.collector.files["test_a.py"].skip = "no numpy";
  p.collector.files["test_c.py"].errors = {"ImportError: x"};
  p.options.continue_on_collection_errors = true;
  SECTION("isolate=run: not counted as collected, reported in collection order before the tests") {
    auto summary = p.run();
    CHECK(p.only("report ") == Log{"report start collected=2", "report collect skip test_a.py",
                                   "report collect error test_c.py", "report test_b.py::t3 passed",
                                   "report test_c.py::t4 passed", "report end"});
    CHECK(summary.skipped == 1);
    CHECK(summary.collect_skips == 1);
    CHECK(summary.collected == 2);
  }
  SECTION("isolate=file: reported when its file is collected") {
    p.options.isolation = run::Isolation::File;
    p.run();
    CHECK(p.only("report collect") == Log{"report collect skip test_a.py", "report collect error test_c.py"});
  }
  SECTION("only skipped modules: no tests collected (exit 5), as pytest") {
    p.collector.files["test_b.py"].tests = {};
    p.collector.files["test_c.py"] = {};
    auto summary = p.run();
    CHECK(summary.exit_code() == core::ExitCode::NoTestsCollected);
  }
}

TEST_CASE("pytest.exit() in a test stops the run", "[run][test_runner]") {
  Project p;
  p.sessions.exit_after = "test_a.py::t2";
  auto summary = p.run();
  CHECK(p.only("run ").size() == 2);
  CHECK(p.only("report warning").empty());
  CHECK(summary.interrupted);
  CHECK(summary.exit_banner == "_pytest.outcomes.Exit: enough");
}

TEST_CASE("Ctrl-C during a test ends the run as interrupted by the user", "[run][test_runner]") {
  Project p;
  p.sessions.interrupt_at = "test_b.py::t3";
  auto runner = p.runner();
  auto summary = runner.run();
  CHECK(runner.interrupted_by_user());
  CHECK(summary.interrupted);
  CHECK(summary.passed == 2);
  // test_a.py's state was settled; the space is deactivated on the way out, not closed.
  CHECK(p.only("space1 ") == Log{"space1 activate", "space1 checkpoint", "space1 settle", "space1 deactivate"});
  // pytest's KeyboardInterrupt block names the innermost frame; no warning of the run
  CHECK(summary.interrupted_by_user);
  CHECK(summary.keyboard_interrupt_at == "/p/test_b.py:7");
  CHECK(p.only("report warning").empty());
  CHECK(p.log.back() == "report end");
}

TEST_CASE("node ids on the command line select within their file", "[run][test_runner]") {
  Project p;
  p.collector.files["test_a.py"].tests = {"T::t1", "T::t10", "t2[1]", "t2[2]", "t3"};
  p.options.paths = {p.tree / "test_a.py"};
  SECTION("a class selects its tests, not a longer name sharing its prefix") {
    p.options.node_selectors = {{p.tree / "test_a.py", "T::t1"}};
    p.run();
    CHECK(p.only("report test_") == Log{"report test_a.py::T::t1 passed"});
  }
  SECTION("a function selects its parametrized family") {
    p.options.node_selectors = {{p.tree / "test_a.py", "t2"}};
    p.run();
    CHECK(p.only("report test_") == Log{"report test_a.py::t2[1] passed", "report test_a.py::t2[2] passed"});
  }
}

TEST_CASE("watch selection: first files first, alone with only_first, failed ids only",
          "[run][test_runner]") {
  Project p;
  p.options.first_files = {p.tree / "test_c.py", p.tree / "test_b.py"};
  SECTION("first files, then the rest") {
    auto runner = p.runner();
    CHECK(runner.files().size() == 3);
    runner.run();
    CHECK(p.only("collect ") == Log{"collect test_c.py", "collect test_b.py", "collect test_a.py"});
  }
  SECTION("only_first") {
    p.options.only_first = true;
    p.run();
    CHECK(p.only("collect ") == Log{"collect test_c.py", "collect test_b.py"});
  }
  SECTION("only_nodeids") {
    p.options.first_files.clear();
    p.options.only_nodeids = {"test_a.py::t2", "test_c.py::t4"};
    p.run();
    CHECK(p.only("report test_") == Log{"report test_a.py::t2 passed", "report test_c.py::t4 passed"});
  }
}

TEST_CASE("the project's testpaths apply only when no path was given", "[run][test_runner]") {
  Project p;
  p.tree.write("checks/test_d.py", "");
  p.collector.project.testpaths = {"checks", "missing"};
  SECTION("defaulted") {
    p.options.paths_defaulted = true;
    auto runner = p.runner();
    REQUIRE(runner.files().size() == 1);
    CHECK(runner.files()[0].relpath == "checks/test_d.py");
  }
  SECTION("given") {
    CHECK(p.runner().files().size() == 4);
  }
}

TEST_CASE("collect-only lists the selected node ids and errors, running nothing", "[run][test_runner]") {
  Project p;
  p.collector.files["test_c.py"] = {{}, {"ImportError: no module x"}, {}, {}};
  SECTION("one space") {
    auto result = p.runner().collect_only();
    CHECK(result.nodeids == std::vector<std::string>{"test_a.py::t1", "test_a.py::t2", "test_b.py::t3"});
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].path == "test_c.py");
    CHECK(p.sessions.spaces == 1);
    CHECK(p.only("run ").empty());
    CHECK(p.only("session").empty());
  }
  SECTION("a space per file with --isolate file") {
    p.options.isolation = run::Isolation::File;
    p.runner().collect_only();
    CHECK(p.sessions.spaces == 3);
  }
}

TEST_CASE("what the native engine cannot honour stops the run before anything is reported",
          "[run][test_runner][engine]") {
  Project p;
  p.collector.files["test_b.py"].unsupported = {"conftest.py:1 defines the hook pytest_configure",
                                                "conftest.py sets collect_ignore"};
  auto runner = p.runner();
  try {
    runner.run();
    FAIL("no EngineNeeded");
  } catch (const core::EngineNeeded& needed) {
    CHECK(needed.reason() == "conftest.py:1 defines the hook pytest_configure (and 1 more)");
    CHECK_FALSE(needed.after_output());
  }
  CHECK(p.only("report").empty());  // the run can move to pytest's engine: nothing was shown
  CHECK(p.only("session").empty());
}

TEST_CASE("isolate=file: a need met after tests ran ends the run with its report complete",
          "[run][test_runner][engine]") {
  Project p;
  p.options.isolation = run::Isolation::File;
  p.collector.files["test_b.py"].unsupported = {"sub/conftest.py:1 defines the hook pytest_configure"};
  auto runner = p.runner();
  try {
    runner.run();
    FAIL("no EngineNeeded");
  } catch (const core::EngineNeeded& needed) {
    CHECK(needed.after_output());
    CHECK(std::string(needed.what()).find("found after tests had run (--isolate file)") != std::string::npos);
  }
  const Log reports = p.only("report");
  REQUIRE(reports.size() >= 4);
  CHECK(reports.front() == "report start collected=-1");
  CHECK(reports[1] == "report test_a.py::t1 passed");
  CHECK(reports.back().rfind("report end", 0) == 0);
  CHECK(p.only("run test_c").empty());
}
