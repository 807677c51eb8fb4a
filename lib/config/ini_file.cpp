#include "config/ini_file.h"

#include <fstream>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "core/errors.h"

namespace pyspace::config {

namespace {

constexpr std::string_view kBlanks = " \t\n\r\f\v";
constexpr std::string_view kCommentChars = "#;";

std::string_view strip_right(std::string_view text) {
  const std::size_t end = text.find_last_not_of(kBlanks);
  return end == std::string_view::npos ? std::string_view{} : text.substr(0, end + 1);
}

std::string_view strip(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(kBlanks);
  return begin == std::string_view::npos ? std::string_view{} : strip_right(text.substr(begin));
}

bool is_blank(char c) { return kBlanks.find(c) != std::string_view::npos; }

// `text` as Python's repr() of a str writes it, for iniconfig's messages.
std::string python_repr(std::string_view text) {
  const char quote =
      text.find('\'') != std::string_view::npos && text.find('"') == std::string_view::npos ? '"'
                                                                                             : '\'';
  std::string out(1, quote);
  for (char c : text) {
    if (c == '\\' || c == quote) out += '\\';
    if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  out += quote;
  return out;
}

// One line as iniconfig's _parseline sees it.
struct ParsedLine {
  enum class Kind { Nothing, Section, Value, Continuation } kind = Kind::Nothing;
  std::string name;  // section name, or key
  std::string data;  // value, or continued text
};

[[noreturn]] void fail(const std::string& shown_as, int line, const std::string& message) {
  throw core::ConfigError(shown_as, line, 0, message);
}

ParsedLine parse_line(std::string_view raw, const std::string& shown_as, int line_number) {
  const std::string_view first = strip(raw).substr(0, 1);
  if (first.empty() || kCommentChars.find(first.front()) != std::string_view::npos) return {};
  const std::string_view line = strip_right(raw);
  if (line.front() == '[') {
    std::string_view header = line;
    for (char comment : kCommentChars) header = strip_right(header.substr(0, header.find(comment)));
    if (header.back() == ']') {
      return {ParsedLine::Kind::Section, std::string(header.substr(1, header.size() - 2)), ""};
    }
    return {ParsedLine::Kind::Continuation, "", std::string(strip(line))};
  }
  if (is_blank(line.front())) return {ParsedLine::Kind::Continuation, "", std::string(strip(line))};
  std::size_t split = line.find('=');
  if (split == std::string_view::npos || line.substr(0, split).find(':') != std::string_view::npos) {
    split = line.find(':');
  }
  if (split == std::string_view::npos) {
    fail(shown_as, line_number, fmt::format("unexpected line: {}", python_repr(line)));
  }
  return {ParsedLine::Kind::Value, std::string(strip(line.substr(0, split))),
          std::string(strip(line.substr(split + 1)))};
}

// What iniconfig's _parse yields: a section header (no value) or a value, with its line.
struct Token {
  int line = 0;
  std::optional<std::string> section;  // the section it is in; nullopt before any header
  std::optional<std::string> name;     // nullopt for a header
  std::string value;
};

std::vector<Token> tokenize(std::string_view text, const std::string& shown_as) {
  std::vector<Token> tokens;
  std::optional<std::string> section;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    const std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ParsedLine parsed = parse_line(raw, shown_as, line_number);
    switch (parsed.kind) {
      case ParsedLine::Kind::Nothing:
        break;
      case ParsedLine::Kind::Section:
        if (parsed.name.empty()) fail(shown_as, line_number, "empty section name");
        section = parsed.name;
        tokens.push_back({line_number, section, std::nullopt, ""});
        break;
      case ParsedLine::Kind::Value:
        tokens.push_back({line_number, section, std::move(parsed.name), std::move(parsed.data)});
        break;
      case ParsedLine::Kind::Continuation:
        if (tokens.empty() || !tokens.back().name) {
          fail(shown_as, line_number, "unexpected value continuation");
        }
        std::string& value = tokens.back().value;
        value = value.empty() ? std::move(parsed.data) : value + "\n" + parsed.data;
        break;
    }
  }
  return tokens;
}

}  // namespace

const IniSection* IniFile::find(std::string_view name) const {
  for (const IniSection& section : sections) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

IniFile parse_ini(std::string_view text, const std::string& shown_as) {
  IniFile file;
  for (Token& token : tokenize(text, shown_as)) {
    if (!token.section) fail(shown_as, token.line, "no section header defined");
    if (!token.name) {
      if (file.find(*token.section) != nullptr) {
        fail(shown_as, token.line, fmt::format("duplicate section {}", python_repr(*token.section)));
      }
      file.sections.push_back({*token.section, token.line, {}});
      continue;
    }
    IniSection& section = file.sections.back();
    for (const IniEntry& entry : section.entries) {
      if (entry.name == *token.name) {
        fail(shown_as, token.line, fmt::format("duplicate name {}", python_repr(*token.name)));
      }
    }
    section.entries.push_back({std::move(*token.name), std::move(token.value), token.line});
  }
  return file;
}

IniFile read_ini_file(const std::filesystem::path& file, const std::string& shown_as) {
  std::ifstream in(file, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.is_open() || in.bad()) {
    throw core::UsageError(fmt::format("cannot read config file: {}", shown_as));
  }
  return parse_ini(text, shown_as);
}

}  // namespace pyspace::config
