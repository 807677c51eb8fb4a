// pytest's JUnit XML (junit_family "xunit2", pytest 7's default), rendered as strings.
// Pure functions: the JunitReporter keeps the state and writes the file.
//
// Captured output follows pytest's `junit_logging` ini key (JunitLogging below): with the
// default "no" no test carries any, so what passing tests print does not grow the report.
//
// Deliberate differences from pytest 7.2:
//   - a skipped test's text is "file:line: reason" with the rootdir-relative file (a module
//     skipped at collection too: pytest writes a Python tuple there).
// "log" and "all" carry the test's "Captured log" sections (TestReport::sections).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/test_report.h"

namespace pyspace::report {

// Attributes of <testsuite>, in pytest's order.
struct JunitSuite {
  std::string name = "pytest";
  int errors = 0;
  int failures = 0;
  int skipped = 0;  // skipped and xfailed
  int tests = 0;    // every testcase, collection errors included
  double duration_s = 0.0;
  std::string timestamp;  // local time, ISO 8601 with microseconds: "2024-05-01T12:00:00.123456"
  std::string hostname;
  std::vector<std::pair<std::string, std::string>> properties;  // record_testsuite_property's
};

// pytest's junit_logging values: which captured streams a testcase carries.
enum class JunitLogging { No, Log, SystemOut, SystemErr, OutErr, All };

// "no", "log", "system-out", "system-err", "out-err", "all"; nullopt for anything else.
std::optional<JunitLogging> parse_junit_logging(std::string_view value);

// How testcases are written: pytest's junit_* ini keys and --junit-prefix.
struct JunitCaseOptions {
  JunitLogging logging = JunitLogging::No;
  bool xunit1 = false;             // junit_family = xunit1 (or legacy): file and line attributes
  std::string prefix;              // --junit-prefix: put in front of every classname
  bool log_passing_tests = true;   // junit_log_passing_tests = false: no output of passed tests
  bool call_duration_only = false; // junit_duration_report = call (default total: every phase)
};

// Counts one testcase into the suite attributes.
void count_testcase(JunitSuite& suite, const core::TestReport& report);
void count_collect_error(JunitSuite& suite);

// <testcase classname=".." name=".." time="0.001">...</testcase> for one test.
// time: the sum of report.phase_durations when the runner timed every phase, else duration_s.
// last_of_test: no other report of the same test follows (its captured output is then the
// test's, as pytest writes it with the teardown's report).
std::string junit_testcase(const core::TestReport& report, const JunitCaseOptions& options, bool last_of_test = true);
std::string junit_testcase(const core::TestReport& report, JunitLogging logging = JunitLogging::No);

// The testcase pytest writes for a file that failed to collect: classname "", name the
// dotted path without ".py", <error message="collection failure">longrepr</error>.
std::string junit_collect_error_testcase(const core::CollectError& error, const JunitCaseOptions& options = {});

// The testcase pytest writes for a module that skipped itself while collected: classname "",
// name the dotted path, <skipped message="collection skipped">path:line: reason</skipped> (pytest
// writes the repr of its (absolute path, line, "Skipped: reason") tuple as the text).
std::string junit_collect_skip_testcase(const core::TestReport& report, const JunitCaseOptions& options = {});

// <properties><property name=".." value=".."/>...</properties>, "" when there are none.
std::string properties_element(const std::vector<std::pair<std::string, std::string>>& properties);

// The whole document: XML declaration, <testsuites><testsuite ...>testcases</testsuite>
// </testsuites>, on one line as pytest writes it.
std::string junit_document(const JunitSuite& suite, const std::vector<std::string>& testcases);

// "tests/test_x.py" -> "tests.test_x" (pytest's mangle_test_address for a path).
std::string dotted_module_path(std::string_view path);

// "2024-05-01T12:00:00.123456" in local time, as Python's datetime.isoformat() writes it
// (without the fraction when it is zero).
std::string iso_local_timestamp(std::chrono::system_clock::time_point when);

}  // namespace pyspace::report
