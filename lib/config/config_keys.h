// The meaning of a configuration file: the table of keys of [tool.pyspace-test] (or of a
// pyspace.toml), each read into Config, plus --fake from the command line.
//
// Keys (relative paths are relative to the configuration file's directory):
//   paths       = ["tests"]                  test paths, made absolute
//   python_path = ["src"]                    extra sys.path entries, made absolute
//   isolate     = "run" | "file"             one module space per run, or per test file
//   supervise   = true | false               the tests in a supervised child (default true)
//   shared      = ["numpy"]                  modules loaded once in the root space
//   watch       = ["*.json", "data/*.sql"]   watch mode: saves of these files rerun too
//   [fakes]     socket = "fakes/sock.py"     replace module `socket` by that file
//               requests = false             make `requests` unimportable
//               os.path = "..."              a dotted key names a submodule
// A wrong type or value is a core::ConfigError "file:line:col: message" naming the key; an
// unknown key is only a warning ("file:line: unknown key 'foo' in [tool.pyspace-test]").
// Files are shown in messages relative to `cwd` when below it, otherwise absolute.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace pyspace::config {

// Reads the configuration file `file` (relative to `cwd`, which must be absolute).
// A pyproject.toml without a [tool.pyspace-test] table gives a Config with only file, dir and a
// warning. Throws core::UsageError when the file is missing or unreadable or a fake's file does
// not exist: "fake 'socket': file not found: /abs/path (pyproject.toml:12)"; core::ConfigError
// for malformed TOML and for wrong types or values.
Config load_config(const std::filesystem::path& file,
                   const std::filesystem::path& cwd = std::filesystem::current_path());

// The whole model for a command line (`cli_paths`: its paths without "::" suffixes):
//  - pyspace-test's settings from `explicit_file` (-c) when it is a TOML file, else from the file
//    find_config() finds from the common ancestor directory of `cli_paths` (cwd when none
//    exists); none (file empty) when no file applies;
//  - the rootdir and pytest's configfile as determine_setup() (rootdir.h) finds them (-c names
//    the configfile, `rootdir_arg` is --rootdir), and its settings (pytest_keys.h).
//  - `overrides`: pytest's `-o NAME=VALUE`, over the file's keys;
//  - `pyspace_file_arg` (--pyspace-config): pyspace-test's file, instead of -c's or the found one.
// Each file is read once here; nothing reads them later. Throws as load_config(),
// determine_setup() and read_pytest_settings(), and core::UsageError "config file not found: X"
// for a missing explicit file.
Config load_config_for(const std::vector<std::filesystem::path>& cli_paths,
                       const std::optional<std::filesystem::path>& explicit_file,
                       const std::filesystem::path& cwd = std::filesystem::current_path(),
                       const std::optional<std::string>& rootdir_arg = std::nullopt,
                       const std::vector<std::string>& overrides = {},
                       const std::optional<std::filesystem::path>& pyspace_file_arg = std::nullopt);

// Reads `--fake NAME=PATH` (PATH relative to `cwd`; `run`, `watch` and `exec` share it). Throws
// core::UsageError for a malformed spec ("--fake expects NAME=PATH, got 'x'"), a NAME that is not
// a module name ("--fake x=f.py: 'x' is not a module name"), or a missing file.
FakeSpec parse_cli_fake(std::string_view spec, const std::filesystem::path& cwd);

// Applies `--fake NAME=PATH` (PATH relative to `cwd`): replaces a fake of the same module
// defined earlier, in place, or appends. Throws core::UsageError for a malformed spec
// ("--fake expects NAME=PATH, got 'x'"), a NAME that is not a module name, or a missing file.
void apply_cli_fake(Config& config, std::string_view spec, const std::filesystem::path& cwd);

// Whether `name` is a dotted Python module name ("os.path"; non-ASCII letters accepted).
bool is_module_name(std::string_view name);

}  // namespace pyspace::config
