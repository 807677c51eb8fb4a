#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "report/json_events_reporter.h"
#include "report_samples.h"

namespace {

using namespace pyspace;
using core::Outcome;
using core::TestReport;
using nlohmann::json;
using report::JsonEventsReporter;
using report::testing::CountingBuffer;
using report::testing::sample_collect_error;
using report::testing::sample_report;
using report::testing::sample_start;
using report::testing::summary_of;

// Parses every line; fails the test on a line that is not one JSON object.
std::vector<json> parse_lines(const std::string& text) {
  std::vector<json> events;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    INFO("line: " << line);
    json event = json::parse(line);  // throws, failing the test, if not JSON
    REQUIRE(event.is_object());
    events.push_back(event);
  }
  return events;
}

}  // namespace

TEST_CASE("a run becomes one JSON object per line", "[report][json]") {
  std::ostringstream out;
  JsonEventsReporter reporter(out);
  report::RunStart start = sample_start(2);
  start.trigger = {"src/a.py", "tests/test_x.py"};
  TestReport passed = sample_report("test_pass", Outcome::Passed);
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  reporter.run_start(start);
  reporter.collect_error(sample_collect_error());
  reporter.test_done(passed);
  reporter.test_done(failed);
  reporter.warning("os.environ was modified by tests in tests/test_x.py");
  core::RunSummary summary = summary_of(0.25, passed, failed);
  summary.errors += 1;
  summary.collect_errors = 1;
  reporter.run_end(summary);

  std::vector<json> events = parse_lines(out.str());
  REQUIRE(events.size() == 6);
  CHECK(out.str().starts_with("{\"event\":\"run_start\","));  // "event" comes first

  CHECK(events[0]["event"] == "run_start");
  CHECK(events[0]["rootdir"] == "/work/project");
  CHECK(events[0]["config_file"].is_null());
  CHECK(events[0]["configfile"].is_null());
  CHECK(events[0]["collected"] == 2);
  CHECK(events[0]["trigger"] == json({"src/a.py", "tests/test_x.py"}));

  CHECK(events[1]["event"] == "collect_error");
  CHECK(events[1]["path"] == "tests/test_bad.py");
  CHECK(events[1]["message"] == "SyntaxError: invalid syntax");

  CHECK(events[2]["event"] == "test");
  CHECK(events[2]["id"] == "tests/test_x.py::test_pass");
  CHECK(events[2]["outcome"] == "passed");
  CHECK(events[2]["duration_ms"] == Approx(1.2));
  CHECK(events[2]["failure"].is_null());
  CHECK(events[3]["outcome"] == "failed");
  CHECK(events[3]["message"] == "assert 1 == 2");
  CHECK(events[3]["failure"] == failed.longrepr);

  CHECK(events[4] == json({{"event", "warning"},
                           {"message", "os.environ was modified by tests in tests/test_x.py"}}));

  const json& end = events[5];
  CHECK(end["event"] == "run_end");
  CHECK(end["counts"]["passed"] == 1);
  CHECK(end["counts"]["failed"] == 1);
  CHECK(end["counts"]["errors"] == 1);
  CHECK(end["counts"]["skipped"] == 0);
  CHECK(end["counts"]["xfailed"] == 0);
  CHECK(end["counts"]["xpassed"] == 0);
  CHECK(end["duration_ms"] == Approx(250.0));
  CHECK(end["exit_code"] == 1);
  CHECK(end["summary"] == "1 failed, 1 passed, 1 error in 0.25s");
  CHECK(end["trigger"] == json({"src/a.py", "tests/test_x.py"}));
}

TEST_CASE("exit codes follow the summary", "[report][json]") {
  std::ostringstream out;
  JsonEventsReporter reporter(out);
  reporter.run_start(sample_start(0));
  reporter.run_end(core::RunSummary{});
  core::RunSummary interrupted;
  interrupted.interrupted = true;
  reporter.run_start(sample_start(0));
  reporter.run_end(interrupted);
  std::vector<json> events = parse_lines(out.str());
  REQUIRE(events.size() == 4);
  CHECK(events[1]["exit_code"] == 5);  // nothing collected
  CHECK(events[3]["exit_code"] == 2);
  CHECK(events[3]["interrupted"] == true);
}

TEST_CASE("invalid UTF-8 is replaced instead of throwing", "[report][json]") {
  std::ostringstream out;
  JsonEventsReporter reporter(out);
  TestReport report = sample_report("test_bytes", Outcome::Failed);
  report.captured_stdout = "bad \xff\xfe end";
  report.message = "surrogate \xed\xb3\xbf and \x1b escape";
  reporter.run_start(sample_start(1));
  REQUIRE_NOTHROW(reporter.test_done(report));
  REQUIRE_NOTHROW(reporter.warning("cut \xe6\x97"));

  std::vector<json> events = parse_lines(out.str());
  REQUIRE(events.size() == 3);
  CHECK(events[1]["stdout"] == "bad \xef\xbf\xbd\xef\xbf\xbd end");  // U+FFFD per bad byte
  CHECK(events[1]["message"].get<std::string>().find("\x1b escape") != std::string::npos);
  CHECK(events[2]["message"].get<std::string>().starts_with("cut \xef\xbf\xbd"));
}

TEST_CASE("every event is flushed as it is written", "[report][json]") {
  CountingBuffer buffer;
  std::ostream out(&buffer);
  JsonEventsReporter reporter(out);
  reporter.run_start(sample_start(1));
  CHECK(buffer.syncs == 1);
  reporter.test_done(sample_report("test_pass", Outcome::Passed));
  CHECK(buffer.syncs == 2);
  CHECK(buffer.str().find("\"event\":\"test\"") != std::string::npos);
}

TEST_CASE("a test event has the documented keys, in order, with null for no failure",
          "[report][json]") {
  std::ostringstream out;
  JsonEventsReporter reporter(out);
  TestReport report = sample_report("test_\"quoted\"\\", Outcome::Passed);
  report.longrepr.clear();
  report.line = 7;
  report.duration_s = 0.0012345;
  reporter.test_done(report);
  auto event = nlohmann::ordered_json::parse(out.str());
  std::vector<std::string> keys;
  for (const auto& [key, value] : event.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"event", "id", "file", "line", "outcome", "when",
                                         "duration_ms", "message", "failure", "stdout", "stderr"});
  CHECK(event["id"] == report.nodeid);
  CHECK(event["line"] == 7);
  CHECK(event["outcome"] == "passed");
  CHECK(event["duration_ms"] == 1.235);
  CHECK(event["failure"].is_null());
  CHECK(out.str().back() == '\n');
}
