// Configuration files as files: which file applies to a directory, and which shape it has.
// Syntax only: what the keys mean is config_keys.h. No toml++ type appears here
// (see config_toml.h).
#pragma once

#include "config/paths.h"  // absolute_normal, common_ancestor_dir: used with these

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyspace::config {

inline constexpr std::string_view kPyspaceTomlName = "pyspace.toml";
inline constexpr std::string_view kPyprojectTomlName = "pyproject.toml";

// The two shapes a configuration file has; decided by the file's name alone.
enum class ConfigKind {
  Pyproject,   // pyproject.toml: the settings are the [tool.pyspace-test] table
  StandAlone,  // pyspace.toml, or any other file given with -c: the settings are the top level
};

ConfigKind config_kind(const std::filesystem::path& file);

// Where a file's settings live, for messages: "[tool.pyspace-test]", or the file's name
// ("pyspace.toml") for a stand-alone file.
std::string settings_label(const std::filesystem::path& file);

// Whether the pyproject.toml at `pyproject` defines a [tool.pyspace-test] table (a sub-table such
// as [tool.pyspace-test.fakes] defines it too).
// Throws core::UsageError when the file cannot be read, core::ConfigError when it is not valid
// TOML or when tool.pyspace-test is something other than a table.
bool has_pyspace_table(const std::filesystem::path& pyproject);

// The configuration file that governs `start_dir`: walking from start_dir up to the filesystem
// root, the first directory holding a pyspace.toml, or a pyproject.toml with a [tool.pyspace-test]
// table, wins; within one directory pyspace.toml wins. A pyproject.toml without that table is
// skipped and the walk goes on. Returns an absolute, normalised path, or nullopt when no file
// applies. A relative start_dir is relative to the process's current directory.
// Throws as has_pyspace_table() for a pyproject.toml met on the way.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start_dir);

// `file` as messages show it: relative to `cwd` when it lies below cwd ("pyproject.toml"),
// otherwise absolute. Both arguments must be absolute.
std::string display_path(const std::filesystem::path& file, const std::filesystem::path& cwd);

}  // namespace pyspace::config
