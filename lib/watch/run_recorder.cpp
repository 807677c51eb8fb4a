#include "watch/run_recorder.h"

#include <algorithm>

#include <fmt/format.h>

namespace pyspace::watch {

void RunRecorder::collect_error(const core::CollectError& error) {
  reports.collect_errors.push_back(error.path);
  auto same = std::find_if(errors_.begin(), errors_.end(), [&](const auto& group) {
    return group.first.message == error.message && group.first.longrepr == error.longrepr;
  });
  if (same == errors_.end()) errors_.push_back({error, {error.path}});
  else same->second.push_back(error.path);
}

void RunRecorder::test_start(const std::string& nodeid, const std::string& file) {
  flush_errors();
  next_.test_start(nodeid, file);
}

void RunRecorder::test_done(const core::TestReport& report) {
  if (!report.nodeid.empty()) reports.tests.emplace_back(report.nodeid, core::is_failure(report.outcome));
  next_.test_done(report);
}

void RunRecorder::run_end(const core::RunSummary& summary) {
  flush_errors();
  if (superseded_.empty()) return next_.run_end(summary);
  core::RunSummary stopped = summary;
  stopped.interrupted_by_user = false;
  stopped.keyboard_interrupt_at.clear();
  stopped.stop_reason = superseded_;
  next_.run_end(stopped);
}

void RunRecorder::flush_errors() {
  for (auto& [error, paths] : errors_) {
    if (paths.size() > 1)
      error.longrepr += fmt::format("\n(the same error for {} test files: {})", paths.size(), fmt::join(paths, ", "));
    next_.collect_error(error);
  }
  errors_.clear();
}

}  // namespace pyspace::watch
