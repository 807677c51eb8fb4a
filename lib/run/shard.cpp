#include "run/shard.h"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pyspace::run {

std::optional<ShardSpec> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto number = [](const std::string& part) -> std::optional<int> {
    if (part.empty() || part.size() > 6 || !std::all_of(part.begin(), part.end(), ::isdigit)) return std::nullopt;
    return std::stoi(part);
  };
  auto index = number(text.substr(0, slash));
  auto count = number(text.substr(slash + 1));
  if (!index || !count || *index < 1 || *count < 1 || *index > *count) return std::nullopt;
  return ShardSpec{*index, *count};
}

std::optional<Durations> read_durations(const std::filesystem::path& path, std::string& warning) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  Durations durations;
  bool ok = json.is_object();
  if (ok) {
    for (const auto& [id, seconds] : json.items()) {
      if (!seconds.is_number() || seconds.get<double>() < 0) {
        ok = false;
        break;
      }
      durations[id] = seconds.get<double>();
    }
  }
  if (!ok) {
    warning = fmt::format("durations file {} is not a JSON object of seconds by node id: shards are balanced by test counts",
                          path.string());
    return Durations{};
  }
  return durations;
}

std::optional<std::string> write_durations(const std::filesystem::path& path, const Durations& durations) {
  // Written entry by entry (sorted already): an ordered_json object inserts in linear time.
  std::string text = "{";
  bool first = true;
  for (const auto& [id, seconds] : durations) {
    text += first ? "\n    " : ",\n    ";
    first = false;
    text += nlohmann::json(id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += ": ";
    text += nlohmann::json(seconds).dump();
  }
  text += first ? "}" : "\n}";
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const auto temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary);
    out << text << '\n';
    if (!out) return fmt::format("could not write the durations file {}", path.string());
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) return fmt::format("could not write the durations file {}: {}", path.string(), ec.message());
  return std::nullopt;
}

ShardPlan plan_shard(const std::vector<std::string>& ids, const Durations& durations, ShardSpec spec) {
  ShardPlan plan;
  plan.runs.assign(ids.size(), spec.count <= 1);
  if (spec.count <= 1) return plan;
  std::vector<double> weight(ids.size(), 0);
  std::vector<bool> known(ids.size(), false);
  double known_total = 0;
  int known_count = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (auto it = durations.find(ids[i]); it != durations.end()) {
      weight[i] = it->second;
      known[i] = true;
      known_total += it->second;
      ++known_count;
    }
  }
  plan.by_durations = known_count > 0;
  const double unknown = known_count > 0 ? known_total / known_count : 1.0;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (!known[i]) weight[i] = unknown;
  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight[a] > weight[b]; });
  std::vector<double> totals(static_cast<std::size_t>(spec.count), 0);
  const auto mine = static_cast<std::size_t>(spec.index - 1);
  for (std::size_t i : order) {
    const auto shard = static_cast<std::size_t>(std::min_element(totals.begin(), totals.end()) - totals.begin());
    totals[shard] += weight[i];
    plan.runs[i] = shard == mine;
  }
  plan.estimated_s = totals[mine];
  return plan;
}

}  // namespace pyspace::run
