// The one place lib/run calls Python: the run loop's interfaces (run/run_engine.h) implemented
// over the embedded runner (lib/collect/collect.py, lib/run/execute.py, lib/space) and the
// conversion of its report dicts into core data.
// CONTRACT: GIL held; collect/run calls need the space they belong to active.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "python/object.h"
#include "run/run_engine.h"
#include "run/run_options.h"

namespace pyspace::space {
class ModuleSpace;
}

namespace pyspace::run {

// Collection by _pyspace.collect.collect, configured by the project's pytest configuration.
class PythonCollector final : public Collector {
 public:
  // Throws core::UsageError for an invalid -k / -m ("Wrong expression passed to '-k': ...", as
  // pytest). Imports the runner's modules into the root, serves the light pytest as `pytest`
  // (pytest_finder.py) and reads the pytest configuration at the rootdir. No space active.
  explicit PythonCollector(const RunOptions& options);

  ProjectSettings settings() const override { return settings_; }
  Collected collect(const collect::TestFile& file) override;
  std::vector<std::string> unsupported() override;
  std::optional<ItemOrder> modify_items(const std::vector<const Item*>& items) override;
  std::optional<std::string> initial_conftest_failure(const std::vector<std::filesystem::path>& anchors) override;
  std::vector<std::vector<CollectedNode>> node_chains(const std::vector<const Item*>& items, bool docs) override;

  // The runner's pytest configuration dict (pytest_config.from_model): what sessions need too.
  const python::Object& pytest_config() const { return pytest_config_; }

 private:
  std::optional<std::string> keyword_;
  std::optional<std::string> markexpr_;
  std::string capture_mode_;  // --capture: what a file writes while collected is captured too
  std::string rootdir_;
  std::string confcutdir_;
  python::Object pytest_config_;
  python::Kwargs config_kwargs_;  // what every collect_file call passes from the configuration
  ProjectSettings settings_;
  // Files with doctests also pass `doctest`, `tests` and `doctest_options` (doctests.options(),
  // made at the first such file).
  python::Kwargs doctest_kwargs(const collect::TestFile& file);
  DoctestOptions doctest_;
  python::Object doctest_options_;
};

// While alive, a fatal signal prints the Python stacks of every thread (faulthandler, as
// pytest's plugin does) and then the test that was running (core/crash_note.h), on the stderr
// of when it was made (a duplicate: fd 2 is redirected into the capture while tests run).
// CONTRACT: made and destroyed with the interpreter running, GIL held, before any capture.
class CrashWatch {
 public:
  CrashWatch();
  ~CrashWatch();
  CrashWatch(const CrashWatch&) = delete;
  CrashWatch& operator=(const CrashWatch&) = delete;
  int fd() const { return fd_; }  // where faulthandler and the crash note write; -1: none

 private:
  int fd_ = -1;
  bool faulthandler_was_on_ = false;
  python::Object kept_fds_;  // the fds open when it was made, kept from a test's os.closerange
};

// Spaces made as the options say (python_path first, shared modules, fakes) and sessions of
// _pyspace.run.execute.Session; a CrashWatch for as long as it lives.
class PythonSessions final : public SessionFactory {
 public:
  PythonSessions(const RunOptions& options, const PythonCollector& collector);

  std::unique_ptr<RunSpace> make_space() override;
  std::unique_ptr<Executor> open_session() override;
  int fork_process(int crash_fd, int channel_fd) override;
  void enter_worker(const std::string& id, int count, const std::string& testrun_uid) override;
  void start_coverage() override;
  void save_child_coverage() override;
  std::vector<std::string> running_threads() override;
  std::vector<std::pair<int, std::string>> run_child_exit_callbacks() override;
  std::optional<std::pair<std::string, bool>> finish_coverage(bool tests_failed) override;
  bool interrupted() override;

  // Called with each space after its last deactivation, before it is closed (watch mode reads
  // its modules for the import graph and the warm root).
  using SpaceObserver = std::function<void(space::ModuleSpace&)>;
  void observe_spaces(SpaceObserver observer) { observer_ = std::move(observer); }

 private:
  RunOptions options_;
  const PythonCollector& collector_;
  SpaceObserver observer_;
  CrashWatch crash_watch_;
};

// The pytest plugins pytest would load for this run (entry points of group pytest11 on the
// space's path, unless PYTEST_DISABLE_PLUGIN_AUTOLOAD or -p no:NAME; installed_plugins.py).
struct InstalledPlugin {
  std::string name;  // the entry point's: what -p no:NAME names
  std::string dist;  // the distribution's: "pytest-mock"
  bool inert = false;  // it acts only where a suite uses it (installed_plugins.inert())
};
std::vector<InstalledPlugin> installed_plugins(const RunOptions& options);

// pytest's own `pytest.main(args)` in a fresh space made as the options say (python_path first,
// shared modules, fakes), torn down after (lib/run/pytest_engine.py); `observer` sees the space
// before it is closed. CONTRACT: the light pytest was never served in this process (no
// PythonCollector was made), no space active.
struct PytestRun {
  int exit_code = 0;
  bool interrupted_by_user = false;  // KeyboardInterrupt ended it (pytest's exit 2)
};
PytestRun run_with_pytest(const RunOptions& options, const std::vector<std::string>& args,
                          const std::function<void(space::ModuleSpace&)>& observer = {});

// What main wires into a TestRunner for a run (declared in this order: the collector first).
struct PythonEngine {
  explicit PythonEngine(const RunOptions& options) : collector(options), sessions(options, collector) {}
  PythonCollector collector;
  PythonSessions sessions;
};

}  // namespace pyspace::run
