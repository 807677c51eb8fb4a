// C extensions are loaded once, in the root, and shared by every space.
#include <catch2/catch.hpp>

#include "python_eval.h"
#include "space/module_space.h"
#include "temp_dir.h"

using pyspace::space::ModuleSpace;
using pyspace::testing::root_eval;

TEST_CASE("numpy imported first inside a space is shared by the next space", "[space][extensions]") {
  // Catch2 v2 has no SKIP: without numpy (a pyenv Python of the matrix) the test says so and ends.
  if (!root_eval("__import__('importlib.util').util.find_spec('numpy') is not None").truthy()) {
    WARN("skipped: numpy is not installed for the embedded Python");
    return;
  }
  if (root_eval("'numpy' in sys.modules").truthy()) WARN("numpy was already in the root");
  const std::string use = "import warnings, numpy\nwarnings.simplefilter('error')\n"
                          "result = int(numpy.arange(5).sum())\nmod_id = id(numpy)\n";
  ModuleSpace a;
  a.exec(use);
  CHECK(a.eval("result").as_int() == 10);
  ModuleSpace b;
  b.exec("import warnings\nwith warnings.catch_warnings(record=True) as caught:\n"
         "    warnings.simplefilter('always')\n" "    import numpy\n"
         "reload_warnings = [str(w.message) for w in caught if 'reloaded' in str(w.message)]\n" + use);
  CHECK(b.eval("reload_warnings").as_string_list().empty());
  CHECK(b.eval("mod_id").as_int() == a.eval("mod_id").as_int());
  CHECK(root_eval("'numpy' in sys.modules and 'numpy.core._multiarray_umath' in sys.modules").truthy());
}

TEST_CASE("a stdlib extension module is shared, its pure-Python wrapper is the space's", "[space][extensions]") {
  ModuleSpace a, b;
  a.exec("import decimal, _decimal\nd = decimal.Decimal('1.5')\n");
  b.exec("import decimal, _decimal\n");
  CHECK(a.eval("id(_decimal)").as_int() == b.eval("id(_decimal)").as_int());
  CHECK(a.eval("str(d + 1)").as_string() == "2.5");
}

TEST_CASE("a shared import keeps the submodule attributes it set on root packages", "[space][extensions]") {
  pyspace::testing::TempDir dir;
  dir.write("shared_tool/__init__.py", "import json.tool\n");
  pyspace::testing::root_exec("import json");
  REQUIRE_FALSE(root_eval("'json.tool' in sys.modules").truthy());
  ModuleSpace space;
  pyspace::testing::prepend_path(space.handle(), dir.str());
  space.add_shared("shared_tool");
  space.exec("import shared_tool\n");
  CHECK(root_eval("'json.tool' in sys.modules").truthy());
  CHECK(root_eval("__import__('json').tool.__name__").as_string() == "json.tool");
}
