// Results as data: what one test did, and what a collection error was.
// Reporters consume these; nothing here knows about Python.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/outcome.h"

namespace pyspace::core {

// --reruns: one attempt of a test that failed (or errored) and ran again, as
// pytest-rerunfailures reports it ("rerun"); folded into the report of the test's last attempt.
struct RerunAttempt {
  Outcome outcome = Outcome::Failed;  // Failed or Error: what the attempt would have reported
  std::string when = "call";
  double duration_s = 0.0;
  std::string message;
  std::string longrepr;
};

// One test item's final result (setup, call and teardown folded together as pytest's
// terminal summary does: an error in setup/teardown makes the outcome Error).
struct TestReport {
  std::string nodeid;     // "tests/test_x.py::TestA::test_b[1-2]" (relative to rootdir, '/')
  std::string file;       // "tests/test_x.py"
  std::string classname;  // JUnit classname: "tests.test_x.TestA"
  std::string name;       // JUnit name: "test_b[1-2]"
  int line = 0;           // 1-based line of the test definition, 0 when unknown
  Outcome outcome = Outcome::Passed;
  std::string when = "call";  // "setup", "call" or "teardown": where a failure happened
  double duration_s = 0.0;
  std::string message;    // one line: "AssertionError: assert 1 == 2", skip reason, ...
  std::string longrepr;   // full failure text (traceback with source lines), empty on pass
  std::string captured_stdout;
  std::string captured_stderr;
  // Python warnings the test raised, each as warnings.formatwarning() writes it
  // ("path:12: UserWarning: text\n  source line\n"); pytest's warnings summary lists them.
  std::vector<std::string> warnings;
  // --durations: the duration of each phase the item ran, ("setup", 0.001), ("call", ...), on
  // its last report; empty when not asked for (lib/run/reports.py).
  std::vector<std::pair<std::string, double>> phase_durations;
  // What the item wrote and logged, as pytest's report sections, in its order: per phase up to
  // this report's own, ("Captured stdout setup", text), ("Captured stderr setup", ...),
  // ("Captured log setup", ...), then call's. teardown_sections: those of the teardown when it
  // passed (pytest's separate teardown report; on the item's last report only).
  std::vector<std::pair<std::string, std::string>> sections;
  std::vector<std::pair<std::string, std::string>> teardown_sections;
  // Live logging (log_cli): one formatted record each, with its phase ("setup", "call",
  // "teardown"); live_log is shown before this report's outcome, live_log_after after it.
  std::vector<std::pair<std::string, std::string>> live_log;
  std::vector<std::pair<std::string, std::string>> live_log_after;
  // On the item's last report: what the test recorded with record_property (name, str(value)),
  // record_xml_attribute (attributes of its JUnit testcase) and, since the previous report,
  // record_testsuite_property (properties of the whole JUnit testsuite).
  std::vector<std::pair<std::string, std::string>> user_properties;
  std::vector<std::pair<std::string, std::string>> xml_attributes;
  std::vector<std::pair<std::string, std::string>> suite_properties;
  // --reruns: the earlier attempts, in order (empty: it ran once). A test with reruns that then
  // passed is flaky.
  std::vector<RerunAttempt> reruns;
  // -n: the worker that ran it ("gw0"), set by the parent; empty without -n.
  std::string worker;
};

// One collector node of pytest's --collect-only tree: `key` tells nodes apart, `label` is
// what pytest prints ("<Module test_x.py>", "<Function test_y>"), `doc` its docstring (-v).
struct CollectedNode {
  std::string key;
  std::string label;
  std::string doc;
};

// A file that could not be collected (SyntaxError, ImportError at import time, ...).
struct CollectError {
  std::string path;     // relative to rootdir
  std::string message;  // one line: "SyntaxError: invalid syntax (test_x.py, line 3)"
  std::string longrepr; // full text
  // A conftest.py of the file did not import: pytest's walk imports it, so there the whole
  // session's collection fails (path "", no test runs) with the conftest's own error, this
  // message ("ValueError: bad") and longrepr (its traceback).
  bool conftest = false;
  std::string conftest_message{};
  std::string conftest_longrepr{};
  // What the file wrote while collected, as pytest's report sections: ("Captured stdout",
  // text), ("Captured stderr", text).
  std::vector<std::pair<std::string, std::string>> sections{};
};

}  // namespace pyspace::core
