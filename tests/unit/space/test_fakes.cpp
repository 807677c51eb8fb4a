// Fakes and blocked modules: visible to project code inside their space only.
#include <catch2/catch.hpp>

#include "core/errors.h"
#include "python/error.h"
#include "python_eval.h"
#include "space/module_space.h"
#include "temp_dir.h"

using pyspace::python::PythonError;
using pyspace::space::ModuleSpace;
using pyspace::testing::root_eval;
using pyspace::testing::TempDir;

namespace {
void add_client(const TempDir& dir) {
  dir.write("client.py", "import socket\ndef kind():\n    return getattr(socket, 'KIND', 'real')\n");
}
}  // namespace

TEST_CASE("a fake module object is seen by project code inside its space only", "[space][fakes]") {
  TempDir dir;
  add_client(dir);
  auto fake = root_eval("type(sys)('socket')");
  fake.set_attr("KIND", std::string("fake"));
  ModuleSpace faked, plain;
  pyspace::testing::prepend_path(faked.handle(), dir.str());
  pyspace::testing::prepend_path(plain.handle(), dir.str());
  faked.fake_module("socket", fake);
  CHECK(faked.import_("client").call_method("kind").as_string() == "fake");
  CHECK(plain.import_("client").call_method("kind").as_string() == "real");
  CHECK_FALSE(root_eval("getattr(sys.modules.get('socket'), 'KIND', None) == 'fake'").truthy());
}

TEST_CASE("a fake file is executed afresh in each space", "[space][fakes]") {
  TempDir dir;
  add_client(dir);
  auto fake = dir.write("fakes/fake_socket.py", "KIND = 'file-fake'\nimport builtins\n");
  ModuleSpace a, b;
  for (ModuleSpace* space : {&a, &b}) {
    pyspace::testing::prepend_path(space->handle(), dir.str());
    space->fake_file("socket", fake.string());
    CHECK(space->import_("client").call_method("kind").as_string() == "file-fake");
  }
  CHECK(a.import_("socket").ptr() != b.import_("socket").ptr());
}

TEST_CASE("a missing fake file is a usage error naming the fake and the path", "[space][fakes]") {
  ModuleSpace space;
  try {
    space.fake_file("socket", "/nonexistent/fake_socket.py");
    FAIL("no error");
  } catch (const pyspace::core::UsageError& e) {
    CHECK(std::string(e.what()) == "fake 'socket': file not found: /nonexistent/fake_socket.py");
  }
}

TEST_CASE("a blocked module cannot be imported in the space", "[space][fakes]") {
  ModuleSpace space;
  space.block("json");
  space.exec("try:\n    import json\n    result = 'imported'\nexcept ModuleNotFoundError:\n    result = 'blocked'\n");
  CHECK(space.eval("result").as_string() == "blocked");
  CHECK(root_eval("__import__('json') is not None").truthy());
}

TEST_CASE("a child space inherits its parent's fakes and can shadow them", "[space][fakes]") {
  TempDir dir;
  add_client(dir);
  auto parent_fake = dir.write("p_socket.py", "KIND = 'parent'\n");
  auto child_fake = dir.write("c_socket.py", "KIND = 'child'\n");
  ModuleSpace parent;
  pyspace::testing::prepend_path(parent.handle(), dir.str());
  parent.fake_file("socket", parent_fake.string());
  ModuleSpace child(&parent), shadowing(&parent);
  CHECK(child.eval("__import__('socket').KIND").as_string() == "parent");
  shadowing.fake_file("socket", child_fake.string());
  CHECK(shadowing.eval("__import__('socket').KIND").as_string() == "child");
  CHECK(parent.eval("__import__('socket').KIND").as_string() == "parent");
}

TEST_CASE("a fake that a shared module cannot reach is reported", "[space][fakes]") {
  TempDir dir;
  auto fake = dir.write("fake_socket.py", "KIND = 'fake'\n");
  pyspace::testing::root_exec("import http.client");  // the root now holds the real socket
  ModuleSpace space;
  space.fake_file("socket", fake.string());
  space.activate();
  space.deactivate();
  auto changes = space.changes();
  REQUIRE_FALSE(changes.empty());
  CHECK(changes.front().find("fake 'socket' cannot reach shared module(s)") != std::string::npos);
  CHECK(changes.front().find("http.client") != std::string::npos);
}
