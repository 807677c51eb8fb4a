// core/wire: a supervised child's reports reach its parent field for field; a torn message is
// an error, never a report made of garbage.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "core/wire.h"

using pyspace::core::RerunAttempt;
using pyspace::core::Outcome;
using pyspace::core::TestReport;
using pyspace::core::WireReader;
using pyspace::core::WireWriter;

namespace {

TestReport full_report() {
  TestReport r;
  r.nodeid = "tests/test_x.py::TestA::test_b[1-2]";
  r.file = "tests/test_x.py";
  r.classname = "tests.test_x.TestA";
  r.name = "test_b[1-2]";
  r.line = 12;
  r.outcome = Outcome::XPassed;
  r.when = "teardown";
  r.duration_s = 0.125;
  r.message = "AssertionError: assert 1 == 2";
  r.longrepr = std::string("text with a NUL \0 inside", 24);
  r.captured_stdout = "out\n";
  r.captured_stderr = "err\n";
  r.warnings = {"w1", ""};
  r.phase_durations = {{"setup", 0.5}, {"call", 1.5}};
  r.sections = {{"Captured stdout call", "x"}};
  r.teardown_sections = {{"Captured log teardown", "y"}};
  r.live_log = {{"setup", "a"}};
  r.live_log_after = {{"teardown", "b"}};
  r.user_properties = {{"k", "v"}};
  r.xml_attributes = {{"a", "1"}};
  r.suite_properties = {{"s", "2"}};
  r.reruns = {{Outcome::Error, "setup", 0.25, "RuntimeError: x", "trace"}, RerunAttempt{}};
  return r;
}

}  // namespace

TEST_CASE("a report comes back field for field", "[core][wire]") {
  WireWriter w;
  w.u32(7);
  w.reports({full_report(), TestReport{}});
  w.texts({"one", "two"});
  WireReader r(w.bytes());
  CHECK(r.u32() == 7);
  auto reports = r.reports();
  REQUIRE(reports.size() == 2);
  const auto& a = reports[0];
  const auto b = full_report();
  CHECK(a.nodeid == b.nodeid);
  CHECK(a.file == b.file);
  CHECK(a.classname == b.classname);
  CHECK(a.name == b.name);
  CHECK(a.line == 12);
  CHECK(a.outcome == Outcome::XPassed);
  CHECK(a.when == "teardown");
  CHECK(a.duration_s == 0.125);
  CHECK(a.message == b.message);
  CHECK(a.longrepr == b.longrepr);
  CHECK(a.captured_stdout == b.captured_stdout);
  CHECK(a.captured_stderr == b.captured_stderr);
  CHECK(a.warnings == b.warnings);
  CHECK(a.phase_durations == b.phase_durations);
  CHECK(a.sections == b.sections);
  CHECK(a.teardown_sections == b.teardown_sections);
  CHECK(a.live_log == b.live_log);
  CHECK(a.live_log_after == b.live_log_after);
  CHECK(a.user_properties == b.user_properties);
  CHECK(a.xml_attributes == b.xml_attributes);
  CHECK(a.suite_properties == b.suite_properties);
  REQUIRE(b.reruns.size() == 2);
  CHECK(b.reruns[0].outcome == Outcome::Error);
  CHECK(b.reruns[0].when == "setup");
  CHECK(b.reruns[0].duration_s == 0.25);
  CHECK(b.reruns[0].message == "RuntimeError: x");
  CHECK(b.reruns[0].longrepr == "trace");
  CHECK(b.reruns[1].outcome == Outcome::Failed);
  CHECK(reports[1].outcome == Outcome::Passed);
  CHECK(r.texts() == std::vector<std::string>{"one", "two"});
  CHECK(r.at_end());
}

TEST_CASE("a torn message is an error", "[core][wire]") {
  WireWriter w;
  w.reports({full_report()});
  const std::string bytes = w.bytes();
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    WireReader r(std::string_view(bytes).substr(0, cut));
    CHECK_THROWS_AS(r.reports(), std::runtime_error);
  }
  WireWriter huge;
  huge.u32(0xFFFFFFFFu);  // a count no message of this size can hold
  WireReader r(huge.bytes());
  CHECK_THROWS_AS(r.texts(), std::runtime_error);
}
