#include "app/plugin_flags.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "config/command_line.h"
#include "core/errors.h"

namespace pyspace::app {

namespace {

// pytest's essential_plugins: `-p no:` of one is a usage error.
constexpr std::array<std::string_view, 5> kEssential = {"mark", "main", "runner", "fixtures", "helpconfig"};

// pytest's default plugins whose absence pyspace-test reproduces (the header lists them): what
// each takes away is honoured where the plugin's work is done (cache_flags, doctest_flags, the
// runner's warnings capture, pythonpath and --junitxml), or it does nothing pyspace-test does
// (pastebin, freeze_support, setuponly, setupplan: their options are refused anyway;
// faulthandler, unraisableexception, threadexception: pyspace-test adds no warnings for them).
// The rest of pytest 7.2's default plugins.
constexpr std::array<std::string_view, 14> kNotYet = {
    "python",   "terminal",  "debugging", "unittest", "capture",  "skipping", "legacypath", "tmpdir",
    "monkeypatch", "recwarn", "nose",     "assertion", "logging", "reports"};

// The configfile keys each accepted plugin declares in pytest 7.2 (pytest_addoption's addini).
struct PluginKeys {
  std::string_view plugin;
  std::vector<std::string_view> keys;
};
const std::vector<PluginKeys>& plugin_keys() {
  static const std::vector<PluginKeys> kKeys = {
      {"python_path", {"pythonpath"}},
      {"junitxml", {"junit_suite_name", "junit_logging", "junit_log_passing_tests", "junit_duration_report",
                    "junit_family"}},
      {"cacheprovider", {"cache_dir"}},
      {"doctest", {"doctest_optionflags", "doctest_encoding"}},
      {"faulthandler", {"faulthandler_timeout"}},
  };
  return kKeys;
}

bool contains(auto& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool plugin_disabled(const RunFlags& flags, std::string_view plugin) {
  return contains(flags.disabled_plugins, plugin);
}

std::vector<std::string> keys_of_disabled_plugins(const RunFlags& flags, const config::PytestSettings& pytest) {
  std::vector<std::string> keys;
  for (const auto& [plugin, declared] : plugin_keys()) {
    if (!plugin_disabled(flags, plugin)) continue;
    for (auto key : declared) {
      auto found = pytest.ini.find(key);
      if (found != pytest.ini.end() && found->second.line > 0) keys.emplace_back(key);
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

void check_disabled_plugins(const RunFlags& flags) {
  for (const auto& name : flags.disabled_plugins) {
    if (contains(kEssential, name)) throw core::UsageError(fmt::format("plugin {} cannot be disabled", name));
    if (contains(kNotYet, name))  // --engine auto hands such a run to pytest's engine
      throw config::UnsupportedOption(fmt::format("pyspace-test does not support -p no:{} yet", name));
  }
  if (plugin_disabled(flags, "junitxml")) {
    for (const char* dest : {"xmlpath", "junitprefix"}) {
      if (flags.line.last(dest))
        throw core::UsageError(fmt::format("unrecognized arguments: {}",
                                           std::string_view(dest) == "xmlpath" ? "--junitxml" : "--junit-prefix"));
    }
  }
}

}  // namespace pyspace::app
