// config_keys: the meaning of each key, type errors at file:line:col, warnings, --fake.
#include <catch2/catch.hpp>

#include "config/config_keys.h"
#include "core/errors.h"
#include "temp_tree.h"

namespace fs = std::filesystem;
using pyspace::config::apply_cli_fake;
using pyspace::config::Config;
using pyspace::config::load_config;
using pyspace::config::load_config_for;
using pyspace::core::ConfigError;
using pyspace::core::UsageError;
using pyspace::testing::TempTree;
using Catch::Matchers::Message;

namespace {

// Loads root/pyproject.toml holding `settings` under [tool.pyspace-test] (line 1), from root.
Config load_pyproject(const TempTree& tree, const std::string& settings) {
  tree.write("pyproject.toml", "[tool.pyspace-test]\n" + settings);
  return load_config(tree / "pyproject.toml", tree.root());
}

// The message of the ConfigError that loading `settings` raises.
std::string config_error(const std::string& settings) {
  TempTree tree;
  try {
    load_pyproject(tree, settings);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no ConfigError";
}

}  // namespace

TEST_CASE("load_config: every key of [tool.pyspace-test]", "[config]") {
  TempTree tree;
  tree.write("tests/fakes/fake_socket.py");
  const Config config = load_pyproject(tree,
                                       "paths = [\"tests\", \"more/tests/\"]\n"         // 2
                                       "python_path = [\"src\", \"../vendor\"]\n"      // 3
                                       "isolate = \"file\"\n"                          // 4
                                       "shared = [\"numpy\", \"os.path\"]\n"           // 5
                                       "[tool.pyspace-test.fakes]\n"                   // 6
                                       "socket = \"tests/fakes/fake_socket.py\"\n"     // 7
                                       "requests = false\n");                          // 8
  const fs::path& root = tree.root();
  CHECK(config.file == (root / "pyproject.toml").string());
  CHECK(config.dir == root.string());
  CHECK(config.paths == std::vector<std::string>{(root / "tests").string(),
                                                 (root / "more/tests").string()});
  CHECK(config.python_path == std::vector<std::string>{(root / "src").string(),
                                                       (root.parent_path() / "vendor").string()});
  CHECK(config.isolate == "file");
  CHECK(config.shared == std::vector<std::string>{"numpy", "os.path"});
  REQUIRE(config.fakes.size() == 2);
  CHECK(config.fakes[0].module == "requests");
  CHECK_FALSE(config.fakes[0].path.has_value());
  CHECK(config.fakes[0].origin == "pyproject.toml:8");
  CHECK(config.fakes[1].module == "socket");
  CHECK(config.fakes[1].path == (root / "tests/fakes/fake_socket.py").string());
  CHECK(config.fakes[1].origin == "pyproject.toml:7");
  CHECK(config.warnings.empty());
}

TEST_CASE("load_config: pyspace.toml keys are at the top level", "[config]") {
  TempTree tree;
  tree.write("fake_db.py");
  tree.write("pyspace.toml", "isolate = \"run\"\nfakes = { db = \"fake_db.py\" }\n");
  const Config config = load_config(tree / "pyspace.toml", tree.root());
  CHECK(config.isolate == "run");
  REQUIRE(config.fakes.size() == 1);
  CHECK(config.fakes[0].module == "db");
  CHECK(config.fakes[0].path == (tree / "fake_db.py").string());
  CHECK(config.fakes[0].origin == "pyspace.toml:2");
}

TEST_CASE("load_config: dotted fake keys name submodules", "[config]") {
  TempTree tree;
  tree.write("fakes/path.py");
  const Config config = load_pyproject(tree,
                                       "fakes.os.path = \"fakes/path.py\"\n"
                                       "fakes.\"xml.dom\" = false\n");
  REQUIRE(config.fakes.size() == 2);
  CHECK(config.fakes[0].module == "os.path");
  CHECK(config.fakes[0].path == (tree / "fakes/path.py").string());
  CHECK(config.fakes[1].module == "xml.dom");
  CHECK(config.fakes[1].origin == "pyproject.toml:3");
}

TEST_CASE("load_config: unknown keys are warnings with file and line", "[config]") {
  TempTree tree;
  const Config config = load_pyproject(tree, "isolate = \"run\"\nfoo = 1\n\nbar.baz = 2\n");
  CHECK(config.isolate == "run");
  CHECK(config.warnings == std::vector<std::string>{
                               "pyproject.toml:5: unknown key 'bar' in [tool.pyspace-test]",
                               "pyproject.toml:3: unknown key 'foo' in [tool.pyspace-test]"});

  tree.write("sub/pyspace.toml", "\ncolour = true\n");
  const Config standalone = load_config(tree / "sub/pyspace.toml", tree.root());
  CHECK(standalone.warnings ==
        std::vector<std::string>{"sub/pyspace.toml:2: unknown key 'colour' in pyspace.toml"});
}

TEST_CASE("load_config: messages show the file absolute when outside cwd", "[config]") {
  TempTree tree;
  tree.write("pyspace.toml", "foo = 1\n");
  const Config config = load_config(tree / "pyspace.toml", tree / "elsewhere");
  CHECK(config.warnings == std::vector<std::string>{
                               (tree / "pyspace.toml").string() +
                               ":1: unknown key 'foo' in pyspace.toml"});
}

TEST_CASE("load_config: a pyproject.toml without the table configures nothing", "[config]") {
  TempTree tree;
  tree.write("pyproject.toml", "[tool.black]\n");
  const Config config = load_config(tree / "pyproject.toml", tree.root());
  CHECK(config.file == (tree / "pyproject.toml").string());
  CHECK(config.paths.empty());
  const std::string expected = "pyproject.toml: no [tool.pyspace-test] table, nothing configured";
  CHECK(config.warnings == std::vector<std::string>{expected});
}

TEST_CASE("load_config: wrong types name the key, the expected type and the position",
          "[config]") {
  CHECK(config_error("paths = \"tests\"\n") ==
        "pyproject.toml:2:9: 'paths' must be an array of strings, not a string");
  CHECK(config_error("paths = [\"a\", 3]\n") ==
        "pyproject.toml:2:15: 'paths' must be an array of strings, but item 2 is an integer");
  CHECK(config_error("paths = [\"\"]\n") ==
        "pyproject.toml:2:10: 'paths' item 1 is an empty string");
  CHECK(config_error("\npython_path = { a = 1 }\n") ==
        "pyproject.toml:3:15: 'python_path' must be an array of strings, not a table");
  CHECK(config_error("isolate = 1\n") ==
        "pyproject.toml:2:11: 'isolate' must be a string, \"run\" or \"file\", not an integer");
  CHECK(config_error("shared = [\"numpy\", [\"x\"]]\n") ==
        "pyproject.toml:2:20: 'shared' must be an array of strings, but item 2 is an array");
  CHECK(config_error("shared = true\n") ==
        "pyproject.toml:2:10: 'shared' must be an array of strings, not a boolean");
  CHECK(config_error("fakes = [\"socket\"]\n") ==
        "pyproject.toml:2:9: 'fakes' must be a table (module = \"path\" or false), not an "
        "array");
  CHECK(config_error("fakes = { socket = 1.5 }\n") ==
        "pyproject.toml:2:20: fake 'socket' must be a file path (a string) or false, not a float");
  CHECK(config_error("fakes = { socket = \"\" }\n") ==
        "pyproject.toml:2:20: fake 'socket' must be a file path (a string) or false, not an "
        "empty string");
}

TEST_CASE("load_config: wrong values are ConfigErrors at their position", "[config]") {
  CHECK(config_error("isolate = \"thread\"\n") ==
        "pyproject.toml:2:11: 'isolate' must be \"run\" or \"file\", got \"thread\"");
  CHECK(config_error("shared = [\"numpy\", \"not-a-module\"]\n") ==
        "pyproject.toml:2:20: 'shared': 'not-a-module' is not a module name");
  CHECK(config_error("[tool.pyspace-test.fakes]\nrequests = true\n") ==
        "pyproject.toml:3:12: fake 'requests' = true: give the fake's file, or false to make "
        "'requests' unimportable");
  CHECK(config_error("fakes = { \"my-mod\" = false }\n") ==
        "pyproject.toml:2:11: fake 'my-mod': not a module name");
}

TEST_CASE("load_config: malformed TOML is a ConfigError at line and column", "[config]") {
  TempTree tree;
  tree.write("pyspace.toml", "isolate = \"run\"\nisolate = \"file\"\n");
  CHECK_THROWS_MATCHES(
      load_config(tree / "pyspace.toml", tree.root()), ConfigError,
      Message("pyspace.toml:2:11: Error while parsing key-value pair: cannot redefine existing "
              "string 'isolate'"));
}

TEST_CASE("load_config: a fake whose file is missing is a UsageError", "[config]") {
  TempTree tree;
  const std::string expected = "fake 'socket': file not found: " +
                               (tree / "tests/fakes/fake_socket.py").string() +
                               " (pyproject.toml:3)";
  CHECK_THROWS_MATCHES(
      load_pyproject(tree, "\nfakes = { socket = \"tests/fakes/fake_socket.py\" }\n"), UsageError,
      Message(expected));
}

TEST_CASE("load_config_for: an explicit file is read, a missing one is an error", "[config]") {
  TempTree tree;
  tree.write("ci/ci.toml", "isolate = \"file\"\n");
  tree.write("pyspace.toml", "isolate = \"run\"\n");
  const Config config = load_config_for({"."}, fs::path("ci/ci.toml"), tree.root());
  CHECK(config.file == (tree / "ci/ci.toml").string());
  CHECK(config.isolate == "file");
  CHECK_THROWS_MATCHES(load_config_for({}, fs::path("nope.toml"), tree.root()), UsageError,
                       Message("config file not found: nope.toml"));
}

TEST_CASE("load_config_for: searches from the common ancestor of the paths", "[config]") {
  TempTree tree;
  tree.write("proj/pyproject.toml", "[tool.pyspace-test]\nisolate = \"file\"\n");
  tree.write("proj/a/pyspace.toml", "isolate = \"run\"\n");
  tree.write("proj/a/test_x.py");
  tree.write("proj/b/test_y.py");
  const fs::path proj = tree / "proj";

  CHECK(load_config_for({"a/test_x.py"}, std::nullopt, proj).isolate == "run");
  CHECK(load_config_for({"a", "b/test_y.py"}, std::nullopt, proj).isolate == "file");
  CHECK(load_config_for({}, std::nullopt, proj / "a").isolate == "run");
  CHECK(load_config_for({"a", "missing"}, std::nullopt, proj).isolate == "run");
}

TEST_CASE("load_config_for: no file found gives an empty Config", "[config]") {
  TempTree tree;
  tree.write("tests/test_x.py");
  const Config config = load_config_for({"tests"}, std::nullopt, tree.root());
  CHECK(config.file.empty());
  CHECK(config.fakes.empty());
  CHECK(config.warnings.empty());
}

TEST_CASE("apply_cli_fake: adds a fake with its file made absolute", "[config]") {
  TempTree tree;
  tree.write("fakes/sock.py");
  Config config;
  apply_cli_fake(config, "socket=fakes/sock.py", tree.root());
  REQUIRE(config.fakes.size() == 1);
  CHECK(config.fakes[0].module == "socket");
  CHECK(config.fakes[0].path == (tree / "fakes/sock.py").string());
  CHECK(config.fakes[0].origin == "--fake socket=fakes/sock.py");
}

TEST_CASE("apply_cli_fake: later definitions of a module override earlier ones", "[config]") {
  TempTree tree;
  tree.write("a.py");
  tree.write("b.py");
  tree.write("c.py");
  Config config = load_pyproject(tree, "fakes = { requests = false, socket = \"a.py\" }\n");
  apply_cli_fake(config, "socket=b.py", tree.root());
  apply_cli_fake(config, "json=c.py", tree.root());
  apply_cli_fake(config, "json=a.py", tree.root());
  REQUIRE(config.fakes.size() == 3);
  CHECK(config.fakes[0].module == "requests");
  CHECK(config.fakes[1].module == "socket");
  CHECK(config.fakes[1].path == (tree / "b.py").string());
  CHECK(config.fakes[1].origin == "--fake socket=b.py");
  CHECK(config.fakes[2].module == "json");
  CHECK(config.fakes[2].path == (tree / "a.py").string());
}

TEST_CASE("apply_cli_fake: malformed specs and missing files are UsageErrors", "[config]") {
  TempTree tree;
  Config config;
  for (const char* spec : {"socket", "=x.py", "socket=", ""}) {
    CHECK_THROWS_MATCHES(apply_cli_fake(config, spec, tree.root()), UsageError,
                         Message(std::string("--fake expects NAME=PATH, got '") + spec + "'"));
  }
  CHECK_THROWS_MATCHES(apply_cli_fake(config, "my-mod=x.py", tree.root()), UsageError,
                       Message("--fake my-mod=x.py: 'my-mod' is not a module name"));
  CHECK_THROWS_MATCHES(apply_cli_fake(config, "socket=fakes/none.py", tree.root()), UsageError,
                       Message("fake 'socket': file not found: " +
                               (tree / "fakes/none.py").string() +
                               " (--fake socket=fakes/none.py)"));
  CHECK(config.fakes.empty());
}

TEST_CASE("is_module_name: dotted identifiers", "[config]") {
  using pyspace::config::is_module_name;
  CHECK(is_module_name("socket"));
  CHECK(is_module_name("os.path"));
  CHECK(is_module_name("_private.x1"));
  CHECK_FALSE(is_module_name(""));
  CHECK_FALSE(is_module_name("1abc"));
  CHECK_FALSE(is_module_name("os..path"));
  CHECK_FALSE(is_module_name("os."));
  CHECK_FALSE(is_module_name("my-mod"));
  CHECK_FALSE(is_module_name("a b"));
}

TEST_CASE("load_config: watch is an array of globs for watch mode", "[config]") {
  TempTree tree;
  CHECK(load_pyproject(tree, "watch = [\"*.json\", \"data/*.sql\"]\n").watch ==
        std::vector<std::string>{"*.json", "data/*.sql"});
  CHECK(config_error("watch = \"*.json\"\n") ==
        "pyproject.toml:2:9: 'watch' must be an array of strings, not a string");
}
