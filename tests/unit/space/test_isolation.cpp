// Ownership and visibility of modules between the root, sibling spaces and nested spaces.
#include <catch2/catch.hpp>

#include "python/error.h"
#include "python_eval.h"
#include "space/module_space.h"
#include "temp_dir.h"

using pyspace::python::PythonError;
using pyspace::space::ModuleSpace;
using pyspace::testing::root_eval;
using pyspace::testing::TempDir;

namespace {
void add_project(const TempDir& dir) {
  dir.write("proj_a/__init__.py", "VALUE = 1\n");
  dir.write("proj_a/mod.py", "import json\nNAME = 'mod'\ndef attr():\n    return 'real'\n");
}
}  // namespace

TEST_CASE("a module imported in space A is absent from the root and from sibling B", "[space]") {
  TempDir dir;
  add_project(dir);
  ModuleSpace a, b;
  pyspace::testing::prepend_path(a.handle(), dir.str());
  a.import_("proj_a.mod");
  CHECK_FALSE(root_eval("'proj_a.mod' in sys.modules").truthy());
  b.exec("import sys\nseen = 'proj_a.mod' in sys.modules");
  CHECK_FALSE(b.eval("seen").truthy());
  CHECK(a.eval("__import__('sys').modules['proj_a.mod'].NAME").as_string() == "mod");
}

TEST_CASE("deactivation restores the root's module table exactly, same dict object", "[space]") {
  TempDir dir;
  add_project(dir);
  auto before_id = root_eval("id(sys.modules)").as_int();
  auto before = root_eval("sorted((k, id(v)) for k, v in sys.modules.items())").repr();
  {
    ModuleSpace space;
    pyspace::testing::prepend_path(space.handle(), dir.str());
    space.import_("proj_a.mod");
    space.exec("import xml.dom.minidom, decimal, csv");
  }
  CHECK(root_eval("id(sys.modules)").as_int() == before_id);
  // Every entry the root had maps to the same object; none of the project's modules is there.
  CHECK(root_eval("all(id(sys.modules.get(k)) == i for k, i in " + before + ")").truthy());
  for (const char* name : {"proj_a", "proj_a.mod"}) {
    INFO(name);
    CHECK_FALSE(root_eval(std::string("'") + name + "' in sys.modules").truthy());
  }
}

TEST_CASE("the standard library a space imports first is the root's, one copy for every space", "[space]") {
  TempDir dir;
  add_project(dir);
  REQUIRE_FALSE(root_eval("'xml.dom.minidom' in sys.modules or 'colorsys' in sys.modules").truthy());
  ModuleSpace a, b;
  pyspace::testing::prepend_path(a.handle(), dir.str());
  a.exec("import xml.dom.minidom, colorsys, proj_a");
  for (const char* name : {"xml.dom.minidom", "colorsys"}) {
    INFO(name);
    CHECK(root_eval(std::string("'") + name + "' in sys.modules").truthy());
    CHECK(b.eval(std::string("__import__('sys').modules['") + name + "'] is " +
                 "__import__('" + name + "', fromlist=['_'])").truthy());
    CHECK(a.import_(name).ptr() == b.import_(name).ptr());
  }
  CHECK_FALSE(root_eval("'proj_a' in sys.modules").truthy());
}

TEST_CASE("a space keeps its modules between activations", "[space]") {
  TempDir dir;
  add_project(dir);
  ModuleSpace space;
  pyspace::testing::prepend_path(space.handle(), dir.str());
  auto first = space.import_("proj_a.mod");
  auto second = space.import_("proj_a.mod");
  CHECK(first.ptr() == second.ptr());
}

TEST_CASE("nested spaces: the child sees the parent's modules, the parent not the child's", "[space]") {
  TempDir dir;
  add_project(dir);
  dir.write("child_only.py", "X = 2\n");
  ModuleSpace parent;
  pyspace::testing::prepend_path(parent.handle(), dir.str());
  auto parent_mod = parent.import_("proj_a.mod");
  ModuleSpace child(&parent);
  CHECK(child.path() == parent.path());
  CHECK(child.import_("proj_a.mod").ptr() == parent_mod.ptr());
  child.import_("child_only");
  parent.exec("import sys\nseen = 'child_only' in sys.modules");
  CHECK_FALSE(parent.eval("seen").truthy());
  CHECK_FALSE(root_eval("'child_only' in sys.modules").truthy());
}

TEST_CASE("activation is re-entrant and only one branch can be active", "[space]") {
  ModuleSpace a, b;
  a.activate();
  a.activate();
  CHECK_THROWS_AS(b.activate(), PythonError);
  a.deactivate();
  CHECK(root_eval("__import__('_pyspace.space.space').space.space.active_space() is not None").truthy());
  a.deactivate();
  CHECK(root_eval("__import__('_pyspace.space.space').space.space.active_space() is None").truthy());
  b.activate();
  b.deactivate();
}

TEST_CASE("a closed space cannot be activated", "[space]") {
  ModuleSpace space;
  space.close();
  CHECK_THROWS_AS(space.activate(), PythonError);
}

TEST_CASE("modules listed as shared are imported in the root", "[space]") {
  TempDir dir;
  dir.write("shared_lib/__init__.py", "COUNT = [0]\n");

  ModuleSpace a;
  pyspace::testing::prepend_path(a.handle(), dir.str());
  a.add_shared("shared_lib");
  a.import_("shared_lib");
  ModuleSpace b;
  pyspace::testing::prepend_path(b.handle(), dir.str());
  b.add_shared("shared_lib");
  CHECK(a.import_("shared_lib").ptr() == b.import_("shared_lib").ptr());
  CHECK(root_eval("'shared_lib' in sys.modules").truthy());
}

TEST_CASE("exec and eval run in the space's own namespace", "[space]") {
  ModuleSpace space;
  space.exec("x = 40\ndef f():\n    return x + 2\n");
  CHECK(space.eval("f()").as_int() == 42);
  ModuleSpace other;
  CHECK_THROWS_AS(other.eval("f()"), PythonError);
}
