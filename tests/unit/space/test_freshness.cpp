// A new space always sees the current source, even after a same-second, same-size edit.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "python_eval.h"
#include "python_eval.h"
#include "space/module_space.h"
#include "temp_dir.h"

using pyspace::space::ModuleSpace;
using pyspace::testing::TempDir;

namespace {
std::string value_in_new_space(const TempDir& dir) {
  ModuleSpace space;
  pyspace::testing::prepend_path(space.handle(), dir.str());
  return space.import_("edited").attr("VALUE").as_string();
}
}  // namespace

TEST_CASE("an edit within the same second that keeps the size is seen", "[space][freshness]") {
  TempDir dir;
  auto file = dir.write("edited.py", "VALUE = 'aaa'\n");
  auto mtime = std::filesystem::last_write_time(file);
  CHECK(value_in_new_space(dir) == "aaa");
  dir.write("edited.py", "VALUE = 'bbb'\n");
  std::filesystem::last_write_time(file, mtime);  // same mtime, same size: a .pyc would be trusted
  CHECK(value_in_new_space(dir) == "bbb");
  dir.write("edited.py", "VALUE = 'ccc'\n");
  std::filesystem::last_write_time(file, mtime);
  CHECK(value_in_new_space(dir) == "ccc");
}

TEST_CASE("no bytecode is written for project files", "[space][freshness]") {
  TempDir dir;
  dir.write("edited.py", "VALUE = 'x'\n");
  value_in_new_space(dir);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "__pycache__"));
}

TEST_CASE("a module file created after a space started importing is found by the next space", "[space][freshness]") {
  TempDir dir;
  dir.write("edited.py", "VALUE = 'first'\n");
  CHECK(value_in_new_space(dir) == "first");
  dir.write("later.py", "VALUE = 'later'\n");
  ModuleSpace space;
  pyspace::testing::prepend_path(space.handle(), dir.str());
  CHECK(space.import_("later").attr("VALUE").as_string() == "later");
}

TEST_CASE("compiled project code is cached on disk by content and a corrupt entry is ignored", "[space][freshness]") {
  TempDir dir;
  dir.write("edited.py", "VALUE = 'cached-" + dir.path().filename().string() + "'\n");
  auto loader = pyspace::python::import_module("_pyspace.space.fresh_loader");
  auto cache = loader.attr("_disk_cache");
  REQUIRE(cache.attr("_enabled").truthy());  // on unless PYSPACE_TEST_NO_CACHE is set
  auto file = dir.path() / "edited.py";
  auto source = pyspace::testing::root_eval("open(r'" + file.string() + "', 'rb').read()");
  auto entry = cache.call_method("_file", {file.string(), source, pyspace::python::none()}).as_string();
  std::filesystem::remove(entry);
  auto expected = "cached-" + dir.path().filename().string();
  CHECK(value_in_new_space(dir) == expected);
  CHECK(std::filesystem::exists(entry));
  // A damaged entry is not trusted: the next process compiles again.
  { std::ofstream(entry, std::ios::trunc) << "not marshal data"; }
  loader.attr("_code_cache").call_method("clear");
  CHECK(value_in_new_space(dir) == expected);
  std::filesystem::remove(entry);
}
