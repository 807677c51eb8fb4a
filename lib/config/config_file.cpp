#include "config/config_file.h"

#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "config/config_toml.h"
#include "core/errors.h"

namespace pyspace::config {

namespace fs = std::filesystem;

namespace {

std::string read_whole_file(const fs::path& file, const std::string& shown_as) {
  std::ifstream in(file, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.is_open() || in.bad()) {
    throw core::UsageError(fmt::format("cannot read config file: {}", shown_as));
  }
  return text;
}

}  // namespace

namespace detail {

void fail_at(const std::string& shown_as, const toml::source_region& where,
             const std::string& message) {
  throw core::ConfigError(shown_as, static_cast<int>(where.begin.line),
                          static_cast<int>(where.begin.column), message);
}

toml::table parse_toml_file(const fs::path& file, const std::string& shown_as) {
  const std::string text = read_whole_file(file, shown_as);
  try {
    return toml::parse(std::string_view(text), std::string_view(shown_as));
  } catch (const toml::parse_error& error) {
    fail_at(shown_as, error.source(), std::string(error.description()));
  }
}

const toml::table* settings_table(const toml::table& root, ConfigKind kind,
                                  const std::string& shown_as) {
  if (kind == ConfigKind::StandAlone) return &root;
  const toml::node* node = root["tool"]["pyspace-test"].node();
  if (node == nullptr) return nullptr;
  if (!node->is_table()) fail_at(shown_as, node->source(), "'tool.pyspace-test' must be a table");
  return node->as_table();
}

}  // namespace detail

ConfigKind config_kind(const fs::path& file) {
  return file.filename() == kPyprojectTomlName ? ConfigKind::Pyproject : ConfigKind::StandAlone;
}

std::string settings_label(const fs::path& file) {
  if (config_kind(file) == ConfigKind::Pyproject) return "[tool.pyspace-test]";
  return file.filename().string();
}

bool has_pyspace_table(const fs::path& pyproject) {
  const std::string shown_as = display_path(absolute_normal(fs::current_path(), pyproject),
                                            fs::current_path());
  const toml::table root = detail::parse_toml_file(pyproject, shown_as);
  return detail::settings_table(root, ConfigKind::Pyproject, shown_as) != nullptr;
}

std::optional<fs::path> find_config(const fs::path& start_dir) {
  fs::path dir = absolute_normal(fs::current_path(), start_dir);
  while (true) {
    const fs::path pyspace = dir / kPyspaceTomlName;
    if (fs::is_regular_file(pyspace)) return pyspace;
    const fs::path pyproject = dir / kPyprojectTomlName;
    if (fs::is_regular_file(pyproject) && has_pyspace_table(pyproject)) return pyproject;
    if (dir == dir.root_path()) return std::nullopt;
    dir = dir.parent_path();
  }
}

std::string display_path(const fs::path& file, const fs::path& cwd) {
  return is_within(file, cwd) && file != cwd ? file.lexically_relative(cwd).string() : file.string();
}

}  // namespace pyspace::config
