// The seams of the run loop: collection, module spaces and execution behind small interfaces
// (ninja's CommandRunner / DiskInterface style), so that TestRunner is unit-tested with fakes
// (tests/unit/run) while main wires the Python-backed implementations (run/python_bridge.h).
// Only C++ types here: what an item is stays inside the implementation that made it.
#pragma once

#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "collect/discovery.h"
#include "core/activation_scope.h"
#include "core/test_report.h"

namespace pyspace::run {

// The collector's own handle to one item (the real one holds a Python Item object). The run
// loop only passes it back to the Executor of the same implementation.
class ItemHandle {
 public:
  virtual ~ItemHandle() = default;
};

struct Item {
  std::string nodeid;  // "tests/test_x.py::TestA::test_b[1]", as pytest names it
  std::shared_ptr<const ItemHandle> handle;
  std::string file;    // its file as the progress line names it (TestReport::file)
};

using core::CollectedNode;

struct Collected {
  std::vector<Item> items;  // in running order
  std::vector<core::CollectError> errors;
  // Modules that skipped themselves while imported (pytest.skip(allow_module_level=True),
  // importorskip): pytest's skipped collection reports, not items (outcome Skipped, when
  // "collect", longrepr "path:line: reason"), never deselected.
  std::vector<core::TestReport> skips;
  // Python warnings raised while importing the file: (where: "path:line", formatted message).
  std::vector<std::pair<std::string, std::string>> warnings;
  int deselected = 0;  // items -k, -m and --deselect left out (not in `items`)
  // Live logging (log_cli): the records logged while importing the file, formatted.
  std::vector<std::string> live_log;
};

// What the project's pytest configuration (pytest.ini, pyproject.toml, ...) tells the run loop.
struct ProjectSettings {
  std::vector<std::string> warnings;      // about the configuration itself, shown at run start
  std::vector<std::string> testpaths;     // pytest's `testpaths`, used when no path was given
  std::vector<std::string> python_files;  // pytest's `python_files` globs (empty: the default)
};

class Collector {
 public:
  virtual ~Collector() = default;
  virtual ProjectSettings settings() const = 0;
  // The items of one test file, its collection errors and import warnings.
  // CONTRACT: the space the file is collected in is active.
  virtual Collected collect(const collect::TestFile& file) = 0;
  // What the native engine cannot honour in what was collected in the active space so far
  // (conftest hooks, pytest_plugins, an installed plugin's fixtures, ...): one line each, the
  // first met first. CONTRACT: the collecting space is active.
  virtual std::vector<std::string> unsupported() = 0;
  // conftest.py's pytest_collection_modifyitems over every item of the run (in running order):
  // the positions of the items kept, in their new order, and how many the hooks deselected
  // (pytest_deselected); nullopt when no conftest defines the hook. Throws core::EngineNeeded
  // when the hook needs what only pytest has. CONTRACT: the collecting space is active.
  struct ItemOrder {
    std::vector<int> order;
    int deselected = 0;
    // Python warnings the hooks raised: (where: "path:line", formatted message), as Collected's.
    std::vector<std::pair<std::string, std::string>> warnings;
  };
  virtual std::optional<ItemOrder> modify_items(const std::vector<const Item*>& /*items*/) { return std::nullopt; }
  // pytest's initial conftests (those of `anchors`, the command line's paths or the invocation
  // directory, and of their `test*` subdirectories), imported before any test file: pytest's
  // text for the first that does not import, nullopt when all do. CONTRACT: the run's space active.
  virtual std::optional<std::string> initial_conftest_failure(const std::vector<std::filesystem::path>& /*anchors*/) {
    return std::nullopt;
  }
  // --collect-only's tree: the collector nodes pytest would have above each item, outermost
  // first (CollectedNode), with their docstrings when `docs` (-v); {} when not known.
  // CONTRACT: the space the items were collected in is active.
  virtual std::vector<std::vector<CollectedNode>> node_chains(const std::vector<const Item*>& /*items*/,
                                                              bool /*docs*/) {
    return {};
  }
};

// One test session in one active space: session-scoped state (capture, fixtures) lives from
// the first run() to close().
class Executor {
 public:
  virtual ~Executor() = default;
  // Runs `item` (setup, call, teardown of what `next` no longer needs); `next` is the item that
  // runs after it in this session, nullptr for the last.
  virtual std::vector<core::TestReport> run(const Item& item, const Item* next) = 0;
  // The reports run() gave have been shown: what the session writes to the terminal after a
  // test's outcome (--setup-show's teardown lines) goes out now.
  virtual void reported() {}
  // Reports of what is torn down at the end of the session (session fixtures' teardown errors).
  virtual std::vector<core::TestReport> finish() = 0;
  // Live logging (log_cli): the records logged by the last finish(), formatted.
  virtual std::vector<std::string> finish_live_log() const { return {}; }
  // True when the session writes to the terminal itself (no fd capture, --setup-show): in a
  // supervised child each test then waits for its parent to have written what precedes it.
  virtual bool writes_to_terminal() const { return false; }
  // Seconds `item` may take for setup, call and teardown: its pytest-timeout marker, else
  // `default_s` (0: no limit). Throws python::PythonError for a marker value that is not a
  // number of seconds.
  virtual double timeout_of(const Item& /*item*/, double default_s) const { return default_s; }
  // The first of `items` with a pytest-timeout marker of a limit > 0 (what a run in this
  // process cannot honour), if any; an invalid marker value counts as none.
  virtual const Item* first_time_limited(const std::vector<const Item*>& /*items*/) const { return nullptr; }
  // Set once a test called pytest.exit(): the run stops.
  virtual std::optional<std::string> exit_reason() const = 0;
  virtual void close() = 0;
};

// What closing a space found: state the tests changed (and that was put back), and leaks.
struct SpaceTeardown {
  std::vector<std::string> changes;
  std::vector<std::string> leaks;  // only with check_leaks
  std::vector<std::string> notices;  // module placement's exceptions (space.py: notices)
};

// A fresh module space configured for the run (path, shared modules, fakes).
class RunSpace {
 public:
  virtual ~RunSpace() = default;
  virtual void activate() = 0;
  virtual void deactivate() = 0;
  // CONTRACT (both): active. checkpoint() notes the process state (environment, cwd, logging,
  // ...); settle() restores it and says what the tests changed since.
  virtual void checkpoint() = 0;
  virtual std::vector<std::string> settle() = 0;
  // After the last deactivation.
  virtual SpaceTeardown close(bool check_leaks) = 0;

  // Activation as a scope (deactivate() throws core::SpaceBroken when it cannot put back).
  using Active = core::ActivationScope<RunSpace>;
};

// What watch mode says of a run in progress (SessionFactory::staleness()).
enum class Staleness { Fresh, Saved, Quit };
constexpr int kStalenessPollMs = 10;

class SessionFactory {
 public:
  virtual ~SessionFactory() = default;
  // A new space for the run; not active.
  virtual std::unique_ptr<RunSpace> make_space() = 0;
  // A new session. CONTRACT: the space it will run in is active, and stays so until close().
  virtual std::unique_ptr<Executor> open_session() = 0;
  // Supervised runs (run/worker_process.h): forks this process, with the active space and the
  // collected items; in the child, what the crash watch writes on a fatal signal goes to
  // `crash_fd`, and `channel_fd` (its end of the socket to the parent) is the runner's, as its
  // other descriptors (kept from a test's os.closerange). The child's pid in the parent, 0 in the child, -1 with errno when no child
  // could be made (ENOSYS: this implementation does not fork; the tests run in this process).
  virtual int fork_process(int /*crash_fd*/, int /*channel_fd*/) {
    errno = ENOSYS;
    return -1;
  }
  // -n's workers: in a worker child before its first test, its space active: what pytest-xdist
  // gives a worker (PYTEST_XDIST_WORKER=`id`, PYTEST_XDIST_WORKER_COUNT, PYTEST_XDIST_TESTRUNUID,
  // the worker_id fixture), part of the process's state the space puts back.
  virtual void enter_worker(const std::string& /*id*/, int /*count*/, const std::string& /*testrun_uid*/) {}
  // --cov (run/run_options.h CoverageOptions): measuring starts before the run's first space is
  // activated (no space active); a forked child saves what it measured before it exits; after
  // the last child, finish_coverage() combines and reports: the text of the terminal summary and
  // whether --cov-fail-under failed (nullopt: no --cov).
  virtual void start_coverage() {}
  virtual void save_child_coverage() {}
  virtual std::optional<std::pair<std::string, bool>> finish_coverage(bool /*tests_failed*/) { return std::nullopt; }
  // In a forked child, last before it exits (with _exit): calls the atexit callbacks registered
  // in it (by its tests, or a module they imported first), as the interpreter's exit would (the
  // parent's own were cleared in the child), and returns what they wrote to stdout (fd 1) and
  // stderr (2), in order: the parent writes it after its summary, where pytest's process shows it.
  virtual std::vector<std::pair<int, std::string>> run_child_exit_callbacks() { return {}; }
  // True when Ctrl-C (SIGINT) reached this process since the last call (a parent waiting for
  // its child in C++ learns of it here).
  virtual bool interrupted() { return false; }
  // Watch mode's supervised runs (-n, --timeout). The parent asks staleness() between its
  // children's messages, and every kStalenessPollMs while polls_staleness(): Saved stops the run
  // once the tests running when it was first seen have reported (a file they wrote is then known
  // as theirs and asked about again), Quit at once (the running tests get KeyboardInterrupt).
  virtual bool polls_staleness() const { return false; }
  virtual Staleness staleness() { return Staleness::Fresh; }
  // In a supervised child, after each test and before the child ends: what it recorded since the
  // last call (watch: what its tests imported and opened), opaque, "" for nothing; the parent
  // hands it to take_child_record(). GIL held in both.
  virtual std::string child_record() { return {}; }
  // The names of the threads running now besides the main one (what collection started: a
  // module or conftest that starts a thread when imported); a forked child would not have them.
  virtual std::vector<std::string> running_threads() { return {}; }
  virtual void take_child_record(const std::string& /*record*/) {}
};

}  // namespace pyspace::run
