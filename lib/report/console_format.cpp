#include "report/console_format.h"

#include <fmt/format.h>

#include <algorithm>

namespace pyspace::report {

using core::Outcome;

Color main_color(const SeenOutcomes& seen, bool run_finished) {
  if (seen.failed > 0 || seen.errors > 0) return Color::Red;
  if (seen.warnings > 0 || seen.xpassed > 0 || seen.reruns > 0) return Color::Yellow;
  if (seen.passed > 0 || !run_finished) return Color::Green;
  return Color::Yellow;
}

char outcome_letter(Outcome outcome) {
  switch (outcome) {
    case Outcome::Passed: return '.';
    case Outcome::Failed: return 'F';
    case Outcome::Error: return 'E';
    case Outcome::Skipped: return 's';
    case Outcome::XFailed: return 'x';
    case Outcome::XPassed: return 'X';
  }
  return '?';
}

std::string_view outcome_word(Outcome outcome) {
  switch (outcome) {
    case Outcome::Passed: return "PASSED";
    case Outcome::Failed: return "FAILED";
    case Outcome::Error: return "ERROR";
    case Outcome::Skipped: return "SKIPPED";
    case Outcome::XFailed: return "XFAIL";
    case Outcome::XPassed: return "XPASS";
  }
  return "UNKNOWN";
}

Color outcome_color(Outcome outcome) {
  if (outcome == Outcome::Passed) return Color::Green;
  if (core::is_failure(outcome)) return Color::Red;
  return Color::Yellow;
}

std::string progress_message(int reported, int collected) {
  if (collected < 0) return fmt::format(" [{:4d}]", reported);  // total unknown: tests so far
  if (collected == 0) return " [100%]";
  return fmt::format(" [{:3d}%]", reported * 100 / collected);
}

std::string collected_line(int collected, int collect_errors, int deselected, int collect_skips) {
  if (collected < 0) return "collecting and running file by file (--isolate file)";
  const int total = collected + deselected;
  std::string line = fmt::format("collected {} item{}", total, total == 1 ? "" : "s");
  if (collect_errors > 0)
    line += fmt::format(" / {} error{}", collect_errors, collect_errors == 1 ? "" : "s");
  if (deselected > 0) line += fmt::format(" / {} deselected", deselected);
  if (collect_skips > 0) line += fmt::format(" / {} skipped", collect_skips);
  if (deselected > 0) line += fmt::format(" / {} selected", collected);
  return line;
}

std::vector<std::string> collection_tree(const std::vector<std::vector<core::CollectedNode>>& chains, bool docs) {
  std::vector<std::string> lines;
  std::vector<const core::CollectedNode*> stack;
  for (const auto& chain : chains) {
    std::size_t shared = 0;  // the open nodes this chain starts with
    while (shared < stack.size() && shared < chain.size() && stack[shared]->key == chain[shared].key) ++shared;
    stack.resize(shared);
    for (std::size_t depth = shared; depth < chain.size(); ++depth) {
      stack.push_back(&chain[depth]);
      const std::string indent(2 * depth, ' ');
      lines.push_back(indent + chain[depth].label);
      if (!docs || chain[depth].doc.empty()) continue;
      std::string_view doc = chain[depth].doc;
      for (std::size_t start = 0; start <= doc.size();) {
        const std::size_t end = std::min(doc.find('\n', start), doc.size());
        lines.push_back(indent + "  " + std::string(doc.substr(start, end - start)));
        start = end + 1;
      }
    }
  }
  return lines;
}

std::string failure_headline(std::string_view nodeid) {
  auto first = nodeid.find("::");
  if (first == std::string_view::npos) return std::string(nodeid);
  std::string headline;
  for (std::string_view rest = nodeid.substr(first + 2);;) {
    auto separator = rest.find("::");
    headline.append(rest.substr(0, separator));
    if (separator == std::string_view::npos) return headline;
    headline += '.';
    rest.remove_prefix(separator + 2);
  }
}

namespace {

// The longest prefix of `text` that is at most `columns` code points wide.
std::string_view truncate_to_width(std::string_view text, int columns) {
  int seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    bool starts_code_point = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_code_point && seen++ == columns) return text.substr(0, i);
  }
  return text;
}

}  // namespace

std::optional<std::string> format_trimmed(std::string_view prefix, std::string_view message,
                                          std::string_view suffix, int available) {
  constexpr std::string_view kEllipsis = "...";
  message = message.substr(0, message.find('\n'));
  int frame_width = display_width(prefix) + display_width(suffix);
  if (frame_width + static_cast<int>(kEllipsis.size()) > available) return std::nullopt;
  if (frame_width + display_width(message) <= available)
    return fmt::format("{}{}{}", prefix, message, suffix);
  int room = available - frame_width - static_cast<int>(kEllipsis.size());
  return fmt::format("{}{}{}{}", prefix, truncate_to_width(message, room), kEllipsis, suffix);
}

std::vector<std::string> warning_places(const std::vector<std::string>& places) {
  if (places.size() < 10) return places;
  std::vector<std::pair<std::string, int>> per_file;  // in order of first appearance
  for (const std::string& place : places) {
    std::string file = place.substr(0, place.find("::"));
    auto it = std::find_if(per_file.begin(), per_file.end(), [&](const auto& p) { return p.first == file; });
    if (it == per_file.end()) per_file.emplace_back(file, 1);
    else ++it->second;
  }
  std::vector<std::string> lines;
  for (const auto& [file, count] : per_file)
    lines.push_back(fmt::format("{}: {} warning{}", file, count, count == 1 ? "" : "s"));
  return lines;
}

std::string_view without_trailing_newline(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  return text;
}

std::string_view platform_name() {
#if defined(__linux__)
  return "linux";
#elif defined(__APPLE__)
  return "darwin";
#elif defined(_WIN32)
  return "win32";
#else
  return "unknown";
#endif
}

}  // namespace pyspace::report
