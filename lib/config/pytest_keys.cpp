#include "config/pytest_keys.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "core/errors.h"

namespace pyspace::config {

namespace {

using Reader = void (*)(const PytestValue&, PytestSettings&);

std::vector<std::string> as_args(const PytestValue& value) {
  return value.is_list ? value.items : shell_split(value.text);
}

std::vector<std::string> as_lines(const PytestValue& value) {
  if (value.is_list) return value.items;
  std::vector<std::string> lines;
  std::string_view text = value.text;
  while (true) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    const std::size_t begin = line.find_first_not_of(" \t\r\f\v");
    if (begin != std::string_view::npos) {
      line = line.substr(begin, line.find_last_not_of(" \t\r\f\v") - begin + 1);
      lines.emplace_back(line);
    }
    if (end == std::string_view::npos) return lines;
    text.remove_prefix(end + 1);
  }
}

// The values pytest's junit_logging takes (report::parse_junit_logging maps them to its enum).
bool is_junit_logging(std::string_view value) {
  for (std::string_view known : {"no", "log", "system-out", "system-err", "out-err", "all"})
    if (value == known) return true;
  return false;
}

// pytest's str() of a list, for the rare array given to a bool key: ['a', 'b'].
std::string list_text(const std::vector<std::string>& items) {
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    text += fmt::format("{}'{}'", i == 0 ? "" : ", ", items[i]);
  }
  return text + "]";
}

constexpr std::array<std::pair<std::string_view, Reader>, 8> kKeyTable{{
    {"testpaths", [](const PytestValue& v, PytestSettings& s) { s.testpaths = as_args(v); }},
    {"python_files", [](const PytestValue& v, PytestSettings& s) { s.python_files = as_args(v); }},
    {"python_classes",
     [](const PytestValue& v, PytestSettings& s) { s.python_classes = as_args(v); }},
    {"python_functions",
     [](const PytestValue& v, PytestSettings& s) { s.python_functions = as_args(v); }},
    {"markers", [](const PytestValue& v, PytestSettings& s) { s.markers = as_lines(v); }},
    {"filterwarnings",
     [](const PytestValue& v, PytestSettings& s) { s.filterwarnings = as_lines(v); }},
    {"xfail_strict",
     [](const PytestValue& v, PytestSettings& s) {
       s.xfail_strict = truth_value(v.is_list ? list_text(v.items) : v.text);
     }},
    {"junit_logging",
     [](const PytestValue& v, PytestSettings& s) {
       const std::string value = v.is_list ? list_text(v.items) : v.text;
       if (is_junit_logging(value)) s.junit_logging = value;
       else  // pytest writes no captured output then, as for "no"
         s.warnings.push_back(fmt::format(
             "junit_logging = '{}' is not one of no, log, system-out, system-err, out-err, all; "
             "no captured output goes into the JUnit XML", value));
     }},
}};

std::optional<Reader> find_reader(std::string_view key) {
  for (const auto& [name, reader] : kKeyTable) {
    if (name == key) return reader;
  }
  return std::nullopt;
}

}  // namespace

PytestSettings read_pytest_settings(const PytestFile& file) {
  PytestSettings settings;
  settings.file = file.path.string();
  settings.shown_as = file.shown_as;
  settings.where = file.section.empty() ? file.path.filename().string()
                                        : fmt::format("{} {}", file.path.filename().string(),
                                                      file.section);
  for (const PytestValue& value : file.values) {
    const std::optional<Reader> reader = find_reader(value.key);
    if (!reader) {
      settings.warnings.push_back(fmt::format(
          "pytest option '{}' in {} is not supported by pyspace-test and is ignored", value.key,
          settings.where));
      continue;
    }
    try {
      (*reader)(value, settings);
    } catch (const std::invalid_argument& error) {
      throw core::ConfigError(file.shown_as, value.line, 0,
                              fmt::format("{}: {}", value.key, error.what()));
    }
    settings.lines.emplace_back(value.key, value.line);
  }
  return settings;
}

std::vector<std::string> shell_split(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;  // a word has started (it may be empty: "")
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\\') {
      if (++i == text.size()) throw std::invalid_argument("No escaped character");
      word += text[i];
      in_word = true;
    } else if (c == '\'' || c == '"') {
      in_word = true;
      for (++i;; ++i) {
        if (i == text.size()) throw std::invalid_argument("No closing quotation");
        if (text[i] == c) break;
        if (c == '"' && text[i] == '\\' && i + 1 < text.size() &&
            (text[i + 1] == '"' || text[i + 1] == '\\')) {
          ++i;
        }
        word += text[i];
      }
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool truth_value(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t\n\r\f\v");
  std::string value;
  if (begin != std::string_view::npos) {
    value = text.substr(begin, text.find_last_not_of(" \t\n\r\f\v") - begin + 1);
  }
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view yes : {"y", "yes", "t", "true", "on", "1"}) {
    if (value == yes) return true;
  }
  for (std::string_view no : {"n", "no", "f", "false", "off", "0"}) {
    if (value == no) return false;
  }
  throw std::invalid_argument(fmt::format("invalid truth value '{}'", value));
}

}  // namespace pyspace::config
