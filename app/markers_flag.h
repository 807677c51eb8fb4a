#pragma once
// `pyspace-test run --markers`: pytest's list of registered markers.
#include <ostream>

#include "app/run_setup.h"
#include "run/run_options.h"

namespace pyspace::app {

// Prints what `pytest --markers` prints (the `markers` ini lines, then the builtin markers of the
// plugins not disabled with -p no:NAME; each heading bold on a colour terminal, --color as for
// the run) and returns the exit code, 0. CONTRACT: interpreter initialised, GIL held, no space
// active.
int show_markers(const RunFlags& flags, const run::RunOptions& options, std::ostream& out);

}  // namespace pyspace::app
