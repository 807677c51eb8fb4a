// --shard and the recorded test durations that balance it (run/shard.h, docs/ci.md): the
// TestRunner's side. Durations are recorded by record() in every run and written at its end.
#include <fmt/format.h>

#include "run/test_runner.h"

namespace pyspace::run {

namespace {
// Where each run records its tests' durations (pytest's cache directory, pyspace-test's key).
std::filesystem::path cached_durations(const CacheOptions& cache) { return cache.dir / "v" / "pyspace-test" / "durations"; }

std::string shard_line(ShardSpec spec, const ShardPlan& plan, std::size_t kept, std::size_t all, const char* what) {
  return fmt::format("shard {}/{}: {} of {} {}, {}", spec.index, spec.count, kept, all, what,
                     plan.by_durations ? fmt::format("estimated {:.2f}s by recorded durations", plan.estimated_s)
                                       : std::string("balanced by counts (no durations recorded)"));
}
}  // namespace

void TestRunner::load_durations() {
  if (options_.shard.count <= 1) return;
  std::string warning;
  std::optional<Durations> found;
  if (!options_.durations_path.empty()) found = read_durations(options_.durations_path, warning);
  if (!found && warning.empty() && options_.cache.enabled) found = read_durations(cached_durations(options_.cache), warning);
  if (!warning.empty()) pending_warnings_.push_back(warning);
  if (found) durations_ = std::move(*found);
}

void TestRunner::finish_durations() {
  if (run_durations_.empty()) return;
  auto merge_into = [&](const std::filesystem::path& path) {
    std::string unreadable;
    Durations merged = read_durations(path, unreadable).value_or(Durations{});
    for (const auto& [id, seconds] : run_durations_) merged[id] = seconds;
    if (auto warning = write_durations(path, merged)) reporter_.warning(*warning);
  };
  if (options_.cache.enabled) merge_into(cached_durations(options_.cache));
  if (options_.store_durations) merge_into(options_.durations_path);
}

void TestRunner::shard_files() {
  if (options_.shard.count <= 1) return;
  std::vector<std::string> ids;
  Durations by_file;
  for (const auto& file : files_) {
    ids.push_back(file.relpath);
    const std::string prefix = file.relpath + "::";
    for (auto it = durations_.lower_bound(prefix); it != durations_.end() && it->first.rfind(prefix, 0) == 0; ++it)
      by_file[file.relpath] += it->second;
  }
  const auto plan = plan_shard(ids, by_file, options_.shard);
  std::vector<collect::TestFile> kept;
  for (std::size_t i = 0; i < files_.size(); ++i)
    if (plan.runs[i]) kept.push_back(files_[i]);
  pending_warnings_.push_back(shard_line(options_.shard, plan, kept.size(), files_.size(), "files (--isolate file)"));
  files_ = std::move(kept);
}

void TestRunner::apply_shard(std::vector<FileItems>& files, core::RunSummary& summary) {
  if (options_.shard.count <= 1 || options_.isolation == Isolation::File) return;
  std::vector<std::string> ids;
  for (const auto& group : files)
    for (const auto& item : group.items) ids.push_back(item.nodeid);
  const auto plan = plan_shard(ids, durations_, options_.shard);
  std::size_t at = 0, kept = 0;
  for (auto& group : files) {
    std::vector<Item> mine;
    for (auto& item : group.items)
      if (plan.runs[at++]) mine.push_back(std::move(item));
    kept += mine.size();
    group.items = std::move(mine);
  }
  const int left_out = static_cast<int>(ids.size() - kept);
  summary.deselected += left_out;
  start_.deselected += left_out;
  start_.collection_lines.push_back(shard_line(options_.shard, plan, kept, ids.size(), "tests"));
}

}  // namespace pyspace::run
