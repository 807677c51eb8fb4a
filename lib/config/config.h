// The meaning of a pyspace-test configuration: the keys of [tool.pyspace-test] in pyproject.toml,
// or the top level of pyspace.toml. Reading (TOML syntax) and meaning (the key table) are separate:
// see config_file.h for finding and parsing.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pyspace::config {

// One entry of the `fakes` table: `socket = "tests/fakes/fake_socket.py"` or `requests = false`.
struct FakeSpec {
  std::string module;               // "socket"
  std::optional<std::string> path;  // absolute path of the replacement; nullopt: unimportable
  std::string origin;               // "pyproject.toml:12" or "--fake socket=x.py"
};

struct Config {
  std::string file;                      // absolute path of the file read; empty when none
  std::string dir;                       // its directory (relative paths are resolved against it)
  std::vector<std::string> paths;        // absolute test paths
  std::vector<std::string> python_path;  // absolute extra sys.path entries
  std::optional<std::string> isolate;    // "run" or "file"
  std::vector<std::string> shared;       // module names loaded once in the root
  std::vector<FakeSpec> fakes;
  std::vector<std::string> warnings;     // "pyproject.toml:7: unknown key 'foo' in [tool.pyspace-test]"
};

}  // namespace pyspace::config
