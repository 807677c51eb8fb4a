#include "app/engine.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "app/commands.h"
#include "app/run_setup.h"
#include "config/command_line.h"
#include "config/config_keys.h"
#include "config/paths.h"
#include "core/errors.h"
#include "python/interpreter.h"
#include "run/python_bridge.h"

namespace pyspace::app {
namespace fs = std::filesystem;

namespace {

// Why the process this one replaced handed the run over (hand_over()); never seen by tests.
constexpr const char* kHandedOverVariable = "PYSPACE_TEST_HANDED_OVER";

// `--name value` / `--name=value` at args[i]: the value (i moved past it), or nullopt.
std::optional<std::string> option_value(const std::vector<std::string>& args, std::size_t& i, std::string_view name) {
  const std::string& word = args[i];
  if (word == name) {
    if (i + 1 >= args.size()) throw core::UsageError(fmt::format("argument {}: expected one argument", name));
    return args[++i];
  }
  if (word.size() > name.size() && word.compare(0, name.size(), name) == 0 && word[name.size()] == '=')
    return word.substr(name.size() + 1);
  return std::nullopt;
}

[[noreturn]] void hand_over(std::string_view command, const std::vector<std::string>& args,
                            const std::string& reason) {
  std::cout.flush();
  std::cerr.flush();
  std::vector<std::string> words = {"pyspace-test", std::string(command), "--engine", "pytest"};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  ::setenv(kHandedOverVariable, reason.c_str(), 1);
  ::execv("/proc/self/exe", argv.data());
  throw core::Error(core::ExitCode::InternalError,
                    fmt::format("cannot start pytest's engine for this run ({}): {}", reason, std::strerror(errno)));
}

// pyspace-test's options among a pytest command line, and the rest.
struct SplitArgs {
  std::vector<std::string> pytest;  // for pytest.main()
  std::vector<std::string> fakes;
  std::string pyspace_config;
};

SplitArgs split_args(const std::vector<std::string>& args) {
  SplitArgs split;
  bool ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!ended && args[i] == "--") ended = true;
    if (ended) {
      split.pytest.push_back(args[i]);
      continue;
    }
    if (auto fake = option_value(args, i, "--fake")) {
      split.fakes.push_back(*fake);
    } else if (auto file = option_value(args, i, "--pyspace-config")) {
      split.pyspace_config = *file;
    } else if (args[i] == "--no-supervise") {
      // pytest's engine runs in this process.
    } else if (option_value(args, i, "--isolate")) {
      // One space for the whole run: pytest's session is one.
    } else if (option_value(args, i, "--json-events")) {
      throw core::UsageError("--json-events: pytest's engine writes no JSON events yet (this run needs it: "
                             "--junitxml works with both engines)");
    } else {
      split.pytest.push_back(args[i]);
    }
  }
  return split;
}

// The configuration pytest will find for these arguments, for what pyspace-test adds to the
// space (python_path, shared modules, fakes): as pytest locates its rootdir, from the
// arguments that exist as paths, -c, --rootdir and -o.
config::Config locate_config(const std::vector<std::string>& args, const std::string& pyspace_config,
                             const fs::path& cwd) {
  std::vector<fs::path> paths;
  std::optional<fs::path> ini;
  std::optional<std::string> rootdir;
  std::vector<std::string> overrides;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") continue;
    if (auto file = option_value(args, i, "-c")) ini = *file;
    else if (auto dir = option_value(args, i, "--rootdir")) rootdir = *dir;
    else if (auto short_value = option_value(args, i, "-o")) overrides.push_back(*short_value);
    else if (auto long_value = option_value(args, i, "--override-ini")) overrides.push_back(*long_value);
    else if (!args[i].empty() && args[i][0] != '-') {
      fs::path path = args[i].substr(0, args[i].find("::"));
      std::error_code error;
      if (fs::exists(cwd / path, error)) paths.push_back(path);
    }
  }
  std::optional<fs::path> own;
  if (!pyspace_config.empty()) own = pyspace_config;
  return config::load_config_for(paths, ini, cwd, rootdir, overrides, own);
}

// "unrecognized arguments: --cov --frob" -> "--cov --frob".
std::string unrecognized_words(const std::string& message) {
  constexpr std::string_view prefix = "unrecognized arguments: ";
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

}  // namespace

EngineChoice take_engine_flag(const std::vector<std::string>& args) {
  EngineChoice choice;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      choice.args.insert(choice.args.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    auto value = option_value(args, i, "--engine");
    if (!value) {
      choice.args.push_back(args[i]);
      continue;
    }
    if (*value == "auto") choice.engine = Engine::Auto;
    else if (*value == "native") choice.engine = Engine::Native;
    else if (*value == "pytest") choice.engine = Engine::Pytest;
    else
      throw core::UsageError(
          fmt::format("argument --engine: invalid choice: '{}' (choose from 'auto', 'native', 'pytest')", *value));
  }
  if (const char* note = std::getenv(kHandedOverVariable)) {
    choice.handed_over = note;
    ::unsetenv(kHandedOverVariable);
  }
  return choice;
}

int run_with_engine(std::string_view command, const EngineChoice& choice, const NativeCommand& native,
                    const EngineCommand& with_pytest) {
  if (choice.engine == Engine::Pytest) return with_pytest(choice.args, choice.handed_over);
  const bool may_hand_over = choice.engine == Engine::Auto;
  try {
    return native(choice.args, may_hand_over);
  } catch (const core::EngineNeeded& needed) {
    if (!may_hand_over || needed.after_output()) throw;
    hand_over(command, choice.args, needed.reason());
  } catch (const config::UnsupportedOption& error) {
    if (!may_hand_over) throw;
    hand_over(command, choice.args, fmt::format("{} (pytest has it, the native engine not yet)", error.what()));
  } catch (const config::UnrecognizedArguments& error) {
    if (!may_hand_over) throw;
    hand_over(command, choice.args,
              fmt::format("{} is not an option of the native engine (a plugin or a conftest.py may add it)",
                          unrecognized_words(error.what())));
  }
}

PytestEngineSetup prepare_pytest_engine(const std::vector<std::string>& args, const fs::path& cwd) {
  SplitArgs split = split_args(args);
  PytestEngineSetup setup{split.pytest, locate_config(split.pytest, split.pyspace_config, cwd), {}};
  config::Config& cfg = setup.cfg;
  for (const auto& spec : split.fakes) config::apply_cli_fake(cfg, spec, cwd);
  for (const auto& warning : cfg.warnings) std::cerr << "pyspace-test: warning: " << warning << '\n';
  run::RunOptions& options = setup.options;
  options.rootdir = cfg.rootdir;
  options.python_path = cfg.python_path;  // pytest's own `pythonpath` is pytest's to apply
  options.subprocess_python_path = cfg.python_path;
  options.environment_path = environment_path(cwd);
  options.shared = cfg.shared;
  options.local = cfg.local;
  options.local_origins = cfg.local_origins;
  options.fakes = cfg.fakes;
  for (const auto& arg : split.pytest) {  // what watch discovers its test files in
    if (arg.empty() || arg[0] == '-') continue;
    fs::path path = config::absolute_normal(cwd, arg.substr(0, arg.find("::")));
    std::error_code error;
    if (fs::exists(path, error)) options.paths.push_back(path);
  }
  if (options.paths.empty()) options.paths.push_back(cwd);
  return setup;
}

void say_handed_over(const std::string& handed_over) {
  if (!handed_over.empty()) std::cerr << "pyspace-test: pytest's engine runs this suite: " << handed_over << std::endl;
}

int run_pytest_engine(const std::vector<std::string>& args, const std::string& handed_over) {
  PytestEngineSetup setup = prepare_pytest_engine(args, fs::current_path());
  python::Interpreter interpreter(kInterpreterOptions);
  say_handed_over(handed_over);
  return run::run_with_pytest(setup.options, setup.pytest_args).exit_code;
}

}  // namespace pyspace::app
