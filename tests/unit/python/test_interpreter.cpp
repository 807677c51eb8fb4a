#include <catch2/catch.hpp>

#include "python/error.h"
#include "python/interpreter.h"
#include "python/object.h"
#include "python_eval.h"

using pyspace::python::PythonError;
using pyspace::testing::root_eval;

TEST_CASE("the interpreter ignores PYTHON* variables and the user site", "[python]") {
  CHECK(root_eval("sys.flags.ignore_environment").as_int() == 1);
  CHECK(root_eval("sys.flags.no_user_site").as_int() == 1);
}

// The unit tests run outside any venv (tests/CMakeLists.txt unsets VIRTUAL_ENV for them).
TEST_CASE("the interpreter is the Python built against, with its own sys.path", "[python]") {
  CHECK(root_eval("sys.executable").as_string() == PYSPACE_TEST_PYTHON_EXECUTABLE);
  CHECK(root_eval("sys.prefix").as_string() == PYSPACE_TEST_PYTHON_PREFIX);
  CHECK(root_eval("sys.base_prefix == sys.prefix").truthy());
  CHECK(root_eval("'%d.%d' % sys.version_info[:2]").as_string() == PYSPACE_TEST_PYTHON_VERSION);
  CHECK(root_eval("any(p.endswith(('site-packages', 'dist-packages')) for p in sys.path)").truthy());
  CHECK(root_eval("any(p.endswith('lib-dynload') for p in sys.path)").truthy());
  CHECK(root_eval("all(p.startswith(sys.base_prefix) for p in sys.path if p)").truthy());
}

TEST_CASE("a Python exception becomes a PythonError with type, message and traceback", "[python]") {
  try {
    root_eval("int('x')");
    FAIL("no exception");
  } catch (const PythonError& e) {
    CHECK(e.type() == "ValueError");
    CHECK(e.message().find("invalid literal") != std::string::npos);
    CHECK(e.traceback().find("Traceback") != std::string::npos);
  }
  // The error indicator was cleared: the interpreter keeps working.
  CHECK(root_eval("1 + 1").as_int() == 2);
}

TEST_CASE("Object converts values both ways", "[python]") {
  auto list = root_eval("['a', 'b\\u00e9']").as_string_list();
  REQUIRE(list.size() == 2);
  CHECK(list[1] == "b\xc3\xa9");
  auto join = root_eval("lambda *a, sep='': sep.join(map(str, a))");
  CHECK(join({std::string("x"), 2LL, true}, {{"sep", std::string("-")}}).as_string() == "x-2-True");
  CHECK(root_eval("None").is_none());
  CHECK(root_eval("2.5").as_float() == 2.5);
}

TEST_CASE("the embedded modules are importable", "[python]") {
  CHECK(pyspace::python::import_module("pyspace").has_attr("ModuleSpace"));
  CHECK(pyspace::python::import_module("_pyspace.space.space").has_attr("ModuleSpace"));
  CHECK(pyspace::python::python_version().rfind(PYSPACE_TEST_PYTHON_VERSION, 0) == 0);
}

TEST_CASE("every Python text becomes UTF-8, lone surrogates included", "[python]") {
  CHECK(root_eval("'a\\ud83db'").as_string() == "a\\ud83db");          // as pytest prints it
  CHECK(root_eval("'x\\udcff'").as_string() == std::string("x\xff"));  // surrogateescape: the byte
  CHECK(root_eval("'\\u00e9\\ud800\\U0001F600'").as_string() == "\xc3\xa9\\ud800\xf0\x9f\x98\x80");
  CHECK(root_eval("['\\udfff']").as_string_list() == std::vector<std::string>{"\\udfff"});
  CHECK(root_eval("ValueError('v\\ud83d')").str() == "v\\ud83d");
  try {
    root_eval("(_ for _ in ()).throw(ValueError('bad \\ud83d'))");
    FAIL("no exception");
  } catch (const pyspace::python::PythonError& error) {
    CHECK(error.message() == "bad \\ud83d");
    CHECK(error.traceback().find("ValueError: bad \\ud83d") != std::string::npos);
  }
}
