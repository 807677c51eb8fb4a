// pytest's doctest flags (--doctest-modules, --doctest-glob, --doctest-report,
// --doctest-continue-on-failure, --doctest-ignore-import-errors) read into the run's options.
#pragma once

#include "app/run_setup.h"

namespace pyspace::app {

// Sets options.doctest from `flags` (pytest's dests: doctestmodules, doctestglob, ...).
void read_doctest_flags(const RunFlags& flags, run::RunOptions& options);

}  // namespace pyspace::app
