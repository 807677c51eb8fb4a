// Process-global state changed inside a space is restored at deactivation, and reported.
#include <catch2/catch.hpp>

#include <algorithm>

#include "python_eval.h"
#include "space/module_space.h"
#include "temp_dir.h"

using pyspace::space::ModuleSpace;
using pyspace::testing::root_eval;
using pyspace::testing::root_exec;
using pyspace::testing::TempDir;

namespace {
// Runs `source` in a fresh space; returns the changes the space reported.
std::vector<std::string> changes_after(const std::string& source) {
  ModuleSpace space;
  space.exec(source);
  return space.close().changes;
}

bool mentions(const std::vector<std::string>& changes, const std::string& text) {
  return std::any_of(changes.begin(), changes.end(),
                     [&](const std::string& c) { return c.find(text) != std::string::npos; });
}
}  // namespace

TEST_CASE("os.environ is restored and reported", "[space][state]") {
  root_exec("import os\nos.environ['PYSPACE_KEEP'] = 'yes'\nos.environ.pop('PYSPACE_NEW', None)");
  auto changes = changes_after(
      "import os\nos.environ['PYSPACE_NEW'] = '1'\ndel os.environ['PYSPACE_KEEP']");
  CHECK(root_eval("__import__('os').environ.get('PYSPACE_NEW')").is_none());
  CHECK(root_eval("__import__('os').environ.get('PYSPACE_KEEP')").as_string() == "yes");
  CHECK(root_eval("__import__('os').getenv('PYSPACE_KEEP')").as_string() == "yes");
  CHECK(mentions(changes, "os.environ was modified (PYSPACE_KEEP, PYSPACE_NEW)"));
}

TEST_CASE("the working directory is restored and reported", "[space][state]") {
  auto before = root_eval("__import__('os').getcwd()").as_string();
  auto changes = changes_after("import os\nos.chdir('/')");
  CHECK(root_eval("__import__('os').getcwd()").as_string() == before);
  CHECK(mentions(changes, "working directory was changed"));
}

TEST_CASE("sys.argv and sys.path are the space's while active, the root's after", "[space][state]") {
  auto root_path = root_eval("list(sys.path)").repr();
  auto root_argv = root_eval("list(sys.argv)").repr();
  ModuleSpace space;
  space.set_argv({"prog", "--x"});
  space.set_path({"/nowhere"});
  space.exec("import sys\nseen = (list(sys.argv), list(sys.path))\nsys.path.append('/more')\nsys.argv = ['other']");
  CHECK(space.eval("seen").repr() == "(['prog', '--x'], ['/nowhere'])");
  CHECK(root_eval("list(sys.path)").repr() == root_path);
  CHECK(root_eval("list(sys.argv)").repr() == root_argv);
}

TEST_CASE("sys.meta_path and sys.path_hooks are restored", "[space][state]") {
  auto meta = root_eval("[id(f) for f in sys.meta_path]").repr();
  auto hooks = root_eval("[id(h) for h in sys.path_hooks]").repr();
  changes_after("import sys\nsys.meta_path.insert(0, object())\nsys.path_hooks.append(len)\nsys.meta_path = []");
  CHECK(root_eval("[id(f) for f in sys.meta_path]").repr() == meta);
  CHECK(root_eval("[id(h) for h in sys.path_hooks]").repr() == hooks);
}

TEST_CASE("replaced stdio streams are restored and reported", "[space][state]") {
  auto out = root_eval("id(sys.stdout)").as_int();
  auto err = root_eval("id(sys.stderr)").as_int();
  auto changes = changes_after("import sys, io\nsys.stdout = io.StringIO()\nsys.stderr = io.StringIO()");
  CHECK(root_eval("id(sys.stdout)").as_int() == out);
  CHECK(root_eval("id(sys.stderr)").as_int() == err);
  CHECK(mentions(changes, "sys.stdout was replaced"));
  CHECK(mentions(changes, "sys.stderr was replaced"));
}

TEST_CASE("warnings filters are restored and reported", "[space][state]") {
  root_exec("import warnings");
  auto before = root_eval("len(__import__('warnings').filters)").as_int();
  auto changes = changes_after("import warnings\nwarnings.simplefilter('error')\nwarnings.filterwarnings('ignore', 'x')");
  CHECK(root_eval("len(__import__('warnings').filters)").as_int() == before);
  CHECK(mentions(changes, "warnings.filters was modified"));
}

TEST_CASE("logging handlers, levels and new loggers are restored and reported", "[space][state]") {
  root_exec("import logging\nlogging.getLogger('pyspace.keep').setLevel(logging.INFO)");
  auto changes = changes_after(
      "import logging\nlogging.basicConfig(level=logging.DEBUG)\n"
      "logging.getLogger('pyspace.keep').setLevel(logging.ERROR)\n"
      "logging.getLogger('pyspace.new').addHandler(logging.NullHandler())");
  CHECK(root_eval("__import__('logging').root.handlers == []").truthy());
  CHECK(root_eval("__import__('logging').root.level").as_int() == 30);
  CHECK(root_eval("__import__('logging').getLogger('pyspace.keep').level").as_int() == 20);
  CHECK_FALSE(root_eval("'pyspace.new' in __import__('logging').Logger.manager.loggerDict").truthy());
  CHECK(mentions(changes, "logging configuration was modified"));
}

TEST_CASE("builtins are restored and reported", "[space][state]") {
  auto changes = changes_after("import builtins\nbuiltins.pyspace_extra = 1\nbuiltins.len = lambda x: 0");
  CHECK_FALSE(root_eval("hasattr(__import__('builtins'), 'pyspace_extra')").truthy());
  CHECK(root_eval("len([1, 2])").as_int() == 2);
  CHECK(mentions(changes, "builtins.pyspace_extra was added"));
  CHECK(mentions(changes, "builtins.len was modified"));
}

TEST_CASE("writes to shared modules' attributes are rolled back and reported", "[space][state]") {
  root_exec("import json");
  auto changes = changes_after("import json\njson.dumps = lambda *a, **k: 'patched'");
  CHECK(root_eval("__import__('json').dumps([1])").as_string() == "[1]");
  CHECK(mentions(changes, "json.dumps was replaced"));
}

TEST_CASE("parent packages lose the submodule attributes a space set", "[space][state]") {
  // A project package the root imported itself (not a root package by the placement rule):
  // its submodule imported in a space is the space's, and so is the attribute on the parent.
  TempDir dir;
  dir.write("rootproj/__init__.py", "");
  dir.write("rootproj/sub.py", "NAME = 'sub'\n");
  root_exec("import sys\nsys.path.insert(0, '" + dir.str() + "')\nimport rootproj\nsys.path.pop(0)");
  CHECK_FALSE(root_eval("hasattr(sys.modules['rootproj'], 'sub')").truthy());
  ModuleSpace space;
  pyspace::testing::prepend_path(space.handle(), dir.str());
  space.exec("import rootproj.sub\nok = rootproj.sub.NAME == 'sub'");
  CHECK(space.eval("ok").truthy());
  CHECK_FALSE(root_eval("hasattr(sys.modules['rootproj'], 'sub')").truthy());
  CHECK_FALSE(root_eval("'rootproj.sub' in sys.modules").truthy());
  CHECK(space.eval("__import__('rootproj').sub.__name__").as_string() == "rootproj.sub");
}

TEST_CASE("the trace function is restored", "[space][state]") {
  auto changes = changes_after("import sys\nsys.settrace(lambda *a: None)");
  CHECK(root_eval("sys.gettrace() is None").truthy());
  CHECK(mentions(changes, "sys.settrace() was changed"));
}

TEST_CASE("threads left running by a space are reported", "[space][state]") {
  auto changes = changes_after(
      "import threading\nev = threading.Event()\n"
      "t = threading.Thread(target=ev.wait, name='pyspace-dangling', daemon=True)\nt.start()\n"
      "import builtins\n");
  CHECK(mentions(changes, "threads still running: pyspace-dangling"));
  root_exec("import threading\nfor t in threading.enumerate():\n    pass");
}

TEST_CASE("signal handlers set in a space are restored and reported", "[space][state]") {
  root_exec("import signal");
  auto before = root_eval("id(__import__('signal').getsignal(__import__('signal').SIGUSR1))").as_int();
  auto changes = changes_after(
      "import signal, _signal\nsignal.signal(signal.SIGUSR1, lambda *a: None)\n"
      "_signal.signal(int(signal.SIGUSR2), lambda *a: None)\n");
  CHECK(root_eval("id(__import__('signal').getsignal(__import__('signal').SIGUSR1))").as_int() == before);
  CHECK(root_eval("__import__('signal').getsignal(__import__('signal').SIGUSR2)"
                  " is __import__('signal').SIG_DFL").truthy());
  CHECK(mentions(changes, "signal handlers were changed (SIGUSR1, SIGUSR2)"));
  CHECK(changes_after("import signal\nsignal.getsignal(signal.SIGUSR1)").empty());
}
