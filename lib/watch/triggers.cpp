#include "watch/triggers.h"

#include <fnmatch.h>

#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "core/errors.h"

namespace pyspace::watch {
namespace fs = std::filesystem;

namespace {

bool is_hidden_or_cache(const std::string& name) { return name.starts_with('.') || name == "__pycache__"; }

}  // namespace

bool is_ignored_file(const fs::path& path, const fs::path& root) {
  const std::string name = path.filename().string();
  if (name.empty() || is_hidden_or_cache(name) || name.ends_with('~') ||
      (name.size() > 1 && name.starts_with('#') && name.ends_with('#')))
    return true;
  const fs::path relative = path.lexically_relative(root);
  const bool below = !relative.empty() && *relative.begin() != "..";
  for (const auto& part : below ? relative.parent_path() : path.parent_path())
    if (is_hidden_or_cache(part.string()) && part != "." && part != "..") return true;
  return false;
}

bool matches_any(const fs::path& path, const fs::path& root, const std::vector<std::string>& globs) {
  const std::string name = path.filename().string();
  const std::string relative = path.lexically_relative(root).generic_string();
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    const std::string& subject = glob.find('/') == std::string::npos ? name : relative;
    return fnmatch(glob.c_str(), subject.c_str(), 0) == 0;
  });
}

std::vector<std::string> extension_globs(const std::string& value) {
  std::vector<std::string> globs;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = value.find(',', start);
    std::string entry = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    entry.erase(0, entry.find_first_not_of(' '));
    entry.erase(entry.find_last_not_of(' ') + 1);
    if (entry.empty() || entry == ".")
      throw core::UsageError(fmt::format("--watch-extensions: '{}' has an empty entry", value));
    if (entry.find_first_of("*?[/") != std::string::npos) globs.push_back(entry);
    else globs.push_back("*" + std::string(entry.starts_with('.') ? "" : ".") + entry);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return globs;
}

bool triggers(const fs::path& path, const TriggerRules& rules) {
  if (std::find(rules.config_files.begin(), rules.config_files.end(), path) != rules.config_files.end())
    return true;
  if (is_ignored_file(path, rules.rootdir)) return false;
  if (rules.written_by_run && rules.written_by_run(path)) return false;
  if (path.extension() == ".py") return true;
  if (matches_any(path, rules.rootdir, rules.globs)) return true;
  return rules.is_dependency && rules.is_dependency(path);
}

bool matches_file_filter(const std::string& relpath, const std::string& pattern) {
  const std::string name = fs::path(relpath).filename().string();
  if (fnmatch(pattern.c_str(), relpath.c_str(), 0) == 0 || fnmatch(pattern.c_str(), name.c_str(), 0) == 0)
    return true;
  try {
    return std::regex_search(relpath, std::regex(pattern));
  } catch (const std::regex_error&) {  // a glob such as "*beta*" is not a regular expression
    return false;
  }
}

}  // namespace pyspace::watch
