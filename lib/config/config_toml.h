// Internal to lib/config: the TOML layer, and the only header that includes toml++ (which is a
// PRIVATE dependency of pyspace_config: never include this from outside lib/config).
#pragma once

#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "config/config_file.h"

namespace pyspace::config::detail {

// The parsed document at `file`; messages name the file as `shown_as`.
// Throws core::UsageError when it cannot be read, and core::ConfigError
// "shown_as:line:col: <toml++'s description>" when it is not valid TOML.
toml::table parse_toml_file(const std::filesystem::path& file, const std::string& shown_as);

// The table holding the settings of a parsed file: the root for a stand-alone file, the
// tool.pyspace-test table for a pyproject.toml (nullptr when it has none).
// Throws core::ConfigError when tool.pyspace-test exists but is not a table.
const toml::table* settings_table(const toml::table& root, ConfigKind kind,
                                  const std::string& shown_as);

// Throws core::ConfigError "shown_as:line:col: message" at the start of `where` (the source()
// of a node or of a key).
[[noreturn]] void fail_at(const std::string& shown_as, const toml::source_region& where,
                          const std::string& message);

}  // namespace pyspace::config::detail
