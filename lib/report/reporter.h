// Reporter plug-in interface. Reporters depend on lib/core only: they receive results as data.
// Calls arrive in this order per run: run_start, then any number of collect_error / test_done /
// warning, then run_end. In watch mode the same reporter sees several runs.
#pragma once

#include <string>
#include <vector>

#include "core/run_summary.h"
#include "core/test_report.h"

namespace pyspace::report {

struct RunStart {
  std::string rootdir;         // absolute
  std::string configfile;      // pytest's configfile (pytest.ini, ...), absolute; empty: none
  std::string config_file;     // pyspace-test's own file (pyspace.toml, ...); empty: none
  std::string version;         // pyspace-test version
  std::string python_version;  // embedded interpreter, "3.11.2"
  std::string python_executable;  // its sys.executable: the header shows it with -v, as pytest
  int collected = 0;           // items about to run; -1 when files are collected one at a time
                               // as they run (--isolate file) and the total is not known yet
  std::vector<std::string> trigger;  // watch mode: changed files that caused this run
  // Items left out after collection by -k, -m, --deselect and pytest's cacheprovider/stepwise
  // (lib/run/cache.h; the "collected" line counts them: "collected 7 items / 2 deselected / 5
  // selected"), the lines shown under it ("run-last-failure: ...", "stepwise: ..."), and
  // "cachedir: X" shown above the rootdir line when not empty.
  int deselected = 0;
  std::vector<std::string> collection_lines;
  std::string cachedir;
  bool no_collection = false;  // --cache-show: the header only, no "collected" line
  // -n N: the number of workers and how tests are handed out ("LoadFileScheduling", as
  // pytest-xdist's verbose header names it); 0 without -n.
  int workers = 0;
  std::string scheduling;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void run_start(const RunStart& start) = 0;
  virtual void collect_error(const core::CollectError& error) = 0;
  // A module skipped itself while collected (pytest's skipped collection report: when
  // "collect"): counted in the "collected" line ("/ 1 skipped") and the closing counts, in the
  // JUnit XML and -rs, not a test (no progress). Arrives where collect_error would.
  virtual void collect_skip(const core::TestReport& report) { (void)report; }
  // --collect-only without -q: the collected items as pytest lists them (console_format.h's
  // collection_tree), after run_start and the collection errors, before run_end. Only the
  // console shows it.
  virtual void collection_listing(const std::vector<std::string>& lines) { (void)lines; }
  // A test is about to run (before its setup): its node id and its file as the progress shows
  // it. pytest's logstart: what the test writes to the terminal (-s, --capture=tee-sys) comes
  // after its file or node id. The reports of its phases follow in test_done.
  virtual void test_start(const std::string& nodeid, const std::string& file) {
    (void)nodeid;
    (void)file;
  }
  virtual void test_done(const core::TestReport& report) = 0;
  // The last report of a test has been given (pytest's logfinish): progress counts tests, not
  // reports, so a test's teardown error does not move it.
  virtual void test_finish(const std::string& nodeid) { (void)nodeid; }
  // A warning for the user: "os.environ was modified by tests in tests/test_env.py".
  virtual void warning(const std::string& text) = 0;
  // A Python warning raised by a test or while collecting a file: `where` is the test's node
  // id or the file's path, `message` as warnings.formatwarning() writes it. Counted in the
  // closing line ("2 warnings") and listed in the warnings summary, as pytest does.
  virtual void python_warning(const std::string& where, const std::string& message) = 0;
  virtual void run_end(const core::RunSummary& summary) = 0;
  // Live logging (log_cli): records logged outside any test, one formatted record each, with
  // pytest's name for when ("collection", after run_start or, with --isolate file, before the
  // file's tests; "sessionfinish", before run_end). Only the console shows them.
  virtual void live_log(const std::string& when, const std::vector<std::string>& records) {
    (void)when;
    (void)records;
  }
};

}  // namespace pyspace::report
