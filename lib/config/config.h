// The one configuration model of a run: the rootdir, pytest's configuration file and the keys of
// it that pyspace-test reads, and pyspace-test's own settings ([tool.pyspace-test] in
// pyproject.toml, or the top level of pyspace.toml). Built once, in C++ (load_config_for() in
// config_keys.h), before the interpreter starts; the Python side receives it as a dict
// (lib/run/python_bridge.cpp) and reads no configuration file itself.
// Reading (INI and TOML syntax: ini_file.h, pytest_file.h, config_file.h) and meaning (key
// tables: pytest_keys.h, config_keys.h) are separate.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pyspace::config {

// One entry of the `fakes` table: `socket = "tests/fakes/fake_socket.py"` or `requests = false`.
struct FakeSpec {
  std::string module;               // "socket"
  std::optional<std::string> path;  // absolute path of the replacement; nullopt: unimportable
  std::string origin;               // "pyproject.toml:12" or "--fake socket=x.py"
};

// One key of pytest's configuration as pytest 7.2's getini() would give it, for the file's keys
// and `-o NAME=VALUE` (which wins): `items` for pytest's args/linelist/paths types (paths made
// absolute against the file's directory), `text` for string and bool keys, `flag` for bool.
struct IniSetting {
  enum class Kind { List, Text, Bool } kind = Kind::Text;
  std::vector<std::string> items;
  std::string text;
  bool flag = false;
  int line = 0;  // its line in the file; 0 for -o
};

// What pyspace-test takes from pytest's configuration file (pytest_keys.h), with pytest's
// defaults for what the file does not set.
struct PytestSettings {
  std::string file;     // absolute path of pytest's configfile; empty when none
  std::string shown_as; // the file as messages show it ("pytest.ini", relative to cwd below it)
  std::string where;    // "pytest.ini [pytest]", for messages; empty when none
  std::vector<std::string> testpaths;
  std::vector<std::string> python_files{"test_*.py", "*_test.py"};
  std::vector<std::string> python_classes{"Test"};
  std::vector<std::string> python_functions{"test"};
  std::vector<std::string> markers;
  std::vector<std::string> filterwarnings;
  bool xfail_strict = false;
  std::string junit_logging = "no";  // what captured output JUnit XML carries (pytest's key)
  std::vector<std::string> addopts;   // shlex-split, prepended to the command line
  std::optional<std::vector<std::string>> norecursedirs;  // nullopt: pytest's defaults
  std::vector<std::string> pythonpath;  // absolute, relative to the file's directory
  // Every key pytest knows that the file or -o sets, by name (typed readers above are views of
  // the honoured ones; pytest_keys.cpp's table says which are honoured).
  std::map<std::string, IniSetting, std::less<>> ini;
  std::vector<std::pair<std::string, int>> lines;  // each key the file sets, and its line
  std::vector<std::string> warnings;               // keys named but not supported
  // pytest's own PytestConfigWarnings ("pytest.ini: Unknown config option: foo"): shown in the
  // warnings summary and counted in the closing line, as pytest counts them.
  std::vector<std::string> config_warnings;
  std::vector<std::string> unknown_keys;           // keys pytest does not know (its own warning)
};

struct Config {
  // Where the run is rooted (rootdir.h): absolute; empty until load_config_for() sets it.
  std::string rootdir;
  PytestSettings pytest;

  // pyspace-test's own file.
  std::string file;                      // absolute path of the file read; empty when none
  std::string dir;                       // its directory (relative paths are resolved against it)
  std::vector<std::string> paths;        // absolute test paths
  std::vector<std::string> python_path;  // absolute extra sys.path entries
  std::optional<std::string> isolate;    // "run" or "file"
  std::optional<bool> supervise;         // false: the tests run in the process (--no-supervise)
  std::vector<std::string> shared;       // module names loaded once in the root
  std::vector<std::string> local;        // names each space imports itself (a fresh `logging`)
  std::map<std::string, std::string> local_origins;  // name -> "pyproject.toml:3:10", for messages
  std::vector<FakeSpec> fakes;
  std::vector<std::string> watch;        // watch mode's extra triggers: globs (a '/' in one: over
                                         // the path relative to the rootdir, else the name)
  std::vector<std::string> warnings;     // "pyproject.toml:7: unknown key 'foo' in [tool.pyspace-test]"
};

}  // namespace pyspace::config
