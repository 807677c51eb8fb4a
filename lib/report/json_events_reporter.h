// Machine-readable run events as JSON Lines: one object per line, flushed after each, so a
// watcher (an editor, a CI log parser) can follow a run as it happens.
//
//   {"event":"run_start","rootdir":..,"configfile":..|null,"config_file":..|null,"version":..,
//    "python_version":..,"collected":N,"trigger":[..]}
//    (configfile: pytest's, as the console header's; config_file: pyspace-test's own file)
//   {"event":"collect_error","path":..,"message":..,"failure":longrepr}
//   (a module that skipped itself while collected: a "test" event, id its path, "when":"collect")
//   {"event":"test","id":nodeid,"file":..,"line":N,"outcome":"passed",  (core::to_string)
//    "when":"call","duration_ms":1.23,"message":..,"failure":longrepr|null,
//    "stdout":..,"stderr":..}   (of passing tests only as junit_logging says: see below)
//   {"event":"warning","message":..}                  (pyspace-test's own notices)
//   {"event":"warning","message":..,"where":nodeid or file}  (a Python warning, formatwarning text)
//   {"event":"run_end","counts":{"passed":..,"failed":..,"errors":..,"skipped":..,
//    "xfailed":..,"xpassed":..,"warnings":..,"collect_errors":..},"duration_ms":..,
//    "exit_code":N,"interrupted":bool,"summary":closing line,"trigger":[..]}
//
// Strings that are not valid UTF-8 never make it throw: invalid bytes become U+FFFD.
// A failed write (a full disk, /dev/full, a closed pipe) is not silent: nothing more is written
// (no torn lines), and run_end throws core::Error (exit 3) naming the path and the reason.
// Durations are milliseconds rounded to the microsecond.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "report/reporter.h"

namespace pyspace::report {

class JsonEventsReporter : public Reporter {
 public:
  // `out` must outlive the reporter (a file the caller opened, or std::cout for "-");
  // `path` names it in the error a failed write gives. A failed or erroring test's event
  // always carries its captured output (the console shows it too); any other test's carries
  // its stdout / stderr only when `passing_stdout` / `passing_stderr` (what pytest's
  // junit_logging selects), else "" there, so what passing tests print stays out of the file.
  explicit JsonEventsReporter(std::ostream& out, std::string path = "<stream>",
                              bool passing_stdout = false, bool passing_stderr = false);

  void run_start(const RunStart& start) override;
  void collect_error(const core::CollectError& error) override;
  // A module's skip: a "test" event with its path as id and "when":"collect".
  void collect_skip(const core::TestReport& report) override { test_done(report); }
  void test_done(const core::TestReport& report) override;
  void warning(const std::string& text) override;
  void python_warning(const std::string& where, const std::string& message) override;
  void run_end(const core::RunSummary& summary) override;

 private:
  // Writes one complete line and flushes it; remembers the first failure.
  void emit(const std::string& line);

  std::ostream& out_;
  std::string path_;
  bool passing_stdout_;
  bool passing_stderr_;
  std::string failure_;  // why the first failed write failed; then nothing more is written
  std::vector<std::string> trigger_;  // of the current run, repeated in run_end
};

}  // namespace pyspace::report
