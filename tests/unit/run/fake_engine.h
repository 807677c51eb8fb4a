// Fakes of run/run_engine.h for the run loop's unit tests: a collector answering from a table,
// spaces and sessions that log what the loop asks of them, and a reporter logging what it is told.
// Everything lands in one shared log, so tests check the order across all of them.
#pragma once

#include <chrono>
#include <thread>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/outcome.h"
#include "python/error.h"
#include "report/reporter.h"
#include "run/run_engine.h"

namespace pyspace::testing {

using Log = std::vector<std::string>;

struct FakeFile {
  std::vector<std::string> tests;  // names after "relpath::"
  std::vector<std::string> errors; // collection error messages
  std::vector<std::string> unsupported;  // what collecting it finds the native engine cannot honour
  std::string skip;                // not empty: the module skipped itself while imported, why
};

class FakeCollector final : public run::Collector {
 public:
  explicit FakeCollector(Log& log) : log_(log) {}
  std::map<std::string, FakeFile> files;  // by relpath
  run::ProjectSettings project;

  run::ProjectSettings settings() const override { return project; }
  run::Collected collect(const collect::TestFile& file) override {
    log_.push_back("collect " + file.relpath);
    run::Collected collected;
    const FakeFile& fake = files[file.relpath];
    for (const auto& test : fake.tests) collected.items.push_back({file.relpath + "::" + test, nullptr, file.relpath});
    for (const auto& message : fake.errors) collected.errors.push_back({file.relpath, message, message});
    for (const auto& reason : fake.unsupported) unsupported_.push_back(reason);
    if (!fake.skip.empty()) {
      core::TestReport skip;
      skip.nodeid = skip.file = file.relpath;
      skip.outcome = core::Outcome::Skipped;
      skip.when = "collect";
      skip.message = fake.skip;
      collected.skips.push_back(std::move(skip));
    }
    return collected;
  }
  // What the files collected so far found (a run's spaces share it here).
  std::vector<std::string> unsupported() override { return unsupported_; }

 private:
  Log& log_;
  std::vector<std::string> unsupported_;
};

class FakeSpace final : public run::RunSpace {
 public:
  FakeSpace(Log& log, int number, std::vector<std::string> changes, bool dies_settling = false)
      : log_(log), name_(fmt::format("space{}", number)), changes_(std::move(changes)), dies_settling_(dies_settling) {}
  void activate() override { log_.push_back(name_ + " activate"); }
  void deactivate() override { log_.push_back(name_ + " deactivate"); }
  void checkpoint() override { log_.push_back(name_ + " checkpoint"); }
  std::vector<std::string> settle() override {
    if (dies_settling_) _exit(9);
    log_.push_back(name_ + " settle");
    return changes_;
  }
  run::SpaceTeardown close(bool) override {
    log_.push_back(name_ + " close");
    return {};
  }

 private:
  Log& log_;
  std::string name_;
  std::vector<std::string> changes_;
  bool dies_settling_;
};

// Runs items by logging "run <nodeid> next=<nodeid or ->"; outcomes from `outcomes` (default
// passed); a test named in `exit_after` calls pytest.exit(); one in `interrupt_at` is Ctrl-C.
class FakeSessions final : public run::SessionFactory {
 public:
  explicit FakeSessions(Log& log) : log_(log) {}
  std::map<std::string, core::Outcome> outcomes;
  std::string exit_after;
  std::string interrupt_at;
  std::vector<std::string> settle_changes;  // what each space's settle() reports
  int spaces = 0;
  // Supervised runs: fork_process() forks (the child's log is its own copy: the parent's log
  // shows what the parent reported); a test named in `crash_at` ends its process (_exit(7)).
  bool forks = false;
  int fork_error = 0;  // fork_process() fails with this errno instead
  int fork_limit = -1;
  int test_ms = 0;  // each test takes this long (so that every -n worker gets some)  // after this many forks, fork_process() fails with EAGAIN (-1: never)
  std::string crash_at;
  bool dies_settling = false;  // the spaces' settle() ends the process (_exit(9))
  int forked = 0;

  int fork_process(int /*crash_fd*/, int /*channel_fd*/) override {
    if (fork_error != 0) {
      errno = fork_error;
      return -1;
    }
    if (!forks) return run::SessionFactory::fork_process(0, 0);
    if (fork_limit >= 0 && forked >= fork_limit) {
      errno = EAGAIN;
      return -1;
    }
    ++forked;
    return ::fork();
  }

  std::unique_ptr<run::RunSpace> make_space() override {
    return std::make_unique<FakeSpace>(log_, ++spaces, settle_changes, dies_settling);
  }
  std::unique_ptr<run::Executor> open_session() override;

 private:
  Log& log_;
};

class FakeExecutor final : public run::Executor {
 public:
  FakeExecutor(Log& log, FakeSessions& owner) : log_(log), owner_(owner) { log_.push_back("session open"); }
  std::vector<core::TestReport> run(const run::Item& item, const run::Item* next) override;
  std::vector<core::TestReport> finish() override {
    log_.push_back("session finish");
    return {};
  }
  std::optional<std::string> exit_reason() const override { return exit_reason_; }
  void close() override { log_.push_back("session close"); }

 private:
  Log& log_;
  FakeSessions& owner_;
  std::optional<std::string> exit_reason_;
};

inline std::unique_ptr<run::Executor> FakeSessions::open_session() {
  return std::make_unique<FakeExecutor>(log_, *this);
}

inline std::vector<core::TestReport> FakeExecutor::run(const run::Item& item, const run::Item* next) {
  log_.push_back(fmt::format("run {} next={}", item.nodeid, next ? next->nodeid : "-"));
  if (owner_.test_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(owner_.test_ms));
  if (item.nodeid == owner_.crash_at) _exit(7);
  if (item.nodeid == owner_.interrupt_at)
    throw python::PythonError("KeyboardInterrupt", "",  // what the bridge throws on Ctrl-C
                              "Traceback (most recent call last):\n  File \"/runner/execute.py\", line 9, in run\n"
                              "  File \"/p/" + item.nodeid.substr(0, item.nodeid.find("::")) +
                                  "\", line 7, in t\nKeyboardInterrupt\n");
  core::TestReport report;
  report.nodeid = item.nodeid;
  auto outcome = owner_.outcomes.find(item.nodeid);
  if (outcome != owner_.outcomes.end()) report.outcome = outcome->second;
  if (item.nodeid == owner_.exit_after) exit_reason_ = "enough";
  return {report};
}

class LogReporter final : public report::Reporter {
 public:
  explicit LogReporter(Log& log) : log_(log) {}
  void run_start(const report::RunStart& start) override {
    log_.push_back(fmt::format("report start collected={}", start.collected));
  }
  void collect_error(const core::CollectError& error) override {
    log_.push_back(fmt::format("report collect error {}", error.path));
  }
  void collect_skip(const core::TestReport& report) override {
    log_.push_back(fmt::format("report collect skip {}", report.nodeid));
  }
  void test_done(const core::TestReport& report) override {
    log_.push_back(fmt::format("report {} {}", report.nodeid, core::to_string(report.outcome)));
  }
  void warning(const std::string& text) override { log_.push_back("report warning " + text); }
  void python_warning(const std::string& where, const std::string& message) override {
    log_.push_back(fmt::format("report python warning {} {}", where, message));
  }
  void run_end(const core::RunSummary&) override { log_.push_back("report end"); }

 private:
  Log& log_;
};

}  // namespace pyspace::testing
