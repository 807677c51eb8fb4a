// A byte encoding of results as data, for a supervised child to hand its reports to the process
// that reports them (lib/run/worker_channel.h). Both ends are the same binary: no versioning,
// host byte order. Nothing here knows about processes or Python.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/test_report.h"

namespace pyspace::core {

class WireWriter {
 public:
  void u32(std::uint32_t value);
  void f64(double value);
  void text(std::string_view value);
  void texts(const std::vector<std::string>& values);
  void pairs(const std::vector<std::pair<std::string, std::string>>& values);
  void report(const TestReport& value);
  void reports(const std::vector<TestReport>& values);

  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

// Reads what a WireWriter wrote, in the same order. Throws std::runtime_error when the bytes
// end early or hold a bad outcome (a torn message: the child died while writing it).
class WireReader {
 public:
  explicit WireReader(std::string_view bytes) : bytes_(bytes) {}
  std::uint32_t u32();
  double f64();
  std::string text();
  std::vector<std::string> texts();
  std::vector<std::pair<std::string, std::string>> pairs();
  TestReport report();
  std::vector<TestReport> reports();
  bool at_end() const { return at_ == bytes_.size(); }

 private:
  std::string_view take(std::size_t count);
  std::uint32_t count();
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace pyspace::core
