#include "report/junit_xml.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <utility>

#include "report/xml_text.h"

namespace pyspace::report {

using core::CollectError;
using core::Outcome;
using core::TestReport;

namespace {

constexpr std::string_view kWhitespace = " \t\n\r";

// pytest writes str(longrepr), which strips surrounding whitespace.
std::string_view stripped(std::string_view text) {
  auto first = text.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kWhitespace) - first + 1);
}

std::string_view without_prefix(std::string_view text, std::string_view prefix) {
  if (text.starts_with(prefix)) text.remove_prefix(prefix.size());
  return text;
}

// pytest uses the crash message, or the whole failure text when there is none.
std::string failure_message(const TestReport& report) {
  if (!report.message.empty()) return report.message;
  return std::string(stripped(report.longrepr));
}

std::string seconds_text(double value) { return fmt::format("{:.3f}", value); }

// Python's str.center(80, '-'), as pytest's junit_logging headers use it.
std::string centered_header(std::string_view title) {
  constexpr int kWidth = 80;
  int margin = kWidth - static_cast<int>(title.size());
  if (margin <= 0) return std::string(title);
  int left = margin / 2 + (margin & kWidth & 1);
  return std::string(static_cast<size_t>(left), '-') + std::string(title) +
         std::string(static_cast<size_t>(margin - left), '-');
}

// pytest's _prepare_content: the centred header, the text, a newline (even for no text).
std::string section(std::string_view header, const std::string& content) {
  return fmt::format("{}\n{}\n", centered_header(header), content);
}

// What of a test's captured output pytest's junitxml writes into its testcase: all of it (from
// the teardown report, which holds every phase), the setup and call phases' (a failed call with
// junit_log_passing_tests = false), or none (a passed teardown then: passed, skipped and setup
// errors).
enum class Written { None, UpToCall, All };

Written written_output(const TestReport& report, bool log_passing_tests, bool last_of_test) {
  if (report.when == "teardown" && report.outcome == Outcome::Error) return Written::All;
  const bool call_failure = report.when == "call" && report.outcome == Outcome::Failed;
  if (!last_of_test || !log_passing_tests) return !log_passing_tests && call_failure ? Written::UpToCall : Written::None;
  return Written::All;
}

// pytest's report.capstdout / capstderr / caplog: the sections of one kind ("Captured log"),
// their texts joined ("\n" between log sections, as pytest joins them).
std::string joined(const TestReport& report, std::string_view kind, Written written, std::string_view between) {
  std::string text;
  bool first = true;
  for (const auto* sections : {&report.sections, &report.teardown_sections}) {
    if (sections == &report.teardown_sections && written != Written::All) break;
    for (const auto& [title, content] : *sections) {
      if (!title.starts_with(kind)) continue;
      if (!first) text += between;
      text += content;
      first = false;
    }
  }
  return text;
}

// pytest's write_captured_output, for the streams `logging` selects.
std::string captured(const TestReport& report, JunitLogging logging, Written written) {
  using L = JunitLogging;
  if (logging == L::No || written == Written::None) return {};
  const bool all = written == Written::All;  // the item's whole output: captured_stdout/_stderr
  std::string out;
  std::string pending;
  if (logging == L::Log || logging == L::All)
    pending = section(" Captured Log ", joined(report, "Captured log", written, "\n"));
  if (logging == L::SystemOut || logging == L::OutErr || logging == L::All) {
    pending += section(" Captured Out ", all ? report.captured_stdout : joined(report, "Captured stdout", written, ""));
    out += xml_element("system-out", {}, pending);
    pending.clear();
  }
  if (logging == L::SystemErr || logging == L::OutErr || logging == L::All) {
    pending += section(" Captured Err ", all ? report.captured_stderr : joined(report, "Captured stderr", written, ""));
    out += xml_element("system-err", {}, pending);
    pending.clear();
  }
  if (!pending.empty()) out += xml_element("system-out", {}, pending);
  return out;
}

std::string skip_location(const TestReport& report) {
  if (report.line <= 0) return report.file;
  return fmt::format("{}:{}", report.file, report.line);
}

// The child element saying why the test did not pass; empty for passed and xpassed.
std::string outcome_element(const TestReport& report) {
  switch (report.outcome) {
    case Outcome::Failed:
      return xml_element("failure", {{"message", failure_message(report)}},
                         stripped(report.longrepr));
    case Outcome::Error: {
      std::string_view when = report.when == "teardown" ? "teardown" : "setup";
      std::string message = fmt::format("failed on {} with \"{}\"", when, failure_message(report));
      return xml_element("error", {{"message", message}}, stripped(report.longrepr));
    }
    case Outcome::Skipped: {
      std::string reason(without_prefix(report.message, "Skipped: "));
      std::string text = fmt::format("{}: {}", skip_location(report), reason);
      return xml_element("skipped", {{"type", "pytest.skip"}, {"message", reason}}, text);
    }
    case Outcome::XFailed: {
      std::string reason(without_prefix(report.message, "reason: "));
      return xml_element("skipped", {{"type", "pytest.xfail"}, {"message", reason}});
    }
    case Outcome::Passed:
    case Outcome::XPassed: break;
  }
  return {};
}

// --reruns: the earlier attempts as Maven Surefire writes them (what CI servers read as flaky):
// <flakyFailure>/<flakyError> when the test then passed, <rerunFailure>/<rerunError> when its
// last attempt failed too.
std::string rerun_elements(const TestReport& report) {
  std::string out;
  const bool flaky = !core::is_failure(report.outcome);
  for (const auto& attempt : report.reruns) {
    const bool error = attempt.outcome == Outcome::Error;
    const char* name = flaky ? (error ? "flakyError" : "flakyFailure") : (error ? "rerunError" : "rerunFailure");
    std::string message = attempt.message.empty() ? std::string(stripped(attempt.longrepr)) : attempt.message;
    std::string type(message.substr(0, message.find(':')));
    if (type.find(' ') != std::string::npos || type == message) type.clear();
    XmlAttributes attributes{{"message", message}};
    if (!type.empty()) attributes.emplace_back("type", type);
    out += xml_element(name, attributes, stripped(attempt.longrepr));
  }
  return out;
}

}  // namespace

void count_testcase(JunitSuite& suite, const TestReport& report) {
  ++suite.tests;
  switch (report.outcome) {
    case Outcome::Failed: ++suite.failures; break;
    case Outcome::Error: ++suite.errors; break;
    case Outcome::Skipped:
    case Outcome::XFailed: ++suite.skipped; break;
    case Outcome::Passed:
    case Outcome::XPassed: break;
  }
}

void count_collect_error(JunitSuite& suite) {
  ++suite.tests;
  ++suite.errors;
}

std::optional<JunitLogging> parse_junit_logging(std::string_view value) {
  using L = JunitLogging;
  if (value == "no") return L::No;
  if (value == "log") return L::Log;
  if (value == "system-out") return L::SystemOut;
  if (value == "system-err") return L::SystemErr;
  if (value == "out-err") return L::OutErr;
  if (value == "all") return L::All;
  return std::nullopt;
}

std::string junit_testcase(const TestReport& report, JunitLogging logging) {
  JunitCaseOptions options;
  options.logging = logging;
  return junit_testcase(report, options);
}

namespace {

// pytest's junit_duration_report: every phase ("total") or the call alone.
double testcase_seconds(const TestReport& report, bool call_only) {
  if (report.phase_durations.empty()) return !call_only || report.when == "call" ? report.duration_s : 0.0;
  double seconds = 0.0;
  for (const auto& [when, phase_seconds] : report.phase_durations)
    if (!call_only || when == "call") seconds += phase_seconds;
  return seconds;
}

std::string prefixed(const std::string& prefix, const std::string& classname) {
  if (prefix.empty()) return classname;
  return classname.empty() ? prefix : prefix + "." + classname;
}

}  // namespace

std::string junit_testcase(const TestReport& report, const JunitCaseOptions& options, bool last_of_test) {
  XmlAttributes attributes{{"classname", prefixed(options.prefix, report.classname)}, {"name", report.name}};
  if (options.xunit1) {  // pytest's legacy attributes: the file, the 0-based line
    attributes.emplace_back("file", report.file);
    if (report.line > 0) attributes.emplace_back("line", std::to_string(report.line - 1));
  }
  // record_xml_attribute's, over those of the same name; xunit2 keeps only classname and name
  for (const auto& [name, value] : report.xml_attributes) {
    const std::string& wanted = name;  // clang 14 (make fuzz) cannot capture a structured binding
    auto same = std::find_if(attributes.begin(), attributes.end(), [&](const auto& a) { return a.first == wanted; });
    if (same != attributes.end()) same->second = value;
    else if (options.xunit1) attributes.emplace_back(name, value);
  }
  attributes.emplace_back("time", seconds_text(testcase_seconds(report, options.call_duration_only)));
  std::string children = properties_element(report.user_properties) + outcome_element(report) + rerun_elements(report) +
                         captured(report, options.logging, written_output(report, options.log_passing_tests, last_of_test));
  if (children.empty()) return xml_element("testcase", attributes);
  return xml_start_tag("testcase", attributes) + children + "</testcase>";
}

std::string junit_collect_error_testcase(const CollectError& error, const JunitCaseOptions& options) {
  XmlAttributes attributes{{"classname", prefixed(options.prefix, "")}, {"name", dotted_module_path(error.path)}};
  if (options.xunit1) attributes.emplace_back("file", error.path);
  attributes.emplace_back("time", seconds_text(0.0));
  return xml_start_tag("testcase", attributes) +
         xml_element("error", {{"message", "collection failure"}}, stripped(error.longrepr)) +
         "</testcase>";
}

std::string junit_collect_skip_testcase(const TestReport& report, const JunitCaseOptions& options) {
  XmlAttributes attributes{{"classname", prefixed(options.prefix, "")}, {"name", dotted_module_path(report.file)}};
  if (options.xunit1) attributes.emplace_back("file", report.file);
  attributes.emplace_back("time", seconds_text(0.0));
  return xml_start_tag("testcase", attributes) +
         xml_element("skipped", {{"message", "collection skipped"}}, report.longrepr) + "</testcase>";
}

std::string properties_element(const std::vector<std::pair<std::string, std::string>>& properties) {
  if (properties.empty()) return {};
  std::string text = "<properties>";
  for (const auto& [name, value] : properties) text += xml_element("property", {{"name", name}, {"value", value}});
  return text + "</properties>";
}

std::string junit_document(const JunitSuite& suite, const std::vector<std::string>& testcases) {
  XmlAttributes attributes{
      {"name", suite.name},
      {"errors", std::to_string(suite.errors)},
      {"failures", std::to_string(suite.failures)},
      {"skipped", std::to_string(suite.skipped)},
      {"tests", std::to_string(suite.tests)},
      {"time", seconds_text(suite.duration_s)},
      {"timestamp", suite.timestamp},
      {"hostname", suite.hostname},
  };
  std::string document = R"(<?xml version="1.0" encoding="utf-8"?><testsuites>)";
  document += xml_start_tag("testsuite", attributes);
  document += properties_element(suite.properties);
  for (const std::string& testcase : testcases) document += testcase;
  document += "</testsuite></testsuites>";
  return document;
}

std::string dotted_module_path(std::string_view path) {
  std::string dotted(path);
  for (char& c : dotted)
    if (c == '/') c = '.';
  if (dotted.ends_with(".py")) dotted.resize(dotted.size() - 3);
  return dotted;
}

std::string iso_local_timestamp(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  auto since_epoch = duration_cast<microseconds>(when.time_since_epoch());
  std::time_t whole_seconds = system_clock::to_time_t(system_clock::time_point(
      duration_cast<seconds>(since_epoch)));
  std::tm local{};
  localtime_r(&whole_seconds, &local);
  auto micros = static_cast<long long>(since_epoch.count() % 1'000'000);
  std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", local.tm_year + 1900,
                                 local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min,
                                 local.tm_sec);
  if (micros != 0) text += fmt::format(".{:06}", micros);  // isoformat() omits zero micros
  return text;
}

}  // namespace pyspace::report
