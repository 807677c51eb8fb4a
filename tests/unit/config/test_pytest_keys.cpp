// pytest_file + pytest_keys: pytest's values as written (INI and TOML, with lines) and their
// meaning by pytest 7.2's ini types; bad values are ConfigErrors at file:line; and the whole
// model from load_config_for().
#include <catch2/catch.hpp>

#include <stdexcept>

#include "config/config_keys.h"
#include "config/pytest_file.h"
#include "config/pytest_keys.h"
#include "core/errors.h"
#include "temp_tree.h"

namespace fs = std::filesystem;
using pyspace::config::Config;
using pyspace::config::load_config_for;
using pyspace::config::PytestSettings;
using pyspace::config::read_pytest_file;
using pyspace::config::read_pytest_settings;
using pyspace::config::shell_split;
using pyspace::config::truth_value;
using pyspace::core::ConfigError;
using pyspace::testing::TempTree;
using Catch::Matchers::Message;

namespace {

PytestSettings settings_of(const TempTree& tree, const char* file, const char* content) {
  tree.write(file, content);
  auto read = read_pytest_file(tree / file, tree.root());
  REQUIRE(read);
  return read_pytest_settings(&*read);
}

std::string error_of(const char* file, const char* content) {
  TempTree tree;
  try {
    settings_of(tree, file, content);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no ConfigError";
}

}  // namespace

TEST_CASE("pytest keys: defaults when the file sets nothing", "[config][pytest]") {
  TempTree tree;
  const PytestSettings s = settings_of(tree, "pytest.ini", "# empty\n");
  CHECK(s.file == (tree / "pytest.ini").string());
  CHECK(s.where == "pytest.ini");
  CHECK(s.python_files == std::vector<std::string>{"test_*.py", "*_test.py"});
  CHECK(s.python_classes == std::vector<std::string>{"Test"});
  CHECK(s.python_functions == std::vector<std::string>{"test"});
  CHECK(s.testpaths.empty());
  CHECK_FALSE(s.xfail_strict);
  CHECK(s.warnings.empty());
}

TEST_CASE("pytest keys: INI values by type, with their lines", "[config][pytest]") {
  TempTree tree;
  const PytestSettings s = settings_of(tree, "tox.ini",
                                       "[tox]\nenvlist = py311\n\n[pytest]\n"
                                       "testpaths = src/tests 'with space' docs\n"
                                       "filterwarnings =\n    error\n    ignore:some message:UserWarning\n"
                                       "xfail_strict = TRUE\n"
                                       "enable_assertion_pass_hook = true\n");
  CHECK(s.where == "tox.ini [pytest]");
  CHECK(s.testpaths == std::vector<std::string>{"src/tests", "with space", "docs"});
  CHECK(s.filterwarnings ==
        std::vector<std::string>{"error", "ignore:some message:UserWarning"});
  CHECK(s.xfail_strict);
  CHECK(s.lines == std::vector<std::pair<std::string, int>>{
                       {"testpaths", 5}, {"filterwarnings", 6}, {"xfail_strict", 9}, {"enable_assertion_pass_hook", 10}});
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0] == "pytest option 'enable_assertion_pass_hook' in tox.ini [pytest] is not supported by "
                         "pyspace-test and is ignored");
}

TEST_CASE("pytest keys: TOML arrays as they are, scalars as Python's str()", "[config][pytest]") {
  TempTree tree;
  const PytestSettings s = settings_of(tree, "pyproject.toml",
                                       "[project]\nname = \"x\"\n\n[tool.pytest.ini_options]\n"
                                       "testpaths = [\"tests\", \"more\"]\n"
                                       "python_files = \"check_*.py  *_check.py\"\n"
                                       "markers = [\"slow: slow ones\", \"net\"]\n"
                                       "xfail_strict = true\n");
  CHECK(s.where == "pyproject.toml [tool.pytest.ini_options]");
  CHECK(s.testpaths == std::vector<std::string>{"tests", "more"});
  CHECK(s.python_files == std::vector<std::string>{"check_*.py", "*_check.py"});
  CHECK(s.markers == std::vector<std::string>{"slow: slow ones", "net"});
  CHECK(s.xfail_strict);  // str(True) == "True"
  CHECK(s.lines.front() == std::pair<std::string, int>{"testpaths", 5});
}

TEST_CASE("pytest keys: a bad value is a ConfigError at file:line", "[config][pytest]") {
  CHECK(error_of("pytest.ini", "[pytest]\n\nxfail_strict = maybe\n") ==
        "pytest.ini:3: xfail_strict: invalid truth value 'maybe'");
  CHECK(error_of("setup.cfg", "[tool:pytest]\nxfail_strict =\n") ==
        "setup.cfg:2: xfail_strict: invalid truth value ''");
  CHECK(error_of("pyproject.toml", "[tool.pytest.ini_options]\nxfail_strict = \"Maybe\"\n") ==
        "pyproject.toml:2: xfail_strict: invalid truth value 'maybe'");
  CHECK(error_of("tox.ini", "[pytest]\ntestpaths = 'unclosed\n") ==
        "tox.ini:2: testpaths: No closing quotation");
  CHECK(error_of("pyproject.toml", "[tool.pytest]\nini_options = 3\n") ==
        "pyproject.toml:2:15: 'tool.pytest.ini_options' must be a table");
}

TEST_CASE("pytest keys: shlex.split and _strtobool", "[config][pytest]") {
  CHECK(shell_split("  a b\t c\n") == std::vector<std::string>{"a", "b", "c"});
  CHECK(shell_split(R"(a"b c"d 'e f' "" x\ y "q\"r\n")") ==
        std::vector<std::string>{"ab cd", "e f", "", "x y", "q\"r\\n"});
  CHECK(shell_split("").empty());
  CHECK_THROWS_AS(shell_split("a\\"), std::invalid_argument);
  for (const char* yes : {"y", "YES", " t ", "true", "On", "1"}) CHECK(truth_value(yes));
  for (const char* no : {"n", "No", "f", "FALSE", "off", "0"}) CHECK_FALSE(truth_value(no));
}

TEST_CASE("load_config_for: one model of rootdir, pytest's file and pyspace-test's file",
          "[config][pytest]") {
  TempTree tree;
  tree.write("proj/tests/test_a.py", "def test_a():\n    pass\n");
  tree.write("proj/pyproject.toml",
             "[tool.pyspace-test]\nisolate = \"file\"\n\n[tool.pytest.ini_options]\n"
             "python_classes = \"Check\"\n");
  const Config config = load_config_for({"tests"}, std::nullopt, tree / "proj");
  CHECK(config.rootdir == (tree / "proj").string());
  CHECK(config.file == (tree / "proj/pyproject.toml").string());
  CHECK(config.isolate == "file");
  CHECK(config.pytest.file == (tree / "proj/pyproject.toml").string());
  CHECK(config.pytest.python_classes == std::vector<std::string>{"Check"});

  // -c pytest.ini: pytest's configfile only (no TOML parse), its directory the rootdir.
  tree.write("ci/pytest.ini", "[pytest]\nxfail_strict = 1\n");
  const Config explicit_ini = load_config_for({"tests"}, fs::path("../ci/pytest.ini"), tree / "proj");
  CHECK(explicit_ini.file.empty());
  CHECK(explicit_ini.rootdir == (tree / "ci").string());
  CHECK(explicit_ini.pytest.file == (tree / "ci/pytest.ini").string());
  CHECK(explicit_ini.pytest.xfail_strict);

  tree.write("proj/pytest.ini", "[pytest]\nxfail_strict = maybe\n");
  CHECK_THROWS_MATCHES(load_config_for({}, std::nullopt, tree / "proj"), ConfigError,
                       Message("pytest.ini:2: xfail_strict: invalid truth value 'maybe'"));
}
