#include "config/pytest_keys.h"

#include <algorithm>
#include <filesystem>
#include <cctype>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "core/errors.h"

namespace pyspace::config {

namespace {

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

enum class IniType { Args, Linelist, Paths, String, Bool };

// A key pytest 7.2 knows (`pytest --help`'s ini-options), its type, and whether pyspace-test
// honours it. `reader` (may be null) puts the honoured value into PytestSettings' typed fields;
// every value of a known key is also kept in PytestSettings::ini.
struct KeySpec {
  std::string_view name;
  IniType type;
  bool honoured;
  void (*reader)(const IniSetting&, PytestSettings&);
};

constexpr bool kNotYet = false;

const std::vector<KeySpec>& key_table() {
  static const std::vector<KeySpec> table = {
      {"markers", IniType::Linelist, true, [](const IniSetting& v, PytestSettings& s) { s.markers = v.items; }},
      {"empty_parameter_set_mark", IniType::String, true, nullptr},
      {"norecursedirs", IniType::Args, true,
       [](const IniSetting& v, PytestSettings& s) { s.norecursedirs = v.items; }},
      {"testpaths", IniType::Args, true, [](const IniSetting& v, PytestSettings& s) { s.testpaths = v.items; }},
      {"filterwarnings", IniType::Linelist, true,
       [](const IniSetting& v, PytestSettings& s) { s.filterwarnings = v.items; }},
      {"usefixtures", IniType::Args, true, nullptr},
      {"python_files", IniType::Args, true,
       [](const IniSetting& v, PytestSettings& s) { s.python_files = v.items; }},
      {"python_classes", IniType::Args, true,
       [](const IniSetting& v, PytestSettings& s) { s.python_classes = v.items; }},
      {"python_functions", IniType::Args, true,
       [](const IniSetting& v, PytestSettings& s) { s.python_functions = v.items; }},
      {"disable_test_id_escaping_and_forfeit_all_rights_to_community_support", IniType::Bool, kNotYet, nullptr},
      {"console_output_style", IniType::String, true, nullptr},  // app/report_flags.cpp
      {"xfail_strict", IniType::Bool, true,
       [](const IniSetting& v, PytestSettings& s) { s.xfail_strict = v.flag; }},
      {"enable_assertion_pass_hook", IniType::Bool, kNotYet, nullptr},
      {"junit_suite_name", IniType::String, true, nullptr},  // app/report_flags.cpp
      {"junit_logging", IniType::String, true,
       [](const IniSetting& v, PytestSettings& s) {
         if (is_junit_logging(v.text)) s.junit_logging = v.text;
         else  // pytest writes no captured output then, as for "no"
           s.warnings.push_back(fmt::format(
               "junit_logging = '{}' is not one of no, log, system-out, system-err, out-err, all; "
               "no captured output goes into the JUnit XML", v.text));
       }},
      {"junit_log_passing_tests", IniType::Bool, true, nullptr},  // app/report_flags.cpp
      {"junit_duration_report", IniType::String, true, nullptr},  // app/report_flags.cpp
      {"junit_family", IniType::String, true, nullptr},  // app/report_flags.cpp
      {"doctest_optionflags", IniType::Args, true, nullptr},
      {"doctest_encoding", IniType::String, true, nullptr},
      {"cache_dir", IniType::String, true, nullptr},
      {"log_level", IniType::String, true, nullptr},
      {"log_format", IniType::String, true, nullptr},
      {"log_date_format", IniType::String, true, nullptr},
      {"log_cli", IniType::Bool, true, nullptr},
      {"log_cli_level", IniType::String, true, nullptr},
      {"log_cli_format", IniType::String, true, nullptr},
      {"log_cli_date_format", IniType::String, true, nullptr},
      {"log_file", IniType::String, true, nullptr},
      {"log_file_level", IniType::String, true, nullptr},
      {"log_file_format", IniType::String, true, nullptr},
      {"log_file_date_format", IniType::String, true, nullptr},
      {"log_auto_indent", IniType::String, true, nullptr},
      {"pythonpath", IniType::Paths, true,
       [](const IniSetting& v, PytestSettings& s) { s.pythonpath = v.items; }},
      {"faulthandler_timeout", IniType::String, kNotYet, nullptr},
      {"addopts", IniType::Args, true, [](const IniSetting& v, PytestSettings& s) { s.addopts = v.items; }},
      {"minversion", IniType::String, true, nullptr},
      // pytest-timeout's keys, honoured by supervised runs (app/run_setup.cpp: timeouts)
      {"timeout", IniType::String, true, nullptr},
      {"timeout_method", IniType::String, true, nullptr},
      {"timeout_func_only", IniType::Bool, true, nullptr},
      {"session_timeout", IniType::String, true, nullptr},
      {"required_plugins", IniType::Args, true, nullptr},
  };
  return table;
}

const KeySpec* find_key(std::string_view key) {
  for (const auto& spec : key_table())
    if (spec.name == key) return &spec;
  return nullptr;
}

// The value as pytest's getini(name) types it. `base`: the file's directory (paths).
IniSetting typed_value(const KeySpec& spec, const PytestValue& value, const std::filesystem::path& base) {
  IniSetting setting;
  setting.line = value.line;
  using Kind = IniSetting::Kind;
  setting.kind = spec.type == IniType::String ? Kind::Text : spec.type == IniType::Bool ? Kind::Bool : Kind::List;
  switch (spec.type) {
    case IniType::Args: setting.items = as_args(value); break;
    case IniType::Linelist: setting.items = as_lines(value); break;
    case IniType::Paths:
      for (const auto& item : as_args(value)) setting.items.push_back((base / item).lexically_normal().string());
      break;
    case IniType::String: setting.text = value.is_list ? list_text(value.items) : value.text; break;
    case IniType::Bool:
      setting.text = value.is_list ? list_text(value.items) : value.text;
      setting.flag = truth_value(setting.text);
      break;
  }
  return setting;
}

}  // namespace

PytestSettings read_pytest_settings(const PytestFile* file, const std::vector<std::string>& overrides) {
  PytestSettings settings;
  std::vector<PytestValue> values;
  std::filesystem::path base = std::filesystem::current_path();
  std::string shown_as = "-o";
  if (file) {
    settings.file = file->path.string();
    settings.shown_as = file->shown_as;
    settings.where = file->section.empty() ? file->path.filename().string()
                                           : fmt::format("{} {}", file->path.filename().string(), file->section);
    values = file->values;
    base = file->path.parent_path();
    shown_as = file->shown_as;
  }
  for (const auto& override_text : overrides) {  // pytest: "-o name=value" wins over the file
    const std::size_t equals = override_text.find('=');
    if (equals == std::string::npos)
      throw core::UsageError(
          fmt::format("-o/--override-ini expects option=value style (got: '{}').", override_text));
    values.push_back(PytestValue{override_text.substr(0, equals), false, override_text.substr(equals + 1), {}, 0});
  }
  for (const PytestValue& value : values) {
    const KeySpec* spec = find_key(value.key);
    const bool from_file = value.line > 0;
    if (!spec) {
      // pytest warns "Unknown config option: foo" for the file's keys, and ignores -o for them.
      if (from_file) settings.unknown_keys.push_back(value.key);
      continue;
    }
    if (!spec->honoured)
      settings.warnings.push_back(fmt::format("pytest option '{}' {} is not supported by pyspace-test and is ignored",
                                              value.key, from_file ? "in " + settings.where : std::string("(-o)")));
    try {
      IniSetting setting = typed_value(*spec, value, base);
      if (spec->reader) spec->reader(setting, settings);
      settings.ini[value.key] = std::move(setting);
    } catch (const std::invalid_argument& error) {
      if (!from_file) throw core::UsageError(fmt::format("-o {}: {}", value.key, error.what()));
      throw core::ConfigError(shown_as, value.line, 0, fmt::format("{}: {}", value.key, error.what()));
    }
    if (from_file) settings.lines.emplace_back(value.key, value.line);
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
