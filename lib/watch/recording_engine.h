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
  int fork_process(int crash_fd, int channel_fd) override { return inner_.fork_process(crash_fd, channel_fd); }
  bool interrupted() override { return inner_.interrupted(); }

 private:
  run::SessionFactory& inner_;
  RunRecording& recording_;
};

}  // namespace pyspace::watch
