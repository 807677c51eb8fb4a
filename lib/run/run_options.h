// What one `pyspace-test run` does: the meaning of its flags and configuration, as data.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "collect/discovery.h"
#include "config/command_line.h"
#include "config/config.h"
#include "run/shard.h"
#include "run/work_units.h"

namespace pyspace::run {

enum class Isolation { Run, File };  // one fresh space per run, or per test file (as Jest)

// pytest's doctest flags (docs/doctest.md); the ini keys doctest_optionflags and
// doctest_encoding come with the pytest settings.
struct DoctestOptions {
  collect::DoctestFiles files;        // --doctest-modules, --doctest-glob
  std::string report = "udiff";       // --doctest-report (lower case)
  bool continue_on_failure = false;   // --doctest-continue-on-failure
  bool ignore_import_errors = false;  // --doctest-ignore-import-errors
};
// pytest's cacheprovider and stepwise plugins (lib/run/cache.h, docs/cache.md).
struct CacheOptions {
  bool enabled = false;           // on for run/watch unless -p no:cacheprovider (app/cache_flags.cpp)
  std::filesystem::path dir;      // absolute: the `cache_dir` ini key (.pytest_cache) under rootdir
  bool clear = false;             // --cache-clear
  bool last_failed = false;       // --lf
  bool failed_first = false;      // --ff
  bool new_first = false;         // --nf
  bool lfnf_none = false;         // --lfnf none
  bool stepwise = false;          // --sw (also set by --sw-skip)
  bool stepwise_skip = false;     // --sw-skip
  bool stepwise_plugin = true;    // off with -p no:stepwise: cache/stepwise is left alone
  bool show_dir = false;          // "cachedir: ..." in the header (-v, or a non-default cache_dir)
};  // one fresh space per run, or per test file (as Jest)

// pytest's logging plugin: its options over its ini keys, as pytest reads them
// (app/logging_flags.cpp); lib/fixtures/log_format.py gives them their meaning. An empty string
// is "not given" (pytest's default applies).
struct LoggingOptions {
  struct Level {
    std::string text;     // "DEBUG", "10", or what the user wrote (refused when unknown)
    std::string setting;  // the option's ini name pytest names in its error: "log_cli_level"
  };
  Level level;       // --log-level / log_level
  Level file_level;  // --log-file-level / log_file_level
  Level live_level;  // --log-cli-level / log_cli_level, else log_level
  std::string format, date_format, auto_indent;
  bool live = false;  // live logging: the log_cli key, or --log-cli-level given
  std::string live_format, live_date_format;
  std::string file, file_format, file_date_format;
  bool color = false;  // the console shows colour: so do the level names
  bool any = false;    // some log option or key was given
};

// --cov and its options (pytest-cov's, lib/run/coverage_run.py).
struct CoverageOptions {
  bool enabled = false;
  std::vector<std::string> sources;  // paths or packages; empty or "": everything
  std::vector<std::pair<std::string, std::string>> reports;  // (type, dest or modifier); [("", "")]: none
  bool branch = false;
  std::optional<std::string> fail_under;  // a number as given ("90", "90.5"); else the coverage config's
  std::string config = ".coveragerc";
  bool append = false;
  bool no_report_on_fail = false;
};

struct RunOptions {
  std::vector<std::filesystem::path> paths;  // absolute; never empty (cwd by default)
  std::filesystem::path rootdir;
  config::PytestSettings pytest;             // pytest's configfile and the keys read from it
  std::optional<std::string> keyword;        // -k
  std::optional<std::string> markexpr;       // -m
  std::vector<std::string> deselect;         // --deselect node id prefixes (relative to rootdir)
  std::vector<std::string> pythonwarnings;   // -W filters, after the ini's filterwarnings
  bool strict_markers = false;               // --strict-markers / --strict
  std::vector<std::string> disabled_plugins; // -p no:NAME (app/plugin_flags.h: those accepted)
  // The whole command line by pytest's dest names: what `config.getoption(name)` and
  // `config.option.<name>` give tests and conftests (python_bridge.cpp types them).
  config::CommandLine command_line;
  collect::WalkRules walk;                   // --ignore, --ignore-glob, norecursedirs (python_files
                                             // is filled in from the project's settings)
  bool paths_defaulted = false;              // no paths given: pytest's `testpaths` may apply
  // A conftest.py that does not import, as pytest reports it: pytest's initial conftests (of
  // `paths`, or of the working directory when defaulted) are imported before collection, and one
  // of them ends the run as pytest's usage error (exit 4); another one, met while collecting,
  // fails the whole session's collection (one error, no test runs; --isolate file: the file's
  // error). Watch mode turns it off: there the error is each file's collection error.
  bool conftest_errors_as_pytest = true;
  int maxfail = 0;                           // stop after this many failures/errors; 0 = never
  Isolation isolation = Isolation::Run;
  bool collect_only = false;
  bool continue_on_collection_errors = false;
  std::string capture = "fd";                // --capture: fd, sys, tee-sys or no (-s)
  std::vector<std::string> python_path;      // absolute, put first on each space's sys.path
  // pyspace-test's own python_path key (not pytest's `pythonpath`, which pytest keeps to its
  // process): first on PYTHONPATH for the Python subprocesses tests start.
  std::vector<std::string> subprocess_python_path;
  std::vector<std::string> environment_path; // PYTHONPATH's entries (absolute), after the cwd
  std::vector<std::string> shared;           // modules imported in the root and shared
  std::vector<std::string> local;            // modules each space imports itself (local_modules.py)
  std::map<std::string, std::string> local_origins;  // name -> where the config lists it
  std::vector<config::FakeSpec> fakes;
  // The installed plugins pytest would load that act only when a suite uses them
  // (installed_plugins.KNOWN): entry-point name and distribution. Collection names a use.
  std::vector<std::pair<std::string, std::string>> inert_plugins;
  // After each space is closed, check that its modules were freed and name what holds those
  // that were not (costs a gc.collect(); watch mode turns it on).
  bool check_leaks = false;
  // The tests run in a child forked after collection (run/worker_process.h): a test that kills
  // its process fails alone and the run goes on. `run` sets it unless --no-supervise; watch
  // mode only with -n or a time limit (its children send back what their tests used).
  bool supervise = false;
  // pytest-timeout's limits (supervised runs only): seconds a test may take, its `timeout`
  // marker first (0: none), and the whole run (0: none).
  double timeout = 0;
  double session_timeout = 0;
  // --shard i/n (run/shard.h): only this shard's tests, balanced by the durations of
  // `durations_path` (--durations-path) when it exists, else of the cache (each run records
  // them there). --store-durations writes this run's into `durations_path` too.
  ShardSpec shard;
  // -n N (pytest-xdist's spelling): N children forked after collection run the tests, handed
  // out per `dist` (run/work_units.h); 0: one supervised child (or none), no worker names.
  int workers = 0;
  // --reruns N / --reruns-delay S (pytest-rerunfailures): a test that fails runs again, up to N
  // more times, S seconds after the failed attempt.
  CoverageOptions coverage;
  int reruns = 0;
  double reruns_delay = 0;
  Dist dist = Dist::LoadFile;
  std::filesystem::path durations_path;  // absolute; empty: not given
  bool store_durations = false;

  // Selection (watch mode): files matching `file_pattern` (a substring of the relpath) only;
  // `first_files` (absolute paths) run first, in that order, and alone when `only_first`;
  // when `only_nodeids` is non-empty, only those tests run.
  std::string file_pattern;
  std::vector<std::filesystem::path> first_files;
  bool only_first = false;
  std::vector<std::string> only_nodeids;
  // Node ids given on the command line ("tests/test_x.py::TestA::test_b"): the file (absolute)
  // and what follows its "::", selecting that test, class or parametrized family only.
  std::vector<std::pair<std::filesystem::path, std::string>> node_selectors;
  DoctestOptions doctest;
  CacheOptions cache;
  LoggingOptions logging;
};

// The walk of a run: `walk` with the doctest files the run collects.
inline collect::WalkRules walk_rules(const RunOptions& options) {
  collect::WalkRules rules = options.walk;
  rules.doctest = options.doctest.files;
  return rules;
}

// Modules of the test framework itself, shared from the root so that no space pays for
// importing pytest again (their state is rolled back by the namespace guard).
inline const std::vector<std::string> kFrameworkModules = {"pytest", "_pytest", "pluggy", "py",
                                                           "iniconfig"};

}  // namespace pyspace::run
