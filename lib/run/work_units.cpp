#include "run/work_units.h"

#include <algorithm>
#include <map>

namespace pyspace::run {
namespace {

// xdist's loadscope: a test's node id up to its last "::" (its class, else its module);
// loadfile: up to the first "::" (its file).
std::string_view scope_of(std::string_view nodeid, Dist dist) {
  // Parameters may hold "::": the scope is cut before the "[...]" of a parametrized test.
  const std::string_view base = nodeid.substr(0, nodeid.find('['));
  const auto cut = dist == Dist::LoadFile ? base.find("::") : base.rfind("::");
  return cut == std::string_view::npos ? base : nodeid.substr(0, cut);
}

}  // namespace

std::optional<Dist> parse_dist(std::string_view name) {
  if (name == "loadfile") return Dist::LoadFile;
  if (name == "load") return Dist::Load;
  if (name == "loadscope") return Dist::LoadScope;
  return std::nullopt;
}

std::string scheduling_name(Dist dist) {
  switch (dist) {
    case Dist::LoadFile: return "LoadFileScheduling";
    case Dist::Load: return "LoadScheduling";
    case Dist::LoadScope: return "LoadScopeScheduling";
    case Dist::Whole: break;
  }
  return "LoadScheduling";
}

WorkQueue::WorkQueue(Dist dist, std::vector<TestAt> tests, const std::vector<std::string>& nodeids, int workers)
    : dist_(dist), workers_(std::max(workers, 1)) {
  if (dist == Dist::Whole) {
    if (!tests.empty()) units_.push_back(std::move(tests));
    return;
  }
  if (dist == Dist::Load) {
    tests_ = std::move(tests);
    tests_left_ = tests_.size();
    return;
  }
  // A scope's tests run together, in the order of its first test (the tests of one scope are
  // next to each other unless a hook reordered them: they are gathered all the same).
  std::map<std::string_view, std::size_t> unit_of;
  std::vector<std::vector<TestAt>> units;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const auto scope = scope_of(nodeids[i], dist);
    auto [it, fresh] = unit_of.emplace(scope, units.size());
    if (fresh) units.emplace_back();
    units[it->second].push_back(tests[i]);
  }
  units_.assign(std::make_move_iterator(units.begin()), std::make_move_iterator(units.end()));
}

std::vector<TestAt> WorkQueue::take() {
  if (!units_.empty()) {
    auto unit = std::move(units_.front());
    units_.pop_front();
    return unit;
  }
  if (tests_left_ == 0) return {};
  // Guided chunks: a quarter of each worker's share of what is left, so the first chunks are
  // large (few messages) and the last ones single tests (no worker waits on a long queue).
  const std::size_t share = tests_left_ / (4 * static_cast<std::size_t>(workers_));
  const std::size_t size = std::clamp<std::size_t>(share, 1, tests_left_);
  std::vector<TestAt> chunk(tests_.begin() + static_cast<std::ptrdiff_t>(next_),
                            tests_.begin() + static_cast<std::ptrdiff_t>(next_ + size));
  next_ += size;
  tests_left_ -= size;
  return chunk;
}

std::vector<TestAt> WorkQueue::take_all() {
  std::vector<TestAt> all;
  for (auto unit = take(); !unit.empty(); unit = take()) all.insert(all.end(), unit.begin(), unit.end());
  return all;
}

void WorkQueue::give_back(std::vector<TestAt> tests) {
  if (!tests.empty()) units_.push_front(std::move(tests));
}

}  // namespace pyspace::run
