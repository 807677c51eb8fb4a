// pytest's command line as argparse reads it (config/command_line.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/command_line.h"
#include "core/errors.h"

using pyspace::config::CommandLine;
using pyspace::config::parse_command_line;
using pyspace::config::run_option_table;

namespace {
CommandLine parse(std::vector<std::string> args) { return parse_command_line(args, run_option_table()); }

std::string error_of(std::vector<std::string> args) {
  try {
    parse(std::move(args));
  } catch (const pyspace::core::UsageError& error) {
    return error.what();
  }
  return "";
}
}  // namespace

TEST_CASE("command line: bundled short flags, values attached or apart", "[config][cli]") {
  const CommandLine line = parse({"-vvx", "-kfoo", "tests", "-m", "not slow", "-q"});
  CHECK(line.count("verbose") == 1);  // -v -v -q
  CHECK(line.flag("exitfirst"));
  CHECK(line.last("keyword") == "foo");
  CHECK(line.last("markexpr") == "not slow");
  CHECK(line.positional == std::vector<std::string>{"tests"});
}

TEST_CASE("command line: long options with = or apart, appends keep order, last store wins", "[config][cli]") {
  const CommandLine line = parse({"--maxfail=2", "--maxfail", "3", "--deselect=a", "--deselect", "b",
                                  "-p", "no:cacheprovider", "-pno:warnings"});
  CHECK(line.count("maxfail") == 3);
  CHECK(line.all("deselect") == std::vector<std::string>{"a", "b"});
  CHECK(line.all("plugins") == std::vector<std::string>{"no:cacheprovider", "no:warnings"});
}

TEST_CASE("command line: -s and --capture share one dest, the last given wins", "[config][cli]") {
  CHECK(parse({"-s"}).last("capture") == "no");
  CHECK(parse({"-s", "--capture=fd"}).last("capture") == "fd");
}

TEST_CASE("command line: -- ends the options", "[config][cli]") {
  const CommandLine line = parse({"-q", "--", "-x", "--frob"});
  CHECK(line.positional == std::vector<std::string>{"-x", "--frob"});
  CHECK_FALSE(line.flag("exitfirst"));
}

TEST_CASE("command line: a value with a space is a value even when it starts with '-'", "[config][cli]") {
  CHECK(parse({"-k", "-z or y"}).last("keyword") == "-z or y");
  CHECK(parse({"-k", "--z or y"}).last("keyword") == "--z or y");
}

TEST_CASE("command line: a known option with its value is an option, spaces or not", "[config][cli]") {
  // argparse's _parse_optional looks for "--name=" and "-x" before it looks for a space.
  const CommandLine line = parse({"--log-format=%(name)s %(message)s", "-kfoo or bar", "tests"});
  CHECK(line.last("log_format") == "%(name)s %(message)s");
  CHECK(line.last("keyword") == "foo or bar");
  CHECK(line.positional == std::vector<std::string>{"tests"});
  CHECK(error_of({"-k", "-x or y"}) == "argument -k: expected one argument");  // -x is an option
  CHECK(error_of({"-k", "--log-level=a b"}) == "argument -k: expected one argument");
}

TEST_CASE("command line: pytest's error wording", "[config][cli]") {
  CHECK(error_of({"--frob", "-Z"}) == "unrecognized arguments: --frob -Z");
  CHECK(error_of({"--maxfail"}) == "argument --maxfail: expected one argument");
  CHECK(error_of({"--maxfail", "-x"}) == "argument --maxfail: expected one argument");
  CHECK(error_of({"--maxfail=x"}) == "argument --maxfail: invalid int value: 'x'");
  CHECK(error_of({"--junitxml"}) == "argument --junitxml/--junit-xml: expected one argument");
  CHECK(error_of({"--tb=x"}).starts_with("argument --tb: invalid choice: 'x' (choose from 'auto', 'long'"));
  CHECK(error_of({"-x=1"}) == "argument -x/--exitfirst: ignored explicit argument '1'");
  CHECK(error_of({"--exitfirst=1"}) == "argument -x/--exitfirst: ignored explicit argument '1'");
  CHECK(parse({"-k=foo"}).last("keyword") == "foo");
}

TEST_CASE("command line: an option pytest has and pyspace-test not yet is named as such", "[config][cli]") {
  CHECK(error_of({"--pdb"}) == "pyspace-test does not support --pdb yet");
  CHECK(error_of({"--trace"}) == "pyspace-test does not support --trace yet");
}
