// Which space a thread imports into: the activating thread and the threads it starts import into
// the space; a thread the root started imports the root's modules, into the root, even while a
// space is active (thread_owner.py, activation._root_thread_spec). And local modules: a space's
// own copy of a module the root has (add_local).
#include <catch2/catch.hpp>

#include "core/errors.h"
#include "python_eval.h"
#include "space/module_space.h"
#include "temp_dir.h"

using pyspace::space::ModuleSpace;
using pyspace::testing::TempDir;
using pyspace::testing::prepend_path;
using pyspace::testing::root_eval;
using pyspace::testing::root_exec;

namespace {
// Two `worker_mod`s: one on the root's sys.path, one first on the space's path.
struct TwoWorkerModules {
  TempDir root_dir;
  TempDir space_dir;
  TwoWorkerModules() {
    root_dir.write("worker_mod.py", "WHERE = 'root'\n");
    space_dir.write("worker_mod.py", "WHERE = 'space'\n");
    space_dir.write("space_only.py", "WHERE = 'space'\n");
    root_exec("import sys\nsys.path.append(" + quoted(root_dir.str()) + ")\n");
  }
  ~TwoWorkerModules() {
    root_exec("import sys\nsys.path.remove(" + quoted(root_dir.str()) + ")\n"
              "for name in ('worker_mod', 'space_only', '_thread_test_state'):\n"
              "    sys.modules.pop(name, None)\n");
  }
  static std::string quoted(const std::string& text) { return "r'" + text + "'"; }
};
}  // namespace

TEST_CASE("a thread the root started imports from the root while a space is active", "[space][threads]") {
  TwoWorkerModules dirs;
  // Started before the space exists: it waits, then imports while the space is active.
  root_exec(
      "import sys, threading, types\n"
      "state = types.ModuleType('_thread_test_state')\n"
      "sys.modules['_thread_test_state'] = state\n"
      "state.go, state.done, state.seen = threading.Event(), threading.Event(), []\n"
      "def work():\n"
      "    state.go.wait(10)\n"
      "    import worker_mod\n"
      "    state.seen.append(worker_mod.WHERE)\n"
      "    state.done.set()\n"
      "state.thread = threading.Thread(target=work)\n"
      "state.thread.start()\n");
  ModuleSpace space;
  prepend_path(space.handle(), dirs.space_dir.str());
  space.exec(
      "import sys\n"
      "state = sys.modules['_thread_test_state']\n"
      "state.go.set()\n"
      "finished = state.done.wait(10)\n"
      "import space_only\n"
      "mine = space_only.WHERE\n");
  CHECK(space.eval("finished").truthy());
  CHECK(space.eval("mine").as_string() == "space");
  root_exec("import sys\nsys.modules['_thread_test_state'].thread.join(10)\n");
  CHECK(root_eval("repr(sys.modules['_thread_test_state'].seen)").as_string() == "['root']");
  // The root thread's import is the root's and stays in the root; the space's stays the space's.
  CHECK(root_eval("sys.modules['worker_mod'].WHERE").as_string() == "root");
  CHECK_FALSE(space.handle().attr("modules").call_method("__contains__", {std::string("worker_mod")}).truthy());
  CHECK(space.handle().attr("modules").call_method("__contains__", {std::string("space_only")}).truthy());
  CHECK_FALSE(root_eval("'space_only' in sys.modules").truthy());
}

TEST_CASE("a thread started inside a space imports into the space", "[space][threads]") {
  TwoWorkerModules dirs;
  ModuleSpace space;
  prepend_path(space.handle(), dirs.space_dir.str());
  space.exec(
      "import threading\n"
      "seen = {}\n"
      "def work():\n"
      "    import space_only, worker_mod\n"
      "    seen['where'] = (space_only.WHERE, worker_mod.WHERE)\n"
      "thread = threading.Thread(target=work)\n"
      "thread.start()\n"
      "thread.join(10)\n"
      "result = seen.get('where')\n");
  CHECK(space.eval("repr(result)").as_string() == "('space', 'space')");
  CHECK_FALSE(root_eval("'space_only' in sys.modules").truthy());
  CHECK_FALSE(root_eval("'worker_mod' in sys.modules").truthy());
  CHECK(space.eval("'space_only' in __import__('sys').modules").truthy());
}

TEST_CASE("a local module is the space's own copy and the root keeps its own", "[space][local]") {
  root_exec("import json\n");
  ModuleSpace space;
  space.add_local("json");
  space.exec(
      "import sys, json, json.decoder\n"
      "result = json.loads('[1, 2]') == [1, 2]\n");
  CHECK(space.eval("result").truthy());
  // The space's copy and the root's are different module objects; the root's submodules stay.
  auto root_json_id = root_eval("id(sys.modules['json'])").as_int();
  auto space_json_id = space.eval("id(sys.modules['json'])").as_int();
  CHECK(root_json_id != space_json_id);
  auto root_decoder_id = root_eval("id(sys.modules['json.decoder'])").as_int();
  auto space_decoder_id = space.eval("id(sys.modules['json.decoder'])").as_int();
  CHECK(root_decoder_id != space_decoder_id);
}

TEST_CASE("a name the interpreter needs one copy of cannot be local", "[space][local]") {
  ModuleSpace space;
  CHECK_THROWS_AS(space.add_local("sys"), pyspace::core::UsageError);
  CHECK_THROWS_AS(space.add_local("importlib.util"), pyspace::core::UsageError);
  CHECK_THROWS_AS(space.add_local("not a name"), pyspace::core::UsageError);
  space.add_shared("toolz");
  CHECK_THROWS_AS(space.add_local("toolz.curried"), pyspace::core::UsageError);
}
