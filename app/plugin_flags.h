#pragma once
// `-p no:NAME`: which of pytest 7.2's own plugins a run may turn off, and what turning one off
// changes. pyspace-test loads no plugin itself (issue 14), so `-p no:` of any other name (a
// third-party plugin) changes nothing and is accepted, as pytest accepts it.
#include <string>
#include <string_view>
#include <vector>

#include "app/run_setup.h"

namespace pyspace::app {

// Throws core::UsageError for a plugin pytest cannot disable ("plugin mark cannot be disabled",
// exit 4 as pytest) and for one of pytest's plugins whose absence pyspace-test does not
// reproduce yet (named, so a run never silently differs). Accepted builtins: cacheprovider,
// stepwise, doctest, warnings, junitxml, python_path, pastebin, freeze_support, setuponly,
// setupplan, faulthandler, unraisableexception, threadexception.
void check_disabled_plugins(const RunFlags& flags);

bool plugin_disabled(const RunFlags& flags, std::string_view plugin);

// The configfile's keys that a disabled plugin declares (`pythonpath` with -p no:python_path,
// `junit_*` with no:junitxml, ...): pytest calls them "Unknown config option", sorted.
std::vector<std::string> keys_of_disabled_plugins(const RunFlags& flags, const config::PytestSettings& pytest);

}  // namespace pyspace::app
