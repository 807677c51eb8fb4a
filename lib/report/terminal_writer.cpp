#include "report/terminal_writer.h"

#include <algorithm>

namespace pyspace::report {
namespace {

constexpr std::string_view kReset = "\x1b[0m";

std::string_view color_code(Color color) {
  switch (color) {
    case Color::Red: return "\x1b[31m";
    case Color::Green: return "\x1b[32m";
    case Color::Yellow: return "\x1b[33m";
    case Color::Cyan: return "\x1b[36m";
    case Color::None: break;
  }
  return {};
}

bool is_continuation_byte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

int display_width(std::string_view text) {
  return static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) {
    return !is_continuation_byte(static_cast<unsigned char>(c));
  }));
}

std::string separator_line(char fill, std::string_view title, int width) {
  if (title.empty()) return std::string(static_cast<size_t>(std::max(width, 1)), fill);
  // pytest: 2 + 2 * N + len(title) <= width, N >= 1; one more fill on the right if it fits.
  int per_side = std::max((width - display_width(title) - 2) / 2, 1);
  std::string side(static_cast<size_t>(per_side), fill);
  std::string result = side + " " + std::string(title) + " " + side;
  if (display_width(result) + 1 <= width) result += fill;
  return result;
}

TerminalWriter::TerminalWriter(std::ostream& out, int width, bool color)
    : out_(out), width_(width), color_(color) {}

std::string TerminalWriter::markup(std::string_view text, Markup markup) const {
  if (!color_ || (markup.color == Color::None && !markup.bold)) return std::string(text);
  std::string result(color_code(markup.color));
  if (markup.bold) result += "\x1b[1m";
  result += text;
  result += kReset;
  return result;
}

void TerminalWriter::write(std::string_view text, Markup markup_spec) {
  if (text.empty()) return;
  out_ << markup(text, markup_spec);
  track_width(text);
}

void TerminalWriter::line(std::string_view text, Markup markup_spec) {
  write(text, markup_spec);
  out_ << '\n';
  current_line_width_ = 0;
}

void TerminalWriter::sep(char fill, std::string_view title, Markup markup_spec) {
  line(separator_line(fill, title, width_), markup_spec);
}

void TerminalWriter::flush() { out_.flush(); }

void TerminalWriter::track_width(std::string_view text) {
  lines_ += std::count(text.begin(), text.end(), '\n');
  auto last_newline = text.rfind('\n');
  if (last_newline == std::string_view::npos) {
    current_line_width_ += display_width(text);
  } else {
    current_line_width_ = display_width(text.substr(last_newline + 1));
  }
}

}  // namespace pyspace::report
