#include "watch/watch_loop.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "collect/discovery.h"
#include "config/command_line.h"
#include "core/errors.h"
#include "python/error.h"
#include "python/gil.h"
#include "python/signals.h"
#include "watch/terminal_keys.h"

namespace pyspace::watch {
namespace fs = std::filesystem;

namespace {

// Remembers the node ids that failed, for the `f` key.
class FailureRecorder final : public report::Reporter {
 public:
  explicit FailureRecorder(report::Reporter& next) : next_(next) {}
  void run_start(const report::RunStart& start) override { next_.run_start(start); }
  void collect_error(const core::CollectError& error) override { next_.collect_error(error); }
  void test_start(const std::string& nodeid, const std::string& file) override { next_.test_start(nodeid, file); }
  void test_finish(const std::string& nodeid) override { next_.test_finish(nodeid); }
  void test_done(const core::TestReport& report) override {
    if (core::is_failure(report.outcome) && !report.nodeid.empty()) failed.push_back(report.nodeid);
    next_.test_done(report);
  }
  void warning(const std::string& text) override { next_.warning(text); }
  void python_warning(const std::string& where, const std::string& message) override {
    next_.python_warning(where, message);
  }
  void run_end(const core::RunSummary& summary) override { next_.run_end(summary); }
  void live_log(const std::string& when, const std::vector<std::string>& records) override {
    next_.live_log(when, records);
  }
  std::vector<std::string> failed;

 private:
  report::Reporter& next_;
};

std::vector<std::string> strings(const std::vector<fs::path>& paths) {
  std::vector<std::string> out;
  for (const auto& path : paths) out.push_back(path.string());
  return out;
}

}  // namespace

struct WatchLoop::Event {
  enum Kind { Changes, Key, Quit } kind = Quit;
  std::vector<fs::path> changed;
  char key = 0;
};

WatchLoop::WatchLoop(WatchOptions options, OptionsFactory make_options, report::Reporter& reporter,
                     report::RunStart start, std::ostream& terminal, FileWatcher& watcher,
                     WatchRunner& runner)
    : options_(std::move(options)),
      make_options_(std::move(make_options)),
      base_(make_options_()),
      reporter_(reporter),
      start_(std::move(start)),
      terminal_(terminal),
      watcher_(watcher),
      runner_(runner) {}

int WatchLoop::run() {
  RawKeys keys(options_.interactive);
  int signal_fd = python::install_signal_wakeup();
  int status = run_once({});
  int runs = 1;
  while (!stop_ && (options_.max_runs == 0 || runs < options_.max_runs)) {
    Event event = wait_for_event(keys, signal_fd);
    if (event.kind == Event::Quit) break;
    std::vector<fs::path> changed;
    if (event.kind == Event::Key) {
      switch (event.key) {
        case 'q': stop_ = true; continue;
        case 'a': mode_ = Mode::All; break;
        case 'f':
        case 'p':
          if (options_.pytest_engine) {
            terminal_ << "pyspace-test watch: pytest's engine runs this suite: it reruns pytest's whole selection"
                      << std::endl;
            continue;
          }
          if (event.key == 'f') {
            mode_ = Mode::Failed;
            break;
          }
          pattern_ = keys.read_line("pattern (part of a test file's path, empty for all)> ");
          mode_ = pattern_.empty() ? Mode::All : Mode::Pattern;
          break;
        case '\n': case '\r': changed = last_changed_; break;
        default: continue;
      }
    } else {
      changed = event.changed;
      if (std::find_first_of(changed.begin(), changed.end(), options_.config_files.begin(),
                             options_.config_files.end()) != changed.end()) {
        try {
          base_ = make_options_();
        } catch (const core::Error& error) {
          // The new configuration needs pytest's engine: the command hands over (auto).
          if (options_.may_hand_over && (dynamic_cast<const core::EngineNeeded*>(&error) ||
                                         dynamic_cast<const config::UnsupportedOption*>(&error) ||
                                         dynamic_cast<const config::UnrecognizedArguments*>(&error)))
            throw;
          terminal_ << "pyspace-test: error: " << error.what() << std::endl;
          continue;
        }
      }
    }
    status = run_once(changed);
    ++runs;
  }
  if (signal_fd >= 0) close(signal_fd);
  return status;
}

int WatchLoop::run_once(const std::vector<fs::path>& changed) {
  last_changed_ = changed;
  run::RunOptions options = base_;
  options.check_leaks = true;
  options.supervise = false;  // the space's modules are read here after the run (import graph)
  if (mode_ == Mode::Failed) options.only_nodeids = failed_;
  if (mode_ == Mode::Pattern) options.file_pattern = pattern_;
  try {
    auto all_files = collect::discover(options.paths, options.rootdir, std::filesystem::current_path(), walk_rules(options));
    std::vector<fs::path> test_paths;
    for (const auto& file : all_files) test_paths.push_back(file.path);
    if (!options_.pytest_engine) {
      for (auto& path : runner_.affected(test_paths, changed)) options.first_files.push_back(std::move(path));
      for (const auto& path : changed)  // a new or renamed test file runs first too
        if (collect::is_test_file_name(path.filename().string()) &&
            std::find(options.first_files.begin(), options.first_files.end(), path) == options.first_files.end())
          options.first_files.push_back(path);
    }
    options.only_first = options_.affected_only && !changed.empty();
    if (options_.interactive && options_.clear) terminal_ << "\x1b[2J\x1b[H";
    print_header(changed, options.first_files.size(), all_files.size());

    FailureRecorder recorder(reporter_);
    report::RunStart start = start_;
    start.trigger = strings(changed);
    auto result = runner_.run(options, recorder, start, terminal_);
    if (result.interrupted_by_user) stop_ = true;
    if (mode_ != Mode::Failed) failed_ = recorder.failed;
    if (options_.interactive)
      terminal_ << "\nWatching for changes. Keys: a all, f failed, p pattern, Enter rerun, q quit"
                << std::endl;
    return result.exit_status >= 0 ? result.exit_status : core::to_int(result.summary.exit_code());
  } catch (const python::PythonError& error) {
    terminal_ << error.traceback() << "pyspace-test: internal error: " << error.what() << std::endl;
    return core::to_int(core::ExitCode::InternalError);
  } catch (const core::EngineNeeded& needed) {
    if (options_.may_hand_over && !needed.after_output()) throw;
    terminal_ << "pyspace-test: error: " << needed.what() << std::endl;
    return core::to_int(needed.code());
  } catch (const core::Error& error) {
    terminal_ << "pyspace-test: error: " << error.what() << std::endl;
    return core::to_int(error.code());
  }
}

void WatchLoop::print_header(const std::vector<fs::path>& changed, size_t first, size_t total) {
  if (changed.empty() && mode_ == Mode::All) return;
  std::vector<std::string> names;
  for (const auto& path : changed) names.push_back(fs::relative(path, base_.rootdir).string());
  std::string what = changed.empty() ? "rerun" : fmt::format("changed: {}", fmt::join(names, ", "));
  std::string selection =
      mode_ == Mode::Failed    ? fmt::format("only the {} failed tests", failed_.size())
      : mode_ == Mode::Pattern ? fmt::format("files matching '{}'", pattern_)
      : first > 0 ? fmt::format("{} affected test file{} first{}", first, first == 1 ? "" : "s",
                                options_.affected_only ? " (only)" : fmt::format(", then the other {}", total - std::min(first, total)))
                  : "all test files";
  terminal_ << fmt::format("pyspace-test watch: {}; running {}", what, selection) << std::endl;
}

WatchLoop::Event WatchLoop::wait_for_event(RawKeys& keys, int signal_fd) {
  for (;;) {
    pollfd fds[3] = {{watcher_.fd(), POLLIN, 0}, {signal_fd, POLLIN, 0},
                     {keys.enabled() ? STDIN_FILENO : -1, POLLIN, 0}};
    int ready;
    {
      python::GilRelease release;
      ready = poll(fds, 3, -1);
    }
    if (ready < 0 && errno != EINTR) return {};
    if (python::interrupted_by_signal() || (fds[1].revents & POLLIN)) {
      char drain[64];
      while (signal_fd >= 0 && read(signal_fd, drain, sizeof(drain)) > 0) {
      }
      return {};
    }
    if (fds[2].revents & POLLIN) {
      if (auto key = keys.read_key()) return {Event::Key, {}, *key};
    }
    if (fds[0].revents & POLLIN) {
      auto changed = relevant(watcher_.read_changes());
      if (!changed.empty()) return {Event::Changes, debounce(std::move(changed)), 0};
    }
  }
}

std::vector<fs::path> WatchLoop::debounce(std::vector<fs::path> changed) {
  for (;;) {
    pollfd fd{watcher_.fd(), POLLIN, 0};
    int ready;
    {
      python::GilRelease release;
      ready = poll(&fd, 1, options_.debounce_ms);
    }
    if (ready <= 0) break;
    for (auto& path : relevant(watcher_.read_changes()))
      if (std::find(changed.begin(), changed.end(), path) == changed.end()) changed.push_back(path);
  }
  return changed;
}

std::vector<fs::path> WatchLoop::relevant(const std::vector<FileChange>& changes) const {
  std::vector<fs::path> out;
  for (const auto& change : changes) {
    const auto& path = change.path;
    bool python = path.extension() == ".py";
    bool config = std::find(options_.config_files.begin(), options_.config_files.end(), path) !=
                  options_.config_files.end();
    if ((!python && !config) || path.string().find("__pycache__") != std::string::npos) continue;
    if (std::find(out.begin(), out.end(), path) == out.end()) out.push_back(path);
  }
  return out;
}

}  // namespace pyspace::watch
