// The run loop of `pyspace-test run`: discovery, collection and execution in fresh module spaces,
// results handed to a reporter as data. Collection, spaces and execution come through the
// interfaces of run/run_engine.h (main wires the Python-backed ones, run/python_bridge.h; the
// unit tests fakes). CONTRACT with the Python-backed ones: the embedded interpreter is running,
// this thread holds the GIL, and no space is active on entry.
// Defined in test_runner.cpp, supervised_run.cpp and supervised_child.cpp (the tests in forked
// children, -n's workers) and sharded_run.cpp (--shard and the recorded durations).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "collect/discovery.h"
#include "core/run_summary.h"
#include "report/reporter.h"
#include "run/cache_session.h"
#include "run/run_engine.h"
#include "run/run_options.h"
#include "run/worker_process.h"

namespace pyspace::run {

struct CollectOnlyResult {
  std::vector<std::string> nodeids;
  std::vector<std::vector<CollectedNode>> chains;  // each node id's collector nodes (asked for a tree)
  std::vector<core::CollectError> errors;
  int deselected = 0;  // left out by -k, -m, --deselect, --lf, conftest hooks
  double duration_s = 0.0;
};

class TestRunner {
 public:
  // `start` carries the run_start fields the runner does not know (version, config file...).
  // Discovers the test files now: throws core::UsageError for a missing path. `collector` and
  // `sessions` must outlive the runner.
  TestRunner(RunOptions options, Collector& collector, SessionFactory& sessions,
             report::Reporter& reporter, report::RunStart start);

  // Runs everything; the reporter gets run_start, the results and run_end.
  core::RunSummary run();

  // --collect-only: the node ids that would run, and the collection errors; with `tree`, the
  // collector nodes above each (Collector::node_chains, their docstrings with `docs`).
  CollectOnlyResult collect_only(bool tree = false, bool docs = false);
  // pytest's --collect-only output without -q, through the reporters: run_start (the header,
  // "collected N items"), the collection errors, `lines` (Reporter::collection_listing) and
  // run_end closing with `counts` ("9 tests collected"). Returns the summary reported.
  core::RunSummary report_collection(const CollectOnlyResult& result, const std::vector<std::string>& lines,
                                     const std::string& counts);

  // True when the run was stopped by Ctrl-C / SIGTERM (KeyboardInterrupt).
  bool interrupted_by_user() const { return interrupted_by_user_; }

  // The test files selected for this run, in running order (after discovery and selection).
  const std::vector<collect::TestFile>& files() const { return files_; }

 private:
  struct FileItems {
    const collect::TestFile* file;
    std::vector<Item> items;
  };

  // An item's place: files[file].items[item].
  using ItemAt = TestAt;

  void run_in_one_space(core::RunSummary& summary);
  void run_space_per_file(core::RunSummary& summary);
  // A module that skipped itself while collected, at the place of its file among the
  // collection errors: reported before errors[before_error].
  struct PlacedSkip {
    std::size_t before_error;
    core::TestReport report;
  };
  // Reports run_start, the collection errors and skips; false when the errors stop the run.
  bool begin(int collected, const std::vector<core::CollectError>& errors, core::RunSummary& summary,
             const std::vector<PlacedSkip>& skips = {});
  void report_collect_skip(const core::TestReport& report, core::RunSummary& summary);
  // Runs the items in the active space; `space` (isolate=run) is settled after each file.
  // False when the run must stop (maxfail, pytest.exit()).
  bool run_files(Executor& session, const std::vector<FileItems>& files, RunSpace* space,
                 core::RunSummary& summary, ItemAt from);
  // Runs the items in the active space `owner` (settled after each file when `settle`), in a
  // supervised child (options_.supervise) or else here. `space_file`: the file whose space
  // `owner` is (--isolate file), "" for the run's. False when the run must stop.
  bool execute(const std::vector<FileItems>& files, RunSpace& owner, bool settle, const std::string& space_file,
               core::RunSummary& summary);
  bool run_here(const std::vector<FileItems>& files, RunSpace* settled, core::RunSummary& summary, ItemAt from);
  // The parent's side (supervised_run.cpp): one child, or -n's N, forked from the collected
  // state; each asks for tests (run/work_units.h) and sends their reports, which are reported
  // here as run_files reports them; a child that dies fails the test it was running and a new
  // one goes on with what it had not run (run/worker_process.h).
  bool supervise(const std::vector<FileItems>& files, RunSpace& owner, bool settle, const std::string& space_file,
                 core::RunSummary& summary);
  class Supervisor;
  friend class Supervisor;
  // A child's parts (supervised_child.cpp): its loop over the tests the parent gives it, one
  // test run and its reports sent (false: no test after it), a file settled, the session
  // finished and the space closed, and `body` with what it throws sent as an Error, then Done.
  void work_in_child(WorkerOutput& out, const std::vector<FileItems>& files, RunSpace& owner, bool settle,
                     const std::string& space_file, const std::string& worker_id);
  bool child_test(WorkerOutput& out, Executor& session, const Item& item, const Item* next, ItemAt at, bool ack,
                  core::RunSummary& counts);
  void child_settle(WorkerOutput& out, RunSpace& owner, const std::string& relpath);
  void child_finish(WorkerOutput& out, Executor& session, RunSpace& owner, const std::string& space_file);
  void child_errors(WorkerOutput& out, const std::function<void()>& body);
  void send_child_record(WorkerOutput& out);  // SessionFactory::child_record(), when not empty
  // In this process no test has a time limit: the first test with a timeout marker is named in
  // a warning, once per run (a configured limit is said by the command line, app/ci_flags.cpp).
  void say_if_time_limited(Executor& session, const std::vector<FileItems>& files);
  bool limit_not_honoured_said_ = false;
  // What the children's atexit callbacks wrote (their Done), (fd 1 or 2, text) in order:
  // written after the reporters' run_end, where pytest's process writes it as it exits.
  std::vector<std::pair<int, std::string>> exit_output_;
  void write_exit_output();
  // One test, run again while it fails, up to --reruns times (pytest-rerunfailures): the last
  // attempt's reports, the first carrying the earlier attempts (TestReport::reruns).
  // `before_rerun` (may be empty) runs before each new attempt.
  std::vector<core::TestReport> run_item(Executor& session, const Item& item, const Item* next,
                                         const std::function<void()>& before_rerun);
  // Feeds reports to the reporter and the summary; false once maxfail is reached.
  bool record(const std::vector<core::TestReport>& reports, core::RunSummary& summary);
  // What both a supervised child and its parent count after each test's reports, from the same
  // state: failures for --maxfail, the cache's stop (--sw). False: the run stops here.
  bool keep_going(const std::vector<core::TestReport>& reports, core::RunSummary& summary);
  void warn_changes(const std::vector<std::string>& changes, const std::string& file);
  // Throws core::EngineNeeded naming the first of what the active space's collection used that
  // the native engine cannot honour (collector_.unsupported()).
  void check_engine() const;
  // conftest.py's pytest_collection_modifyitems over the collected items (Collector::
  // modify_items), regrouped by file; false when no hook changed anything.
  bool apply_item_hooks(std::vector<FileItems>& files, core::RunSummary& summary);
  static void drop_handles(FileItems& group);
  // pytest's walk imports the conftests: one that does not import fails the whole session's
  // collection, with its own error (path ""); nullopt when no error of `errors` is a conftest's
  // or when not conftest_errors_as_pytest.
  std::optional<core::CollectError> session_collection_error(const std::vector<core::CollectError>& errors) const;
  // Reports a Python warning and counts it in the summary (pytest's "N warnings").
  void python_warning(const std::string& where, const std::string& message, core::RunSummary& summary);
  void select_files();
  void keep_selected(const collect::TestFile& file, std::vector<Item>& items) const;
  void close_space(RunSpace& space, const std::string& file);
  // The warnings closing a space gives (changes named after `file` unless it is "").
  std::vector<std::string> teardown_warnings(const SpaceTeardown& report, const std::string& file) const;
  // pytest's cacheprovider/stepwise over the collected files (in running order): reorders and
  // deselects, and sets what run_start shows (deselected count, "run-last-failure: ..." lines).
  void apply_cache_selection(std::vector<FileItems>& files, core::RunSummary& summary);
  // The cache files pytest writes at session end (before run_end: their warnings are shown).
  void finish_cache(bool collect_only);
  // --shard: leaves out the other shards' items (deselected) and says what this shard runs.
  void apply_shard(std::vector<FileItems>& files, core::RunSummary& summary);
  void shard_files();  // --isolate file: the other shards' files are left out before collection
  // The durations that balance shards: --durations-path's file, else the cache's.
  void load_durations();
  // --cov: the combined data reported into the summary (SessionFactory::finish_coverage).
  void finish_coverage(core::RunSummary& summary);
  // This run's durations, merged into the cache's (and --store-durations' file).
  void finish_durations();

  RunOptions options_;
  Collector& collector_;
  SessionFactory& sessions_;
  report::Reporter& reporter_;
  report::RunStart start_;
  std::vector<collect::TestFile> files_;
  std::optional<CacheSession> cache_;  // unless -p no:cacheprovider
  std::vector<std::string> pending_warnings_;  // pytest configuration warnings, for run_start
  // Python warnings raised while importing test files, reported once the run has started.
  std::vector<std::pair<std::string, std::string>> collect_warnings_;
  // Live-log records logged while importing them (log_cli), shown once the run has started.
  std::vector<std::string> collection_live_log_;
  bool started_ = false;
  bool interrupted_by_user_ = false;
  bool stopped_by_maxfail_ = false;
  bool space_closed_by_child_ = false;
  // --session-timeout: when the run ends (set when it starts); a supervised child reads its copy.
  std::optional<std::chrono::steady_clock::time_point> session_deadline_;
  std::string session_timeout_reason() const;  // "session timeout of 5.0s exceeded"
  static std::string exit_banner(const std::string& reason);  // pytest.exit(): pytest's banner  // its warnings were reported: close_space says nothing
  int failures_ = 0;
  std::string testrun_uid_;  // -n: the run's id (pytest-xdist's testrun_uid), the same in each worker
  Durations durations_;      // recorded, for --shard
  Durations run_durations_;  // this run's, by node id (every report's duration added)
  std::string last_file_;  // the file whose tests ran last (named when a space cannot be put back)
};

}  // namespace pyspace::run
