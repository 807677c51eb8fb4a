// Fans every call out to several reporters, in the order they were added.
#pragma once

#include <memory>
#include <vector>

#include "report/reporter.h"

namespace pyspace::report {

class MultiReporter : public Reporter {
 public:
  MultiReporter() = default;
  explicit MultiReporter(std::vector<std::unique_ptr<Reporter>> reporters);

  // Takes ownership; a null pointer is ignored.
  void add(std::unique_ptr<Reporter> reporter);
  size_t size() const { return reporters_.size(); }

  // Each call reaches every reporter even when one throws; the first exception is
  // rethrown after all have been called (so a JUnit file that cannot be written does not
  // keep the console from printing its summary).
  void run_start(const RunStart& start) override;
  void collect_error(const core::CollectError& error) override;
  void collect_skip(const core::TestReport& report) override;
  void collection_listing(const std::vector<std::string>& lines) override;
  void test_start(const std::string& nodeid, const std::string& file) override;
  void test_done(const core::TestReport& report) override;
  void test_finish(const std::string& nodeid) override;
  void warning(const std::string& text) override;
  void python_warning(const std::string& where, const std::string& message) override;
  void run_end(const core::RunSummary& summary) override;
  void live_log(const std::string& when, const std::vector<std::string>& records) override;

 private:
  template <typename Call>
  void for_each(Call&& call);

  std::vector<std::unique_ptr<Reporter>> reporters_;
};

}  // namespace pyspace::report
