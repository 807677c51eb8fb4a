#include "app/report_flags.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "python/object.h"
#include "report/summary_format.h"

namespace pyspace::app {

namespace {

std::string ini_text(const config::PytestSettings& pytest, std::string_view key, std::string fallback) {
  auto found = pytest.ini.find(key);
  return found == pytest.ini.end() ? fallback : found->second.text;
}

}  // namespace

bool running_on_ci() { return std::getenv("CI") != nullptr || std::getenv("BUILD_NUMBER") != nullptr; }

bool shows_setup(const config::CommandLine& line) {
  return line.flag("setupshow") || line.flag("setuponly") || line.flag("setupplan");
}

void apply_report_flags(const RunFlags& flags, const config::PytestSettings& pytest, report::ConsoleOptions& console) {
  const config::CommandLine& line = flags.line;
  console.reportchars = report::resolve_report_chars(line.last("reportchars").value_or("fE"), line.flag("disable_warnings"));
  console.tbstyle = line.last("tbstyle").value_or("auto");
  console.header = !line.flag("no_header");
  console.summary = !line.flag("no_summary");
  if (auto durations = line.last("durations")) console.durations = std::stoi(*durations);
  if (auto minimum = line.last("durations_min")) console.durations_min = std::stod(*minimum);
  const std::string capture = line.last("showcapture").value_or("all");
  console.show_stdout = capture == "all" || capture == "stdout";
  console.show_stderr = capture == "all" || capture == "stderr";
  // pytest's _determine_show_progress_info: none with -s, else console_output_style
  // ("progress" by default; any other value than progress and count shows none).
  const std::string style = ini_text(pytest, "console_output_style", "progress");
  using Progress = report::ConsoleOptions::Progress;
  // --setup-show writes its lines among the progress: no percentages then, as pytest.
  if (flags.no_capture || shows_setup(line)) console.progress = Progress::None;
  else if (style == "progress") console.progress = Progress::Percent;
  else if (style == "count") console.progress = Progress::Count;
  else console.progress = Progress::None;
}

void apply_junit_flags(const RunFlags& flags, const config::PytestSettings& pytest, report::JunitOptions& junit) {
  junit.suite_name = ini_text(pytest, "junit_suite_name", "pytest");
  const std::string family = ini_text(pytest, "junit_family", "xunit2");
  junit.cases.xunit1 = family == "xunit1" || family == "legacy";
  junit.cases.prefix = flags.line.last("junitprefix").value_or("");
  auto passing = pytest.ini.find("junit_log_passing_tests");
  junit.cases.log_passing_tests = passing == pytest.ini.end() || passing->second.flag;
  junit.cases.call_duration_only = ini_text(pytest, "junit_duration_report", "total") == "call";
}

void configure_runner_reporting(const RunFlags& flags, int width) {
  const std::string tbstyle = flags.line.last("tbstyle").value_or("auto");
  const bool showlocals = flags.line.last("showlocals").value_or("0") == "1";
  // pytest explains asserts alike at every verbosity below 1 (-q included).
  const int verbose = std::max(flags.verbosity, 0);
  const bool on_ci = running_on_ci();
  if (tbstyle != "auto" || showlocals || verbose != 0 || on_ci || width != 80) {
    python::import_module("_pyspace.assertion.failure_text")
        .attr("configure")({}, {{"tbstyle", tbstyle},
                                {"showlocals", showlocals},
                                {"verbose", static_cast<long long>(verbose)},
                                {"on_ci", on_ci},
                                {"width", static_cast<long long>(width)}});
  }
  // --junitxml too: its testcase time is every phase's, as pytest's (junit_duration_report).
  if ((flags.line.last("durations") && !flags.line.flag("no_summary")) || flags.junitxml)
    python::import_module("_pyspace.run.reports").attr("configure")({}, {{"phase_durations", true}});
}

}  // namespace pyspace::app
