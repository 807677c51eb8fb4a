#include "config/paths.h"

namespace pyspace::config {

namespace fs = std::filesystem;

fs::path absolute_normal(const fs::path& base, const fs::path& path) {
  fs::path result = (base / path).lexically_normal();
  if (!result.has_filename() && result != result.root_path()) result = result.parent_path();
  return result;
}

bool is_within(const fs::path& path, const fs::path& dir) {
  const fs::path relative = path.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

std::optional<fs::path> common_ancestor(const std::vector<fs::path>& dirs) {
  std::optional<fs::path> common;
  for (const fs::path& dir : dirs) {
    if (!common) common = dir;
    while (!is_within(dir, *common)) common = common->parent_path();
  }
  return common;
}

std::vector<fs::path> existing_arg_dirs(const std::vector<fs::path>& args, const fs::path& cwd) {
  std::vector<fs::path> dirs;
  for (const fs::path& arg : args) {
    const fs::path path = absolute_normal(cwd, arg);
    std::error_code error;
    if (fs::is_directory(path, error)) {
      dirs.push_back(path);
    } else if (fs::exists(path, error)) {
      dirs.push_back(path.parent_path());
    }
  }
  return dirs;
}

fs::path common_ancestor_dir(const std::vector<fs::path>& paths, const fs::path& cwd) {
  return common_ancestor(existing_arg_dirs(paths, cwd)).value_or(absolute_normal(cwd, "."));
}

}  // namespace pyspace::config
