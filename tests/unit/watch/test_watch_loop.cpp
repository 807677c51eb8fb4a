// watch/watch_loop: the loop over a fake file watcher and a fake runner. Saves are queued on the
// fake watcher before the loop starts, or by the fake runner during a run (as a user saving
// while tests run); max_runs ends the loop.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <chrono>
#include <sstream>

#include "core/errors.h"
#include "../config/temp_tree.h"
#include "watch/watch_loop.h"

namespace {

using namespace pyspace;
namespace fs = std::filesystem;

// Each push() is one batch of changes, made readable by one byte on a pipe.
class FakeWatcher final : public watch::FileWatcher {
 public:
  FakeWatcher() {
    if (pipe2(fds_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
  }
  ~FakeWatcher() override {
    close(fds_[0]);
    close(fds_[1]);
  }
  void push(std::vector<fs::path> paths) {
    std::vector<watch::FileChange> batch;
    for (auto& path : paths) batch.push_back({std::move(path), false});
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batches_.push_back(std::move(batch));
    }
    if (write(fds_[1], "x", 1) != 1) throw std::runtime_error("write");
  }
  int fd() const override { return fds_[0]; }
  std::vector<watch::FileChange> read_changes() override {
    char byte;
    std::lock_guard<std::mutex> lock(mutex_);
    if (read(fds_[0], &byte, 1) != 1 || batches_.empty()) return {};
    auto batch = std::move(batches_.front());
    batches_.pop_front();
    return batch;
  }

 private:
  int fds_[2];
  std::mutex mutex_;  // push() may come from another thread (a save while the loop waits)
  std::deque<std::vector<watch::FileChange>> batches_;
};

class NullReporter final : public report::Reporter {
 public:
  void run_start(const report::RunStart&) override {}
  void collect_error(const core::CollectError&) override {}
  void test_done(const core::TestReport&) override {}
  void warning(const std::string&) override {}
  void python_warning(const std::string&, const std::string&) override {}
  void run_end(const core::RunSummary&) override {}
};

// Records the options and trigger of each run; `affected_by` is the recorded dependencies'
// answer, `dependencies` the files runs used; `during_run` runs inside run N (1-based) to save
// files, fail, or ask whether the run is stale (`stale`).
class FakeRunner final : public watch::WatchRunner {
 public:
  struct Run {
    run::RunOptions options;
    std::vector<std::string> trigger;
  };
  std::vector<Run> runs;
  std::map<fs::path, std::vector<fs::path>> used_by;  // changed file -> the test files it affects
  std::vector<fs::path> dependencies;
  std::vector<fs::path> forgotten;
  std::function<void(int, report::Reporter&, core::RunSummary&)> during_run;
  watch::StaleCheck stale;
  bool interrupt = false;

  std::vector<fs::path> affected(const std::vector<fs::path>&, const std::vector<fs::path>& changed) override {
    std::vector<fs::path> out;
    for (const auto& path : changed)
      for (const auto& test : used_by[path])
        if (std::find(out.begin(), out.end(), test) == out.end()) out.push_back(test);
    return out;
  }
  bool is_dependency(const fs::path& path) override {
    return std::find(dependencies.begin(), dependencies.end(), path) != dependencies.end();
  }
  void forget(const std::vector<fs::path>& deleted) override {
    forgotten.insert(forgotten.end(), deleted.begin(), deleted.end());
  }
  Result run(const run::RunOptions& options, report::Reporter& reporter, const report::RunStart& start,
             std::ostream&, const watch::StaleCheck& is_stale) override {
    runs.push_back({options, start.trigger});
    stale = is_stale;
    Result result;
    result.summary.passed = 1;
    if (during_run) during_run(static_cast<int>(runs.size()), reporter, result.summary);
    result.interrupted_by_user = interrupt;
    reporter.run_end(result.summary);
    return result;
  }
};

struct Watch {
  testing::TempTree tree;
  FakeWatcher watcher;
  FakeRunner runner;
  NullReporter reporter;
  std::ostringstream terminal;
  watch::WatchOptions options;
  int options_made = 0;

  Watch() {
    tree.write("tests/test_a.py");
    tree.write("tests/test_b.py");
    tree.write("src/lib.py");
    options.debounce_ms = 0;
    options.time_of_day = [] { return std::string("12:00:00"); };
  }
  fs::path operator/(const char* relative) const { return tree / relative; }
  int run(int max_runs) {
    options.max_runs = max_runs;
    auto make_options = [this] {
      ++options_made;
      run::RunOptions o;
      o.paths = {tree.root()};
      o.rootdir = tree.root();
      return o;
    };
    watch::WatchLoop loop(options, make_options, reporter, {}, terminal, watcher, runner);
    return loop.run();
  }
};

void fail(report::Reporter& reporter, core::RunSummary& summary, const std::string& nodeid) {
  core::TestReport failed;
  failed.nodeid = nodeid;
  failed.outcome = core::Outcome::Failed;
  reporter.test_done(failed);
  summary.failed = 1;
  summary.passed = 0;
}

}  // namespace

TEST_CASE("the first run runs everything with the leak check between two headers", "[watch][watch_loop]") {
  Watch w;
  CHECK(w.run(1) == 0);
  REQUIRE(w.runner.runs.size() == 1);
  const auto& first = w.runner.runs[0];
  CHECK(first.options.first_files.empty());
  CHECK_FALSE(first.options.only_first);
  CHECK(first.options.check_leaks);
  CHECK(first.trigger.empty());
  CHECK(w.terminal.str() ==
        "pyspace-test watch: run 1 at 12:00:00; running all 2 test files\n"
        "pyspace-test watch: run 1 at 12:00:00; running all 2 test files\n");
}

TEST_CASE("a saved source file reruns the test files that used it", "[watch][watch_loop]") {
  Watch w;
  w.runner.used_by[w / "src/lib.py"] = {w / "tests/test_b.py"};
  w.watcher.push({w / "src/lib.py"});
  SECTION("alone, by default") {
    w.run(2);
    REQUIRE(w.runner.runs.size() == 2);
    const auto& rerun = w.runner.runs[1];
    CHECK(rerun.options.first_files == std::vector<fs::path>{w / "tests/test_b.py"});
    CHECK(rerun.options.only_first);
    CHECK(rerun.trigger == std::vector<std::string>{(w / "src/lib.py").string()});
    CHECK(w.terminal.str().ends_with(
        "pyspace-test watch: run 2 at 12:00:00; changed: src/lib.py; running 1 affected test file (of 2)\n"));
  }
  SECTION("first, then the others, with --all") {
    w.options.run_all = true;
    w.run(2);
    REQUIRE(w.runner.runs.size() == 2);
    CHECK(w.runner.runs[1].options.first_files == std::vector<fs::path>{w / "tests/test_b.py"});
    CHECK_FALSE(w.runner.runs[1].options.only_first);
    CHECK(w.terminal.str().ends_with("changed: src/lib.py; running all 2 test files, 1 affected first\n"));
  }
}

TEST_CASE("a save no test file used runs nothing and says so", "[watch][watch_loop]") {
  Watch w;
  w.tree.write("src/other.py");
  w.runner.used_by[w / "src/lib.py"] = {w / "tests/test_a.py"};
  w.watcher.push({w / "src/other.py"});
  std::thread later([&] {  // once the loop has said that nothing runs and waits again
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    w.watcher.push({w / "src/lib.py"});
  });
  w.run(2);
  later.join();
  REQUIRE(w.runner.runs.size() == 2);
  CHECK(w.runner.runs[1].trigger == std::vector<std::string>{(w / "src/lib.py").string()});
  CHECK(w.terminal.str().find("pyspace-test watch: changed: src/other.py; no test file depends on it: "
                              "nothing to run (a runs all)\n") != std::string::npos);
}

TEST_CASE("editor files and hidden files and __pycache__ never trigger but data files a run used do",
          "[watch][watch_loop]") {
  Watch w;
  w.runner.dependencies = {w / "tests/data/rates.json"};
  w.runner.used_by[w / "tests/data/rates.json"] = {w / "tests/test_a.py"};
  w.tree.write("tests/data/rates.json");
  w.watcher.push({w / "README.md", w / "src/__pycache__/lib.cpython-311.py", w / "src/.#lib.py",
                  w / "src/lib.py~", w / "src/#lib.py#", w / ".git/index.py", w / "notes.txt"});
  w.watcher.push({w / "tests/data/rates.json"});
  w.run(2);
  REQUIRE(w.runner.runs.size() == 2);
  CHECK(w.runner.runs[1].trigger == std::vector<std::string>{(w / "tests/data/rates.json").string()});
  CHECK(w.runner.runs[1].options.first_files == std::vector<fs::path>{w / "tests/test_a.py"});
}

TEST_CASE("a file matching the extra globs that no run used runs every test file", "[watch][watch_loop]") {
  Watch w;
  w.options.globs = {"*.sql"};
  w.tree.write("db/schema.sql");
  w.watcher.push({w / "db/schema.sql"});
  w.run(2);
  REQUIRE(w.runner.runs.size() == 2);
  CHECK(w.runner.runs[1].options.first_files.empty());
  CHECK_FALSE(w.runner.runs[1].options.only_first);
}

TEST_CASE("saves close together give one run with every file", "[watch][watch_loop]") {
  Watch w;
  w.options.debounce_ms = 200;
  w.runner.used_by[w / "src/lib.py"] = {w / "tests/test_a.py"};
  w.watcher.push({w / "src/lib.py"});
  w.watcher.push({w / "tests/test_a.py", w / "src/lib.py"});
  w.run(2);
  REQUIRE(w.runner.runs.size() == 2);
  CHECK(w.runner.runs[1].trigger ==
        std::vector<std::string>{(w / "src/lib.py").string(), (w / "tests/test_a.py").string()});
}

TEST_CASE("a change of the config file makes the options again and runs everything", "[watch][watch_loop]") {
  Watch w;
  w.options.config_files = {w.tree.write("pyspace.toml")};
  w.runner.used_by[w / "src/lib.py"] = {w / "tests/test_a.py"};
  w.runner.during_run = [&](int run, report::Reporter&, core::RunSummary&) {
    if (run == 1) w.watcher.push({w / "src/lib.py"});
    if (run == 2) w.watcher.push({w.options.config_files.front()});
  };
  w.run(3);
  REQUIRE(w.runner.runs.size() == 3);
  CHECK(w.options_made == 2);  // the first run's, and the config change's (not the .py save's)
  CHECK(w.runner.runs[2].options.first_files.empty());
  CHECK(w.terminal.str().ends_with("changed: pyspace.toml; running all 2 test files (the configuration changed)\n"));
}

TEST_CASE("a deleted file is forgotten and the header says deleted", "[watch][watch_loop]") {
  Watch w;
  w.runner.used_by[w / "src/gone.py"] = {w / "tests/test_b.py"};
  w.watcher.push({w / "src/gone.py"});
  w.run(2);
  REQUIRE(w.runner.runs.size() == 2);
  CHECK(w.runner.forgotten == std::vector<fs::path>{w / "src/gone.py"});
  CHECK(w.runner.runs[1].options.first_files == std::vector<fs::path>{w / "tests/test_b.py"});
  CHECK(w.terminal.str().ends_with("deleted: src/gone.py; running 1 affected test file (of 2)\n"));
}

TEST_CASE("failures in files not rerun are remembered and listed", "[watch][watch_loop]") {
  Watch w;
  w.runner.used_by[w / "src/lib.py"] = {w / "tests/test_b.py"};
  w.runner.during_run = [&](int run, report::Reporter& reporter, core::RunSummary& summary) {
    if (run == 1) {
      fail(reporter, summary, "tests/test_a.py::test_x");
      w.watcher.push({w / "src/lib.py"});
    }
  };
  CHECK(w.run(2) == 0);  // the last run's status: test_b passed
  CHECK(w.terminal.str().find("1 failing test in files not rerun: press f\n  tests/test_a.py::test_x\n"
                              "pyspace-test watch: run 2 at 12:00:00;") != std::string::npos);
}

TEST_CASE("a save during a run stops it and the next run has every change since", "[watch][watch_loop]") {
  Watch w;
  w.tree.write("src/more.py");
  w.runner.used_by[w / "src/lib.py"] = {w / "tests/test_a.py"};
  w.runner.used_by[w / "src/more.py"] = {w / "tests/test_b.py"};
  bool stale_at_first = true;
  w.runner.during_run = [&](int run, report::Reporter&, core::RunSummary&) {
    w.runner.interrupt = false;
    if (run == 1) {
      stale_at_first = w.runner.stale() != run::Staleness::Fresh;
      w.watcher.push({w / "src/lib.py"});
    }
    if (run == 2) {
      w.watcher.push({w / "src/more.py"});
      REQUIRE(w.runner.stale() == run::Staleness::Saved);  // the runner then stops as on a Ctrl-C
      w.runner.interrupt = true;
    }
  };
  CHECK(w.run(3) == 0);
  CHECK_FALSE(stale_at_first);
  REQUIRE(w.runner.runs.size() == 3);
  CHECK(w.runner.runs[2].trigger ==
        std::vector<std::string>{(w / "src/more.py").string(), (w / "src/lib.py").string()});
  CHECK(w.runner.runs[2].options.first_files == std::vector<fs::path>{w / "tests/test_b.py", w / "tests/test_a.py"});
}

TEST_CASE("the exit status is the last run's and a usage error does not end the loop", "[watch][watch_loop]") {
  Watch w;
  w.runner.used_by[w / "src/lib.py"] = {w / "tests/test_a.py"};
  w.runner.during_run = [&](int run, report::Reporter& reporter, core::RunSummary& summary) {
    if (run == 1) {
      fail(reporter, summary, "tests/test_a.py::test_x");
      w.watcher.push({w / "src/lib.py"});
    } else if (run == 2) {
      w.watcher.push({w / "src/lib.py"});
      throw core::UsageError("file or directory not found: gone");
    }
  };
  SECTION("after a failed run, a usage error") {
    CHECK(w.run(2) == 4);
    CHECK(w.terminal.str().find("pyspace-test: error: file or directory not found: gone\n") != std::string::npos);
  }
  SECTION("and then a passing run") {
    CHECK(w.run(3) == 0);
    CHECK(w.runner.runs.size() == 3);
  }
}

TEST_CASE("Ctrl-C during a run ends the loop", "[watch][watch_loop]") {
  Watch w;
  w.runner.interrupt = true;
  w.watcher.push({w / "src/lib.py"});
  w.run(5);
  CHECK(w.runner.runs.size() == 1);
}
