#include "watch/recording_engine.h"

#include "python/error.h"

namespace pyspace::watch {
namespace fs = std::filesystem;

RunRecording::RunRecording(StaleCheck stale)
    : stale_(std::move(stale)), deps_(python::import_module("_pyspace.watch.run_dependencies")) {}

void RunRecording::enter(const fs::path& file) { deps_.attr("enter")({file.string()}); }

void RunRecording::leave() { deps_.attr("leave")(); }

void RunRecording::collected(const fs::path& file, const run::Collected& collected) {
  for (const auto& item : collected.items) file_of_[item.handle.get()] = file;
  left_[file] = static_cast<int>(collected.items.size());
  if (collected.items.empty()) deps_.attr("seen_completely")({file.string()});
}

const fs::path* RunRecording::file_of(const run::Item& item) const {
  auto it = file_of_.find(item.handle.get());
  return it == file_of_.end() ? nullptr : &it->second;
}

void RunRecording::ran(const run::Item& item) {
  const fs::path* file = file_of(item);
  if (file == nullptr) return;
  auto left = left_.find(*file);
  if (left != left_.end() && --left->second == 0) deps_.attr("seen_completely")({file->string()});
}

void RunRecording::check_stale() const {
  if (staleness() != run::Staleness::Fresh)
    throw python::PythonError("KeyboardInterrupt", "a save made this run stale", "");
}

run::Staleness RunRecording::staleness() const { return stale_ ? stale_() : run::Staleness::Fresh; }

void RunRecording::in_child() { stale_ = nullptr; }

std::string RunRecording::child_record() { return deps_.attr("child_record")().as_string(); }

void RunRecording::take_child_record(const std::string& record) { deps_.attr("merge_child_record")({record}); }

run::Collected RecordingCollector::collect(const collect::TestFile& file) {
  recording_.check_stale();
  recording_.enter(file.path);
  struct Leave {
    RunRecording& recording;
    ~Leave() {
      try {
        recording.leave();
      } catch (...) {  // leaving only clears a variable; an error here has nowhere to go
      }
    }
  } leave{recording_};
  run::Collected collected = inner_.collect(file);
  recording_.collected(file.path, collected);
  return collected;
}

namespace {

class RecordingExecutor final : public run::Executor {
 public:
  RecordingExecutor(std::unique_ptr<run::Executor> inner, RunRecording& recording)
      : inner_(std::move(inner)), recording_(recording) {}

  std::vector<core::TestReport> run(const run::Item& item, const run::Item* next) override {
    recording_.check_stale();
    const fs::path* file = recording_.file_of(item);
    if (file != nullptr) recording_.enter(*file);
    std::vector<core::TestReport> reports;
    try {
      reports = inner_->run(item, next);
    } catch (...) {
      recording_.leave();
      throw;
    }
    recording_.leave();
    recording_.ran(item);
    return reports;
  }
  void reported() override { inner_->reported(); }
  std::vector<core::TestReport> finish() override { return inner_->finish(); }
  std::vector<std::string> finish_live_log() const override { return inner_->finish_live_log(); }
  bool writes_to_terminal() const override { return inner_->writes_to_terminal(); }
  double timeout_of(const run::Item& item, double default_s) const override {
    return inner_->timeout_of(item, default_s);
  }
  const run::Item* first_time_limited(const std::vector<const run::Item*>& items) const override {
    return inner_->first_time_limited(items);
  }
  std::optional<std::string> exit_reason() const override { return inner_->exit_reason(); }
  void close() override { inner_->close(); }

 private:
  std::unique_ptr<run::Executor> inner_;
  RunRecording& recording_;
};

}  // namespace

std::unique_ptr<run::Executor> RecordingSessions::open_session() {
  return std::make_unique<RecordingExecutor>(inner_.open_session(), recording_);
}

int RecordingSessions::fork_process(int crash_fd, int channel_fd) {
  const int pid = inner_.fork_process(crash_fd, channel_fd);
  if (pid == 0) recording_.in_child();
  return pid;
}

}  // namespace pyspace::watch
