#include "run/cache_session.h"

#include <algorithm>
#include <system_error>

#include <fmt/format.h>

namespace pyspace::run {
namespace fs = std::filesystem;

namespace {
const char* plural(size_t count, const char* one, const char* many) { return count == 1 ? one : many; }
}  // namespace

CacheSession::CacheSession(const CacheOptions& options, fs::path rootdir, std::vector<fs::path> initial_paths)
    : options_(options),
      dir_(options.dir),
      rootdir_(std::move(rootdir)),
      initial_paths_(std::move(initial_paths)),
      stepwise_skip_(options.stepwise_skip) {
  if (options_.clear) dir_.clear();
  for (auto& id : dir_.read_lastfailed()) fail(id);
  if (options_.last_failed) {
    // LFPlugin.get_last_failed_paths: rootpath / the node id's file part, when it exists.
    for (const auto& [id, sequence] : lastfailed_) {
      fs::path path = (rootdir_ / id.substr(0, id.find("::"))).lexically_normal();
      std::error_code error;
      if (fs::exists(path, error)) lf_paths_.insert(path.string());
    }
  }
  if (options_.new_first)
    for (auto& id : dir_.read_nodeids()) cached_nodeids_.insert(std::move(id));
  if (options_.stepwise) stepwise_failed_ = dir_.read_stepwise();
}

void CacheSession::fail(const std::string& nodeid) { lastfailed_.try_emplace(nodeid, next_sequence_++); }
void CacheSession::pass(const std::string& nodeid) { lastfailed_.erase(nodeid); }

void CacheSession::order_files(std::vector<collect::TestFile>& files) const {
  if (lf_paths_.empty()) return;
  std::stable_partition(files.begin(), files.end(), [&](const auto& file) { return is_lf_path(file.path); });
}

bool CacheSession::should_collect(const collect::TestFile& file) {
  if (!options_.last_failed || !collected_a_failure_ || is_lf_path(file.path)) return true;
  ++skipped_files_;
  return false;
}

void CacheSession::collected(const collect::TestFile& file, std::vector<Item>& items, bool had_errors) {
  lf_filter(file, items);
  // LFPlugin.pytest_collectreport, after the filter (it sees the filtered result): a file that
  // failed to collect is a failure; once it collects again, its items take its place.
  if (had_errors) {
    fail(file.relpath);
  } else if (in_lastfailed(file.relpath)) {
    pass(file.relpath);
    for (const auto& item : items) fail(item.nodeid);
  }
}

void CacheSession::lf_filter(const collect::TestFile& file, std::vector<Item>& items) {
  if (!options_.last_failed || !is_lf_path(file.path)) return;
  if (!collected_a_failure_) {  // only filter with known failures
    if (std::none_of(items.begin(), items.end(), [&](const Item& item) { return in_lastfailed(item.nodeid); }))
      return;
    collected_a_failure_ = true;
  }
  // A file given on the command line keeps all its items (pytest's session.isinitpath).
  if (std::find(initial_paths_.begin(), initial_paths_.end(), file.path) != initial_paths_.end()) return;
  std::erase_if(items, [&](const Item& item) { return !in_lastfailed(item.nodeid); });
}

int CacheSession::modify_items(std::vector<Entry>& entries) {
  int deselected = 0;
  std::string stepwise_line;  // shown after run-last-failure's, as pytest's hooks return them
  if (options_.stepwise) {
    if (!stepwise_failed_) {
      stepwise_line = "stepwise: no previously failed tests, not skipping.";
    } else {
      auto found = std::find_if(entries.begin(), entries.end(),
                                [&](const Entry& entry) { return entry.item.nodeid == *stepwise_failed_; });
      if (found == entries.end()) {
        stepwise_line = "stepwise: previously failed test not found, not skipping.";
      } else {
        const auto index = found - entries.begin();
        stepwise_line = fmt::format("stepwise: skipping {} already passed items.", index);
        entries.erase(entries.begin(), found);
        deselected += static_cast<int>(index);
      }
    }
  }
  if (options_.last_failed || options_.failed_first) {
    std::string status;
    if (!lastfailed_.empty()) {
      std::vector<Entry> failed;
      std::vector<Entry> passed;
      for (auto& entry : entries) (in_lastfailed(entry.item.nodeid) ? failed : passed).push_back(std::move(entry));
      if (failed.empty()) {
        status = fmt::format("{} known failures not in selected tests", lastfailed_.size());
        entries = std::move(passed);
      } else {
        const size_t count = failed.size();
        if (options_.last_failed) {
          deselected += static_cast<int>(passed.size());
          entries = std::move(failed);
        } else {
          entries = std::move(failed);
          entries.insert(entries.end(), std::make_move_iterator(passed.begin()),
                         std::make_move_iterator(passed.end()));
        }
        status = fmt::format("rerun previous {} {}{}", count, plural(count, "failure", "failures"),
                             options_.failed_first ? " first" : "");
      }
      if (skipped_files_ > 0)
        status += fmt::format(" (skipped {} {})", skipped_files_, plural(skipped_files_, "file", "files"));
    } else if (options_.lfnf_none) {
      status = "no previously failed tests, deselecting all items.";
      deselected += static_cast<int>(entries.size());
      entries.clear();
    } else {
      status = "no previously failed tests, not deselecting items.";
    }
    lines_.push_back("run-last-failure: " + status);
  }
  if (!stepwise_line.empty()) lines_.push_back(stepwise_line);
  if (options_.new_first) {
    // NFPlugin: the items of new node ids first, each group by its file's mtime, newest first.
    std::unordered_map<const collect::TestFile*, fs::file_time_type> mtimes;
    auto mtime = [&](const Entry& entry) {
      auto [it, added] = mtimes.try_emplace(entry.file);
      if (added) {
        std::error_code error;
        it->second = fs::last_write_time(entry.file->path, error);
      }
      return it->second;
    };
    auto newer = [&](const Entry& a, const Entry& b) { return mtime(a) > mtime(b); };
    std::vector<Entry> fresh;
    std::vector<Entry> known;
    for (auto& entry : entries) (cached_nodeids_.count(entry.item.nodeid) ? known : fresh).push_back(std::move(entry));
    std::stable_sort(fresh.begin(), fresh.end(), newer);
    std::stable_sort(known.begin(), known.end(), newer);
    entries = std::move(fresh);
    entries.insert(entries.end(), std::make_move_iterator(known.begin()), std::make_move_iterator(known.end()));
  }
  for (const auto& entry : entries) cached_nodeids_.insert(entry.item.nodeid);
  return deselected;
}

std::optional<std::string> CacheSession::on_report(const core::TestReport& report) {
  const bool failed = core::is_failure(report.outcome);
  if (failed) fail(report.nodeid);
  else pass(report.nodeid);
  if (!options_.stepwise) return std::nullopt;
  if (failed) {
    if (stepwise_skip_) {
      if (stepwise_failed_ == report.nodeid) stepwise_failed_.reset();
      stepwise_skip_ = false;
      return std::nullopt;
    }
    stepwise_failed_ = report.nodeid;
    return "Test failed, continuing from this test next run.";
  }
  if (report.when == "call" && stepwise_failed_ == report.nodeid) stepwise_failed_.reset();
  return std::nullopt;
}

std::vector<std::string> CacheSession::finish(bool collect_only) {
  std::vector<std::string> warnings;
  auto keep = [&](std::optional<std::string> warning) {
    if (warning) warnings.push_back(std::move(*warning));
  };
  // LFPlugin: written when it differs from what the file holds now.
  std::vector<std::string> saved = dir_.read_lastfailed();
  std::unordered_set<std::string> saved_set(saved.begin(), saved.end());
  bool same = saved_set.size() == lastfailed_.size() &&
              std::all_of(lastfailed_.begin(), lastfailed_.end(), [&](const auto& e) { return saved_set.count(e.first); });
  if (!same) {
    std::vector<std::pair<std::uint64_t, std::string>> ordered;
    for (const auto& [id, sequence] : lastfailed_) ordered.emplace_back(sequence, id);
    std::sort(ordered.begin(), ordered.end());
    std::vector<std::string> ids;
    for (auto& [sequence, id] : ordered) ids.push_back(std::move(id));
    keep(dir_.write_lastfailed(ids));
  }
  // NFPlugin: every node id seen, sorted (not after --collect-only).
  if (!collect_only) {
    // (With --nf the file was read at the start: cached_nodeids_ holds it already.)
    const std::vector<std::string> known = options_.new_first ? std::vector<std::string>{} : dir_.read_nodeids();
    const bool sorted = std::is_sorted(known.begin(), known.end());
    const size_t ran = cached_nodeids_.size();
    size_t ran_and_known = 0;
    for (const auto& id : known) ran_and_known += cached_nodeids_.insert(id).second ? 0 : 1;
    // The file already holds exactly these ids, sorted, once each: rewriting it would write the
    // same bytes (pytest rewrites it; only the mtime differs).
    const bool unchanged = !options_.new_first && sorted && ran_and_known == ran &&
                           cached_nodeids_.size() == known.size();
    if (!unchanged) {
      std::vector<std::string> ids(cached_nodeids_.begin(), cached_nodeids_.end());
      std::sort(ids.begin(), ids.end());
      keep(dir_.write_nodeids(ids));
    }
  }
  // stepwise: where to continue, or [] when --sw is off (nothing with -p no:stepwise).
  if (options_.stepwise_plugin) keep(dir_.write_stepwise(stepwise_failed_, !options_.stepwise));
  return warnings;
}

}  // namespace pyspace::run
