// rootdir: pytest 7.2's determine_setup (rootdir and configfile), plus pyspace-test's file as a
// marker where pytest finds none. Expected rootdirs were taken from `python3 -m pytest` (7.2.1)
// run on the same trees (tests/integration/test_config_model.py compares the header line).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "config/rootdir.h"
#include "core/errors.h"
#include "temp_tree.h"

namespace fs = std::filesystem;
using pyspace::config::determine_setup;
using pyspace::config::RootdirSetup;
using pyspace::testing::TempTree;
using Catch::Matchers::Contains;
using Catch::Matchers::Message;

namespace {

fs::path rootdir(const std::vector<fs::path>& args, const fs::path& cwd) {
  return determine_setup(args, cwd).rootdir;
}

// The configfile found for a tree holding only `file` with `content`, run from its root; "" when
// none.
std::string configfile_of(const char* file, const char* content) {
  TempTree tree;
  tree.write(file, content);
  const RootdirSetup setup = determine_setup({}, tree.root());
  return setup.ini ? setup.ini->path.filename().string() : "";
}

void write_all(const TempTree& tree, std::initializer_list<const char*> files) {
  for (const char* file : files) tree.write(file, "def test_one():\n    pass\n");
}

}  // namespace

TEST_CASE("rootdir: which files are pytest configuration files", "[config][rootdir]") {
  CHECK(configfile_of("pytest.ini", "") == "pytest.ini");
  CHECK(configfile_of(".pytest.ini", "") == "");
  CHECK(configfile_of(".pytest.ini", "[pytest]\n") == ".pytest.ini");
  CHECK(configfile_of("tox.ini", "[tox]\nenvlist = py311\n\n[pytest] ; options\naddopts = -q\n") ==
        "tox.ini");
  CHECK(configfile_of("tox.ini", "[tox]\n[testenv]\n") == "");
  CHECK(configfile_of("setup.cfg", "[metadata]\n[tool:pytest]  # here\n") == "setup.cfg");
  CHECK(configfile_of("setup.cfg", "[metadata]\nname = x\n") == "");
  CHECK(configfile_of("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.pytest.ini_options]\n") ==
        "pyproject.toml");
  CHECK(configfile_of("pyproject.toml", "  [ tool . \"pytest\" . 'ini_options' ]  # comment\n") ==
        "pyproject.toml");
  // A table made by dotted keys counts too (the old line scanner missed it).
  CHECK(configfile_of("pyproject.toml", "tool.pytest.ini_options = { xfail_strict = true }\n") ==
        "pyproject.toml");
  CHECK(configfile_of("pyproject.toml", "[tool.pytest]\n[tool.black]\n") == "");
  CHECK(configfile_of("pyproject.toml", "[tool.pyspace-test]\n") == "");
  CHECK(configfile_of("pyproject.toml", "doc = \"\"\"\n[tool.pytest.ini_options]\n\"\"\"\n") == "");
  CHECK(configfile_of("pyspace.toml", "") == "");
}

TEST_CASE("rootdir: the nearest configfile above the args' common ancestor", "[config][rootdir]") {
  TempTree tree;
  write_all(tree, {"proj/tests/test_a.py", "proj/tests/unit/test_b.py"});
  tree.write("proj/pytest.ini", "[pytest]\n");
  CHECK(rootdir({"proj/tests"}, tree.root()) == tree / "proj");
  CHECK(rootdir({"proj/tests/unit/test_b.py", "proj/tests/test_a.py"}, tree.root()) ==
        tree / "proj");
  CHECK(rootdir({"proj/tests", "nothere"}, tree.root()) == tree / "proj");
  CHECK(rootdir({}, tree / "proj/tests/unit") == tree / "proj");
  CHECK(determine_setup({}, tree / "proj/tests").ini->path == tree / "proj/pytest.ini");
}

TEST_CASE("rootdir: in one directory pytest.ini, .pytest.ini, pyproject.toml, tox.ini, setup.cfg",
          "[config][rootdir]") {
  TempTree tree;
  tree.write("setup.cfg", "[tool:pytest]\n");
  tree.write("tox.ini", "[pytest]\n");
  CHECK(determine_setup({}, tree.root()).ini->path.filename() == "tox.ini");
  tree.write("pyproject.toml", "[tool.pytest.ini_options]\n");
  CHECK(determine_setup({}, tree.root()).ini->path.filename() == "pyproject.toml");
  tree.write(".pytest.ini", "[pytest]\n");
  CHECK(determine_setup({}, tree.root()).ini->path.filename() == ".pytest.ini");
  tree.write("pytest.ini", "");
  CHECK(determine_setup({}, tree.root()).ini->path.filename() == "pytest.ini");
}

TEST_CASE("rootdir: files without pytest's section are passed over", "[config][rootdir]") {
  TempTree tree;
  write_all(tree, {"p/q/test_a.py"});
  tree.write("p/q/pyproject.toml", "[tool.black]\n");
  tree.write("p/tox.ini", "[tox]\n");
  tree.write("tox.ini", "[pytest]\n");
  CHECK(rootdir({"."}, tree / "p/q") == tree.root());
}

TEST_CASE("rootdir: pyspace-test's file marks the rootdir only where pytest finds no configfile",
          "[config][rootdir]") {
  TempTree tree;
  write_all(tree, {"a/b/test_a.py", "c/d/test_c.py"});
  tree.write("a/pyproject.toml", "[tool.pyspace-test]\n");
  CHECK(determine_setup({"a/b"}, tree.root(), {}, {}, tree / "a/pyproject.toml").rootdir ==
        tree / "a");
  // A pytest configfile above it wins, as `python3 -m pytest` sees only that one.
  tree.write("c/d/pyspace.toml", "");
  tree.write("c/pytest.ini", "");
  const RootdirSetup setup =
      determine_setup({"c/d/test_c.py"}, tree.root(), {}, {}, tree / "c/d/pyspace.toml");
  CHECK(setup.rootdir == tree / "c");
  CHECK(setup.ini->path == tree / "c/pytest.ini");
}

TEST_CASE("rootdir: else the nearest setup.py above the ancestor", "[config][rootdir]") {
  TempTree tree;
  write_all(tree, {"proj/tests/test_a.py"});
  tree.write("proj/setup.py");
  const RootdirSetup setup = determine_setup({"proj/tests/test_a.py"}, tree.root());
  CHECK(setup.rootdir == tree / "proj");
  CHECK_FALSE(setup.ini);
}

TEST_CASE("rootdir: else a configfile above one of the args' directories", "[config][rootdir]") {
  TempTree tree;
  write_all(tree, {"a/test_a.py", "b/test_b.py"});
  tree.write("b/setup.cfg", "[tool:pytest]\n");
  CHECK(rootdir({"a", "b"}, tree.root()) == tree / "b");
}

TEST_CASE("rootdir: else the common ancestor of cwd and the args", "[config][rootdir]") {
  // Assumes no configfile and no setup.py above the temporary directory.
  TempTree tree;
  write_all(tree, {"x/y/test_a.py", "a/test_a.py", "b/test_b.py"});
  CHECK(rootdir({"x/y"}, tree.root()) == tree.root());
  CHECK(rootdir({"."}, tree / "x/y") == tree / "x/y");
  CHECK(rootdir({tree / "x/y"}, tree / "a") == tree.root());
  CHECK(rootdir({"a", tree / "b"}, tree / "a") == tree.root());
}

TEST_CASE("rootdir: never the filesystem root: then the args' ancestor", "[config][rootdir]") {
  TempTree tree;
  write_all(tree, {"x/test_a.py"});
  CHECK(rootdir({tree / "x"}, "/") == tree / "x");
  CHECK(rootdir({tree / "x/test_a.py"}, "/") == tree / "x");
}

TEST_CASE("rootdir: -c names the configfile, its directory is the rootdir", "[config][rootdir]") {
  TempTree tree;
  write_all(tree, {"proj/tests/test_a.py"});
  tree.write("proj/pytest.ini", "[pytest]\n");
  tree.write("ci/pyspace.toml", "");
  const RootdirSetup setup = determine_setup({"proj/tests"}, tree.root(), fs::path("ci/pyspace.toml"));
  CHECK(setup.rootdir == tree / "ci");
  REQUIRE(setup.ini);
  CHECK(setup.ini->path == tree / "ci/pyspace.toml");
  CHECK(setup.ini->values.empty());
  CHECK_THROWS_MATCHES(determine_setup({}, tree.root(), fs::path("nothere.ini")),
                       pyspace::core::UsageError, Message("config file not found: nothere.ini"));
}

TEST_CASE("rootdir: --rootdir replaces the rootdir, not the configfile", "[config][rootdir]") {
  TempTree tree;
  tree.write("proj/pytest.ini", "[pytest]\n");
  tree.mkdir("elsewhere");
  ::setenv("PYSPACE_TEST_ROOTDIR_BASE", tree.root().c_str(), 1);
  const RootdirSetup setup =
      determine_setup({}, tree / "proj", {}, std::string("${PYSPACE_TEST_ROOTDIR_BASE}/elsewhere"));
  CHECK(setup.rootdir == tree / "elsewhere");
  CHECK(setup.ini->path == tree / "proj/pytest.ini");
  CHECK(determine_setup({}, tree / "proj", {}, std::string("..")).rootdir == tree.root());
  CHECK_THROWS_MATCHES(determine_setup({}, tree / "proj", {}, std::string("missing")),
                       pyspace::core::UsageError,
                       Message("Directory '" + (tree / "proj/missing").string() +
                               "' not found. Check your '--rootdir' option."));
  CHECK(pyspace::config::expand_vars("$NO_SUCH_VAR_X/${NO_SUCH_VAR_X}/$") ==
        "$NO_SUCH_VAR_X/${NO_SUCH_VAR_X}/$");
}

TEST_CASE("rootdir: a broken file met on the way is an error naming file:line",
          "[config][rootdir]") {
  TempTree tree;
  tree.write("proj/sub/tox.ini", "[tox]\nenvlist\n");
  tree.write("proj/pytest.ini", "[pytest]\n");
  CHECK_THROWS_MATCHES(determine_setup({}, tree / "proj/sub"), pyspace::core::ConfigError,
                       Message("tox.ini:2: unexpected line: 'envlist'"));
  tree.write("proj/sub/tox.ini", "[tox]\n");
  tree.write("proj/sub/pyproject.toml", "[tool.pytest.ini_options\n");
  CHECK_THROWS_AS(determine_setup({}, tree / "proj/sub"), pyspace::core::ConfigError);
  CHECK_THROWS_WITH(determine_setup({}, tree / "proj/sub"), Contains("pyproject.toml:1:"));
  tree.write("proj/sub/pyproject.toml", "");
  tree.write("proj/sub/setup.cfg", "[pytest]\n");
  CHECK_THROWS_MATCHES(determine_setup({}, tree / "proj/sub"), pyspace::core::ConfigError,
                       Message("setup.cfg:1: [pytest] section in setup.cfg files is no longer "
                               "supported, change to [tool:pytest] instead."));
}
