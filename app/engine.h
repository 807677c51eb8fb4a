// `--engine auto|native|pytest`: which runner runs a suite (docs/engines.md).
//
// The native engine (lib/run, lib/collect, ...) is pyspace-test's own and fast; pytest's engine
// is the real `pytest.main()` inside a fresh module space over the warm root (run/python_bridge.h
// run_with_pytest). `auto` (the default) runs natively and, where the native engine meets what it
// cannot honour (core::EngineNeeded: a conftest hook, a plugin that would act, an option only
// pytest or a plugin has), hands the run to pytest's engine before anything was shown and says
// so in one line; `native` stops there with exit 4 naming it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "run/run_options.h"

namespace pyspace::app {

enum class Engine { Auto, Native, Pytest };

struct EngineChoice {
  Engine engine = Engine::Auto;
  std::vector<std::string> args;  // the command's words without --engine
  std::string handed_over;        // why an earlier process handed this run over ("" if it did not)
};

// Takes `--engine X` / `--engine=X` out of `args` (before any "--"). Throws core::UsageError for
// a value other than auto, native, pytest. Reads (and clears) the hand-over note of the process
// this one replaced.
EngineChoice take_engine_flag(const std::vector<std::string>& args);

// `command` ("run", "watch") on `choice.args`: `native` with the native engine, or pytest's
// engine (run_pytest_engine) when asked or when auto meets core::EngineNeeded, an option the
// native engine does not have (config::UnsupportedOption) or does not know
// (config::UnrecognizedArguments). The hand-over replaces the process (execv of this binary with
// `--engine pytest`), so pytest is imported into a root that never served the light pytest.
using EngineCommand = std::function<int(const std::vector<std::string>& args, const std::string& handed_over)>;
// `native` is told whether it may hand the run over (auto) or must report EngineNeeded itself.
using NativeCommand = std::function<int(const std::vector<std::string>& args, bool may_hand_over)>;
int run_with_engine(std::string_view command, const EngineChoice& choice, const NativeCommand& native,
                    const EngineCommand& with_pytest);

// What pytest's engine needs before the interpreter starts: pyspace-test's own options
// (--fake, --pyspace-config; --isolate has one meaning here, one space for the run) taken out
// of `args`, the rest for pytest.main() as given (pytest reads its own configuration, addopts
// and plugins), and the options of the space it runs in, from the configuration pytest will
// find (python_path, shared modules, fakes; paths and rootdir for watch).
struct PytestEngineSetup {
  std::vector<std::string> pytest_args;
  config::Config cfg;
  run::RunOptions options;
};
PytestEngineSetup prepare_pytest_engine(const std::vector<std::string>& args, const std::filesystem::path& cwd);

// Prints the hand-over note (when there is one) to stderr, once per process.
void say_handed_over(const std::string& handed_over);

// `run --engine pytest`: pytest's exit code.
int run_pytest_engine(const std::vector<std::string>& args, const std::string& handed_over);

}  // namespace pyspace::app
