// run/cache and run/cache_session: pytest's .pytest_cache files and the --lf/--ff/--nf/--sw
// selection over items, on a temporary tree (the integration tests compare with pytest itself).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "run/cache.h"
#include "report/console_format.h"
#include "run/cache_session.h"
#include "../config/temp_tree.h"

namespace {

using namespace pyspace;
namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Files {
  testing::TempTree tree;
  std::vector<collect::TestFile> files;
  Files() {
    for (const char* name : {"test_a.py", "test_b.py"}) {
      tree.write(name, "");
      files.push_back({tree / name, name, "", tree.root(), ""});
    }
  }
  run::CacheOptions options() const {
    run::CacheOptions o;
    o.enabled = true;
    o.dir = tree / ".pytest_cache";
    return o;
  }
  std::vector<run::CacheSession::Entry> entries(const std::vector<std::pair<int, std::string>>& ids) const {
    std::vector<run::CacheSession::Entry> out;
    for (const auto& [file, id] : ids) out.push_back({&files[file], run::Item{id, nullptr, files[file].relpath}});
    return out;
  }
};

std::vector<std::string> ids_of(const std::vector<run::CacheSession::Entry>& entries) {
  std::vector<std::string> ids;
  for (const auto& entry : entries) ids.push_back(entry.item.nodeid);
  return ids;
}

core::TestReport test_report(const std::string& id, core::Outcome outcome) {
  core::TestReport r;
  r.nodeid = id;
  r.outcome = outcome;
  return r;
}

}  // namespace

TEST_CASE("cache files are written as pytest's json.dumps(indent=2) with its supporting files",
          "[run][cache]") {
  testing::TempTree tree;
  run::CacheDir cache(tree / "c");
  CHECK_FALSE(cache.write_lastfailed({"t.py::b", "t.py::a\xc3\xa9\""}));
  CHECK(read(tree / "c/v/cache/lastfailed") == "{\n  \"t.py::b\": true,\n  \"t.py::a\xc3\xa9\\\"\": true\n}");
  CHECK(cache.read_lastfailed() == std::vector<std::string>{"t.py::b", "t.py::a\xc3\xa9\""});
  CHECK_FALSE(cache.write_nodeids({}));
  CHECK(read(tree / "c/v/cache/nodeids") == "[]");
  CHECK_FALSE(cache.write_stepwise(std::nullopt, true));
  CHECK(read(tree / "c/v/cache/stepwise") == "[]");
  CHECK_FALSE(cache.read_stepwise());
  CHECK_FALSE(cache.write_stepwise(std::nullopt, false));
  CHECK(read(tree / "c/v/cache/stepwise") == "null");
  CHECK(read(tree / "c/.gitignore") == "# Created by pytest automatically.\n*\n");
  CHECK(read(tree / "c/CACHEDIR.TAG").rfind("Signature: 8a477f597d28d172789f06886806bc55\n", 0) == 0);
  CHECK(fs::exists(tree / "c/README.md"));
  tree.write("c/v/cache/nodeids", "not json");
  CHECK(cache.read_nodeids().empty());
  cache.clear();
  CHECK_FALSE(fs::exists(tree / "c/v"));
  CHECK(fs::exists(tree / "c/README.md"));
}

TEST_CASE("an existing cache directory gets no supporting files (as pytest's Cache.set)", "[run][cache]") {
  testing::TempTree tree;
  tree.mkdir("c");
  run::CacheDir(tree / "c").write_nodeids({"x"});
  CHECK(fs::exists(tree / "c/v/cache/nodeids"));
  CHECK_FALSE(fs::exists(tree / "c/README.md"));
}

TEST_CASE("cache: lf keeps the known failures and skips files without any", "[run][cache]") {
  Files f;
  run::CacheDir(f.tree / ".pytest_cache").write_lastfailed({"test_b.py::t2"});
  auto options = f.options();
  options.last_failed = true;
  run::CacheSession session(options, f.tree.root(), {f.tree.root()});
  session.order_files(f.files);
  REQUIRE(f.files[0].relpath == "test_b.py");
  CHECK(session.should_collect(f.files[0]));
  std::vector<run::Item> items{{"test_b.py::t1", nullptr, "test_b.py"}, {"test_b.py::t2", nullptr, "test_b.py"}};
  session.collected(f.files[0], items, false);
  REQUIRE(items.size() == 1);
  CHECK(items[0].nodeid == "test_b.py::t2");
  CHECK_FALSE(session.should_collect(f.files[1]));
  auto entries = f.entries({{0, "test_b.py::t2"}});
  CHECK(session.modify_items(entries) == 0);
  CHECK(session.collection_lines() ==
        std::vector<std::string>{"run-last-failure: rerun previous 1 failure (skipped 1 file)"});
  session.on_report(test_report("test_b.py::t2", core::Outcome::Passed));
  session.finish(false);
  CHECK(read(f.tree / ".pytest_cache/v/cache/lastfailed") == "{}");
  CHECK(read(f.tree / ".pytest_cache/v/cache/nodeids") == "[\n  \"test_b.py::t2\"\n]");
}

TEST_CASE("cache: ff puts the failures first and lfnf none deselects everything without any", "[run][cache]") {
  Files f;
  run::CacheDir(f.tree / ".pytest_cache").write_lastfailed({"test_b.py::t3"});
  auto options = f.options();
  options.failed_first = true;
  run::CacheSession ff(options, f.tree.root(), {});
  auto entries = f.entries({{0, "test_a.py::t1"}, {0, "test_a.py::t2"}, {1, "test_b.py::t3"}});
  CHECK(ff.modify_items(entries) == 0);
  CHECK(ids_of(entries) == std::vector<std::string>{"test_b.py::t3", "test_a.py::t1", "test_a.py::t2"});
  CHECK(ff.collection_lines() == std::vector<std::string>{"run-last-failure: rerun previous 1 failure first"});

  run::CacheDir(f.tree / ".pytest_cache").write_lastfailed({});
  options = f.options();
  options.last_failed = true;
  options.lfnf_none = true;
  run::CacheSession none(options, f.tree.root(), {});
  entries = f.entries({{0, "test_a.py::t1"}});
  CHECK(none.modify_items(entries) == 1);
  CHECK(entries.empty());
  CHECK(none.collection_lines() ==
        std::vector<std::string>{"run-last-failure: no previously failed tests, deselecting all items."});
}

TEST_CASE("cache: sw skips what passed before the last failure and stops at the next one", "[run][cache]") {
  Files f;
  run::CacheDir(f.tree / ".pytest_cache").write_stepwise("test_a.py::t2", false);
  auto options = f.options();
  options.stepwise = true;
  run::CacheSession session(options, f.tree.root(), {});
  auto entries = f.entries({{0, "test_a.py::t1"}, {0, "test_a.py::t2"}, {1, "test_b.py::t3"}});
  CHECK(session.modify_items(entries) == 1);
  CHECK(ids_of(entries) == std::vector<std::string>{"test_a.py::t2", "test_b.py::t3"});
  CHECK(session.collection_lines() == std::vector<std::string>{"stepwise: skipping 1 already passed items."});
  CHECK_FALSE(session.on_report(test_report("test_a.py::t2", core::Outcome::Passed)));
  CHECK(session.on_report(test_report("test_b.py::t3", core::Outcome::Failed)) ==
        "Test failed, continuing from this test next run.");
  session.finish(false);
  CHECK(read(f.tree / ".pytest_cache/v/cache/stepwise") == "\"test_b.py::t3\"");
}

TEST_CASE("deselected items in pytest's collected and closing lines", "[run][cache]") {
  CHECK(report::collected_line(5, 0, 2) == "collected 7 items / 2 deselected / 5 selected");
  CHECK(report::collected_line(0, 1, 1) == "collected 1 item / 1 error / 1 deselected / 0 selected");
  CHECK(report::collected_line(3, 0, 0) == "collected 3 items");
  core::RunSummary summary;
  summary.failed = 1;
  summary.skipped = 1;
  summary.xfailed = 1;
  summary.deselected = 2;
  CHECK(summary.closing_line() == "1 failed, 1 skipped, 2 deselected, 1 xfailed in 0.00s");
  summary = {};
  summary.deselected = 2;
  CHECK(summary.closing_line() == "2 deselected in 0.00s");
  CHECK(summary.exit_code() == core::ExitCode::NoTestsCollected);
}
