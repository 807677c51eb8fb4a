// config_file: which configuration file applies to a directory, and TOML syntax errors.
#include <catch2/catch.hpp>

#include "config/config_file.h"
#include "core/errors.h"
#include "temp_tree.h"

namespace fs = std::filesystem;
using pyspace::config::common_ancestor_dir;
using pyspace::config::ConfigKind;
using pyspace::config::find_config;
using pyspace::testing::TempTree;
using Catch::Matchers::Message;

namespace {
const char* const kWithTable = "[tool.pyspace-test]\nisolate = \"run\"\n";
const char* const kWithoutTable = "[tool.black]\nline-length = 100\n";
}  // namespace

TEST_CASE("config file: the kind follows the file name", "[config]") {
  CHECK(pyspace::config::config_kind("/p/pyproject.toml") == ConfigKind::Pyproject);
  CHECK(pyspace::config::config_kind("/p/pyspace.toml") == ConfigKind::StandAlone);
  CHECK(pyspace::config::config_kind("ci.toml") == ConfigKind::StandAlone);
  CHECK(pyspace::config::settings_label("/p/pyproject.toml") == "[tool.pyspace-test]");
  CHECK(pyspace::config::settings_label("/p/pyspace.toml") == "pyspace.toml");
  CHECK(pyspace::config::settings_label("/p/ci.toml") == "ci.toml");
}

TEST_CASE("find_config: a pyspace.toml in the start directory", "[config]") {
  TempTree tree;
  const fs::path file = tree.write("pyspace.toml");
  CHECK(find_config(tree.root()) == file);
}

TEST_CASE("find_config: walks up to the nearest directory with a file", "[config]") {
  TempTree tree;
  tree.write("pyspace.toml");
  const fs::path nearer = tree.write("proj/pyproject.toml", kWithTable);
  tree.mkdir("proj/tests/unit");
  CHECK(find_config(tree / "proj/tests/unit") == nearer);
  CHECK(find_config(tree / "proj/tests/unit/") == nearer);
}

TEST_CASE("find_config: pyspace.toml wins over pyproject.toml in one directory", "[config]") {
  TempTree tree;
  tree.write("pyproject.toml", kWithTable);
  const fs::path pyspace = tree.write("pyspace.toml");
  CHECK(find_config(tree.root()) == pyspace);
}

TEST_CASE("find_config: a pyproject.toml without [tool.pyspace-test] is skipped", "[config]") {
  TempTree tree;
  const fs::path outer = tree.write("pyproject.toml", kWithTable);
  tree.write("proj/pyproject.toml", kWithoutTable);
  tree.write("proj/sub/pyproject.toml", "");
  CHECK(find_config(tree / "proj/sub") == outer);
}

TEST_CASE("find_config: a sub-table defines [tool.pyspace-test]", "[config]") {
  TempTree tree;
  const fs::path file =
      tree.write("pyproject.toml", "[tool.pyspace-test.fakes]\nrequests = false\n");
  CHECK(find_config(tree.root()) == file);
  CHECK(pyspace::config::has_pyspace_table(file));
  const fs::path other = tree.write("other/pyproject.toml", kWithoutTable);
  CHECK_FALSE(pyspace::config::has_pyspace_table(other));
}

TEST_CASE("find_config: nothing found gives nullopt", "[config]") {
  // Assumes no pyspace.toml or configured pyproject.toml above the temporary directory.
  TempTree tree;
  tree.write("a/pyproject.toml", kWithoutTable);
  tree.mkdir("a/b");
  CHECK_FALSE(find_config(tree / "a/b").has_value());
}

TEST_CASE("find_config: malformed pyproject.toml is a ConfigError at line and column",
          "[config]") {
  TempTree tree;
  const fs::path file = tree.write("pyproject.toml", "name = \"x\"\nbad = = 1\n");
  const std::string expected =
      file.string() + ":2:7: Error while parsing value: could not determine value type";
  CHECK_THROWS_MATCHES(find_config(tree.root()), pyspace::core::ConfigError, Message(expected));
}

TEST_CASE("find_config: unterminated array reports where the file ended", "[config]") {
  TempTree tree;
  const fs::path file = tree.write("pyproject.toml", "[tool.pyspace-test]\npaths = [\"a\"\n");
  const std::string expected =
      file.string() + ":2:14: Error while parsing array: encountered end-of-file";
  CHECK_THROWS_MATCHES(find_config(tree.root()), pyspace::core::ConfigError, Message(expected));
}

TEST_CASE("find_config: tool.pyspace-test that is not a table is a ConfigError", "[config]") {
  TempTree tree;
  const fs::path file = tree.write("pyproject.toml", "[tool]\npyspace-test = 3\n");
  const std::string expected = file.string() + ":2:16: 'tool.pyspace-test' must be a table";
  CHECK_THROWS_MATCHES(find_config(tree.root()), pyspace::core::ConfigError, Message(expected));
}

TEST_CASE("config errors exit with the usage error code", "[config]") {
  TempTree tree;
  tree.write("pyproject.toml", "x = \n");
  try {
    (void)find_config(tree.root());
    FAIL("no error");
  } catch (const pyspace::core::Error& error) {
    CHECK(error.code() == pyspace::core::ExitCode::UsageError);
  }
}

TEST_CASE("has_pyspace_table: an unreadable file is a UsageError", "[config]") {
  TempTree tree;
  const fs::path missing = tree / "pyproject.toml";
  CHECK_THROWS_MATCHES(pyspace::config::has_pyspace_table(missing), pyspace::core::UsageError,
                       Message("cannot read config file: " + missing.string()));
}

TEST_CASE("common_ancestor_dir: the deepest directory holding the existing paths",
          "[config]") {
  TempTree tree;
  tree.write("a/b/test_x.py");
  tree.write("a/c/test_y.py");
  const fs::path& cwd = tree.root();
  CHECK(common_ancestor_dir({}, cwd) == cwd);
  CHECK(common_ancestor_dir({"a/b/test_x.py"}, cwd) == tree / "a/b");
  CHECK(common_ancestor_dir({"a/b", "a/c/test_y.py"}, cwd) == tree / "a");
  CHECK(common_ancestor_dir({"a/b", "a/b/test_x.py"}, cwd) == tree / "a/b");
  CHECK(common_ancestor_dir({tree / "a/c/", "missing/dir"}, cwd) == tree / "a/c");
  CHECK(common_ancestor_dir({"missing"}, cwd) == cwd);
  CHECK(common_ancestor_dir({"a/b", "/"}, cwd) == "/");
}

TEST_CASE("display_path: relative below cwd, absolute elsewhere", "[config]") {
  using pyspace::config::display_path;
  CHECK(display_path("/p/q/pyproject.toml", "/p/q") == "pyproject.toml");
  CHECK(display_path("/p/q/sub/pyspace.toml", "/p/q") == "sub/pyspace.toml");
  CHECK(display_path("/p/pyproject.toml", "/p/q") == "/p/pyproject.toml");
  CHECK(display_path("/elsewhere/pyproject.toml", "/p") == "/elsewhere/pyproject.toml");
}

TEST_CASE("absolute_normal: joins, normalises and drops a trailing separator", "[config]") {
  using pyspace::config::absolute_normal;
  CHECK(absolute_normal("/p/q", "tests/") == "/p/q/tests");
  CHECK(absolute_normal("/p/q", "../shared/./x.py") == "/p/shared/x.py");
  CHECK(absolute_normal("/p/q", "/abs/dir") == "/abs/dir");
  CHECK(absolute_normal("/p/q", ".") == "/p/q");
  CHECK(absolute_normal("/", ".") == "/");
}
