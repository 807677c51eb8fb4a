// The meaning of pytest's configuration keys for pyspace-test: a key table (key -> pytest's ini
// type) reading a PytestFile into PytestSettings (config.h). Types as pytest 7.2's getini:
//   args      testpaths, python_files, python_classes, python_functions: a string is split as
//             shlex.split does (POSIX shell words), an array is taken as is
//   linelist  markers, filterwarnings: one entry per non-empty stripped line, an array as is
//   bool      xfail_strict: y yes t true on 1 / n no f false off 0, any case
// A value that does not fit its type is a core::ConfigError "file:line: key: message" (exit 4).
// Keys outside the table keep their current meaning: each is named in a warning
// ("pytest option 'addopts' in pytest.ini [pytest] is not supported by pyspace-test and is
// ignored") and otherwise ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/pytest_file.h"

namespace pyspace::config {

// The settings of `file` (null: no file) with `overrides` ("NAME=VALUE", -o) applied over it;
// pytest's defaults for the keys neither sets. Throws core::UsageError for an override without
// '=' (pytest's "-o/--override-ini expects option=value style (got: 'x')."), and for a value that
// does not fit its type given by -o.
PytestSettings read_pytest_settings(const PytestFile* file, const std::vector<std::string>& overrides = {});

// shlex.split(text) in POSIX mode (no comments): words separated by blanks, '...' literal,
// "..." with backslash escaping only \ and ", a backslash outside quotes escaping any character.
// Throws std::invalid_argument "No closing quotation" / "No escaped character".
std::vector<std::string> shell_split(std::string_view text);

// pytest's _strtobool of the stripped `text`. Throws std::invalid_argument
// "invalid truth value 'x'" (x lower-cased, as pytest writes it).
bool truth_value(std::string_view text);

}  // namespace pyspace::config
