#include "run/item_reports.h"

#include <tuple>
#include <vector>

#include <fmt/format.h>

namespace pyspace::run {

// pytest's junitxml names of a node id ("tests/test_x.py::TestA::test_b[1]" ->
// "tests.test_x.TestA", "test_b[1]"): a crashed test's report is made here, not by Python.
std::pair<std::string, std::string> junit_names(const std::string& nodeid) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  for (;;) {
    auto sep = nodeid.find("::", at);
    parts.push_back(nodeid.substr(at, sep == std::string::npos ? std::string::npos : sep - at));
    if (sep == std::string::npos) break;
    at = sep + 2;
  }
  std::string& path = parts.front();
  for (auto& c : path)
    if (c == '/') c = '.';
  if (path.size() > 3 && path.ends_with(".py")) path.resize(path.size() - 3);
  std::string name = parts.back();
  parts.pop_back();
  std::string classname;
  for (const auto& part : parts) classname += (classname.empty() ? "" : ".") + part;
  return {classname, name};
}

namespace {

// A report this process makes for an item whose child could not report it.
core::TestReport item_report(const Item& item, core::Outcome outcome, std::string message, double duration_s) {
  core::TestReport report;
  report.nodeid = item.nodeid;
  report.file = item.file;
  std::tie(report.classname, report.name) = junit_names(item.nodeid);
  report.outcome = outcome;
  report.duration_s = duration_s;
  report.message = std::move(message);
  return report;
}

}  // namespace

// The last words are faulthandler's stacks and the crash note's line naming the test.
core::TestReport crash_report(const Item& item, const std::string& how, std::string last_words, double duration_s) {
  auto report = item_report(item, core::Outcome::Failed, fmt::format("crashed: {} while running {}", how, item.nodeid),
                            duration_s);
  while (!last_words.empty() && (last_words.front() == '\n')) last_words.erase(0, 1);
  report.longrepr = last_words.empty() ? report.message : last_words;
  if (!report.longrepr.ends_with('\n')) report.longrepr += '\n';
  return report;
}

// A number of seconds as pytest-timeout's message writes it (Python's "%s" of a float: "1.0").
std::string seconds_text(double seconds) {
  if (seconds == static_cast<double>(static_cast<long long>(seconds))) return fmt::format("{:.1f}", seconds);
  return fmt::format("{}", seconds);
}

// A test past its time (--timeout, its marker, --session-timeout): failed, with the stacks of
// its threads when its process was stopped.
core::TestReport timeout_report(const Item& item, double limit, std::string stacks, double ran_s, bool session) {
  auto report = item_report(item, core::Outcome::Failed, fmt::format("Failed: Timeout >{}s", seconds_text(limit)), ran_s);
  while (!stacks.empty() && stacks.front() == '\n') stacks.erase(0, 1);
  if (!stacks.empty() && !stacks.ends_with('\n')) stacks += '\n';
  report.longrepr = fmt::format("{} was still running after {}s{}; the stacks of its threads when its process was stopped:\n\n{}\nE   {}\n",
                                item.nodeid, seconds_text(limit), session ? " (--session-timeout)" : "",
                                stacks.empty() ? "(none were written)\n" : stacks, report.message);
  return report;
}

// A test whose `timeout` marker is not a number: an error in its setup, as the marker is read.
core::TestReport setup_error(const Item& item, const std::string& message) {
  auto report = item_report(item, core::Outcome::Error, message, 0);
  report.when = "setup";
  report.longrepr = "E   " + message + "\n";
  return report;
}

}  // namespace pyspace::run
