// pytest-like terminal output: header, per-file progress lines (or one line per test with
// -v, bare characters with -q), then ERRORS, FAILURES, warnings summary, short test summary
// and the closing line. Layout follows pytest 7.2's terminal reporter, checked line by line
// against `python3 -m pytest` on the same results. Known differences: no "collecting ... "
// line on a terminal (pytest rewrites it there); the closing line is coloured as a whole (pytest colours each count);
// longreprs are printed as given (no syntax highlighting; "E   " lines bold red).
// The "collected N items" line is held back until the first test or run_end, so that it
// can count the collection errors reported after run_start ("collected 3 items / 1 error").
// Captured output is each report's sections (pytest's "Captured stdout call", "Captured log
// setup", ...). Live logging (log_cli) writes the records of each test as pytest's live handler
// does, "live log call" sections between the node id and the outcome, with the verbose layout
// for the tests (pytest sets -v for its run loop then); they appear when the test has ended.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/console_format.h"
#include "report/reporter.h"
#include "report/summary_format.h"
#include "report/terminal_writer.h"

namespace pyspace::report {

struct ConsoleOptions {
  // -2 = -qq (no closing line either), -1 = -q (no header, bare characters, closing line
  // without '='), 0 = default, 1 = -v (one line per test), 2 = -vv (skip reasons untrimmed).
  int verbosity = 0;
  bool color = false;  // ANSI colour codes; the caller decides (see should_use_color)
  int width = 80;      // terminal columns
  // Cut "FAILED id - message" lines to the width, as pytest does except on CI
  // (where $CI or $BUILD_NUMBER is set); the caller decides.
  bool trim_summary_messages = true;
  // Flush after each test's letter or line (a person watching a terminal, or test output going
  // straight to the same terminal with -s); otherwise the output is written in blocks and at
  // the end of each event that ends the run. The caller decides.
  bool live = true;
  // The output is a terminal (pytest rewrites its "collecting ... " line there; elsewhere -v
  // keeps it in front of "collected N items").
  bool is_terminal = false;

  // pytest's reporting options (app/report_flags.cpp reads them from the command line and
  // the ini file); the defaults are pytest's.
  std::string reportchars = "wfE";  // -r, resolved (resolve_report_chars): 'w' = warnings summary
  // --tb: "no" leaves out the ERRORS and FAILURES sections; with "line" each longrepr's first
  // line is the crash line the FAILURES section shows, its rest what ERRORS shows
  // (failure_text.py). Other styles only change the longrepr text, made in Python.
  std::string tbstyle = "auto";
  bool header = true;    // --no-header: false (the platform and rootdir lines)
  // Where pyspace-test was started (absolute): node ids are shown relative to it when it is not
  // the rootdir (pytest's cwd_relative_nodeid: "test_x.py::t" from tests/, "../suite/..."); empty:
  // as they are.
  std::string invocation_dir;
  bool summary = true;   // --no-summary: false (every section after the progress)
  // --junitxml's absolute path: the summary's "generated xml file: PATH" line (pytest's
  // junitxml plugin writes it); empty without --junitxml.
  std::string junit_xml_path;
  // console_output_style: progress " [ 50%]", count " [ 2/4]", classic (none; also -s and
  // --setup-show, as pytest).
  enum class Progress { Percent, Count, None } progress = Progress::Percent;
  std::optional<int> durations;  // --durations N (0: all)
  double durations_min = 0.005;  // --durations-min
  // --show-capture: which captured streams the FAILURES/ERRORS sections show.
  bool show_stdout = true;
  bool show_stderr = true;
  bool show_log = true;
  // Live logging (log_cli, --log-cli-level; app/logging_flags.cpp): the tests' lines are
  // verbose ones, with their live-log records; live_log() events show the others.
  bool live_logging = false;
};

// --color flag resolution: "yes" -> true, "no" -> false, "auto" -> a terminal and NO_COLOR
// unset or empty (https://no-color.org). Any other flag value counts as "auto".
bool should_use_color(std::string_view flag, bool is_tty, const char* no_color_env);

class ConsoleReporter : public Reporter {
 public:
  // `out` must outlive the reporter.
  explicit ConsoleReporter(std::ostream& out, ConsoleOptions options = {});

  void run_start(const RunStart& start) override;
  void collect_error(const core::CollectError& error) override;
  void collect_skip(const core::TestReport& report) override;
  void collection_listing(const std::vector<std::string>& lines) override;
  void test_start(const std::string& nodeid, const std::string& file) override;
  void test_done(const core::TestReport& report) override;
  void test_finish(const std::string& nodeid) override;
  void warning(const std::string& text) override;
  void python_warning(const std::string& where, const std::string& message) override;
  void run_end(const core::RunSummary& summary) override;
  void live_log(const std::string& when, const std::vector<std::string>& records) override;

 private:
  using Sections = std::vector<std::pair<std::string, std::string>>;
  // A failure or error as shown in the FAILURES / ERRORS sections and the short summary.
  struct Problem {
    std::string heading;        // "TestA.test_b[2]", "ERROR collecting tests/test_c.py"
    std::string longrepr;
    std::string when;           // "setup", "call", "teardown" or "collect"
    Sections sections;          // captured output, as --show-capture lets through
    std::string summary_id;     // nodeid or path, after "FAILED " / "ERROR "
    std::string message;
    std::string worker_line;    // -n: "[gw0] linux -- Python 3.11.2 /usr/bin/python3" above the text
  };
  // A passed, xfailed or xpassed test as the short summary and PASSES show it.
  struct Shown {
    std::string nodeid;
    std::string message;  // xfail reason
    std::string heading;  // PASSES: failure_headline(nodeid)
    Sections sections;
    Sections teardown_sections;
    std::string worker_line;  // as Problem's
  };

  // pytest's live-log handler: where it is in the records of the test under way.
  struct LiveState {
    std::string when;             // the phase of the last record ("start", "logreport" between)
    bool first_emitted = false;   // a record of this test was written (a newline first)
    bool outcome_written = false; // the newline after the outcome before teardown's records
    bool section_shown = false;   // this phase's "live log <when>" separator was written
  };

  // Everything that belongs to one run (watch mode starts a fresh one per run).
  struct RunState {
    int verbosity = 0;  // options.verbosity; pytest raises it to 1 for the tests when live logging
    bool no_collection = false;
    int collected = 0;
    int reported = 0;
    int collect_errors = 0;
    int collect_skips = 0;
    int deselected = 0;
    std::string rootdir_from_invocation;  // the rootdir when it is not the invocation dir, else ""                         // RunStart's (pytest's cacheprovider/stepwise)
    // -n (RunStart's workers, scheduling): pytest-xdist's lines replace the "collected" line, the
    // progress names no files, and each report names its worker; `worker_info` follows the
    // worker's name above a problem's text: "linux -- Python 3.11.2 /usr/bin/python3".
    int workers = 0;
    std::string scheduling;
    std::string worker_info;
    std::vector<std::string> collection_lines;  // RunStart's, shown under the "collected" line
    bool collected_line_pending = false;
    bool collecting_written = false;  // "collecting ... " is out (before collection's live log)
    LiveState live;
    bool line_open = false;      // pytest's currentfspath: a progress line awaits its newline
    std::string current_file;    // file of the open default-mode progress line
    std::string started_nodeid;  // -v: the test whose node id test_start wrote, awaiting its word
    std::string counted_nodeid;  // the test `reported` last counted
    SeenOutcomes seen;
    std::vector<Problem> errors;
    std::vector<Problem> failures;
    // Kept only when -r, -rP or --durations ask for them.
    std::vector<std::string> skips;  // longreprs "path:line: reason"
    std::vector<std::string> reruns;  // -rR: a node id per rerun attempt (pytest-rerunfailures)
    std::vector<Shown> xfailed;
    std::vector<Shown> xpassed;
    std::vector<Shown> passed;
    std::vector<PhaseTime> durations;
    std::vector<std::string> warnings;
    // Python warnings in pytest's grouping: each distinct message once, with where it came from.
    std::vector<std::pair<std::string, std::vector<std::string>>> python_warnings;
  };

  bool quiet() const { return run_.verbosity < 0; }
  bool verbose() const { return run_.verbosity > 0; }
  void start_live_verbosity();
  Markup main_markup(bool run_finished) const;

  void write_header(const RunStart& start);
  void write_collected_line_once();
  // Default verbosity: begins "path " on a new line unless this file's line is open.
  void start_file_line(const std::string& file);
  // -v: "id WORD  [ 50%]" (the reason of a skip or xfail when `with_reason`); WORD is the
  // outcome's, or RERUN for each earlier attempt (--reruns).
  void write_verbose_line(const core::TestReport& report, std::string_view word, Color color, bool with_reason);
  void write_worker_verbose_line(const core::TestReport& report, std::string_view word, Color color);  // -n: "[gw0] [ 20%] PASSED id"
  void write_workers_line();  // -n: "gw0 [5] / gw1 [5]" where "collected 5 items" would be
  std::string worker_line(const core::TestReport& report) const;
  bool write_progress_after_letter();  // true when it wrote
  void write_progress_filling_space();
  void ensure_newline();

  void write_problems(std::string_view title, const std::vector<Problem>& problems);
  void write_problem_body(const Problem& problem);
  void write_sections(const Sections& sections);
  void write_live_record(std::string_view when, std::string_view record);
  void write_warnings();
  void write_short_summary();
  void write_passes();
  void write_durations();
  bool wants(char report_char) const { return options_.reportchars.find(report_char) != std::string::npos; }
  std::string progress_text() const;
  int progress_width() const;
  void write_summary_line(std::string_view word, const Problem& problem, Markup word_markup);
  std::string shown_nodeid(std::string_view nodeid) const;  // the part after "::" bold
  // `nodeid` (or a path, or "path:line: text") with its path relative to the invocation dir
  // instead of the rootdir (ConsoleOptions::invocation_dir), as pytest shows node ids.
  std::string from_invocation_dir(std::string_view nodeid) const;
  void keep_for_summary(const core::TestReport& report);
  void write_interrupted(const core::RunSummary& summary);
  void write_closing_line(const core::RunSummary& summary);

  Problem failure_problem(const core::TestReport& report) const;
  Problem error_problem(const core::TestReport& report) const;
  static Problem collect_problem(const core::CollectError& error);

  TerminalWriter tw_;
  ConsoleOptions options_;
  RunState run_;
};

}  // namespace pyspace::report
