#include "run/test_runner.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <map>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "core/crash_note.h"
#include "core/errors.h"
#include "python/error.h"
#include "run/item_reports.h"

namespace pyspace::run {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

bool is_interrupt(const python::PythonError& error) { return error.type() == "KeyboardInterrupt"; }

// "path:line" of the last `File "path", line N` entry of a formatted traceback, "" if none.
std::string innermost_location(const std::string& traceback) {
  static const std::string kFile = "File \"";
  auto at = traceback.rfind(kFile);
  if (at == std::string::npos) return {};
  auto path_start = at + kFile.size();
  auto path_end = traceback.find("\", line ", path_start);
  if (path_end == std::string::npos) return {};
  auto line_start = path_end + 8;
  auto line_end = line_start;
  while (line_end < traceback.size() && std::isdigit(static_cast<unsigned char>(traceback[line_end]))) ++line_end;
  if (line_end == line_start) return {};
  return traceback.substr(path_start, path_end - path_start) + ":" + traceback.substr(line_start, line_end - line_start);
}

}  // namespace

TestRunner::TestRunner(RunOptions options, Collector& collector, SessionFactory& sessions,
                       report::Reporter& reporter, report::RunStart start)
    : options_(std::move(options)),
      collector_(collector),
      sessions_(sessions),
      reporter_(reporter),
      start_(std::move(start)) {
  const ProjectSettings settings = collector_.settings();
  pending_warnings_ = settings.warnings;
  if (options_.paths_defaulted) {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : settings.testpaths)
      if (std::filesystem::exists(options_.rootdir / entry)) paths.push_back(options_.rootdir / entry);
    if (!paths.empty()) options_.paths = paths;
  }
  collect::WalkRules rules = walk_rules(options_);
  rules.python_files = settings.python_files;
  files_ = collect::discover(options_.paths, options_.rootdir, std::filesystem::current_path(), rules);
  select_files();
  load_durations();
  if (options_.cache.enabled) {
    cache_.emplace(options_.cache, options_.rootdir, options_.paths);
    cache_->order_files(files_);
    if (options_.cache.show_dir) {  // pytest's report header: relative to the rootdir if inside
      auto shown = options_.cache.dir.lexically_relative(options_.rootdir);
      start_.cachedir = shown.empty() || *shown.begin() == ".." ? options_.cache.dir.string() : shown.string();
    }
  }
  if (options_.isolation == Isolation::File) shard_files();
}

std::string TestRunner::exit_banner(const std::string& reason) { return "_pytest.outcomes.Exit: " + reason; }

void TestRunner::select_files() {
  if (!options_.file_pattern.empty()) {
    std::erase_if(files_, [&](const collect::TestFile& file) {
      return file.relpath.find(options_.file_pattern) == std::string::npos;
    });
  }
  if (options_.first_files.empty()) return;
  std::vector<collect::TestFile> ordered;
  for (const auto& first : options_.first_files) {
    auto it = std::find_if(files_.begin(), files_.end(), [&](const auto& f) { return f.path == first; });
    if (it != files_.end()) {
      ordered.push_back(*it);
      files_.erase(it);
    }
  }
  if (!options_.only_first) ordered.insert(ordered.end(), files_.begin(), files_.end());
  files_ = std::move(ordered);
}

namespace {
// "a.py::T::t[1]" is selected by "a.py::T::t[1]", "a.py::T::t" and "a.py::T".
bool selects(const std::string& selector, const std::string& nodeid) {
  if (nodeid.rfind(selector, 0) != 0) return false;
  if (nodeid.size() == selector.size()) return true;
  return nodeid.compare(selector.size(), 2, "::") == 0 || nodeid[selector.size()] == '[';
}
}  // namespace

void TestRunner::keep_selected(const collect::TestFile& file, std::vector<Item>& items) const {
  std::vector<std::string> selectors;
  bool whole_file = false;
  for (const auto& [path, suffix] : options_.node_selectors) {
    if (path != file.path) continue;
    if (suffix.empty()) whole_file = true;
    selectors.push_back(file.relpath + "::" + suffix);
  }
  if (whole_file) selectors.clear();
  if (selectors.empty() && options_.only_nodeids.empty()) return;
  std::erase_if(items, [&](const Item& item) {
    const auto& id = item.nodeid;
    if (!options_.only_nodeids.empty() &&
        std::find(options_.only_nodeids.begin(), options_.only_nodeids.end(), id) == options_.only_nodeids.end())
      return true;
    return !selectors.empty() &&
           std::none_of(selectors.begin(), selectors.end(), [&](const auto& s) { return selects(s, id); });
  });
}

void TestRunner::apply_cache_selection(std::vector<FileItems>& files, core::RunSummary& summary) {
  if (!cache_) return;
  if (!cache_->selects()) {  // nothing reordered: no copy of the items
    for (const auto& group : files) cache_->saw(group.items);
    return;
  }
  std::vector<CacheSession::Entry> entries;
  for (auto& group : files)
    for (auto& item : group.items) entries.push_back({group.file, std::move(item)});
  const int deselected = cache_->modify_items(entries);
  // Consecutive items of one file run as one group (--ff / --nf may interleave files).
  files.clear();
  for (auto& entry : entries) {
    if (files.empty() || files.back().file != entry.file) files.push_back({entry.file, {}});
    files.back().items.push_back(std::move(entry.item));
  }
  summary.deselected += deselected;
  start_.deselected += deselected;
  start_.collection_lines = cache_->collection_lines();
}

void TestRunner::finish_cache(bool collect_only) {
  if (!cache_) return;
  for (const auto& warning : cache_->finish(collect_only)) reporter_.warning(warning);
}

std::vector<std::string> TestRunner::teardown_warnings(const SpaceTeardown& report, const std::string& file) const {
  std::vector<std::string> lines;
  for (const auto& change : report.changes)
    lines.push_back(file.empty() ? change : fmt::format("{} by tests in {}", change, file));
  lines.insert(lines.end(), report.leaks.begin(), report.leaks.end());
  lines.insert(lines.end(), report.notices.begin(), report.notices.end());
  return lines;
}

void TestRunner::close_space(RunSpace& space, const std::string& file) {
  auto report = space.close(options_.check_leaks);
  // A supervised child closed its copy after the tests and sent what it found; this process's
  // copy saw collection only: only its leaks are its own (watch's check, RunOptions::check_leaks).
  if (std::exchange(space_closed_by_child_, false)) {
    for (const auto& line : report.leaks) reporter_.warning(line);
    return;
  }
  for (const auto& line : teardown_warnings(report, file)) reporter_.warning(line);
}

core::RunSummary TestRunner::run() {
  auto started = Clock::now();
  if (options_.session_timeout > 0)
    session_deadline_ = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options_.session_timeout));
  core::RunSummary summary;
  // A run ended by an error that main reports: the reports of what ran are completed first.
  auto end_before_error = [&](const std::string& message) {
    if (!started_) begin(0, {}, summary);
    summary.interrupted = true;
    reporter_.warning(message);
    finish_cache(false);
    summary.duration_s = seconds_since(started);
    reporter_.run_end(summary);
    write_exit_output();
  };
  try {
    sessions_.start_coverage();  // before the first space: collection's imports are measured
    if (options_.isolation == Isolation::Run) run_in_one_space(summary);
    else run_space_per_file(summary);
  } catch (const core::EngineNeeded& error) {
    if (!error.after_output()) throw;  // nothing shown yet: the run may go to pytest's engine
    end_before_error(error.what());
    throw;
  } catch (const core::SpaceBroken& error) {  // ends the run as exit 3 (main)
    std::string message = error.what();
    if (!last_file_.empty()) message += fmt::format(" (the last tests run were {}'s)", last_file_);
    end_before_error(message);
    throw core::SpaceBroken(message);
  } catch (const python::PythonError& error) {
    if (error.type() == "_pyspace.run.execute.RunnerError") {  // ends the run as exit 3 (main)
      end_before_error(error.message());
      throw;
    }
    if (!is_interrupt(error)) throw;
    summary.interrupted = true;
    summary.interrupted_by_user = true;
    summary.keyboard_interrupt_at = innermost_location(error.traceback());
    interrupted_by_user_ = true;
    if (!started_) begin(0, {}, summary);
  }
  finish_coverage(summary);
  finish_cache(false);
  finish_durations();
  summary.duration_s = seconds_since(started);
  reporter_.run_end(summary);
  write_exit_output();
  return summary;
}

void TestRunner::write_exit_output() {
  for (const auto& [fd, text] : exit_output_) {
    const int to = fd == 2 ? STDERR_FILENO : STDOUT_FILENO;
    for (std::size_t at = 0; at < text.size();) {
      const ssize_t wrote = ::write(to, text.data() + at, text.size() - at);
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote <= 0) break;  // a closed terminal: nothing more to say there
      at += static_cast<std::size_t>(wrote);
    }
  }
  exit_output_.clear();
}

void TestRunner::run_in_one_space(core::RunSummary& summary) {
  auto space = sessions_.make_space();
  {
    RunSpace::Active active(*space);
    if (options_.conftest_errors_as_pytest) {  // before any file, as pytest: exit 4 with pytest's text
      std::vector<std::filesystem::path> anchors = options_.paths;
      if (options_.paths_defaulted) anchors = {std::filesystem::current_path()};
      if (auto failure = collector_.initial_conftest_failure(anchors)) throw core::VerbatimUsageError(*failure);
    }
    std::vector<FileItems> files;
    std::vector<core::CollectError> errors;
    std::vector<PlacedSkip> skips;
    int count = 0;
    std::optional<core::CollectError> session_error;
    for (const auto& file : files_) {
      if (cache_ && !cache_->should_collect(file)) continue;
      auto collected = collector_.collect(file);
      if ((session_error = session_collection_error(collected.errors))) break;
      for (auto& skip : collected.skips) skips.push_back({errors.size(), std::move(skip)});
      keep_selected(file, collected.items);
      if (cache_) cache_->collected(file, collected.items, !collected.errors.empty());
      for (auto& warning : collected.warnings) collect_warnings_.push_back(std::move(warning));
      for (auto& record : collected.live_log) collection_live_log_.push_back(std::move(record));
      count += static_cast<int>(collected.items.size());
      summary.deselected += collected.deselected;
      files.push_back({&file, std::move(collected.items)});
      errors.insert(errors.end(), collected.errors.begin(), collected.errors.end());
    }
    check_engine();
    if (session_error) {  // pytest collected nothing: the session's one error
      collect_warnings_.clear();
      collection_live_log_.clear();
      summary.deselected = 0;
      begin(0, {*session_error}, summary);
      return;  // as when collection errors stop the run
    }
    if (apply_item_hooks(files, summary)) {
      count = 0;
      for (const auto& group : files) count += static_cast<int>(group.items.size());
    }
    if (cache_) apply_cache_selection(files, summary);
    apply_shard(files, summary);
    if (cache_ || options_.shard.count > 1) {
      count = 0;
      for (const auto& group : files) count += static_cast<int>(group.items.size());
    }
    if (!begin(count, errors, summary, skips)) return;
    space->checkpoint();
    execute(files, *space, true, "", summary);
  }
  close_space(*space, "");
}

void TestRunner::run_space_per_file(core::RunSummary& summary) {
  // Each file is imported once, in its own space, and its tests run right away (module-level
  // side effects happen once, as under pytest). The total is not known in advance: run_start
  // says so with collected = -1 (once the first file is collected: what it needs may hand
  // the run to pytest's engine), and collection errors are reported as they are met.
  for (const auto& file : files_) {
    if (cache_ && !cache_->should_collect(file)) continue;
    auto space = sessions_.make_space();
    bool go_on = true;
    {
      RunSpace::Active active(*space);
      auto collected = collector_.collect(file);
      keep_selected(file, collected.items);
      if (cache_) {  // file by file: --ff / --nf / --sw order and deselect within each file only
        cache_->collected(file, collected.items, !collected.errors.empty());
        std::vector<FileItems> one{{&file, std::move(collected.items)}};
        apply_cache_selection(one, summary);
        collected.items.clear();
        for (auto& group : one)
          for (auto& item : group.items) collected.items.push_back(std::move(item));
      }
      check_engine();  // this space imported its own conftests and test modules
      if (!started_) begin(-1, {}, summary);
      if (!collected.live_log.empty()) reporter_.live_log("collection", collected.live_log);
      summary.collected += static_cast<int>(collected.items.size());
      summary.deselected += collected.deselected;
      for (const auto& [where, message] : collected.warnings) python_warning(where, message, summary);
      for (const auto& skip : collected.skips) report_collect_skip(skip, summary);
      for (const auto& error : collected.errors) {
        ++summary.collect_errors;
        ++summary.errors;
        reporter_.collect_error(error);
      }
      if (!collected.errors.empty() && !options_.continue_on_collection_errors) {
        summary.interrupted = true;
        go_on = false;
      } else if (!collected.items.empty()) {
        space->checkpoint();
        go_on = execute({{&file, std::move(collected.items)}}, *space, false, file.relpath, summary);
      }
    }
    close_space(*space, file.relpath);
    if (!go_on) return;
  }
  if (!started_) begin(-1, {}, summary);
}

std::optional<core::CollectError> TestRunner::session_collection_error(const std::vector<core::CollectError>& errors) const {
  if (!options_.conftest_errors_as_pytest) return std::nullopt;
  for (const auto& error : errors)
    if (error.conftest) return core::CollectError{"", error.conftest_message, error.conftest_longrepr};
  return std::nullopt;
}

bool TestRunner::apply_item_hooks(std::vector<FileItems>& files, core::RunSummary& summary) {
  std::vector<const Item*> all;
  std::vector<const collect::TestFile*> owners;
  for (const auto& group : files)
    for (const auto& item : group.items) {
      all.push_back(&item);
      owners.push_back(group.file);
    }
  auto order = collector_.modify_items(all);
  if (!order) return false;
  // Consecutive items of one file run as one group (a hook may interleave files).
  std::vector<FileItems> regrouped;
  for (int index : order->order) {
    const auto* file = owners.at(static_cast<std::size_t>(index));
    if (regrouped.empty() || regrouped.back().file != file) regrouped.push_back({file, {}});
    regrouped.back().items.push_back(*all.at(static_cast<std::size_t>(index)));
  }
  files = std::move(regrouped);
  summary.deselected += order->deselected;
  for (auto& warning : order->warnings) collect_warnings_.push_back(std::move(warning));
  return true;
}

void TestRunner::drop_handles(FileItems& group) {
  for (auto& item : group.items) item.handle.reset();
}

void TestRunner::check_engine() const {
  const auto reasons = collector_.unsupported();
  if (reasons.empty()) return;
  std::string reason = reasons.front();
  if (reasons.size() > 1) reason += fmt::format(" (and {} more)", reasons.size() - 1);
  // --isolate file: tests of earlier files have run and been reported; the run cannot move.
  throw core::EngineNeeded(reason, started_);
}

bool TestRunner::begin(int collected, const std::vector<core::CollectError>& errors, core::RunSummary& summary,
                       const std::vector<PlacedSkip>& skips) {
  start_.collected = collected;
  start_.deselected = summary.deselected;
  if (options_.workers > 0 && options_.supervise && options_.isolation == Isolation::Run) {
    start_.workers = options_.workers;
    start_.scheduling = scheduling_name(options_.dist);
  }
  summary.collected = std::max(collected, 0);
  started_ = true;
  reporter_.run_start(start_);
  if (!collection_live_log_.empty()) reporter_.live_log("collection", collection_live_log_);
  collection_live_log_.clear();
  for (const auto& warning : options_.pytest.config_warnings) {
    ++summary.warnings;
    reporter_.warning(warning);
  }
  for (const auto& warning : pending_warnings_) reporter_.warning(warning);
  for (const auto& [where, message] : collect_warnings_) python_warning(where, message, summary);
  collect_warnings_.clear();
  auto skip = skips.begin();
  for (std::size_t i = 0; i <= errors.size(); ++i) {  // in collection order
    for (; skip != skips.end() && skip->before_error == i; ++skip) report_collect_skip(skip->report, summary);
    if (i == errors.size()) break;
    ++summary.collect_errors;
    ++summary.errors;
    reporter_.collect_error(errors[i]);
  }
  if (!errors.empty() && !options_.continue_on_collection_errors) {
    summary.interrupted = true;  // the console says "Interrupted: N errors during collection"
    return false;
  }
  return true;
}

void TestRunner::report_collect_skip(const core::TestReport& report, core::RunSummary& summary) {
  ++summary.collect_skips;
  summary.add(report);
  reporter_.collect_skip(report);
}

bool TestRunner::run_here(const std::vector<FileItems>& files, RunSpace* settled, core::RunSummary& summary,
                          ItemAt from) {
  auto session = sessions_.open_session();
  const bool go_on = run_files(*session, files, settled, summary, from);
  session->close();
  return go_on;
}

bool TestRunner::run_files(Executor& session, const std::vector<FileItems>& files, RunSpace* space,
                           core::RunSummary& summary, ItemAt from) {
  say_if_time_limited(session, files);
  bool go_on = true;
  for (size_t f = from.file; f < files.size() && go_on; ++f) {
    const auto& items = files[f].items;
    if (!items.empty()) last_file_ = files[f].file->relpath;
    for (size_t i = f == from.file ? from.item : 0; i < items.size() && go_on; ++i) {
      const Item* next = i + 1 < items.size() ? &items[i + 1] : nullptr;
      for (size_t g = f + 1; !next && g < files.size(); ++g)
        if (!files[g].items.empty()) next = &files[g].items.front();
      reporter_.test_start(items[i].nodeid, items[i].file);
      core::note_running(items[i].nodeid);  // named if the process dies of a fatal signal
      auto reports = run_item(session, items[i], next, {});
      core::note_running({});
      go_on = record(reports, summary);
      reporter_.test_finish(items[i].nodeid);
      session.reported();
      if (auto reason = session.exit_reason()) {
        summary.interrupted = true;
        summary.exit_banner = exit_banner(*reason);
        go_on = false;
      }
    }
    if (space) warn_changes(space->settle(), files[f].file->relpath);
  }
  auto finished = session.finish();
  if (auto live = session.finish_live_log(); !live.empty()) reporter_.live_log("sessionfinish", live);
  record(finished, summary);
  return go_on;
}

void TestRunner::say_if_time_limited(Executor& session, const std::vector<FileItems>& files) {
  if (limit_not_honoured_said_) return;
  std::vector<const Item*> items;
  for (const auto& group : files)
    for (const auto& item : group.items) items.push_back(&item);
  const Item* marked = session.first_time_limited(items);  // a configured --timeout is said already
  if (marked == nullptr) return;
  limit_not_honoured_said_ = true;
  reporter_.warning(fmt::format("{}: its timeout marker ({}s) is not honoured: the tests run in this process "
                                "(--no-supervise, watch without --timeout or -n, or no child could be made)",
                                marked->nodeid, seconds_text(session.timeout_of(*marked, 0))));
}

void TestRunner::finish_coverage(core::RunSummary& summary) {
  try {
    if (auto result = sessions_.finish_coverage(summary.failed > 0 || summary.errors > 0)) {
      summary.coverage_text = result->first;
      summary.coverage_failed = result->second;
    }
  } catch (const python::PythonError& error) {  // the run's reports come first, as pytest-cov's warning
    reporter_.warning(fmt::format("--cov: the coverage report failed: {}: {}", error.type(), error.message()));
  }
}

std::vector<core::TestReport> TestRunner::run_item(Executor& session, const Item& item, const Item* next,
                                                   const std::function<void()>& before_rerun) {
  auto reports = session.run(item, next);
  auto failed = [&] {
    return std::any_of(reports.begin(), reports.end(), [](const auto& r) { return core::is_failure(r.outcome); });
  };
  std::vector<core::RerunAttempt> attempts;
  for (int rerun = 0; rerun < options_.reruns && failed() && !session.exit_reason(); ++rerun) {
    for (const auto& report : reports)
      if (core::is_failure(report.outcome))
        attempts.push_back({report.outcome, report.when, report.duration_s, report.message, report.longrepr});
    if (options_.reruns_delay > 0) std::this_thread::sleep_for(std::chrono::duration<double>(options_.reruns_delay));
    if (before_rerun) before_rerun();
    reports = session.run(item, next);
  }
  if (!attempts.empty() && !reports.empty()) reports.front().reruns = std::move(attempts);
  return reports;
}

bool TestRunner::record(const std::vector<core::TestReport>& reports, core::RunSummary& summary) {
  for (const auto& report : reports) {
    summary.add(report);
    if (!report.nodeid.empty()) run_durations_[report.nodeid] += report.duration_s;
    reporter_.test_done(report);
    for (const auto& warning : report.warnings) python_warning(report.nodeid, warning, summary);
  }
  const bool go_on = keep_going(reports, summary);
  // Once: the session's own teardown reports come through here after the stop too.
  if (stopped_by_maxfail_ && summary.should_fail.empty())
    summary.should_fail = fmt::format("stopping after {} failures", failures_);  // pytest's words
  return go_on;
}

bool TestRunner::keep_going(const std::vector<core::TestReport>& reports, core::RunSummary& summary) {
  for (const auto& report : reports) {
    if (core::is_failure(report.outcome)) ++failures_;
    if (cache_) {
      if (auto reason = cache_->on_report(report); reason && summary.stop_reason.empty()) {
        summary.interrupted = true;  // pytest's session.shouldstop: exit 2, "Interrupted: ..."
        summary.stop_reason = *reason;
      }
    }
  }
  if (!summary.stop_reason.empty()) return false;
  if (options_.maxfail > 0 && failures_ >= options_.maxfail) {
    stopped_by_maxfail_ = true;
    return false;
  }
  return true;
}

void TestRunner::python_warning(const std::string& where, const std::string& message,
                                core::RunSummary& summary) {
  ++summary.warnings;
  reporter_.python_warning(where, message);
}

void TestRunner::warn_changes(const std::vector<std::string>& changes, const std::string& file) {
  for (const auto& change : changes) reporter_.warning(fmt::format("{} by tests in {}", change, file));
}

core::RunSummary TestRunner::report_collection(const CollectOnlyResult& result, const std::vector<std::string>& lines,
                                               const std::string& counts) {
  core::RunSummary summary;
  summary.deselected = result.deselected;
  begin(static_cast<int>(result.nodeids.size()), result.errors, summary);  // errors: "Interrupted: ..."
  reporter_.collection_listing(lines);
  summary.collect_only_counts = counts;
  summary.duration_s = result.duration_s;
  reporter_.run_end(summary);
  return summary;
}

CollectOnlyResult TestRunner::collect_only(bool tree, bool docs) {
  auto started = Clock::now();
  CollectOnlyResult result;
  std::map<std::string, std::vector<CollectedNode>> chains;  // by node id, while the items live
  auto note_chains = [&](const FileItems& group) {
    if (!tree) return;
    std::vector<const Item*> items;
    for (const auto& item : group.items) items.push_back(&item);
    auto found = collector_.node_chains(items, docs);
    for (std::size_t i = 0; i < found.size() && i < items.size(); ++i) chains[items[i]->nodeid] = std::move(found[i]);
  };
  // As the run would: one space for every file, or (--isolate file) one per file.
  std::unique_ptr<RunSpace> space;
  std::vector<FileItems> files;
  for (const auto& file : files_) {
    if (cache_ && !cache_->should_collect(file)) continue;
    if (!space) space = sessions_.make_space();
    {
      RunSpace::Active active(*space);
      auto collected = collector_.collect(file);
      keep_selected(file, collected.items);
      if (cache_) cache_->collected(file, collected.items, !collected.errors.empty());
      result.deselected += collected.deselected;
      files.push_back({&file, std::move(collected.items)});
      result.errors.insert(result.errors.end(), collected.errors.begin(), collected.errors.end());
      check_engine();
      if (options_.isolation == Isolation::File) {
        note_chains(files.back());
        drop_handles(files.back());
      }
    }
    if (options_.isolation == Isolation::File) {
      space->close(false);
      space.reset();
    }
  }
  core::RunSummary unused;
  if (space) {
    {
      RunSpace::Active active(*space);
      apply_item_hooks(files, unused);
      // Only the node ids outlive the space: the handles are dropped while it is active.
      for (auto& group : files) {
        note_chains(group);
        drop_handles(group);
      }
    }
    space->close(false);
  }
  apply_cache_selection(files, unused);
  apply_shard(files, unused);
  result.deselected += unused.deselected;
  for (const auto& group : files)
    for (const auto& item : group.items) {
      result.nodeids.push_back(item.nodeid);
      if (tree) result.chains.push_back(chains[item.nodeid]);
    }
  if (options_.isolation == Isolation::Run) {
    if (auto session_error = session_collection_error(result.errors)) {  // pytest collected nothing
      result.nodeids.clear();
      result.chains.clear();
      result.deselected = 0;
      result.errors = {*session_error};
    }
  }
  finish_cache(true);
  result.duration_s = seconds_since(started);
  return result;
}

}  // namespace pyspace::run
