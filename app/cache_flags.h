// pytest's cache flags (--lf, --ff, --nf, --lfnf, --cache-clear, --cache-show, --sw, --sw-skip)
// and the `cache_dir` ini key, read into run::CacheOptions (lib/run/run_options.h).
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "app/run_setup.h"
#include "config/config.h"
#include "run/run_options.h"

namespace pyspace::app {

// Fills options.cache. Throws core::UsageError as pytest does: with -p no:cacheprovider (or
// -p no:stepwise) its options do not exist ("unrecognized arguments: --lf").
void read_cache_flags(const RunFlags& flags, const config::Config& cfg, run::RunOptions& options);

// --cache-show [GLOB]: the glob ('*' when none), or nullopt when not given.
std::optional<std::string> cache_show_glob(const RunFlags& flags);

// pytest's `--cache-show`: prints the cache directory's values and mkdir() files matching
// `glob` to `out`, between the session header and "no tests ran" (the reporter's run_start and
// run_end), writes cache/stepwise as pytest does, and returns the exit code (0). The
// interpreter is running; no space is active.
int show_cache(const run::RunOptions& options, const std::string& glob, report::Reporter& reporter,
               const report::RunStart& start, std::ostream& out);

}  // namespace pyspace::app
