// CI flags of supervised and sharded runs. pytest-timeout's settings, read into run::RunOptions (timeout, session_timeout): --timeout,
// else PYTEST_TIMEOUT, else the `timeout` ini key; --session-timeout, else `session_timeout`.
// Supervised runs honour them (lib/run/supervised_run.cpp); pytest-timeout's marker is read per
// test (lib/run/timeouts.py).
#pragma once

#include <filesystem>

#include "app/run_setup.h"
#include "run/run_options.h"

namespace pyspace::app {

// Throws core::UsageError naming the flag, variable or key for a value that is not a number of
// seconds >= 0, and for --timeout / --session-timeout where no run is supervised (--no-supervise,
// --isolate file); a key or PYTEST_TIMEOUT there is a warning at run start instead.
void read_timeout_flags(const RunFlags& flags, run::RunOptions& options);

// --shard I/N (a usage error naming the flag unless 1 <= I <= N), --durations-path (relative to
// the working directory), --store-durations (a usage error without --durations-path).
// -n N|auto|logical (pytest-xdist's; auto: the CPUs, PYTEST_XDIST_AUTO_NUM_WORKERS, capped by
// --maxprocesses), --dist loadfile|load|loadscope (no: loadfile). A usage error naming the flag
// for a value that is not a count >= 0, and for -n without supervision (--no-supervise,
// --isolate file); config::UnsupportedOption for --dist each|loadgroup|worksteal.
void read_worker_flags(const RunFlags& flags, run::RunOptions& options);

// --reruns N (an integer >= 0) and --reruns-delay S (seconds >= 0): usage errors naming the flag.
void read_rerun_flags(const RunFlags& flags, run::RunOptions& options);

// --cov[=SOURCE] (repeatable), --cov-report TYPE[:DEST], --cov-config, --cov-branch,
// --cov-fail-under MIN, --cov-append, --no-cov-on-fail, --no-cov (pytest-cov's): usage errors
// in pytest-cov's words for a report type or MIN it refuses.
void read_coverage_flags(const RunFlags& flags, run::RunOptions& options);

void read_shard_flags(const RunFlags& flags, const std::filesystem::path& cwd, run::RunOptions& options);

}  // namespace pyspace::app
