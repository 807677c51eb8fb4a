#include "config/pytest_file.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "config/config_file.h"
#include "config/config_toml.h"
#include "config/ini_file.h"
#include "core/errors.h"

namespace pyspace::config {

namespace fs = std::filesystem;

namespace {

int line_of(const toml::source_region& where) { return static_cast<int>(where.begin.line); }

// A TOML value as pytest's str() of what tomllib returns writes it.
std::string python_str(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* flag = node.as_boolean()) return flag->get() ? "True" : "False";
  if (const auto* number = node.as_integer()) return std::to_string(number->get());
  if (const auto* number = node.as_floating_point()) {
    std::string text = fmt::format("{}", number->get());  // shortest round trip, as repr()
    if (text.find_first_of(".ein") == std::string::npos) text += ".0";
    return text;
  }
  std::ostringstream out;  // dates, times, tables: as TOML writes them
  node.visit([&out](const auto& concrete) { out << concrete; });
  return out.str();
}

PytestFile from_ini_section(const fs::path& file, const std::string& shown_as,
                            const IniSection* section) {
  PytestFile result{file, shown_as, "", {}};
  if (section == nullptr) return result;
  result.section = fmt::format("[{}]", section->name);
  for (const IniEntry& entry : section->entries) {
    result.values.push_back({entry.name, false, entry.value, {}, entry.line});
  }
  return result;
}

std::optional<PytestFile> read_toml(const fs::path& file, const std::string& shown_as) {
  const toml::table root = detail::parse_toml_file(file, shown_as);
  const toml::node* node = root["tool"]["pytest"]["ini_options"].node();
  if (node == nullptr) return std::nullopt;
  const toml::table* options = node->as_table();
  if (options == nullptr) {
    detail::fail_at(shown_as, node->source(), "'tool.pytest.ini_options' must be a table");
  }
  PytestFile result{file, shown_as, "[tool.pytest.ini_options]", {}};
  for (auto&& [key, value] : *options) {
    PytestValue entry{std::string(key.str()), false, "", {}, line_of(key.source())};
    if (const toml::array* items = value.as_array()) {
      entry.is_list = true;
      for (const toml::node& item : *items) entry.items.push_back(python_str(item));
    } else {
      entry.text = python_str(value);
    }
    result.values.push_back(std::move(entry));
  }
  // toml++ iterates a table by key; pytest (a dict from tomllib) sees the file's order.
  std::stable_sort(result.values.begin(), result.values.end(),
                   [](const PytestValue& a, const PytestValue& b) { return a.line < b.line; });
  return result;
}

}  // namespace

std::optional<PytestFile> read_pytest_file(const fs::path& file, const fs::path& cwd) {
  const std::string shown_as = display_path(file, cwd);
  const fs::path suffix = file.extension();
  if (suffix == ".ini") {
    const IniFile ini = read_ini_file(file, shown_as);
    if (const IniSection* section = ini.find("pytest")) {
      return from_ini_section(file, shown_as, section);
    }
    if (file.filename() == "pytest.ini") return from_ini_section(file, shown_as, nullptr);
    return std::nullopt;
  }
  if (suffix == ".cfg") {
    const IniFile ini = read_ini_file(file, shown_as);
    if (const IniSection* section = ini.find("tool:pytest")) {
      return from_ini_section(file, shown_as, section);
    }
    if (const IniSection* section = ini.find("pytest")) {
      throw core::ConfigError(shown_as, section->line, 0,
                              "[pytest] section in setup.cfg files is no longer supported, "
                              "change to [tool:pytest] instead.");
    }
    return std::nullopt;
  }
  if (suffix == ".toml") return read_toml(file, shown_as);
  return std::nullopt;
}

}  // namespace pyspace::config
