#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/commands.h"
#include "core/errors.h"
#include "python/interpreter.h"
#include "space/script.h"

namespace pyspace::app {
namespace {

std::pair<std::string, std::string> parse_fake(const std::string& spec) {
  auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    throw core::UsageError(fmt::format("--fake expects NAME=PATH, got '{}'", spec));
  return {spec.substr(0, eq), spec.substr(eq + 1)};
}

}  // namespace

Command add_exec_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("exec", "Run SCRIPT as __main__ in a fresh module space");
  auto fakes = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--fake", *fakes, "Inject PATH (a .py file) as module NAME in the space")
      ->type_name("NAME=PATH")
      ->allow_extra_args(false)
      ->take_all();
  cmd->prefix_command();  // SCRIPT and everything after it belong to the script
  cmd->footer("Usage: pyspace-test exec [--fake NAME=PATH]... SCRIPT [ARGS...]\n"
              "Exit status: the script's sys.exit code; 1 after an uncaught exception.");
  return [cmd, fakes]() {
    std::vector<std::string> rest = cmd->remaining();
    if (rest.empty()) throw core::UsageError("exec: missing SCRIPT");
    space::ScriptOptions options;
    options.script = rest.front();
    options.args.assign(rest.begin() + 1, rest.end());
    for (const auto& spec : *fakes) options.fakes.push_back(parse_fake(spec));
    python::Interpreter interpreter(kInterpreterOptions);
    return space::run_script(options);
  };
}

}  // namespace pyspace::app
