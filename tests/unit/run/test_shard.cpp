// run/shard: which tests one shard of N runs; every test in exactly one shard, balanced.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "run/shard.h"

using pyspace::run::Durations;
using pyspace::run::parse_shard;
using pyspace::run::plan_shard;
using pyspace::run::ShardSpec;

TEST_CASE("shards are I/N with 1 <= I <= N", "[run][shard]") {
  CHECK(parse_shard("2/3")->index == 2);
  CHECK(parse_shard("2/3")->count == 3);
  CHECK(parse_shard("1/1"));
  for (const char* bad : {"0/2", "3/2", "x", "1/", "/2", "-1/2", "1/2/3", "", "a/b"}) CHECK_FALSE(parse_shard(bad));
}

TEST_CASE("every test lands in exactly one shard and counts balance them without durations", "[run][shard]") {
  std::vector<std::string> ids;
  for (int i = 0; i < 31; ++i) ids.push_back(fmt::format("t.py::test_{}", i));
  std::vector<int> owners(ids.size(), 0);
  std::vector<std::size_t> sizes;
  for (int shard = 1; shard <= 4; ++shard) {
    auto plan = plan_shard(ids, {}, ShardSpec{shard, 4});
    CHECK_FALSE(plan.by_durations);
    std::size_t size = 0;
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (plan.runs[i]) {
        ++owners[i];
        ++size;
      }
    sizes.push_back(size);
  }
  for (int owner : owners) CHECK(owner == 1);
  CHECK(sizes == std::vector<std::size_t>{8, 8, 8, 7});
}

TEST_CASE("durations balance the shards and an unknown test weighs the mean", "[run][shard]") {
  const std::vector<std::string> ids = {"a", "b", "c", "d", "e"};
  const Durations durations = {{"a", 10.0}, {"b", 4.0}, {"c", 3.0}, {"d", 3.0}};  // "e" weighs 5
  auto first = plan_shard(ids, durations, ShardSpec{1, 2});
  auto second = plan_shard(ids, durations, ShardSpec{2, 2});
  CHECK(first.by_durations);
  // By weight: a 10 -> 1, e 5 -> 2, b 4 -> 2 (9), c 3 -> 2 (12), d 3 -> 1 (13).
  CHECK(first.runs == std::vector<bool>{true, false, false, true, false});
  CHECK(second.runs == std::vector<bool>{false, true, true, false, true});
  CHECK(first.estimated_s == 13.0);
  CHECK(second.estimated_s == 12.0);
  CHECK(plan_shard(ids, durations, ShardSpec{1, 2}).runs == first.runs);  // the same on every machine
}
