// pytest's configuration file as a file: whether a file holds pytest configuration and its
// values as written, with their lines (pytest 7.2's _pytest/config/findpaths.py rules). Syntax
// only: what the keys mean is pytest_keys.h; which file applies to a run is rootdir.h.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pyspace::config {

// One key of pytest's section as written. INI values are strings (continuation lines joined by
// '\n'); TOML values are strings or arrays, other scalars as Python's str() writes them
// ("True", "3"), as pytest converts them.
struct PytestValue {
  std::string key;
  bool is_list = false;
  std::string text;                // when !is_list
  std::vector<std::string> items;  // when is_list
  int line = 0;                    // 1-based line of the key
};

struct PytestFile {
  std::filesystem::path path;  // absolute, normalised
  std::string shown_as;        // as messages show it (relative to cwd when below it)
  std::string section;         // "[pytest]", "[tool:pytest]", "[tool.pytest.ini_options]";
                               // empty when the file has none (an empty pytest.ini, or -c)
  std::vector<PytestValue> values;  // in file order
};

// The names pytest looks for in each directory, in its order.
inline const std::vector<std::string> kPytestFileNames = {"pytest.ini", ".pytest.ini",
                                                          "pyproject.toml", "tox.ini", "setup.cfg"};

// pytest's load_config_dict_from_file for `file` (absolute): by its suffix, a ".ini" file with a
// [pytest] section (a file named pytest.ini counts even without one), a ".cfg" file with
// [tool:pytest], a ".toml" file with a [tool.pytest.ini_options] table; nullopt for any other
// file. `cwd` (absolute) only decides how messages name the file.
// Throws core::ConfigError "file:line[:col]: message" for a file that is not valid INI or TOML
// and for a setup.cfg with a plain [pytest] section (pytest refuses those too),
// core::UsageError when it cannot be read.
std::optional<PytestFile> read_pytest_file(const std::filesystem::path& file,
                                           const std::filesystem::path& cwd);

}  // namespace pyspace::config
