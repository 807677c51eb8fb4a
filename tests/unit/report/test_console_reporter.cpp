#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "report/console_format.h"
#include "report/console_reporter.h"
#include "report_samples.h"

namespace {

using namespace pyspace;
using core::Outcome;
using core::TestReport;
using report::ConsoleOptions;
using report::ConsoleReporter;
using report::testing::CountingBuffer;
using report::testing::sample_collect_error;
using report::testing::sample_report;
using report::testing::sample_start;
using report::testing::summary_of;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs a whole session through a ConsoleReporter and returns what it printed.
std::string render(const ConsoleOptions& options, const std::vector<TestReport>& reports,
                   const core::RunSummary& summary) {
  std::ostringstream out;
  ConsoleReporter reporter(out, options);
  reporter.run_start(sample_start(static_cast<int>(reports.size())));
  for (const TestReport& report : reports) {
    reporter.test_done(report);
    reporter.test_finish(report.nodeid);
  }
  reporter.run_end(summary);
  return out.str();
}

const std::vector<TestReport> kMixed = {
    sample_report("test_pass", Outcome::Passed), sample_report("test_fail", Outcome::Failed),
    sample_report("test_skip", Outcome::Skipped), sample_report("test_xfail", Outcome::XFailed),
    sample_report("test_ok", Outcome::Passed, "tests/test_y.py"),
};

core::RunSummary mixed_summary() {
  return summary_of(0.12, kMixed[0], kMixed[1], kMixed[2], kMixed[3], kMixed[4]);
}

}  // namespace

TEST_CASE("should_use_color follows the flag, the terminal and NO_COLOR", "[report][console]") {
  using report::should_use_color;
  CHECK(should_use_color("yes", false, "1"));
  CHECK_FALSE(should_use_color("no", true, nullptr));
  CHECK(should_use_color("auto", true, nullptr));
  CHECK(should_use_color("auto", true, ""));
  CHECK_FALSE(should_use_color("auto", true, "1"));
  CHECK_FALSE(should_use_color("auto", false, nullptr));
}

TEST_CASE("separator lines are centred like pytest's", "[report][console]") {
  using report::separator_line;
  CHECK(separator_line('=', "ERRORS", 80) == std::string(36, '=') + " ERRORS " + std::string(36, '='));
  CHECK(separator_line('=', "test session starts", 80) ==
        std::string(29, '=') + " test session starts " + std::string(30, '='));
  CHECK(separator_line('=', "test session starts", 80).size() == 80);
  CHECK(separator_line('-', "", 10) == "----------");
  // A title wider than the line still gets one fill character each side.
  CHECK(separator_line('=', std::string(90, 'x'), 80) == "= " + std::string(90, 'x') + " =");
}

TEST_CASE("progress, headlines and trimming follow pytest's rules", "[report][console]") {
  using namespace report;
  CHECK(progress_message(1, 2) == " [ 50%]");
  CHECK(progress_message(8, 11) == " [ 72%]");
  CHECK(progress_message(3, 3) == " [100%]");
  CHECK(progress_message(0, 0) == " [100%]");
  CHECK(collected_line(1, 0) == "collected 1 item");
  CHECK(collected_line(10, 2) == "collected 10 items / 2 errors");
  CHECK(collected_line(2, 0, 1) == "collected 3 items / 1 deselected / 2 selected");
  // pytest 7.2's order: errors, deselected, skipped (modules skipped at collection), selected
  CHECK(collected_line(0, 0, 0, 1) == "collected 0 items / 1 skipped");
  CHECK(collected_line(1, 1, 2, 3) == "collected 3 items / 1 error / 2 deselected / 3 skipped / 1 selected");
  CHECK(failure_headline("tests/test_a.py::TestA::test_b[2]") == "TestA.test_b[2]");
  CHECK(failure_headline("tests/test_a.py") == "tests/test_a.py");
  CHECK(format_trimmed(" - ", "short", "", 20) == " - short");
  CHECK(format_trimmed(" - ", "a long message here", "", 12) == " - a long...");
  CHECK(format_trimmed(" (", "line one\nline two", ")", 40) == " (line one)");
  CHECK_FALSE(format_trimmed(" - ", "anything", "", 5).has_value());
  // Code points, not bytes: "é" is one column.
  CHECK(format_trimmed("", "ééééé", "", 5) == "ééééé");
}

TEST_CASE("main colour is pytest's", "[report][console]") {
  using report::Color;
  report::SeenOutcomes seen;
  CHECK(report::main_color(seen, true) == Color::Yellow);  // nothing ran
  seen.passed = 2;
  seen.skipped = 1;
  CHECK(report::main_color(seen, true) == Color::Green);
  seen.xpassed = 1;
  CHECK(report::main_color(seen, true) == Color::Yellow);
  seen.errors = 1;
  CHECK(report::main_color(seen, true) == Color::Red);
}

TEST_CASE("default verbosity prints a header and one progress line per file",
          "[report][console]") {
  std::string out = render({}, kMixed, mixed_summary());
  auto lines = lines_of(out);
  REQUIRE(lines.size() > 8);
  CHECK(lines[0] == std::string(29, '=') + " test session starts " + std::string(30, '='));
  CHECK(lines[1] == "platform linux -- Python 3.11.2, pyspace-test-0.1.0");
  CHECK(lines[2] == "rootdir: /work/project");
  CHECK(lines[3] == "collected 5 items");
  CHECK(lines[4].empty());
  // Progress is right-aligned to column 79 and counts the tests done when the line ends.
  CHECK(lines[5] == "tests/test_x.py .Fsx" + std::string(53, ' ') + "[ 80%]");
  CHECK(lines[6] == "tests/test_y.py ." + std::string(56, ' ') + "[100%]");
  CHECK(lines[5].size() == 79);
  CHECK(lines[7].empty());
  CHECK(lines[8] == std::string(35, '=') + " FAILURES " + std::string(35, '='));
  // 14 '=' left, 15 right: the extra one goes on the right when it fits.
  CHECK(lines.back() == std::string(14, '=') + " 1 failed, 2 passed, 1 skipped, 1 xfailed in 0.12s " +
                            std::string(15, '='));
}

TEST_CASE("failures show the longrepr, captured output and a short summary", "[report][console]") {
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  failed.sections = {{"Captured stdout call", "hello out\n"}, {"Captured stderr call", "hello err"}};
  std::string out = render({}, {failed}, summary_of(0.01, failed));
  auto lines = lines_of(out);
  REQUIRE(lines.size() > 15);
  std::vector<std::string> tail(lines.end() - 15, lines.end() - 1);
  std::vector<std::string> expected = {
      std::string(35, '=') + " FAILURES " + std::string(35, '='),
      std::string(34, '_') + " test_fail " + std::string(35, '_'),
      "",
      "    def test_fail():",
      ">       assert 1 == 2",
      "E       assert 1 == 2",
      "",
      "tests/test_x.py:4: AssertionError",
      std::string(29, '-') + " Captured stdout call " + std::string(29, '-'),
      "hello out",
      std::string(29, '-') + " Captured stderr call " + std::string(29, '-'),
      "hello err",
      std::string(27, '=') + " short test summary info " + std::string(28, '='),
      "FAILED tests/test_x.py::test_fail - assert 1 == 2",
  };
  CHECK(tail == expected);
}

TEST_CASE("captured sections: a failure adds its passed teardown's, an error only its own", "[report][console]") {
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  failed.sections = {{"Captured stdout setup", "set up\n"}, {"Captured log call", "WARNING  x:t.py:1 w"}};
  failed.teardown_sections = {{"Captured log teardown", "WARNING  x:t.py:2 td"}};
  TestReport errored = sample_report("test_err", Outcome::Error);
  errored.when = "setup";
  errored.sections = {{"Captured log setup", "ERROR    x:t.py:3 e"}};
  errored.teardown_sections = {{"Captured log teardown", "not shown"}};
  auto titles = [](const std::string& text) {
    std::vector<std::string> found;
    for (const std::string& line : lines_of(text))
      if (line.starts_with("----")) found.push_back(line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1));
    return found;
  };
  std::string out = render({}, {failed, errored}, summary_of(0.01, failed, errored));
  CHECK(titles(out) == std::vector<std::string>{"Captured log setup", "Captured stdout setup", "Captured log call",
                                                "Captured log teardown"});
  CHECK_FALSE(contains(out, "not shown"));
  ConsoleOptions only_log;
  only_log.show_stdout = only_log.show_stderr = false;
  CHECK(titles(render(only_log, {failed}, summary_of(0.01, failed))) ==
        std::vector<std::string>{"Captured log call", "Captured log teardown"});
  ConsoleOptions no_log;
  no_log.show_log = false;
  CHECK(titles(render(no_log, {failed}, summary_of(0.01, failed))) == std::vector<std::string>{"Captured stdout setup"});
}

TEST_CASE("live logging writes each test's records as pytest's live handler does", "[report][console]") {
  ConsoleOptions options;
  options.live_logging = true;
  options.verbosity = -1;  // -q: pytest still writes the tests' verbose lines then
  TestReport quiet = sample_report("test_quiet", Outcome::Passed);
  TestReport passed = sample_report("test_pass", Outcome::Passed);
  passed.live_log = {{"setup", "WARNING  s"}, {"call", "WARNING  c"}};
  passed.live_log_after = {{"teardown", "WARNING  t1"}, {"teardown", "WARNING  t2"}};
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  failed.live_log_after = {{"teardown", "WARNING  t3"}, {"teardown", "WARNING  t4"}};
  std::ostringstream out;
  ConsoleReporter reporter(out, options);
  reporter.run_start(sample_start(3));
  reporter.live_log("collection", {"WARNING  at import"});
  for (const TestReport* report : {&quiet, &passed, &failed}) {
    reporter.test_start(report->nodeid, report->file);
    reporter.test_done(*report);
    reporter.test_finish(report->nodeid);
  }
  reporter.live_log("sessionfinish", {"WARNING  end"});
  reporter.run_end(summary_of(0.01, quiet, passed, failed));
  auto sep = [](std::string title) { return report::separator_line('-', title, 80); };
  auto progress = [](std::string text, std::string shown) { return text + std::string(79 - text.size() - shown.size(), ' ') + shown; };
  auto lines = lines_of(out.str());
  lines.resize(27);
  CHECK(lines == std::vector<std::string>{
                     "", sep("live log collection"), "WARNING  at import", "",
                     progress("tests/test_x.py::test_quiet PASSED", "[ 33%]"),
                     "tests/test_x.py::test_pass ", sep("live log setup"), "WARNING  s", sep("live log call"),
                     "WARNING  c",
                     progress("PASSED", "[ 66%]"),
                     sep("live log teardown"), "WARNING  t1", "WARNING  t2", "",
                     progress("tests/test_x.py::test_fail FAILED", "[100%]"),
                     // no record before the outcome: the first one's newline, then a second one
                     sep("live log teardown"), "WARNING  t3", "", "WARNING  t4", sep("live log sessionfinish"),
                     "WARNING  end", "", "", std::string(35, '=') + " FAILURES " + std::string(35, '='),
                     std::string(34, '_') + " test_fail " + std::string(35, '_'), ""});
  CHECK(lines_of(out.str()).back().starts_with("===="));  // -q's closing line is pytest's -v one then
}

TEST_CASE("errors come before failures and name where they happened", "[report][console]") {
  std::ostringstream out;
  ConsoleReporter reporter(out, {});
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  TestReport errored = sample_report("test_err", Outcome::Error);
  reporter.run_start(sample_start(2));
  reporter.collect_error(sample_collect_error());
  reporter.test_done(failed);
  reporter.test_finish(failed.nodeid);
  reporter.test_done(errored);
  reporter.test_finish(errored.nodeid);
  core::RunSummary summary = summary_of(0.2, failed, errored);
  summary.errors += 1;
  summary.collect_errors = 1;
  reporter.run_end(summary);
  std::string text = out.str();

  CHECK(contains(text, "\ncollected 2 items / 1 error\n"));
  auto errors = text.find(" ERRORS ");
  auto collecting = text.find(" ERROR collecting tests/test_bad.py ");
  auto at_setup = text.find(" ERROR at setup of test_err ");
  auto failures = text.find(" FAILURES ");
  REQUIRE(errors != std::string::npos);
  CHECK(errors < collecting);
  CHECK(collecting < at_setup);
  CHECK(at_setup < failures);
  CHECK(contains(text, "\nFAILED tests/test_x.py::test_fail - assert 1 == 2\n"
                       "ERROR tests/test_bad.py - SyntaxError: invalid syntax\n"
                       "ERROR tests/test_x.py::test_err - RuntimeError: setup boom\n"));
  CHECK(contains(text, "== 1 failed, 2 errors in 0.20s =="));
}

TEST_CASE("an interrupted collection says so before the closing line", "[report][console]") {
  std::ostringstream out;
  ConsoleReporter reporter(out, {});
  reporter.run_start(sample_start(0));
  reporter.collect_error(sample_collect_error());
  core::RunSummary summary;
  summary.errors = summary.collect_errors = 1;
  summary.interrupted = true;
  summary.duration_s = 0.15;
  reporter.run_end(summary);
  auto lines = lines_of(out.str());
  REQUIRE(lines.size() >= 2);
  CHECK(lines[3] == "collected 0 items / 1 error");
  CHECK(lines[lines.size() - 2] ==
        std::string(20, '!') + " Interrupted: 1 error during collection " + std::string(20, '!'));
  CHECK(lines.back() == std::string(31, '=') + " 1 error in 0.15s " + std::string(31, '='));
}

TEST_CASE("console: -v prints one line per test with its word, reason and progress", "[report][console]") {
  ConsoleOptions options;
  options.verbosity = 1;
  std::string out = render(options, kMixed, mixed_summary());
  auto lines = lines_of(out);
  REQUIRE(lines.size() > 9);
  CHECK(lines[3] == "collecting ... collected 5 items");  // pytest -v off a terminal
  CHECK(lines[4].empty());
  CHECK(lines[5] == "tests/test_x.py::test_pass PASSED" + std::string(40, ' ') + "[ 20%]");
  CHECK(lines[6] == "tests/test_x.py::test_fail FAILED" + std::string(40, ' ') + "[ 40%]");
  CHECK(lines[7] == "tests/test_x.py::test_skip SKIPPED (not now)" + std::string(29, ' ') + "[ 60%]");
  CHECK(lines[8] == "tests/test_x.py::test_xfail XFAIL (known bug)" + std::string(28, ' ') + "[ 80%]");
  CHECK(lines[9] == "tests/test_y.py::test_ok PASSED" + std::string(42, ' ') + "[100%]");
}

TEST_CASE("console: -v trims long skip reasons to the line", "[report][console]") {
  ConsoleOptions options;
  options.verbosity = 1;
  TestReport skipped = sample_report("test_skip", Outcome::Skipped);
  skipped.message = std::string(100, 'r');
  auto lines = lines_of(render(options, {skipped}, summary_of(0.0, skipped)));
  REQUIRE(lines.size() > 5);
  CHECK(lines[5] == "tests/test_x.py::test_skip SKIPPED (" + std::string(32, 'r') + "...) [100%]");
}

TEST_CASE("console: -q prints bare characters and a bare closing line", "[report][console]") {
  ConsoleOptions options;
  options.verbosity = -1;
  TestReport passed = sample_report("test_pass", Outcome::Passed);
  TestReport other = sample_report("test_other", Outcome::Passed);  // progress counts tests
  std::string out = render(options, {passed, other}, summary_of(0.08, passed, other));
  CHECK(out == ".." + std::string(71, ' ') + "[100%]\n2 passed in 0.08s\n");
}

TEST_CASE("console: a test's second report (a teardown error) does not move the progress", "[report][console]") {
  ConsoleOptions options;
  options.verbosity = -1;
  TestReport passed = sample_report("test_a", Outcome::Passed);
  TestReport call = sample_report("test_b", Outcome::Passed);
  TestReport teardown = sample_report("test_b", Outcome::Error);
  std::ostringstream out;
  ConsoleReporter reporter(out, options);
  reporter.run_start(sample_start(2));
  reporter.test_done(passed);
  reporter.test_finish(passed.nodeid);
  reporter.test_done(call);
  reporter.test_done(teardown);
  reporter.test_finish(call.nodeid);
  CHECK(lines_of(out.str()).at(0) == "..E" + std::string(70, ' ') + "[100%]");
}

TEST_CASE("console: -q wraps long runs of characters with progress at the edge", "[report][console]") {
  ConsoleOptions options;
  options.verbosity = -1;
  std::vector<TestReport> reports;  // 100 tests (progress counts node ids)
  for (int i = 0; i < 100; ++i) reports.push_back(sample_report("test_" + std::to_string(i), Outcome::Passed));
  core::RunSummary summary;
  summary.passed = 100;
  auto lines = lines_of(render(options, reports, summary));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == std::string(72, '.') + " [ 72%]");
  CHECK(lines[1] == std::string(28, '.') + std::string(45, ' ') + "[100%]");
  CHECK(lines[2] == "100 passed in 0.00s");
}

TEST_CASE("a run without tests ends with 'no tests ran'", "[report][console]") {
  std::string out = render({}, {}, core::RunSummary{});
  auto lines = lines_of(out);
  REQUIRE(lines.size() == 6);
  CHECK(lines[3] == "collected 0 items");
  CHECK(lines[4].empty());
  CHECK(lines[5] == std::string(28, '=') + " no tests ran in 0.00s " + std::string(29, '='));
}

TEST_CASE("warnings get their own section and count in the closing line", "[report][console]") {
  std::ostringstream out;
  ConsoleReporter reporter(out, {});
  TestReport passed = sample_report("test_pass", Outcome::Passed);
  reporter.run_start(sample_start(1));
  reporter.test_done(passed);
  reporter.test_finish(passed.nodeid);
  reporter.warning("os.environ was modified by tests in tests/test_x.py");
  core::RunSummary summary = summary_of(0.01, passed);
  summary.warnings = 1;
  reporter.run_end(summary);
  CHECK(contains(out.str(), std::string(31, '=') + " warnings summary " + std::string(31, '=') +
                                "\nos.environ was modified by tests in tests/test_x.py\n\n"));
  CHECK(contains(out.str(), " 1 passed, 1 warning in 0.01s "));
}

TEST_CASE("the configfile is shown relative to rootdir", "[report][console]") {
  std::ostringstream out;
  ConsoleReporter reporter(out, {});
  report::RunStart start = sample_start(0);
  start.configfile = "/work/project/pyproject.toml";
  start.config_file = start.configfile;
  reporter.run_start(start);
  CHECK(contains(out.str(), "\nrootdir: /work/project, configfile: pyproject.toml\n"));
  CHECK_FALSE(contains(out.str(), "pyspace-test config:"));
}

TEST_CASE("the header: pytest's configfile as bestrelpath, pyspace-test's file on its own line",
          "[report][console]") {
  std::ostringstream out;
  ConsoleReporter reporter(out, {});
  report::RunStart start = sample_start(0);
  start.configfile = "/work/other/tox.ini";  // -c ../other/tox.ini --rootdir .
  start.config_file = "/work/project/pyspace.toml";
  reporter.run_start(start);
  CHECK(contains(out.str(), "\nrootdir: /work/project, configfile: ../other/tox.ini\n"
                            "pyspace-test config: pyspace.toml\n"));
}

TEST_CASE("colour codes appear only when colour is on", "[report][console]") {
  ConsoleOptions plain;
  std::string without = render(plain, kMixed, mixed_summary());
  CHECK_FALSE(contains(without, "\x1b["));

  ConsoleOptions coloured;
  coloured.color = true;
  std::string with = render(coloured, kMixed, mixed_summary());
  CHECK(contains(with, "\x1b[1m=============================") );  // bold header
  CHECK(contains(with, "\x1b[32m.\x1b[0m"));                        // green pass
  CHECK(contains(with, "\x1b[31mF\x1b[0m"));                        // red failure
  CHECK(contains(with, "\x1b[33ms\x1b[0m"));                        // yellow skip
  CHECK(contains(with, "\x1b[31mFAILED\x1b[0m tests/test_x.py::\x1b[1mtest_fail\x1b[0m"));
  // The closing line is red after a failure ...
  CHECK(contains(with, "\x1b[31m" + std::string(14, '=') + " 1 failed, 2 passed"));
  // ... and green when everything passed.
  TestReport passed = sample_report("test_pass", Outcome::Passed);
  std::string green = render(coloured, {passed}, summary_of(0.01, passed));
  CHECK(contains(green, "\x1b[32m" + std::string(30, '=') + " 1 passed in 0.01s "));
}

TEST_CASE("each run_start begins a fresh run (watch mode)", "[report][console]") {
  std::ostringstream out;
  ConsoleReporter reporter(out, {});
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  TestReport passed = sample_report("test_pass", Outcome::Passed);
  reporter.run_start(sample_start(1));
  reporter.test_done(failed);
  reporter.test_finish(failed.nodeid);
  reporter.run_end(summary_of(0.01, failed));
  out.str("");
  reporter.run_start(sample_start(1));
  reporter.test_done(passed);
  reporter.test_finish(passed.nodeid);
  reporter.run_end(summary_of(0.01, passed));
  CHECK_FALSE(contains(out.str(), "FAILURES"));
  CHECK(contains(out.str(), "tests/test_x.py ." + std::string(56, ' ') + "[100%]\n"));
}

TEST_CASE("progress is flushed per test only when live", "[report][console]") {
  for (bool live : {true, false}) {
    CountingBuffer buf;
    std::ostream out(&buf);
    ConsoleOptions options;
    options.verbosity = -1;
    options.live = live;
    ConsoleReporter reporter(out, options);
    reporter.run_start(sample_start(2));
    const int before = buf.syncs;
    reporter.test_done(kMixed[0]);
    reporter.test_finish(kMixed[0].nodeid);
    reporter.test_done(kMixed[1]);
    reporter.test_finish(kMixed[1].nodeid);
    // live: each letter, and the [100%] the last test's finish writes
    CHECK(buf.syncs - before == (live ? 3 : 0));
    reporter.run_end(summary_of(0.1, kMixed[0], kMixed[1]));
    CHECK(buf.syncs > before);  // the end of the run is always flushed
    CHECK(contains(buf.str(), ".F"));
  }
}

TEST_CASE("console: -r chars order the short summary blocks, N and --no-summary empty it", "[report][console]") {
  ConsoleOptions options;
  options.reportchars = "wsxEf";
  std::string out = render(options, kMixed, mixed_summary());
  CHECK(contains(out, "short test summary info"));
  auto skipped = out.find("SKIPPED [1] ");
  auto xfail = out.find("XFAIL tests/test_x.py::test_xfail");
  auto failed = out.find("FAILED tests/test_x.py::test_fail");
  REQUIRE(skipped != std::string::npos);
  REQUIRE(xfail != std::string::npos);
  REQUIRE(failed != std::string::npos);
  CHECK((skipped < xfail && xfail < failed));
  options.reportchars = "w";
  CHECK_FALSE(contains(render(options, kMixed, mixed_summary()), "short test summary info"));
  options.reportchars = "wfE";
  options.summary = false;
  out = render(options, kMixed, mixed_summary());
  CHECK_FALSE(contains(out, "FAILURES"));
  CHECK_FALSE(contains(out, "short test summary info"));
  CHECK(contains(out, "1 failed"));
}

TEST_CASE("console: --tb=no hides the failure sections, --no-header the platform line", "[report][console]") {
  ConsoleOptions options;
  options.tbstyle = "no";
  options.header = false;
  std::string out = render(options, kMixed, mixed_summary());
  CHECK_FALSE(contains(out, "FAILURES"));
  CHECK_FALSE(contains(out, "platform "));
  CHECK(contains(out, "test session starts"));
  CHECK(contains(out, "FAILED tests/test_x.py::test_fail"));
}

TEST_CASE("console: console_output_style count and classic", "[report][console]") {
  ConsoleOptions options;
  options.progress = ConsoleOptions::Progress::Count;
  CHECK(contains(render(options, kMixed, mixed_summary()), " [5/5]"));
  options.progress = ConsoleOptions::Progress::None;
  std::string out = render(options, kMixed, mixed_summary());
  CHECK_FALSE(contains(out, "%]"));
  CHECK_FALSE(contains(out, "/5]"));
}

TEST_CASE("the collect-only tree prints each node once, indented, docstrings under it", "[report][console]") {
  using pyspace::core::CollectedNode;
  const std::vector<std::vector<CollectedNode>> chains = {
      {{"P:t", "<Package t>", ""}, {"M:t/a", "<Module a.py>", "Doc."}, {"I:1", "<Function one>", ""}},
      {{"P:t", "<Package t>", ""}, {"M:t/a", "<Module a.py>", "Doc."}, {"C:K", "<Class K>", "Two\nlines"},
       {"I:2", "<Function two>", ""}},
      {{"M:b", "<Module b.py>", ""}, {"I:3", "<Function one>", ""}}};
  CHECK(report::collection_tree(chains, false) ==
        std::vector<std::string>{"<Package t>", "  <Module a.py>", "    <Function one>", "    <Class K>",
                                 "      <Function two>", "<Module b.py>", "  <Function one>"});
  CHECK(report::collection_tree(chains, true) ==
        std::vector<std::string>{"<Package t>", "  <Module a.py>", "    Doc.", "    <Function one>", "    <Class K>",
                                 "      Two", "      lines", "      <Function two>", "<Module b.py>",
                                 "  <Function one>"});
}
