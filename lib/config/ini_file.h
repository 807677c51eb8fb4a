// INI files as pytest reads them (pytest.ini, tox.ini, setup.cfg): syntax only, with the line of
// every section and value. The rules are iniconfig 1.1.1's (the parser pytest 7.2 uses):
//   - a line whose first non-blank character is '#' or ';' is a comment; blank lines are skipped;
//   - "[name]" in column 0 starts a section ('#'/';' and what follows are cut first);
//   - "key = value" or "key: value" in column 0 sets a value ('=' wins unless the part before it
//     holds a ':'); key and value are stripped; no inline comments in values;
//   - an indented line continues the previous value: the values are joined with '\n' (an empty
//     first value is replaced); a "[..." line that is not a header continues too.
// Errors are those of iniconfig, as core::ConfigError "shown_as:line: message".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pyspace::config {

struct IniEntry {
  std::string name;
  std::string value;  // continuation lines joined by '\n'
  int line = 0;       // 1-based line of the key
};

struct IniSection {
  std::string name;
  int line = 0;  // 1-based line of the header
  std::vector<IniEntry> entries;  // in file order
};

struct IniFile {
  std::vector<IniSection> sections;  // in file order

  // The section called `name`, or nullptr.
  const IniSection* find(std::string_view name) const;
};

// Parses `text`; messages name the file as `shown_as`. Throws core::ConfigError for what
// iniconfig rejects: "unexpected line: 'x'", "unexpected value continuation",
// "empty section name", "no section header defined", "duplicate section 'x'",
// "duplicate name 'x'".
IniFile parse_ini(std::string_view text, const std::string& shown_as);

// parse_ini() of the file at `file`. Throws core::UsageError when it cannot be read.
IniFile read_ini_file(const std::filesystem::path& file, const std::string& shown_as);

}  // namespace pyspace::config
