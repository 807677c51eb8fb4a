#include "watch/watch_loop.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "collect/discovery.h"
#include "config/command_line.h"
#include "core/errors.h"
#include "python/error.h"
#include "python/gil.h"
#include "python/signals.h"
#include "watch/run_recorder.h"
#include "watch/terminal_keys.h"

namespace pyspace::watch {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> strings(const std::vector<fs::path>& paths) {
  std::vector<std::string> out;
  for (const auto& path : paths) out.push_back(path.string());
  return out;
}

std::string local_time_of_day() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof(text), "%H:%M:%S", &local);
  return text;
}

std::string plural(std::size_t count, const char* word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

const char* kKeysLine = "Watching for changes. Keys: a all, f failed, t test name, p file, Enter rerun, q quit";

}  // namespace

struct WatchLoop::Event {
  enum Kind { Changes, Key, Quit } kind = Quit;
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
      runner_(runner),
      failures_(base_.rootdir) {
  if (!options_.time_of_day) options_.time_of_day = local_time_of_day;
}

int WatchLoop::run() {
  RawKeys keys(options_.interactive);
  int signal_fd = python::install_signal_wakeup();
  int status = 0;
  int runs = run_once({Request::First, {}}, status, keys) ? 1 : 0;
  while (!stop_ && (options_.max_runs == 0 || runs < options_.max_runs)) {
    Event event = wait_for_event(keys, signal_fd);
    if (event.kind == Event::Quit) break;
    Request request;
    if (event.kind == Event::Key) {
      const bool selects = event.key == 'f' || event.key == 't' || event.key == 'p';
      if (selects && options_.pytest_engine) {
        terminal_ << "pyspace-test watch: pytest's engine runs this suite: it reruns pytest's whole selection"
                  << std::endl;
        continue;
      }
      switch (event.key) {
        case 'q': stop_ = true; continue;
        case 'a': request.kind = Request::All; break;
        case 'f':
          if (failures_.empty()) {
            terminal_ << "pyspace-test watch: no failing tests known: nothing to run (a runs all)" << std::endl;
            continue;
          }
          request.kind = Request::Failed;
          break;
        case 't':
        case 'p': {
          const bool names = event.key == 't';
          std::string& filter = names ? name_filter_ : file_filter_;
          std::string value = filter;
          if (!prompt(keys, names ? "test name filter (-k expression; empty clears, Esc cancels)> "
                                  : "test file filter (glob or regular expression; empty clears, Esc cancels)> ",
                      value)) {
            terminal_ << "pyspace-test watch: filter unchanged" << std::endl;
            continue;
          }
          filter = value;
          request.kind = Request::All;
          break;
        }
        case '\n': case '\r': request = last_; break;
        default: continue;
      }
    } else {
      request.kind = Request::Changes;
      request.changed = std::move(pending_);
      pending_.clear();
      const bool config = std::find_first_of(request.changed.begin(), request.changed.end(),
                                             options_.config_files.begin(), options_.config_files.end()) !=
                          request.changed.end();
      if (config && !reload_config()) continue;
    }
    if (run_once(request, status, keys)) ++runs;
    if (!superseded_.empty() && !stop_ && request.kind == Request::Changes) {
      // The next run takes these changes too: the stale run did not get to their tests.
      for (const auto& path : request.changed)
        if (std::find(pending_.begin(), pending_.end(), path) == pending_.end()) pending_.push_back(path);
    }
  }
  if (signal_fd >= 0) close(signal_fd);
  return status;
}

bool WatchLoop::reload_config() {
  try {
    base_ = make_options_();
    if (options_.reload_globs) options_.globs = options_.reload_globs();
    return true;
  } catch (const core::Error& error) {
    // The new configuration needs pytest's engine: the command hands over (auto).
    if (options_.may_hand_over && (dynamic_cast<const core::EngineNeeded*>(&error) ||
                                   dynamic_cast<const config::UnsupportedOption*>(&error) ||
                                   dynamic_cast<const config::UnrecognizedArguments*>(&error)))
      throw;
    terminal_ << "pyspace-test: error: " << error.what() << std::endl;
    return false;
  }
}

bool WatchLoop::run_once(const Request& request, int& status, RawKeys& keys) {
  superseded_.clear();
  run::RunOptions options = base_;
  options.check_leaks = true;
  options.conftest_errors_as_pytest = false;  // a broken conftest.py is each file's collection error here
  // Children only when they are asked for (-n, a time limit): a fork per run costs; what the
  // children's tests use comes back to this process (SessionFactory::child_record()).
  options.supervise = base_.supervise && (base_.workers > 0 || base_.timeout > 0 || base_.session_timeout > 0);
  std::vector<fs::path> deleted;
  for (const auto& path : request.changed)
    if (!fs::exists(path)) deleted.push_back(path);
  if (!deleted.empty()) {
    runner_.forget(deleted);
    failures_.forget(deleted);
  }
  try {
    collect::WalkRules rules = walk_rules(options);
    rules.python_files = options.pytest.python_files;
    std::vector<fs::path> paths = options.paths;
    if (options.paths_defaulted) {  // pytest's testpaths, as the runner takes them
      std::vector<fs::path> listed;
      for (const auto& entry : options.pytest.testpaths)
        if (fs::exists(options.rootdir / entry)) listed.push_back(options.rootdir / entry);
      if (!listed.empty()) paths = listed;
    }
    auto all_files = collect::discover(paths, options.rootdir, fs::current_path(), rules);
    Selection selection = select(request, all_files);
    if (!selection.everything && selection.files.empty()) {
      terminal_ << header(request, selection, 0) << std::endl;
      return false;
    }
    last_ = request;
    ++run_number_;
    if (!selection.everything || !selection.files.empty()) {
      options.first_files = selection.files;
      options.only_first = !selection.everything;
    }
    if (request.kind == Request::Failed) options.only_nodeids = failures_.nodeids();
    if (!name_filter_.empty())
      options.keyword = options.keyword ? fmt::format("({}) and ({})", *options.keyword, name_filter_) : name_filter_;
    if (options_.interactive && options_.clear) terminal_ << "\x1b[2J\x1b[H";
    const std::string head = header(request, selection, run_number_);
    terminal_ << head << std::endl;

    RunRecorder recorder(reporter_, superseded_);
    report::RunStart start = start_;
    start.trigger = strings(request.changed);
    WatchRunner::Result result;
    {
      QuitKey quit_key(keys);
      result = runner_.run(options, recorder, start, terminal_, [&] { return stale(quit_key); });
      if (quit_key.quit()) {
        stop_ = true;
        python::interrupted_by_signal();  // the interrupt may not have reached Python code yet
      }
    }
    if (result.interrupted_by_user && superseded_.empty()) stop_ = true;
    std::vector<fs::path> ran = selection.files;
    if (selection.everything)
      for (const auto& file : all_files) ran.push_back(file.path);
    const bool whole = superseded_.empty() && !result.summary.interrupted && !options.keyword &&
                       !options.markexpr && options.maxfail == 0 && options.deselect.empty() &&
                       options.node_selectors.empty();
    failures_.update(recorder.reports, ran, whole);
    after_run(result.notes, ran, head);
    if (superseded_.empty())
      status = result.exit_status >= 0 ? result.exit_status : core::to_int(result.summary.exit_code());
    return true;
  } catch (const python::PythonError& error) {
    if (error.type() == "KeyboardInterrupt") {  // Ctrl-C or `q` after the run's own end: quit
      stop_ = true;
      return true;
    }
    terminal_ << error.traceback() << "pyspace-test: internal error: " << error.what() << std::endl;
    status = core::to_int(core::ExitCode::InternalError);
  } catch (const core::EngineNeeded& needed) {
    if (options_.may_hand_over && !needed.after_output()) throw;
    terminal_ << "pyspace-test: error: " << needed.what() << std::endl;
    status = core::to_int(needed.code());
  } catch (const core::Error& error) {
    terminal_ << "pyspace-test: error: " << error.what() << std::endl;
    status = core::to_int(error.code());
  }
  return true;
}

WatchLoop::Selection WatchLoop::select(const Request& request, const std::vector<collect::TestFile>& files) {
  Selection selection;
  std::vector<fs::path> candidates;
  for (const auto& file : files)
    if (file_filter_.empty() || matches_file_filter(file.relpath, file_filter_)) candidates.push_back(file.path);
  const std::string matching = file_filter_.empty() ? "" : fmt::format(" matching '{}'", file_filter_);
  const std::string names = name_filter_.empty() ? "" : fmt::format(", tests matching -k '{}'", name_filter_);
  auto all = [&](const std::string& why) {
    selection.everything = file_filter_.empty();
    if (!selection.everything) selection.files = candidates;
    selection.what = fmt::format("all {}{}{}{}", plural(candidates.size(), "test file"), matching, why, names);
  };
  if (request.kind == Request::Failed) {
    for (const auto& file : failures_.files())
      if (std::find(candidates.begin(), candidates.end(), file) != candidates.end()) selection.files.push_back(file);
    selection.what = fmt::format("the {} (in {}){}", plural(failures_.size(), "known failure"),
                                 plural(selection.files.size(), "file"), names);
    return selection;
  }
  const bool config = std::find_first_of(request.changed.begin(), request.changed.end(),
                                         options_.config_files.begin(),
                                         options_.config_files.end()) != request.changed.end();
  // A file matching --watch-extensions / `watch` that no run used (a subprocess read it, say).
  const TriggerRules rules = trigger_rules();
  const bool unknown_extra = std::any_of(request.changed.begin(), request.changed.end(), [&](const fs::path& path) {
    return path.extension() != ".py" && matches_any(path, rules.rootdir, rules.globs) && !runner_.is_dependency(path);
  });
  if (request.kind != Request::Changes || options_.pytest_engine || config || unknown_extra) {
    all(config ? " (the configuration changed)" : unknown_extra ? " (no run used the file saved)" : "");
    return selection;
  }
  // Deleted files too: the tests that used a deleted module run (and say it is missing).
  auto affected = runner_.affected(candidates, request.changed);
  if (options_.run_all) {
    all(affected.empty() ? "" : fmt::format(", {} affected first", affected.size()));
    selection.files = affected;
    if (!file_filter_.empty()) {  // the affected first, then the other matching files
      for (const auto& file : candidates)
        if (std::find(affected.begin(), affected.end(), file) == affected.end()) selection.files.push_back(file);
      selection.everything = false;
    }
    return selection;
  }
  selection.files = affected;
  selection.what = affected.empty()
                       ? fmt::format("no test file{} depends on {}: nothing to run (a runs all)", matching,
                                     request.changed.size() == 1 ? "it" : "them")
                       : fmt::format("{}{} (of {}){}", plural(affected.size(), "affected test file"), matching,
                                     candidates.size(), names);
  return selection;
}

std::string WatchLoop::header(const Request& request, const Selection& selection, int run) const {
  std::vector<std::string> changed, deleted;
  for (const auto& path : request.changed)
    (fs::exists(path) ? changed : deleted).push_back(path.lexically_relative(base_.rootdir).string());
  std::string text = "pyspace-test watch: ";
  if (run > 0) text += fmt::format("run {} at {}; ", run, options_.time_of_day());
  if (!changed.empty()) text += fmt::format("changed: {}; ", fmt::join(changed, ", "));
  if (!deleted.empty()) text += fmt::format("deleted: {}; ", fmt::join(deleted, ", "));
  return text + (run > 0 ? "running " : "") + selection.what;
}

void WatchLoop::after_run(const std::vector<std::string>& notes, const std::vector<fs::path>& ran,
                          const std::string& head) {
  for (const auto& note : notes)  // once per session: each run would repeat them
    if (notes_shown_.insert(note).second) terminal_ << note << '\n';
  auto outside = failures_.outside(ran);
  if (!outside.empty()) {
    terminal_ << fmt::format("{} in files not rerun: press f\n", plural(outside.size(), "failing test"));
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < outside.size() && i < kShown; ++i) terminal_ << "  " << outside[i] << '\n';
    if (outside.size() > kShown) terminal_ << fmt::format("  ... and {} more\n", outside.size() - kShown);
  }
  if (options_.interactive) terminal_ << '\n' << kKeysLine << '\n';
  terminal_ << head << std::endl;  // the header again: the last line, whatever scrolled away
}

WatchLoop::Event WatchLoop::wait_for_event(RawKeys& keys, int signal_fd) {
  for (;;) {
    if (!pending_.empty()) {
      debounce();
      return {Event::Changes, 0};
    }
    pollfd fds[3] = {{watcher_.fd(), POLLIN, 0}, {signal_fd, POLLIN, 0},
                     {keys.fd(), POLLIN, 0}};
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
      if (auto key = keys.read_key()) return {Event::Key, *key};
    }
    if (fds[0].revents & POLLIN) take_changes();
  }
}

void WatchLoop::debounce() {
  for (;;) {  // a quiet period after the last event
    pollfd fd{watcher_.fd(), POLLIN, 0};
    int ready;
    {
      python::GilRelease release;
      ready = poll(&fd, 1, options_.debounce_ms);
    }
    if (ready <= 0) break;
    take_changes();
  }
}

TriggerRules WatchLoop::trigger_rules() const {
  TriggerRules rules;
  rules.rootdir = base_.rootdir;
  rules.config_files = options_.config_files;
  rules.globs = options_.globs;
  rules.is_dependency = [this](const fs::path& path) { return runner_.is_dependency(path); };
  rules.written_by_run = [this](const fs::path& path) { return runner_.written_by_run(path); };
  return rules;
}

void WatchLoop::take_changes() {
  const TriggerRules rules = trigger_rules();
  for (const auto& change : watcher_.read_changes())
    if (triggers(change.path, rules) && std::find(pending_.begin(), pending_.end(), change.path) == pending_.end())
      pending_.push_back(change.path);
}

run::Staleness WatchLoop::stale(const QuitKey& quit_key) {
  if (quit_key.quit()) {
    stop_ = true;
    superseded_ = "q pressed";
    return run::Staleness::Quit;
  }
  pollfd fd{watcher_.fd(), POLLIN, 0};
  if (poll(&fd, 1, 0) > 0) take_changes();
  // A worker's tests' writes become known when it reports them (after their inotify events).
  pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                [&](const fs::path& path) { return runner_.written_by_run(path); }),
                 pending_.end());
  if (pending_.empty()) {
    superseded_.clear();
    return run::Staleness::Fresh;
  }
  superseded_ = "a save made this run stale";
  return run::Staleness::Saved;
}

bool WatchLoop::prompt(RawKeys& keys, const std::string& question, std::string& value) {
  terminal_ << question << value << std::flush;
  for (;;) {
    pollfd fd{keys.fd(), POLLIN, 0};
    {
      python::GilRelease release;
      if (poll(&fd, 1, -1) < 0 && errno != EINTR) return false;
    }
    auto key = keys.read_key();
    if (!key) {
      if (fd.revents & (POLLHUP | POLLERR)) return false;
      continue;
    }
    if (*key == '\x1b') {  // Esc (and what an arrow key sends after it)
      while (keys.read_key()) {
      }
      terminal_ << std::endl;
      return false;
    }
    if (*key == '\n' || *key == '\r') {
      terminal_ << std::endl;
      return true;
    }
    if (*key == '\x7f' || *key == '\b') {
      if (!value.empty()) {
        value.pop_back();
        terminal_ << "\b \b" << std::flush;
      }
    } else if (static_cast<unsigned char>(*key) >= ' ') {
      value.push_back(*key);
      terminal_ << *key << std::flush;
    }
  }
}

}  // namespace pyspace::watch
