#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.h"
#include "config/config_keys.h"
#include "core/errors.h"
#include "python/interpreter.h"
#include "space/script.h"

namespace pyspace::app {

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
    // The parser `run` uses: the same checks, the same messages, exit 4.
    const auto cwd = std::filesystem::current_path();
    for (const auto& spec : *fakes) {
      auto fake = config::parse_cli_fake(spec, cwd);
      options.fakes.emplace_back(fake.module, *fake.path);
    }
    python::Interpreter interpreter(kInterpreterOptions);
    return space::run_script(options);
  };
}

}  // namespace pyspace::app
