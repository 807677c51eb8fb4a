// The run machinery (run/run_engine.h) seen by watch mode: decorators of a Collector and a
// SessionFactory that tell run_dependencies.py whose collection or test runs now (so that what
// it imports and opens is recorded as that test file's), and that stop a run a save made stale
// between two tests. CONTRACT: as run/run_engine.h (GIL held; collect and run with their space
// active); the wrapped objects outlive these.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "python/object.h"
#include "run/run_engine.h"
#include "watch/watch_runner.h"

namespace pyspace::watch {

// What both decorators share: the test file of each collected item, and how many of a file's
// items are still to run (a file is seen completely when none is left).
class RunRecording {
 public:
  explicit RunRecording(StaleCheck stale);
  void enter(const std::filesystem::path& file);
  void leave();
  void collected(const std::filesystem::path& file, const run::Collected& items);
  void ran(const run::Item& item);
  const std::filesystem::path* file_of(const run::Item& item) const;
  // Throws KeyboardInterrupt (as python::PythonError) when the run is stale.
  void check_stale() const;
  run::Staleness staleness() const;
  // In a supervised child: the parent judges staleness (its watcher and keys are its own).
  void in_child();
  // What a child recorded since the last call, and the parent's merge of it
  // (run_dependencies.py child_record / merge_child_record).
  std::string child_record();
  void take_child_record(const std::string& record);

 private:
  StaleCheck stale_;
  python::Object deps_;
  std::map<const run::ItemHandle*, std::filesystem::path> file_of_;
  std::map<std::filesystem::path, int> left_;
};

class RecordingCollector final : public run::Collector {
 public:
  RecordingCollector(run::Collector& inner, RunRecording& recording) : inner_(inner), recording_(recording) {}
  run::ProjectSettings settings() const override { return inner_.settings(); }
  run::Collected collect(const collect::TestFile& file) override;
  std::vector<std::string> unsupported() override { return inner_.unsupported(); }
  std::optional<ItemOrder> modify_items(const std::vector<const run::Item*>& items) override {
    return inner_.modify_items(items);
  }

 private:
  run::Collector& inner_;
  RunRecording& recording_;
};

class RecordingSessions final : public run::SessionFactory {
 public:
  RecordingSessions(run::SessionFactory& inner, RunRecording& recording) : inner_(inner), recording_(recording) {}
  std::unique_ptr<run::RunSpace> make_space() override { return inner_.make_space(); }
  std::unique_ptr<run::Executor> open_session() override;
  int fork_process(int crash_fd, int channel_fd) override;
  void enter_worker(const std::string& id, int count, const std::string& testrun_uid) override {
    inner_.enter_worker(id, count, testrun_uid);
  }
  void start_coverage() override { inner_.start_coverage(); }
  void save_child_coverage() override { inner_.save_child_coverage(); }
  std::optional<std::pair<std::string, bool>> finish_coverage(bool tests_failed) override {
    return inner_.finish_coverage(tests_failed);
  }
  bool interrupted() override { return inner_.interrupted(); }
  bool polls_staleness() const override { return true; }
  run::Staleness staleness() override { return recording_.staleness(); }
  std::string child_record() override { return recording_.child_record(); }
  void take_child_record(const std::string& record) override { recording_.take_child_record(record); }

 private:
  run::SessionFactory& inner_;
  RunRecording& recording_;
};

}  // namespace pyspace::watch
