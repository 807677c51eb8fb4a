// Sharding one suite across CI machines (--shard i/n, docs/ci.md): which of the collected tests
// one shard runs, balanced by recorded durations (pytest-split's `.test_durations` format:
// a JSON object {node id: seconds}) and the same on every machine. No Python involved.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pyspace::run {

struct ShardSpec {
  int index = 0;  // 1-based
  int count = 0;  // 0: no sharding
};

// "2/3" -> {2, 3}; nullopt unless 1 <= i <= n.
std::optional<ShardSpec> parse_shard(const std::string& text);

using Durations = std::map<std::string, double, std::less<>>;

// Reads a durations file. nullopt when it does not exist; `warning` is set (naming the file)
// when it exists but is not a JSON object of numbers, and the result is then empty.
std::optional<Durations> read_durations(const std::filesystem::path& path, std::string& warning);
// Writes `durations` (sorted by node id, as pytest-split writes it); the warning text on failure.
std::optional<std::string> write_durations(const std::filesystem::path& path, const Durations& durations);

struct ShardPlan {
  std::vector<bool> runs;   // per id: whether this shard runs it
  double estimated_s = 0;   // this shard's total by the durations used
  bool by_durations = false;  // false: every test counted as 1 (no duration known)
};

// Greedy least-total assignment: the ids by decreasing duration (an unknown one weighs the mean
// of the known ones, 1 when none is known; ties: running order) each go to the shard with the
// least total so far (ties: the lowest shard). Every id lands in exactly one shard; a shard
// keeps the running order. Under --isolate file the ids are files, their durations the sums of
// their tests'.
ShardPlan plan_shard(const std::vector<std::string>& ids, const Durations& durations, ShardSpec spec);

}  // namespace pyspace::run
