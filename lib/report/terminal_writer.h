// A line-oriented terminal writer in the manner of pytest's TerminalWriter: optional ANSI
// markup, '='/'_'/'-' separator lines with a centred title, and knowledge of how wide the
// current (unterminated) line already is, so progress markers can be right-aligned.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace pyspace::report {

enum class Color { None, Red, Green, Yellow, Cyan };

// How a piece of text is rendered when colour is on; ignored when colour is off.
struct Markup {
  Color color = Color::None;
  bool bold = false;
};

// Visible width of UTF-8 text: one column per code point (no East Asian width tables).
int display_width(std::string_view text);

// pytest's separator line: "===== title =====" fitting `width` columns (at least one fill
// character each side), or a full line of `fill` when the title is empty.
std::string separator_line(char fill, std::string_view title, int width);

class TerminalWriter {
 public:
  // `out` must outlive the writer. `width` is the terminal width in columns.
  TerminalWriter(std::ostream& out, int width, bool color);

  // Writes text as is; newlines inside it reset the current line width.
  void write(std::string_view text, Markup markup = {});
  // Writes text followed by a newline.
  void line(std::string_view text = {}, Markup markup = {});
  // Writes a separator line (see separator_line) followed by a newline.
  void sep(char fill, std::string_view title = {}, Markup markup = {});
  void flush();

  int width() const { return width_; }
  bool color() const { return color_; }
  // Columns already written on the current line (0 right after a newline).
  int current_line_width() const { return current_line_width_; }
  // Newlines written so far.
  long lines_written() const { return lines_; }
  // `text` wrapped in ANSI codes for `markup` when colour is on; `text` itself otherwise.
  std::string markup(std::string_view text, Markup markup) const;

 private:
  void track_width(std::string_view text);

  std::ostream& out_;
  int width_;
  bool color_;
  int current_line_width_ = 0;
  long lines_ = 0;
};

}  // namespace pyspace::report
