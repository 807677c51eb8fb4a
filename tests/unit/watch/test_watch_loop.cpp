// watch/watch_loop: the loop over a fake file watcher and a fake runner. Saves are queued on the
// fake watcher before the loop starts, or by the fake runner during a run (as a user saving
// while tests run); max_runs ends the loop.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <deque>
#include <functional>
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
    batches_.push_back(std::move(batch));
    REQUIRE(write(fds_[1], "x", 1) == 1);
  }
  int fd() const override { return fds_[0]; }
  std::vector<watch::FileChange> read_changes() override {
    char byte;
    if (read(fds_[0], &byte, 1) != 1 || batches_.empty()) return {};
    auto batch = std::move(batches_.front());
    batches_.pop_front();
    return batch;
  }

 private:
  int fds_[2];
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

// Records the options and trigger of each run; `affected_by` is the import graph's answer;
// `during_run` runs inside run N (1-based) to save files or fail.
class FakeRunner final : public watch::WatchRunner {
 public:
  struct Run {
    run::RunOptions options;
    std::vector<std::string> trigger;
  };
  std::vector<Run> runs;
  std::vector<fs::path> affected_by;
  std::function<void(int, report::Reporter&, core::RunSummary&)> during_run;
  bool interrupt = false;

  std::vector<fs::path> affected(const std::vector<fs::path>&, const std::vector<fs::path>& changed) override {
    return changed.empty() ? std::vector<fs::path>{} : affected_by;
  }
  Result run(const run::RunOptions& options, report::Reporter& reporter, const report::RunStart& start,
             std::ostream&) override {
    runs.push_back({options, start.trigger});
    Result result;
    result.summary.passed = 1;
    if (during_run) during_run(static_cast<int>(runs.size()), reporter, result.summary);
    result.interrupted_by_user = interrupt;
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

}  // namespace

TEST_CASE("the first run runs everything, with the leak check", "[watch][watch_loop]") {
  Watch w;
  CHECK(w.run(1) == 0);
  REQUIRE(w.runner.runs.size() == 1);
  const auto& first = w.runner.runs[0];
  CHECK(first.options.first_files.empty());
  CHECK_FALSE(first.options.only_first);
  CHECK(first.options.check_leaks);
  CHECK(first.trigger.empty());
  CHECK(w.terminal.str().empty());  // no header for the first run
}

TEST_CASE("a saved source file reruns with the test files importing it first", "[watch][watch_loop]") {
  Watch w;
  w.runner.affected_by = {w / "tests/test_b.py"};
  w.watcher.push({w / "src/lib.py"});
  SECTION("then the others") {
    w.run(2);
    REQUIRE(w.runner.runs.size() == 2);
    const auto& rerun = w.runner.runs[1];
    CHECK(rerun.options.first_files == std::vector<fs::path>{w / "tests/test_b.py"});
    CHECK_FALSE(rerun.options.only_first);
    CHECK(rerun.trigger == std::vector<std::string>{(w / "src/lib.py").string()});
    CHECK(w.terminal.str() ==
          "pyspace-test watch: changed: src/lib.py; running 1 affected test file first, then the other 1\n");
  }
  SECTION("alone with --affected-only") {
    w.options.affected_only = true;
    w.run(2);
    REQUIRE(w.runner.runs.size() == 2);
    CHECK(w.runner.runs[1].options.only_first);
    CHECK(w.terminal.str() == "pyspace-test watch: changed: src/lib.py; running 1 affected test file first (only)\n");
  }
}

TEST_CASE("a new test file runs first even when nothing imports it yet", "[watch][watch_loop]") {
  Watch w;
  w.tree.write("tests/test_new.py");
  w.watcher.push({w / "tests/test_new.py", w / "src/lib.py"});
  w.run(2);
  REQUIRE(w.runner.runs.size() == 2);
  CHECK(w.runner.runs[1].options.first_files == std::vector<fs::path>{w / "tests/test_new.py"});
}

TEST_CASE("files that are neither Python nor the config file do not trigger a run", "[watch][watch_loop]") {
  Watch w;
  w.watcher.push({w / "README.md", w / "src/__pycache__/lib.cpython-311.py"});
  w.watcher.push({w / "notes.txt", w / "src/lib.py"});
  w.run(2);
  REQUIRE(w.runner.runs.size() == 2);
  CHECK(w.runner.runs[1].trigger == std::vector<std::string>{(w / "src/lib.py").string()});
}

TEST_CASE("saves close together give one run with every file", "[watch][watch_loop]") {
  Watch w;
  w.options.debounce_ms = 200;
  w.watcher.push({w / "src/lib.py"});
  w.watcher.push({w / "tests/test_a.py", w / "src/lib.py"});
  w.run(2);
  REQUIRE(w.runner.runs.size() == 2);
  CHECK(w.runner.runs[1].trigger ==
        std::vector<std::string>{(w / "src/lib.py").string(), (w / "tests/test_a.py").string()});
}

TEST_CASE("a change of the config file makes the options again", "[watch][watch_loop]") {
  Watch w;
  w.options.config_files = {w.tree.write("pyspace.toml")};
  w.runner.during_run = [&](int run, report::Reporter&, core::RunSummary&) {
    if (run == 1) w.watcher.push({w / "src/lib.py"});
    if (run == 2) w.watcher.push({w.options.config_files.front()});
  };
  w.run(3);
  CHECK(w.runner.runs.size() == 3);
  CHECK(w.options_made == 2);  // the first run's, and the config change's (not the .py save's)
}

TEST_CASE("the exit status is the last run's and a usage error does not end the loop", "[watch][watch_loop]") {
  Watch w;
  w.runner.during_run = [&](int run, report::Reporter& reporter, core::RunSummary& summary) {
    if (run == 1) {
      core::TestReport failed;
      failed.nodeid = "tests/test_a.py::test_x";
      failed.outcome = core::Outcome::Failed;
      reporter.test_done(failed);
      summary.failed = 1;
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
