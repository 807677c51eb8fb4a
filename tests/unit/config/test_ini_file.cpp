// ini_file: INI syntax as iniconfig 1.1.1 (pytest 7.2's parser) reads it, with lines. The
// expected values and messages were checked against iniconfig.IniConfig on the same texts.
#include <catch2/catch.hpp>

#include "config/ini_file.h"
#include "core/errors.h"

using pyspace::config::IniFile;
using pyspace::config::parse_ini;
using Catch::Matchers::Message;

TEST_CASE("ini: sections, values, lines, comments", "[config][ini]") {
  const IniFile ini = parse_ini(
      "# top comment\n"
      "; another\n"
      "[pytest] # trailing\n"
      "addopts = -q\n"
      "markers:\n"
      "    slow: slow tests\n"
      "\n"
      "    net: network\n"
      "url = http://x:1/y # kept\n"
      "  ; not a comment? it is: first non-blank is ';'\n"
      "[tool:pytest]\n"
      "a: b = c\n",
      "tox.ini");
  REQUIRE(ini.sections.size() == 2);
  const auto* pytest = ini.find("pytest");
  REQUIRE(pytest != nullptr);
  CHECK(pytest->line == 3);
  REQUIRE(pytest->entries.size() == 3);
  CHECK(pytest->entries[0].name == "addopts");
  CHECK(pytest->entries[0].value == "-q");
  CHECK(pytest->entries[0].line == 4);
  CHECK(pytest->entries[1].name == "markers");
  CHECK(pytest->entries[1].value == "slow: slow tests\nnet: network");  // empty first replaced
  CHECK(pytest->entries[1].line == 5);
  CHECK(pytest->entries[2].value == "http://x:1/y # kept");
  const auto* tool = ini.find("tool:pytest");
  REQUIRE(tool != nullptr);
  REQUIRE(tool->entries.size() == 1);
  CHECK(tool->entries[0].name == "a");  // ':' before '=' : split at ':'
  CHECK(tool->entries[0].value == "b = c");
  CHECK(ini.find("missing") == nullptr);
}

TEST_CASE("ini: a header must start in column 0 and an indented one continues a value",
          "[config][ini]") {
  const IniFile ini = parse_ini("[a]\nk = v\n [b]\n[c\n", "x.ini");
  REQUIRE(ini.sections.size() == 1);
  CHECK(ini.sections[0].entries[0].value == "v\n[b]\n[c");
  CHECK(parse_ini("[tool:pytest]\r\nx = 1\r\n", "setup.cfg").find("tool:pytest")->entries[0].value ==
        "1");
}

TEST_CASE("ini: iniconfig's errors as file:line: message", "[config][ini]") {
  using pyspace::core::ConfigError;
  CHECK_THROWS_MATCHES(parse_ini("[pytest]\njunk\n", "pytest.ini"), ConfigError,
                       Message("pytest.ini:2: unexpected line: 'junk'"));
  CHECK_THROWS_MATCHES(parse_ini("  indented\n", "pytest.ini"), ConfigError,
                       Message("pytest.ini:1: unexpected value continuation"));
  CHECK_THROWS_MATCHES(parse_ini("[a]\n  more\n", "pytest.ini"), ConfigError,
                       Message("pytest.ini:2: unexpected value continuation"));
  CHECK_THROWS_MATCHES(parse_ini("[]\n", "tox.ini"), ConfigError,
                       Message("tox.ini:1: empty section name"));
  CHECK_THROWS_MATCHES(parse_ini("k = v\n[a]\n", "tox.ini"), ConfigError,
                       Message("tox.ini:1: no section header defined"));
  CHECK_THROWS_MATCHES(parse_ini("[a]\n[b]\n[a]\n", "setup.cfg"), ConfigError,
                       Message("setup.cfg:3: duplicate section 'a'"));
  CHECK_THROWS_MATCHES(parse_ini("[a]\nk = 1\nk = 2\n", "setup.cfg"), ConfigError,
                       Message("setup.cfg:3: duplicate name 'k'"));
  // Syntax errors come first, in line order; then the section checks.
  CHECK_THROWS_MATCHES(parse_ini("k = v\n[a]\nbad\n", "tox.ini"), ConfigError,
                       Message("tox.ini:3: unexpected line: 'bad'"));
  CHECK_THROWS_MATCHES(parse_ini("[a]\nit's\n", "tox.ini"), ConfigError,
                       Message("tox.ini:2: unexpected line: \"it's\""));
}
