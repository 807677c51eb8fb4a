// The interpreter looks normal inside a space: C code, pickle, asyncio, mock, typing, dataclasses.
#include <catch2/catch.hpp>

#include "python_eval.h"
#include "space/module_space.h"
#include "temp_dir.h"

#include <fstream>
#include <iterator>

using pyspace::space::ModuleSpace;
using pyspace::testing::TempDir;

namespace {
// Runs `source` in a fresh space whose path starts with `dir`; returns the value of `result`.
pyspace::python::Object run_in_space(const TempDir& dir, const std::string& source) {
  ModuleSpace space;
  auto path = space.path();
  path.insert(path.begin(), dir.str());
  space.set_path(path);
  space.exec(source);
  return space.eval("result");
}
}  // namespace

TEST_CASE("pickle round trip of a class defined in the space", "[space][stdlib]") {
  TempDir dir;
  dir.write("shapes.py", "class Point:\n    def __init__(self, x):\n        self.x = x\n");
  auto result = run_in_space(dir,
      "import pickle, shapes\nresult = pickle.loads(pickle.dumps(shapes.Point(7))).x");
  CHECK(result.as_int() == 7);
}

TEST_CASE("asyncio.run works in a space", "[space][stdlib]") {
  TempDir dir;
  dir.write("coro.py", "import asyncio\nasync def double(x):\n    await asyncio.sleep(0)\n    return 2 * x\n");
  auto result = run_in_space(dir, "import asyncio, coro\nresult = asyncio.run(coro.double(21))");
  CHECK(result.as_int() == 42);
}

TEST_CASE("mock.patch with a dotted path into project code", "[space][stdlib]") {
  TempDir dir;
  dir.write("pkg/__init__.py", "");
  dir.write("pkg/mod.py", "def attr():\n    return 'real'\ndef call():\n    return attr()\n");
  auto result = run_in_space(dir,
      "from unittest import mock\nimport pkg.mod\n"
      "with mock.patch('pkg.mod.attr', return_value='patched'):\n    result = pkg.mod.call()\n");
  CHECK(result.as_string() == "patched");
}

TEST_CASE("dataclasses with from __future__ import annotations", "[space][stdlib]") {
  TempDir dir;
  dir.write("records.py",
            "from __future__ import annotations\nimport dataclasses\n"
            "@dataclasses.dataclass\nclass Rec:\n    a: int\n    b: list[Rec] = dataclasses.field(default_factory=list)\n");
  auto result = run_in_space(dir,
      "import dataclasses, records\nresult = [f.name for f in dataclasses.fields(records.Rec(1))]");
  CHECK(result.as_string_list() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("typing.get_type_hints resolves names of space modules", "[space][stdlib]") {
  TempDir dir;
  dir.write("hints.py", "from __future__ import annotations\nclass Node:\n    next: Node | None\n");
  auto result = run_in_space(dir,
      "import typing, hints\nresult = repr(typing.get_type_hints(hints.Node)['next'])");
  CHECK(result.as_string().find("hints.Node") != std::string::npos);
}

TEST_CASE("inspect.getmodule finds the space's module", "[space][stdlib]") {
  TempDir dir;
  dir.write("where.py", "def f():\n    pass\n");
  auto result = run_in_space(dir, "import inspect, where\nresult = inspect.getmodule(where.f) is where");
  CHECK(result.truthy());
}

TEST_CASE("importlib.import_module and reload", "[space][stdlib]") {
  TempDir dir;
  dir.write("counter.py", "import builtins\nbuiltins_seen = True\nLOADS = globals().get('LOADS', 0) + 1\n");
  auto result = run_in_space(dir,
      "import importlib\nm = importlib.import_module('counter')\nm2 = importlib.reload(m)\n"
      "result = (m2 is m, m.LOADS)");
  CHECK(result.repr() == "(True, 2)");
}

TEST_CASE("enum classes defined in the space", "[space][stdlib]") {
  TempDir dir;
  dir.write("colors.py", "import enum\nclass Color(enum.Enum):\n    RED = 1\n    BLUE = 2\n");
  auto result = run_in_space(dir,
      "import colors, pickle\nresult = (colors.Color(2).name, pickle.loads(pickle.dumps(colors.Color.RED)) is colors.Color.RED)");
  CHECK(result.repr() == "('BLUE', True)");
}

TEST_CASE("run_path runs a file as __main__ with its argv and directory on the path", "[space]") {
  TempDir dir;
  dir.write("helper_mod.py", "X = 5\n");
  auto out = dir.path() / "out.txt";
  auto script = dir.write("script.py",
      "import sys, helper_mod\n"
      "open(sys.argv[1], 'w').write(repr((__name__, sys.argv[2:], helper_mod.X)))\n");
  ModuleSpace space;
  space.handle().call_method("run_path", {script.string(), std::vector<std::string>{out.string(), "--flag"}});
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "('__main__', ['--flag'], 5)");
}
