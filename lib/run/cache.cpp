#include "run/cache.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pyspace::run {
namespace fs = std::filesystem;

namespace {

// pytest's README_CONTENT, .gitignore and CACHEDIR_TAG_CONTENT (cacheprovider.py), byte for byte.
constexpr const char* kReadme =
    "# pytest cache directory #\n"
    "\n"
    "This directory contains data from the pytest's cache plugin,\n"
    "which provides the `--lf` and `--ff` options, as well as the `cache` fixture.\n"
    "\n"
    "**Do not** commit this to version control.\n"
    "\n"
    "See [the docs](https://docs.pytest.org/en/stable/how-to/cache.html) for more information.\n";
constexpr const char* kGitignore = "# Created by pytest automatically.\n*\n";
constexpr const char* kCachedirTag =
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by pytest.\n"
    "# For information about cache directory tags, see:\n"
    "#\thttps://bford.info/cachedir/spec.html\n";

// The parsed value of a cache file; nullopt when missing or not JSON (pytest's get() default).
std::optional<nlohmann::ordered_json> read_json(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  auto value = nlohmann::ordered_json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

void write_file(const fs::path& path, const char* text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// json.dumps(value, ensure_ascii=False, indent=2): nlohmann's dump(2) writes the same text for
// the values the cache holds (objects in insertion order, lists, strings, true, null).
std::string dumps(const nlohmann::ordered_json& value) {
  return value.dump(2, ' ', /*ensure_ascii=*/false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

void CacheDir::clear() const {
  std::error_code error;
  for (const char* prefix : {"d", "v"}) {
    if (fs::is_directory(dir_ / prefix, error)) fs::remove_all(dir_ / prefix, error);
  }
}

std::vector<std::string> CacheDir::read_lastfailed() const {
  std::vector<std::string> ids;
  auto value = read_json(value_path("cache/lastfailed"));
  if (value && value->is_object())
    for (const auto& [key, flag] : value->items()) ids.push_back(key);
  return ids;
}

std::vector<std::string> CacheDir::read_nodeids() const {
  std::vector<std::string> ids;
  auto value = read_json(value_path("cache/nodeids"));
  if (value && value->is_array())
    for (const auto& id : *value)
      if (id.is_string()) ids.push_back(id.get<std::string>());
  return ids;
}

std::optional<std::string> CacheDir::read_stepwise() const {
  auto value = read_json(value_path("cache/stepwise"));
  if (value && value->is_string() && !value->get<std::string>().empty()) return value->get<std::string>();
  return std::nullopt;
}

std::optional<std::string> CacheDir::write_lastfailed(const std::vector<std::string>& nodeids) const {
  nlohmann::ordered_json value = nlohmann::ordered_json::object();
  for (const auto& id : nodeids) value[id] = true;
  return set_text("cache/lastfailed", dumps(value));
}

std::optional<std::string> CacheDir::write_nodeids(const std::vector<std::string>& nodeids) const {
  nlohmann::ordered_json value = nlohmann::ordered_json::array();
  for (const auto& id : nodeids) value.push_back(id);
  return set_text("cache/nodeids", dumps(value));
}

std::optional<std::string> CacheDir::write_stepwise(const std::optional<std::string>& nodeid, bool empty_list) const {
  nlohmann::ordered_json value = nodeid ? nlohmann::ordered_json(*nodeid)
                                 : empty_list ? nlohmann::ordered_json::array()
                                              : nlohmann::ordered_json(nullptr);
  return set_text("cache/stepwise", dumps(value));
}

// As Cache.set: the supporting files only when the cache directory itself is new.
std::optional<std::string> CacheDir::set_text(const std::string& key, const std::string& json_text) const {
  const fs::path path = value_path(key);
  std::error_code error;
  bool existed = fs::is_directory(path.parent_path(), error) || fs::exists(dir_, error);
  if (!fs::is_directory(path.parent_path(), error)) {
    fs::create_directories(path.parent_path(), error);
    if (error) return fmt::format("could not create cache path {}", path.string());
  }
  if (!existed) write_supporting_files();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fmt::format("cache could not write path {}", path.string());
  out << json_text;
  return std::nullopt;
}

void CacheDir::write_supporting_files() const {
  write_file(dir_ / "README.md", kReadme);
  write_file(dir_ / ".gitignore", kGitignore);
  write_file(dir_ / "CACHEDIR.TAG", kCachedirTag);
}

}  // namespace pyspace::run
