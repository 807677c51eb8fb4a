// The option table of `pyspace-test run` (command_line.h): every option of pytest 7.2's parser
// (`pytest --help`, hidden aliases included) under pytest's own dest, and pyspace-test's options.
// `supported = false` marks what pytest has and pyspace-test does not honour yet: giving one is a
// usage error that names it, never a silent difference (docs/cli.md lists both).
#include "config/command_line.h"

namespace pyspace::config {

namespace {
using A = OptionAction;
using T = ValueType;
constexpr bool kNotYet = false;
}  // namespace

const std::vector<OptionSpec>& run_option_table() {
  static const std::vector<OptionSpec> table = {
      // general
      {{"-k"}, "keyword", A::Store, T::Text, {}, "", true, "Only run tests which match the given substring expression"},
      {{"-m"}, "markexpr", A::Store, T::Text, {}, "", true, "Only run tests matching the given mark expression"},
      {{"--markers"}, "markers", A::StoreTrue, T::Text, {}, "", true, "Show markers (builtin and the `markers` ini key's)"},
      {{"-x", "--exitfirst"}, "exitfirst", A::StoreTrue, T::Text, {}, "", true, "Exit instantly on first error or failed test"},
      {{"--fixtures", "--funcargs"}, "showfixtures", A::StoreTrue, T::Text, {}, "", kNotYet, "Show available fixtures"},
      {{"--fixtures-per-test"}, "show_fixtures_per_test", A::StoreTrue, T::Text, {}, "", kNotYet, "Show fixtures per test"},
      {{"--pdb"}, "usepdb", A::StoreTrue, T::Text, {}, "", kNotYet, "Start the interactive Python debugger on errors"},
      {{"--pdbcls"}, "usepdb_cls", A::Store, T::Text, {}, "", kNotYet, "A custom debugger for --pdb (modulename:classname)"},
      {{"--trace"}, "trace", A::StoreTrue, T::Text, {}, "", kNotYet, "Immediately break when running each test"},
      {{"--capture"}, "capture", A::Store, T::Text, {"fd", "sys", "no", "tee-sys"}, "", true, "Per-test capturing method: one of fd|sys|no|tee-sys"},
      {{"-s"}, "capture", A::StoreConst, T::Text, {}, "no", true, "Shortcut for --capture=no"},
      {{"--runxfail"}, "runxfail", A::StoreTrue, T::Text, {}, "", true, "Report the results of xfail tests as if they were not marked"},
      {{"--lf", "--last-failed"}, "lf", A::StoreTrue, T::Text, {}, "", true, "Rerun only the tests that failed at the last run"},
      {{"--ff", "--failed-first"}, "failedfirst", A::StoreTrue, T::Text, {}, "", true, "Run all tests, the last failures first"},
      {{"--nf", "--new-first"}, "newfirst", A::StoreTrue, T::Text, {}, "", true, "Run tests from new files first"},
      {{"--cache-show"}, "cacheshow", A::StoreOptional, T::Text, {}, "*", true, "Show cache contents (glob, default '*')"},
      {{"--cache-clear"}, "cacheclear", A::StoreTrue, T::Text, {}, "", true, "Remove all cache contents at start of test run"},
      {{"--lfnf", "--last-failed-no-failures"}, "last_failed_no_failures", A::Store, T::Text, {"all", "none"}, "", true, "Which tests to run with no previously (known) failures"},
      {{"--sw", "--stepwise"}, "stepwise", A::StoreTrue, T::Text, {}, "", true, "Exit on test failure and continue from last failing test next time"},
      {{"--sw-skip", "--stepwise-skip"}, "stepwise_skip", A::StoreTrue, T::Text, {}, "", true, "Ignore the first failing test but stop on the next"},
      // reporting
      {{"--durations"}, "durations", A::Store, T::Int, {}, "", true, "Show N slowest setup/test durations (N=0 for all)"},
      {{"--durations-min"}, "durations_min", A::Store, T::Float, {}, "", true, "Minimal duration in seconds for inclusion in slowest list"},
      {{"-v", "--verbose"}, "verbose", A::Count, T::Int, {}, "1", true, "Increase verbosity"},
      {{"--no-header"}, "no_header", A::StoreTrue, T::Text, {}, "", true, "Disable header"},
      {{"--no-summary"}, "no_summary", A::StoreTrue, T::Text, {}, "", true, "Disable summary"},
      {{"-q", "--quiet"}, "verbose", A::Count, T::Int, {}, "-1", true, "Decrease verbosity"},
      {{"--verbosity"}, "verbose", A::Store, T::Int, {}, "", true, "Set verbosity"},
      {{"-r"}, "reportchars", A::Store, T::Text, {}, "", true, "Show extra test summary info as specified by chars (default 'fE')"},
      {{"--disable-warnings", "--disable-pytest-warnings"}, "disable_warnings", A::StoreTrue, T::Text, {}, "", true, "Disable warnings summary"},
      {{"-l", "--showlocals"}, "showlocals", A::StoreConst, T::Text, {}, "1", true, "Show locals in tracebacks"},
      {{"--no-showlocals"}, "showlocals", A::StoreConst, T::Text, {}, "0", true, "Hide locals in tracebacks"},
      {{"--tb"}, "tbstyle", A::Store, T::Text, {"auto", "long", "short", "no", "line", "native"}, "", true, "Traceback print mode"},
      {{"--show-capture"}, "showcapture", A::Store, T::Text, {"no", "stdout", "stderr", "log", "all"}, "", true, "How captured output is shown on failed tests"},
      {{"--full-trace"}, "fulltrace", A::StoreTrue, T::Text, {}, "", kNotYet, "Don't cut any tracebacks"},
      {{"--color"}, "color", A::Store, T::Text, {"yes", "no", "auto"}, "", true, "Color terminal output (yes/no/auto)"},
      {{"--code-highlight"}, "code_highlight", A::Store, T::Text, {"yes", "no"}, "", true, "Whether code should be highlighted (only with --color)"},
      {{"--pastebin"}, "pastebin", A::Store, T::Text, {"failed", "all"}, "", kNotYet, "Send failed|all info to bpaste.net"},
      {{"--junitxml", "--junit-xml"}, "xmlpath", A::Store, T::Text, {}, "", true, "Create junit-xml style report file at given path"},
      {{"--junit-prefix"}, "junitprefix", A::Store, T::Text, {}, "", true, "Prepend prefix to classnames in junit-xml output"},
      // pytest-warnings
      {{"-W", "--pythonwarnings"}, "pythonwarnings", A::Append, T::Text, {}, "", true, "Set which warnings to report, as python's -W"},
      {{"--maxfail"}, "maxfail", A::Store, T::Int, {}, "", true, "Exit after first num failures or errors"},
      {{"--strict-config"}, "strict_config", A::StoreTrue, T::Text, {}, "", true, "Warnings about the configuration file are errors"},
      {{"--strict-markers"}, "strict_markers", A::StoreTrue, T::Text, {}, "", true, "Markers not registered in `markers` are errors"},
      {{"--strict"}, "strict", A::StoreTrue, T::Text, {}, "", true, "(Deprecated) alias to --strict-markers"},
      {{"-c"}, "inifilename", A::Store, T::Text, {}, "", true, "Load configuration from `file` instead of locating one"},
      {{"--continue-on-collection-errors"}, "continue_on_collection_errors", A::StoreTrue, T::Text, {}, "", true, "Force test execution even if collection errors occur"},
      {{"--rootdir"}, "rootdir", A::Store, T::Text, {}, "", true, "Define root directory for tests"},
      // collection
      {{"--collect-only", "--co"}, "collectonly", A::StoreTrue, T::Text, {}, "", true, "Only collect tests, don't execute them"},
      {{"--pyargs"}, "pyargs", A::StoreTrue, T::Text, {}, "", true, "Try to interpret all arguments as Python packages"},
      {{"--ignore"}, "ignore", A::Append, T::Text, {}, "", true, "Ignore path during collection (multi-allowed)"},
      {{"--ignore-glob"}, "ignore_glob", A::Append, T::Text, {}, "", true, "Ignore path pattern during collection (multi-allowed)"},
      {{"--deselect"}, "deselect", A::Append, T::Text, {}, "", true, "Deselect item (via node id prefix) during collection"},
      {{"--confcutdir"}, "confcutdir", A::Store, T::Text, {}, "", true, "Only load conftest.py's relative to specified dir"},
      {{"--noconftest"}, "noconftest", A::StoreTrue, T::Text, {}, "", true, "Don't load any conftest.py files"},
      {{"--keep-duplicates"}, "keepduplicates", A::StoreTrue, T::Text, {}, "", kNotYet, "Keep duplicate tests"},
      {{"--collect-in-virtualenv"}, "collect_in_virtualenv", A::StoreTrue, T::Text, {}, "", true, "Don't ignore tests in a local virtualenv directory"},
      {{"--import-mode"}, "importmode", A::Store, T::Text, {"prepend", "append", "importlib"}, "", true, "Prepend/append to sys.path when importing test modules"},
      {{"--doctest-modules"}, "doctestmodules", A::StoreTrue, T::Text, {}, "", true, "Run doctests in all .py modules"},
      {{"--doctest-report"}, "doctestreport", A::Store, T::Text, {"none", "cdiff", "ndiff", "udiff", "only_first_failure"}, "", true, "Output format for diffs on doctest failure"},
      {{"--doctest-glob"}, "doctestglob", A::Append, T::Text, {}, "", true, "Doctests file matching pattern, default: test*.txt"},
      {{"--doctest-ignore-import-errors"}, "doctest_ignore_import_errors", A::StoreTrue, T::Text, {}, "", true, "Ignore doctest ImportErrors"},
      {{"--doctest-continue-on-failure"}, "doctest_continue_on_failure", A::StoreTrue, T::Text, {}, "", true, "For a given doctest, continue to run after the first failure"},
      // test session debugging and configuration
      {{"--basetemp"}, "basetemp", A::Store, T::Text, {}, "", true, "Base temporary directory for this test run"},
      {{"-V", "--version"}, "version", A::Count, T::Int, {}, "1", true, "Display the version"},
      {{"-h", "--help"}, "help", A::StoreTrue, T::Text, {}, "", true, "Show this help"},
      {{"-p"}, "plugins", A::Append, T::Text, {}, "", true, "Early-load a plugin (no:NAME disables one)"},
      {{"--trace-config"}, "traceconfig", A::StoreTrue, T::Text, {}, "", kNotYet, "Trace considerations of conftest.py files"},
      {{"--debug"}, "debug", A::StoreOptional, T::Text, {}, "pytestdebug.log", kNotYet, "Store internal tracing debug information"},
      {{"-o", "--override-ini"}, "override_ini", A::Append, T::Text, {}, "", true, "Override ini option with \"option=value\" style"},
      {{"--assert"}, "assertmode", A::Store, T::Text, {"rewrite", "plain"}, "", kNotYet, "Control assertion debugging tools"},
      {{"--setup-only"}, "setuponly", A::StoreTrue, T::Text, {}, "", true, "Only setup fixtures, do not execute tests"},
      {{"--setup-show"}, "setupshow", A::StoreTrue, T::Text, {}, "", true, "Show setup of fixtures while executing tests"},
      {{"--setup-plan"}, "setupplan", A::StoreTrue, T::Text, {}, "", true, "Show what fixtures and tests would be executed"},
      // logging
      {{"--log-level"}, "log_level", A::Store, T::Text, {}, "", true, "Level of messages to catch/display"},
      {{"--log-format"}, "log_format", A::Store, T::Text, {}, "", true, "Log format used by the logging module"},
      {{"--log-date-format"}, "log_date_format", A::Store, T::Text, {}, "", true, "Log date format used by the logging module"},
      {{"--log-cli-level"}, "log_cli_level", A::Store, T::Text, {}, "", true, "CLI logging level"},
      {{"--log-cli-format"}, "log_cli_format", A::Store, T::Text, {}, "", true, "Live log format"},
      {{"--log-cli-date-format"}, "log_cli_date_format", A::Store, T::Text, {}, "", true, "Live log date format"},
      {{"--log-file"}, "log_file", A::Store, T::Text, {}, "", true, "Path to a file when logging will be written to"},
      {{"--log-file-level"}, "log_file_level", A::Store, T::Text, {}, "", true, "Log file logging level"},
      {{"--log-file-format"}, "log_file_format", A::Store, T::Text, {}, "", true, "Log file format"},
      {{"--log-file-date-format"}, "log_file_date_format", A::Store, T::Text, {}, "", true, "Log file date format"},
      {{"--log-auto-indent"}, "log_auto_indent", A::Store, T::Text, {}, "", true, "Auto-indent multiline log messages"},
      // pyspace-test's own
      {{"--json-events"}, "json_events", A::Store, T::Text, {}, "", true, "Write JSON Lines events to FILE ('-': stdout)"},
      {{"--isolate"}, "isolate", A::Store, T::Text, {"run", "file"}, "", true, "A fresh module space per run (default) or per file"},
      {{"--fake"}, "fakes", A::Append, T::Text, {}, "", true, "Inject the file PATH as module NAME in every space (NAME=PATH)"},
      {{"--timeout"}, "timeout", A::Store, T::Float, {}, "", true, "Fail a test still running after SECONDS (its setup, call and teardown; 0: no limit) with the stacks of its threads, as pytest-timeout's option; its process is replaced and the run goes on"},
      {{"--timeout-method", "--timeout_method"}, "timeout_method", A::Store, T::Text, {"signal", "thread"}, "", true, "pytest-timeout's; accepted: a test past its time always has its process stopped"},
      {{"--session-timeout"}, "session_timeout", A::Store, T::Float, {}, "", true, "End the run after SECONDS, with the report of what ran (a test still running then fails as timed out)"},
      {{"-n", "--numprocesses"}, "numprocesses", A::Store, T::Text, {}, "", true, "Run the tests in N worker processes forked after collection ('auto': one per CPU; 0: none), as pytest-xdist's option"},
      {{"--maxprocesses"}, "maxprocesses", A::Store, T::Int, {}, "", true, "At most this many workers with -n auto"},
      {{"--dist"}, "dist", A::Store, T::Text, {"each", "load", "loadscope", "loadfile", "loadgroup", "worksteal", "no"}, "", true, "How -n hands out tests: by file (loadfile, default), by test (load), by class or module (loadscope)"},
      {{"--cov"}, "cov_source", A::AppendOptional, T::Text, {}, "", true, "Measure coverage of this path or package (repeatable; alone: everything), with coverage.py, as pytest-cov's option"},
      {{"--cov-report"}, "cov_report", A::Append, T::Text, {}, "", true, "Report type: term, term-missing (:skip-covered), annotate, html, xml, json, lcov (:DEST); repeatable; empty: none"},
      {{"--cov-config"}, "cov_config", A::Store, T::Text, {}, "", true, "coverage.py's config file (default .coveragerc, then setup.cfg, tox.ini, pyproject.toml)"},
      {{"--cov-branch"}, "cov_branch", A::StoreTrue, T::Text, {}, "", true, "Measure branch coverage"},
      {{"--cov-fail-under"}, "cov_fail_under", A::Store, T::Text, {}, "", true, "Fail the run if the total coverage is under MIN percent"},
      {{"--cov-append"}, "cov_append", A::StoreTrue, T::Text, {}, "", true, "Add to the coverage data of earlier runs instead of erasing it"},
      {{"--no-cov-on-fail"}, "no_cov_on_fail", A::StoreTrue, T::Text, {}, "", true, "No coverage report when tests failed"},
      {{"--no-cov"}, "no_cov", A::StoreTrue, T::Text, {}, "", true, "Measure no coverage (overrides --cov)"},
      {{"--cov-reset"}, "cov_reset", A::StoreTrue, T::Text, {}, "", kNotYet, "Forget the --cov sources given so far"},
      {{"--cov-context"}, "cov_context", A::Store, T::Text, {}, "", kNotYet, "Dynamic contexts (test)"},
      {{"--reruns"}, "reruns", A::Store, T::Int, {}, "", true, "Run a failing test again, up to N more times (pytest-rerunfailures' option); earlier attempts are reported as reruns"},
      {{"--reruns-delay"}, "reruns_delay", A::Store, T::Float, {}, "", true, "Seconds to wait before running a failed test again"},
      {{"--only-rerun"}, "only_rerun", A::Append, T::Text, {}, "", kNotYet, "Rerun only the failures matching this regular expression (pytest-rerunfailures)"},
      {{"--shard"}, "shard", A::Store, T::Text, {}, "", true, "Run shard I of N (I/N, 1-based) of the collected tests, balanced by recorded durations, the same on every machine"},
      {{"--durations-path"}, "durations_path", A::Store, T::Text, {}, "", true, "The test durations (pytest-split's .test_durations JSON) that balance --shard; else the cache's"},
      {{"--store-durations"}, "store_durations", A::StoreTrue, T::Text, {}, "", true, "Write this run's test durations into --durations-path"},
      {{"--no-supervise"}, "no_supervise", A::StoreTrue, T::Text, {}, "", true, "Run the tests in this process, not in a supervised child that may crash (docs/reliability.md)"},
      {{"--engine"}, "engine", A::Store, T::Text, {"auto", "native", "pytest"}, "", true, "Which runner: pyspace-test's own (native), pytest's in a fresh space (pytest), or native unless the suite needs pytest's (auto, default)"},
      {{"--pyspace-config"}, "pyspace_config", A::Store, T::Text, {}, "", true, "pyspace-test's own TOML configuration file instead of searching"},
  };
  return table;
}

}  // namespace pyspace::config
