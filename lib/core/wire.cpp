#include "core/wire.h"

#include <cstring>
#include <stdexcept>

namespace pyspace::core {

void WireWriter::u32(std::uint32_t value) { bytes_.append(reinterpret_cast<const char*>(&value), sizeof value); }

void WireWriter::f64(double value) { bytes_.append(reinterpret_cast<const char*>(&value), sizeof value); }

void WireWriter::text(std::string_view value) {
  u32(static_cast<std::uint32_t>(value.size()));
  bytes_.append(value);
}

void WireWriter::texts(const std::vector<std::string>& values) {
  u32(static_cast<std::uint32_t>(values.size()));
  for (const auto& value : values) text(value);
}

void WireWriter::pairs(const std::vector<std::pair<std::string, std::string>>& values) {
  u32(static_cast<std::uint32_t>(values.size()));
  for (const auto& [first, second] : values) {
    text(first);
    text(second);
  }
}

void WireWriter::report(const TestReport& value) {
  text(value.nodeid);
  text(value.file);
  text(value.classname);
  text(value.name);
  u32(static_cast<std::uint32_t>(value.line));
  text(to_string(value.outcome));
  text(value.when);
  f64(value.duration_s);
  text(value.message);
  text(value.longrepr);
  text(value.captured_stdout);
  text(value.captured_stderr);
  texts(value.warnings);
  u32(static_cast<std::uint32_t>(value.phase_durations.size()));
  for (const auto& phase : value.phase_durations) {
    text(phase.first);
    f64(phase.second);
  }
  pairs(value.sections);
  pairs(value.teardown_sections);
  pairs(value.live_log);
  pairs(value.live_log_after);
  pairs(value.user_properties);
  pairs(value.xml_attributes);
  pairs(value.suite_properties);
  u32(static_cast<std::uint32_t>(value.reruns.size()));
  for (const auto& attempt : value.reruns) {
    text(to_string(attempt.outcome));
    text(attempt.when);
    f64(attempt.duration_s);
    text(attempt.message);
    text(attempt.longrepr);
  }
}

void WireWriter::reports(const std::vector<TestReport>& values) {
  u32(static_cast<std::uint32_t>(values.size()));
  for (const auto& value : values) report(value);
}

std::string_view WireReader::take(std::size_t count) {
  if (bytes_.size() - at_ < count) throw std::runtime_error("a report message ends early");
  auto part = bytes_.substr(at_, count);
  at_ += count;
  return part;
}

std::uint32_t WireReader::u32() {
  std::uint32_t value;
  std::memcpy(&value, take(sizeof value).data(), sizeof value);
  return value;
}

double WireReader::f64() {
  double value;
  std::memcpy(&value, take(sizeof value).data(), sizeof value);
  return value;
}

std::string WireReader::text() { return std::string(take(u32())); }

// A number of entries, each at least one byte: more than the bytes left is a torn message.
std::uint32_t WireReader::count() {
  auto value = u32();
  if (value > bytes_.size() - at_) throw std::runtime_error("a report message ends early");
  return value;
}

std::vector<std::string> WireReader::texts() {
  std::vector<std::string> values(count());
  for (auto& value : values) value = text();
  return values;
}

std::vector<std::pair<std::string, std::string>> WireReader::pairs() {
  std::vector<std::pair<std::string, std::string>> values(count());
  for (auto& value : values) {
    value.first = text();
    value.second = text();
  }
  return values;
}

TestReport WireReader::report() {
  TestReport value;
  value.nodeid = text();
  value.file = text();
  value.classname = text();
  value.name = text();
  value.line = static_cast<int>(u32());
  auto outcome = outcome_from_string(text());
  if (!outcome) throw std::runtime_error("a report message holds no outcome");
  value.outcome = *outcome;
  value.when = text();
  value.duration_s = f64();
  value.message = text();
  value.longrepr = text();
  value.captured_stdout = text();
  value.captured_stderr = text();
  value.warnings = texts();
  value.phase_durations.resize(count());
  for (auto& phase : value.phase_durations) {
    phase.first = text();
    phase.second = f64();
  }
  value.sections = pairs();
  value.teardown_sections = pairs();
  value.live_log = pairs();
  value.live_log_after = pairs();
  value.user_properties = pairs();
  value.xml_attributes = pairs();
  value.suite_properties = pairs();
  value.reruns.resize(count());
  for (auto& attempt : value.reruns) {
    auto kind = outcome_from_string(text());
    if (!kind) throw std::runtime_error("a report message holds no outcome");
    attempt.outcome = *kind;
    attempt.when = text();
    attempt.duration_s = f64();
    attempt.message = text();
    attempt.longrepr = text();
  }
  return value;
}

std::vector<TestReport> WireReader::reports() {
  std::vector<TestReport> values(count());
  for (auto& value : values) value = report();
  return values;
}

}  // namespace pyspace::core
