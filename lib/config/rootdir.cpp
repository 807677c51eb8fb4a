#include "config/rootdir.h"

#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "config/config_file.h"
#include "config/paths.h"
#include "core/errors.h"

namespace pyspace::config {

namespace fs = std::filesystem;

namespace {

// pytest's locate_config: the first directory from each of `dirs` upward holding a file that
// read_pytest_file() accepts.
std::optional<RootdirSetup> locate_config(const std::vector<fs::path>& dirs, const fs::path& cwd) {
  for (const fs::path& start : dirs) {
    for (fs::path dir = start;; dir = dir.parent_path()) {
      for (const std::string& name : kPytestFileNames) {
        const fs::path file = dir / name;
        std::error_code error;
        if (!fs::is_regular_file(file, error)) continue;
        if (auto ini = read_pytest_file(file, cwd)) return RootdirSetup{dir, std::move(ini)};
      }
      if (dir == dir.root_path()) break;
    }
  }
  return std::nullopt;
}

std::optional<fs::path> setup_py_dir(fs::path dir) {
  while (true) {
    std::error_code error;
    if (fs::is_regular_file(dir / "setup.py", error)) return dir;
    if (dir == dir.root_path()) return std::nullopt;
    dir = dir.parent_path();
  }
}

RootdirSetup search(const std::vector<fs::path>& args, const fs::path& cwd,
                    const std::optional<fs::path>& pyspace_config) {
  const std::vector<fs::path> dirs = existing_arg_dirs(args, cwd);
  const fs::path ancestor = common_ancestor(dirs).value_or(cwd);
  if (auto found = locate_config({ancestor}, cwd)) return std::move(*found);
  if (pyspace_config) return RootdirSetup{absolute_normal(cwd, *pyspace_config).parent_path(), {}};
  if (auto with_setup = setup_py_dir(ancestor)) return RootdirSetup{*with_setup, {}};
  if (dirs != std::vector<fs::path>{ancestor}) {
    if (auto found = locate_config(dirs, cwd)) return std::move(*found);
  }
  const fs::path shared = *common_ancestor({cwd, ancestor});
  return RootdirSetup{shared == shared.root_path() ? ancestor : shared, {}};
}

}  // namespace

RootdirSetup determine_setup(const std::vector<fs::path>& args, const fs::path& given_cwd,
                             const std::optional<fs::path>& inifile,
                             const std::optional<std::string>& rootdir_arg,
                             const std::optional<fs::path>& pyspace_config) {
  const fs::path cwd = absolute_normal(given_cwd, ".");
  RootdirSetup setup;
  if (inifile) {
    const fs::path file = absolute_normal(cwd, *inifile);
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
      throw core::UsageError(fmt::format("config file not found: {}", display_path(file, cwd)));
    }
    setup.rootdir = file.parent_path();
    setup.ini = read_pytest_file(file, cwd);
    if (!setup.ini) setup.ini = PytestFile{file, display_path(file, cwd), "", {}};
  } else {
    setup = search(args, cwd, pyspace_config);
  }
  if (rootdir_arg) {
    setup.rootdir = absolute_normal(cwd, expand_vars(*rootdir_arg));
    std::error_code error;
    if (!fs::is_directory(setup.rootdir, error)) {
      throw core::UsageError(fmt::format(
          "Directory '{}' not found. Check your '--rootdir' option.", setup.rootdir.string()));
    }
  }
  return setup;
}

std::string expand_vars(const std::string& text) {
  auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '$') {
      out += text[i++];
      continue;
    }
    std::size_t name_begin = i + 1;
    std::size_t name_end = name_begin;
    std::size_t after = name_begin;
    if (name_begin < text.size() && text[name_begin] == '{') {
      const std::size_t close = text.find('}', name_begin);
      if (close == std::string::npos) {
        out += text[i++];
        continue;
      }
      ++name_begin;
      name_end = close;
      after = close + 1;
    } else {
      while (name_end < text.size() && is_name_char(text[name_end])) ++name_end;
      after = name_end;
    }
    const std::string name = text.substr(name_begin, name_end - name_begin);
    const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
    if (value == nullptr) {
      out += text.substr(i, after - i);
    } else {
      out += value;
    }
    i = after;
  }
  return out;
}

}  // namespace pyspace::config
