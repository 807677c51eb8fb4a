// libFuzzer target: the JSON events writer (lib/report/json_events_reporter). The input is
// split at NUL bytes into a test's text fields; every line written must parse as JSON, be one
// line, and give back each field that was valid UTF-8 unchanged.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/run_summary.h"
#include "core/test_report.h"
#include "fuzz_check.h"
#include "report/json_events_reporter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pyspace;
  std::vector<std::string> fields(7);
  size_t field = 0;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0 && field + 1 < fields.size()) ++field;
    else fields[field] += static_cast<char>(data[i]);
  }
  core::TestReport report;
  report.nodeid = fields[0];
  report.file = fields[1];
  report.message = fields[2];
  report.longrepr = fields[3];
  report.captured_stdout = fields[4];
  report.captured_stderr = fields[5];
  report.when = fields[6];
  report.outcome = size % 2 ? core::Outcome::Failed : core::Outcome::Passed;
  std::ostringstream out;
  report::JsonEventsReporter reporter(out, "<fuzz>", true, true);
  reporter.run_start({});
  reporter.collect_error({fields[1], fields[2], fields[3]});
  reporter.test_done(report);
  reporter.warning(fields[2]);
  reporter.python_warning(fields[0], fields[3]);
  reporter.run_end(core::RunSummary{});
  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    nlohmann::json event = nlohmann::json::parse(line, nullptr, false);
    if (event.is_discarded()) fuzz::finding("a JSON events line does not parse");
    if (event.value("event", "") == "test") {
      if (fuzz::is_utf8(report.nodeid) && event["id"] != report.nodeid) fuzz::finding("id changed");
      if (fuzz::is_utf8(report.captured_stdout) && event["stdout"] != report.captured_stdout)
        fuzz::finding("stdout changed");
      if (fuzz::is_utf8(report.longrepr) && !report.longrepr.empty() && event["failure"] != report.longrepr)
        fuzz::finding("failure changed");
    }
  }
  if (count != 6) fuzz::finding("not one line per event");
  return 0;
}
