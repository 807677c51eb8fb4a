// Machine-readable run events as JSON Lines: one object per line, flushed after each, so a
// watcher (an editor, a CI log parser) can follow a run as it happens.
//
//   {"event":"run_start","rootdir":..,"configfile":..|null,"config_file":..|null,"version":..,
//    "python_version":..,"collected":N,"trigger":[..]}
//    (configfile: pytest's, as the console header's; config_file: pyspace-test's own file)
//   {"event":"collect_error","path":..,"message":..,"failure":longrepr}
//   {"event":"test","id":nodeid,"file":..,"line":N,"outcome":"passed",  (core::to_string)
//    "when":"call","duration_ms":1.23,"message":..,"failure":longrepr|null,
//    "stdout":..,"stderr":..}
//   {"event":"warning","message":..}                  (pyspace-test's own notices)
//   {"event":"warning","message":..,"where":nodeid or file}  (a Python warning, formatwarning text)
//   {"event":"run_end","counts":{"passed":..,"failed":..,"errors":..,"skipped":..,
//    "xfailed":..,"xpassed":..,"warnings":..,"collect_errors":..},"duration_ms":..,
//    "exit_code":N,"interrupted":bool,"summary":closing line,"trigger":[..]}
//
// Strings that are not valid UTF-8 never make it throw: invalid bytes become U+FFFD.
// Durations are milliseconds rounded to the microsecond.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "report/reporter.h"

namespace pyspace::report {

class JsonEventsReporter : public Reporter {
 public:
  // `out` must outlive the reporter (a file the caller opened, or std::cout for "-").
  explicit JsonEventsReporter(std::ostream& out);

  void run_start(const RunStart& start) override;
  void collect_error(const core::CollectError& error) override;
  void test_done(const core::TestReport& report) override;
  void warning(const std::string& text) override;
  void python_warning(const std::string& where, const std::string& message) override;
  void run_end(const core::RunSummary& summary) override;

 private:
  std::ostream& out_;
  std::vector<std::string> trigger_;  // of the current run, repeated in run_end
};

}  // namespace pyspace::report
