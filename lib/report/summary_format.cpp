#include "report/summary_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace pyspace::report {

std::string resolve_report_chars(std::string_view chars, bool disable_warnings) {
  std::string resolved;
  for (char c : chars) {
    if (c == 'F' || c == 'S') c = static_cast<char>(c - 'A' + 'a');
    if (c == 'a') resolved = "sxXEf";
    else if (c == 'A') resolved = "PpsxXEf";
    else if (c == 'N') resolved.clear();
    else if (resolved.find(c) == std::string::npos) resolved += c;
  }
  const bool has_w = resolved.find('w') != std::string::npos;
  if (!disable_warnings && !has_w) resolved.insert(resolved.begin(), 'w');
  if (disable_warnings && has_w) resolved.erase(std::remove(resolved.begin(), resolved.end(), 'w'), resolved.end());
  return resolved;
}

namespace {

// "path:123: reason" -> ("path:123", "reason"); "path: reason" (no space in path) -> ("path",
// "reason"); anything else -> ("", text).
std::pair<std::string, std::string> split_skip_location(std::string_view text) {
  for (size_t colon = text.find(':'); colon != std::string_view::npos; colon = text.find(':', colon + 1)) {
    size_t digits_end = colon + 1;
    while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') ++digits_end;
    if (digits_end > colon + 1 && text.substr(digits_end, 2) == ": ")
      return {std::string(text.substr(0, digits_end)), std::string(text.substr(digits_end + 2))};
  }
  auto separator = text.find(": ");  // "path: reason": a skip that pytest shows without a line
  if (separator != std::string_view::npos && separator > 0 && text.substr(0, separator).find(' ') == std::string_view::npos)
    return {std::string(text.substr(0, separator)), std::string(text.substr(separator + 2))};
  return {"", std::string(text)};
}

}  // namespace

std::vector<FoldedSkip> folded_skips(const std::vector<std::string>& longreprs) {
  std::vector<FoldedSkip> folded;
  for (const std::string& longrepr : longreprs) {
    // Not a structured binding: clang 14 (make fuzz) cannot capture one in the lambda below.
    std::pair<std::string, std::string> parts = split_skip_location(longrepr);
    std::string& location = parts.first;
    std::string& reason = parts.second;
    constexpr std::string_view kPrefix = "Skipped: ";
    if (reason.starts_with(kPrefix)) reason.erase(0, kPrefix.size());
    auto same = std::find_if(folded.begin(), folded.end(), [&](const FoldedSkip& skip) {
      return skip.location == location && skip.reason == reason;
    });
    if (same != folded.end()) ++same->count;
    else folded.push_back({1, location, reason});
  }
  return folded;
}

std::string python_g_format(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::vector<std::string> duration_lines(std::vector<PhaseTime> times, int count, double min_seconds,
                                        int verbosity) {
  std::stable_sort(times.begin(), times.end(),
                   [](const PhaseTime& a, const PhaseTime& b) { return a.seconds > b.seconds; });
  if (count > 0 && times.size() > static_cast<size_t>(count)) times.resize(static_cast<size_t>(count));
  std::vector<std::string> lines;
  for (size_t i = 0; i < times.size(); ++i) {
    const PhaseTime& time = times[i];
    if (verbosity < 2 && time.seconds < min_seconds) {
      lines.emplace_back();
      lines.push_back(fmt::format("({} durations < {}s hidden.  Use -vv to show these durations.)",
                                  times.size() - i, python_g_format(min_seconds)));
      break;
    }
    lines.push_back(fmt::format("{:.2f}s {:<8} {}", time.seconds, time.when, time.nodeid));
  }
  return lines;
}

std::string durations_title(int count) {
  return count > 0 ? fmt::format("slowest {} durations", count) : std::string("slowest durations");
}

}  // namespace pyspace::report
