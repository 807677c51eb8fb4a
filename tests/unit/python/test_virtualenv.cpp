#include <catch2/catch.hpp>

#include "core/errors.h"
#include "python/virtualenv.h"
#include "temp_dir.h"

using pyspace::python::check_virtualenv_version;
using pyspace::python::find_virtualenv;
using pyspace::python::read_virtualenv;
using pyspace::python::virtualenv_python;
using pyspace::testing::TempDir;

namespace {
const char* kVenvCfg = "home = /opt/py/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n";
}

TEST_CASE("pyvenv.cfg gives version and home (virtualenv spells it version_info)", "[python]") {
  TempDir dir;
  dir.write("a/pyvenv.cfg", kVenvCfg);
  auto venv = read_virtualenv(dir.path() / "a");
  REQUIRE(venv);
  CHECK(venv->version == "3.12.1");
  CHECK(venv->home == "/opt/py/bin");
  dir.write("b/pyvenv.cfg", "home=/usr/bin\nversion_info = 3.13.0.final.0\n");
  CHECK(read_virtualenv(dir.path() / "b")->version == "3.13.0.final.0");
  CHECK_FALSE(read_virtualenv(dir.path() / "none"));
}

TEST_CASE("the venv is found from the program's path first, then $VIRTUAL_ENV", "[python]") {
  TempDir dir;
  dir.write("own/pyvenv.cfg", kVenvCfg);
  dir.write("own/bin/pyspace-test", "");
  dir.write("activated/pyvenv.cfg", kVenvCfg);
  std::string activated = (dir.path() / "activated").string();
  auto own = find_virtualenv(dir.path() / "own" / "bin" / "pyspace-test", activated.c_str());
  REQUIRE(own);
  CHECK(own->prefix == dir.path() / "own");
  auto from_env = find_virtualenv(dir.path() / "elsewhere" / "bin" / "pyspace-test", activated.c_str());
  REQUIRE(from_env);
  CHECK(from_env->prefix == dir.path() / "activated");
  CHECK_FALSE(find_virtualenv(dir.path() / "elsewhere" / "bin" / "pyspace-test", nullptr));
  CHECK_FALSE(find_virtualenv(dir.path() / "elsewhere" / "bin" / "pyspace-test", ""));
  // $VIRTUAL_ENV naming a directory without pyvenv.cfg is no venv.
  std::string stale = (dir.path() / "elsewhere").string();
  CHECK_FALSE(find_virtualenv(dir.path() / "x" / "bin" / "pyspace-test", stale.c_str()));
}

TEST_CASE("a venv of another minor version is a usage error naming both versions", "[python]") {
  TempDir dir;
  dir.write("v/pyvenv.cfg", kVenvCfg);
  auto venv = read_virtualenv(dir.path() / "v");
  CHECK_NOTHROW(check_virtualenv_version(*venv, 3, 12, "3.12.0"));
  try {
    check_virtualenv_version(*venv, 3, 11, "3.11.2");
    FAIL("no error");
  } catch (const pyspace::core::UsageError& e) {
    std::string message = e.what();
    CHECK(message.find("Python 3.12.1") != std::string::npos);
    CHECK(message.find("embeds Python 3.11.2") != std::string::npos);
    CHECK(message.find("PYTHON=/opt/py/bin/python3.12") != std::string::npos);
    CHECK(e.code() == pyspace::core::ExitCode::UsageError);
  }
}

TEST_CASE("the venv's python is bin/python, else bin/python3", "[python]") {
  TempDir dir;
  dir.write("v/pyvenv.cfg", kVenvCfg);
  dir.write("v/bin/python3", "");
  auto venv = read_virtualenv(dir.path() / "v");
  CHECK(virtualenv_python(*venv) == dir.path() / "v" / "bin" / "python3");
  dir.write("v/bin/python", "");
  CHECK(virtualenv_python(*venv) == dir.path() / "v" / "bin" / "python");
}
