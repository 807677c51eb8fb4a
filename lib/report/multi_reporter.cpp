#include "report/multi_reporter.h"

#include <exception>
#include <utility>

namespace pyspace::report {

MultiReporter::MultiReporter(std::vector<std::unique_ptr<Reporter>> reporters) {
  for (auto& reporter : reporters) add(std::move(reporter));
}

void MultiReporter::add(std::unique_ptr<Reporter> reporter) {
  if (reporter) reporters_.push_back(std::move(reporter));
}

template <typename Call>
void MultiReporter::for_each(Call&& call) {
  std::exception_ptr first_error;
  for (auto& reporter : reporters_) {
    try {
      call(*reporter);
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (first_error) std::rethrow_exception(first_error);
}

void MultiReporter::run_start(const RunStart& start) {
  for_each([&](Reporter& reporter) { reporter.run_start(start); });
}

void MultiReporter::collect_error(const core::CollectError& error) {
  for_each([&](Reporter& reporter) { reporter.collect_error(error); });
}

void MultiReporter::collect_skip(const core::TestReport& report) {
  for_each([&](Reporter& reporter) { reporter.collect_skip(report); });
}

void MultiReporter::collection_listing(const std::vector<std::string>& lines) {
  for_each([&](Reporter& reporter) { reporter.collection_listing(lines); });
}

void MultiReporter::test_start(const std::string& nodeid, const std::string& file) {
  for_each([&](Reporter& reporter) { reporter.test_start(nodeid, file); });
}

void MultiReporter::test_finish(const std::string& nodeid) {
  for_each([&](Reporter& reporter) { reporter.test_finish(nodeid); });
}

void MultiReporter::test_done(const core::TestReport& report) {
  for_each([&](Reporter& reporter) { reporter.test_done(report); });
}

void MultiReporter::warning(const std::string& text) {
  for_each([&](Reporter& reporter) { reporter.warning(text); });
}

void MultiReporter::python_warning(const std::string& where, const std::string& message) {
  for_each([&](Reporter& reporter) { reporter.python_warning(where, message); });
}

void MultiReporter::run_end(const core::RunSummary& summary) {
  for_each([&](Reporter& reporter) { reporter.run_end(summary); });
}

void MultiReporter::live_log(const std::string& when, const std::vector<std::string>& records) {
  for_each([&](Reporter& reporter) { reporter.live_log(when, records); });
}

}  // namespace pyspace::report
