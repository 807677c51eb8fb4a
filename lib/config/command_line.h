// pytest's command line, read as pytest 7.2's argparse parser reads it: the same option names,
// aliases and arities, `--name=value` and `--name value`, short flags bundled (`-vvx`, `-ra`,
// `-kfoo`), `--` ending the options, options and paths in any order, no abbreviations (pytest
// turns argparse's off). The table of options (pytest_options.cpp) lists every option pytest 7.2
// has, each with its `dest` (pytest's name for it: "reportchars", "tbstyle"), and whether
// pyspace-test honours it; pyspace-test's own options (`--json-events`, `--isolate`, `--fake`,
// `--pyspace-config`, watch's) are in the same table.
//
// Errors are core::UsageError (exit 4) with pytest's wording where pytest has one:
//   "unrecognized arguments: --frob"                      (an option no table has)
//   "argument --maxfail: expected one argument"
//   "argument --maxfail: invalid int value: 'x'"
//   "argument --tb: invalid choice: 'foo' (choose from 'auto', 'long', ...)"
//   "pyspace-test does not support --pdb yet"             (pytest has it, pyspace-test not yet)
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"

namespace pyspace::config {

// "pyspace-test does not support --pdb yet": pytest has the option, the native engine not.
class UnsupportedOption : public core::UsageError {
 public:
  using core::UsageError::UsageError;
};

// "unrecognized arguments: --frob": no table has it (a plugin or a conftest.py may add it).
class UnrecognizedArguments : public core::UsageError {
 public:
  using core::UsageError::UsageError;
};

enum class OptionAction {
  StoreTrue,   // a flag: dest = "1"                      (-x, --co)
  StoreConst,  // a flag: dest = its `constant`           (-s: capture = "no"; --no-showlocals)
  Count,       // a flag: dest += `step` (an int)         (-v +1, -q -1)
  Store,       // takes one value: dest = value           (--tb=short, --maxfail 2)
  StoreOptional,  // `--name=value`, `--name value` (a value not starting with '-'), or `--name`
                  // alone: dest = `constant`               (--cache-show, --debug)
  Append,      // takes one value each time: dest gets every value, in order (-p, -W, --ignore)
  AppendOptional,  // StoreOptional's forms, each appended (`constant` when alone): --cov, --cov=pkg
};

enum class ValueType { Text, Int, Float };

struct OptionSpec {
  std::vector<std::string_view> names;  // "-x", "--exitfirst"; the first long one names it in errors
  std::string_view dest;
  OptionAction action = OptionAction::StoreTrue;
  ValueType type = ValueType::Text;
  std::vector<std::string_view> choices;  // empty: any value
  std::string_view constant;              // StoreConst/StoreOptional value; Count: the step ("1", "-1")
  bool supported = true;                  // false: "pyspace-test does not support --x yet"
  std::string_view help;
};

// What a command line said: each dest given, with its values in order (Store keeps the last,
// Append all, flags "1" or their constant, Count the running sum), and the positional
// arguments (paths and node ids).
struct CommandLine {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>, std::less<>> values;
  // Every option as written, in order, for messages and for passing the line on.
  std::vector<std::string> given;

  bool has(std::string_view dest) const;
  bool flag(std::string_view dest) const;  // given as a flag (StoreTrue)
  int count(std::string_view dest, int fallback = 0) const;
  std::optional<std::string> last(std::string_view dest) const;
  std::vector<std::string> all(std::string_view dest) const;
};

// pytest's options (pytest 7.2 `pytest --help`, with the hidden aliases) and pyspace-test's run
// options; `watch` adds its own.
const std::vector<OptionSpec>& run_option_table();

// Reads `args` (what follows `run`) with `table`. Throws core::UsageError as above.
CommandLine parse_command_line(const std::vector<std::string>& args, const std::vector<OptionSpec>& table);

// The help text of `table` ("-k EXPRESSION   Only run tests ..."), one option per line, grouped
// into what pyspace-test honours and what it does not yet.
std::string command_line_help(std::string_view usage, const std::vector<OptionSpec>& table);

}  // namespace pyspace::config
