// Teardown: a closed space's modules are collected, and what keeps one alive is named.
#include <catch2/catch.hpp>

#include "python_eval.h"
#include "space/module_space.h"
#include "temp_dir.h"

using pyspace::space::ModuleSpace;
using pyspace::testing::root_eval;
using pyspace::testing::root_exec;
using pyspace::testing::TempDir;

TEST_CASE("a torn-down space's modules are collected", "[space][teardown]") {
  TempDir dir;
  dir.write("gone/__init__.py", "class Big:\n    pass\nINSTANCES = [Big() for _ in range(10)]\n");
  dir.write("gone/sub.py", "from gone import Big\nSELF = None\n");
  root_exec("import weakref, builtins\nbuiltins._pyspace_refs = []");
  {
    ModuleSpace space;
    pyspace::testing::prepend_path(space.handle(), dir.str());
    space.exec("import gone.sub, weakref, builtins\n");
    // Weak references taken from inside the space, stored where teardown cannot see them.

    space.handle().attr("namespace").call_method("clear");
    auto refs = root_eval("__import__('builtins')._pyspace_refs");
    for (const char* name : {"gone", "gone.sub"})
      refs.call_method("append", {root_eval("__import__('weakref').ref")({space.handle().attr("modules").item(name)})});
    auto report = space.close(true);
    CHECK(report.leaks.empty());
  }
  root_exec("import gc\ngc.collect()");
  CHECK(root_eval("[r() for r in __import__('builtins')._pyspace_refs] == [None, None]").truthy());
  root_exec("del __import__('builtins')._pyspace_refs");
}

TEST_CASE("a module kept alive after teardown is reported with its holder", "[space][teardown]") {
  TempDir dir;
  dir.write("clingy.py", "X = 1\n");
  root_exec("import builtins\nbuiltins._pyspace_registry = {}");
  ModuleSpace space;
  pyspace::testing::prepend_path(space.handle(), dir.str());
  auto module = space.import_("clingy");
  root_eval("__import__('builtins')._pyspace_registry").call_method("__setitem__", {std::string("m"), module});
  module = pyspace::python::Object();
  auto report = space.close(true);
  REQUIRE(report.leaks.size() == 1);
  INFO(report.leaks[0]);
  CHECK(report.leaks[0] == "module 'clingy' is still alive after teardown, held by an attribute of module 'builtins'");
  root_exec("del __import__('builtins')._pyspace_registry");
}

TEST_CASE("a module kept alive by an atexit registration is reported as such", "[space][teardown]") {
  TempDir dir;
  dir.write("registered.py", "import atexit\natexit.register(lambda module=__import__('sys').modules[__name__]: None)\n");
  ModuleSpace space;
  pyspace::testing::prepend_path(space.handle(), dir.str());
  space.import_("registered");
  auto report = space.close(true);
  REQUIRE(report.leaks.size() == 1);
  INFO(report.leaks[0]);
  CHECK(report.leaks[0].find("module 'registered' is still alive after teardown, held by") == 0);
  CHECK(report.leaks[0].find("an atexit registration") != std::string::npos);
}

TEST_CASE("a logger the space created is dropped with its handlers, freeing the space's module", "[space][teardown]") {
  TempDir dir;
  dir.write("handled.py",
            "import logging, sys\nclass Keep(logging.Handler):\n    def __init__(self):\n"
            "        super().__init__()\n        self.module = sys.modules[__name__]\n"
            "logging.getLogger('pyspace.leak.test').addHandler(Keep())\n");
  pyspace::testing::root_exec("import logging");
  ModuleSpace space;
  pyspace::testing::prepend_path(space.handle(), dir.str());
  space.import_("handled");
  // The process-state guard removes the logger the space created (also from the placeholder of
  // an older parent name), so nothing holds the handler and its module any more.
  auto report = space.close(true);
  for (const auto& leak : report.leaks) INFO(leak);
  CHECK(report.leaks.empty());  // the guard dropped the new logger, so nothing holds the module
}
