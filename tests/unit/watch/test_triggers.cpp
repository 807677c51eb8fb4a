// watch/triggers: which saves start a rerun, --watch-extensions, the `p` key's file filter.
#include <catch2/catch.hpp>

#include "core/errors.h"
#include "watch/triggers.h"

namespace {
using namespace pyspace::watch;
namespace fs = std::filesystem;
const fs::path kRoot = "/home/u/.work/proj";  // a hidden directory above the root does not count
}  // namespace

TEST_CASE("editor lock and backup files and hidden files and __pycache__ are ignored", "[watch][triggers]") {
  for (const char* name : {".#mod.py", "mod.py~", "#mod.py#", ".mod.py.swp", "__pycache__/mod.py", ".git/x.py",
                           "pkg/.hidden/x.py"})
    CHECK(is_ignored_file(kRoot / name, kRoot));
  for (const char* name : {"mod.py", "pkg/mod.py", "data/#1.json"}) CHECK_FALSE(is_ignored_file(kRoot / name, kRoot));
}

TEST_CASE("what triggers a rerun", "[watch][triggers]") {
  TriggerRules rules;
  rules.rootdir = kRoot;
  rules.config_files = {kRoot / ".pytest.ini"};
  rules.globs = {"*.json", "sql/*.sql"};
  rules.is_dependency = [](const fs::path& path) { return path.filename() == "read.csv"; };
  CHECK(triggers(kRoot / "pkg/mod.py", rules));
  CHECK(triggers(kRoot / ".pytest.ini", rules));  // a configuration file, hidden or not
  CHECK(triggers(kRoot / "data/rates.json", rules));
  CHECK(triggers(kRoot / "sql/schema.sql", rules));
  CHECK_FALSE(triggers(kRoot / "other/schema.sql", rules));
  CHECK(triggers(kRoot / "tests/read.csv", rules));
  CHECK_FALSE(triggers(kRoot / "README.md", rules));
  CHECK_FALSE(triggers(kRoot / ".#mod.py", rules));
  rules.written_by_run = [](const fs::path& path) { return path.filename() == "data.json"; };
  CHECK_FALSE(triggers(kRoot / "out/data.json", rules));  // the tests' own output
  CHECK(triggers(kRoot / "out/other.json", rules));
}

TEST_CASE("the value of --watch-extensions: extensions and globs", "[watch][triggers]") {
  CHECK(extension_globs("json, .sql,data/*.csv") == std::vector<std::string>{"*.json", "*.sql", "data/*.csv"});
  CHECK_THROWS_AS(extension_globs("json,"), pyspace::core::UsageError);
}

TEST_CASE("the file filter is a glob or a regular expression", "[watch][triggers]") {
  CHECK(matches_file_filter("tests/test_beta.py", "beta"));
  CHECK(matches_file_filter("tests/test_beta.py", "*beta*"));
  CHECK(matches_file_filter("tests/test_beta.py", "test_b*.py"));
  CHECK(matches_file_filter("tests/test_beta.py", "^tests/.*a\\.py$"));
  CHECK_FALSE(matches_file_filter("tests/test_beta.py", "alpha"));
}
