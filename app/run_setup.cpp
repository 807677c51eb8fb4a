#include "app/run_setup.h"

#include "app/cache_flags.h"
#include "app/ci_flags.h"
#include "app/doctest_flags.h"
#include "app/fd_stream.h"
#include "app/logging_flags.h"
#include "app/plugin_flags.h"
#include "app/report_flags.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "config/config_file.h"
#include "config/config_keys.h"
#include "config/pytest_keys.h"
#include "core/crash_note.h"
#include "core/errors.h"
#include "python/interpreter.h"
#include "python/object.h"
#include "report/atomic_file.h"
#include "report/console_reporter.h"
#include "report/json_events_reporter.h"
#include "report/junit_reporter.h"
#include "run/python_bridge.h"

namespace pyspace::app {
namespace fs = std::filesystem;

namespace {
int terminal_width(int fd) {
  winsize size{};
  if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    int value = std::atoi(columns);
    if (value > 0) return value;
  }
  return 80;
}
}  // namespace

namespace {
bool given_before_end(const std::vector<std::string>& args, std::string_view short_name, std::string_view long_name) {
  for (const auto& arg : args) {
    if (arg == "--") return false;
    if (arg == short_name || arg == long_name) return true;
  }
  return false;
}
}  // namespace

bool answered_version_or_help(const std::vector<std::string>& args, std::string_view usage,
                              const std::vector<config::OptionSpec>& table, std::string_view footer) {
  if (given_before_end(args, "-V", "--version")) {
    std::cout << version_text() << '\n';
    return true;
  }
  if (!given_before_end(args, "-h", "--help")) return false;
  std::cout << config::command_line_help(usage, table) << '\n' << footer << '\n';
  return true;
}

std::string version_text() {
  return fmt::format("pyspace-test {} (embedded Python {})", PYSPACE_VERSION, python::python_version());
}

const std::vector<config::OptionSpec>& run_options() { return config::run_option_table(); }

RunFlags typed_flags(config::CommandLine line) {
  RunFlags f;
  f.paths = line.positional;
  f.keyword = line.last("keyword").value_or("");
  f.markexpr = line.last("markexpr").value_or("");
  f.maxfail = line.flag("exitfirst") ? 1 : line.count("maxfail");
  if (f.maxfail < 0) f.maxfail = 0;  // pytest: a negative --maxfail never stops the run
  f.verbosity = line.count("verbose");
  f.junitxml = line.last("xmlpath");
  f.json_events = line.last("json_events");
  f.isolate = line.last("isolate").value_or("");
  f.fakes = line.all("fakes");
  f.config_file = line.last("inifilename").value_or("");
  f.pyspace_config = line.last("pyspace_config").value_or("");
  f.rootdir = line.last("rootdir").value_or("");
  f.color = line.last("color").value_or("auto");
  f.collect_only = line.flag("collectonly");
  f.continue_on_collection_errors = line.flag("continue_on_collection_errors");
  f.capture = line.last("capture").value_or("fd");
  f.no_capture = f.capture == "no";
  for (const auto& plugin : line.all("plugins")) {
    if (plugin.rfind("no:", 0) == 0) f.disabled_plugins.push_back(plugin.substr(3));
    else
      throw core::EngineNeeded(fmt::format("-p {} loads a plugin", plugin));
  }
  f.line = std::move(line);
  return f;
}

namespace {

// PYTEST_ADDOPTS, split as pytest splits it (shlex).
std::vector<std::string> environment_addopts() {
  const char* text = std::getenv("PYTEST_ADDOPTS");
  if (!text || !*text) return {};
  try {
    return config::shell_split(text);
  } catch (const std::invalid_argument& error) {
    throw core::UsageError(fmt::format("PYTEST_ADDOPTS: {}", error.what()));
  }
}

config::CommandLine parse_from(const std::vector<std::string>& addopts, const std::string& where,
                               const std::vector<std::string>& args, const std::vector<config::OptionSpec>& table) {
  std::vector<std::string> all = addopts;
  all.insert(all.end(), args.begin(), args.end());
  try {
    return config::parse_command_line(all, table);
  } catch (const core::UsageError& error) {
    if (addopts.empty()) throw;
    config::parse_command_line(args, table);  // the command line's own error, when it has one
    const std::string message = fmt::format("{} (in {})", error.what(), where);
    if (dynamic_cast<const config::UnsupportedOption*>(&error)) throw config::UnsupportedOption(message);
    if (dynamic_cast<const config::UnrecognizedArguments*>(&error)) throw config::UnrecognizedArguments(message);
    throw core::UsageError(message);
  }
}

config::Config load_model(const RunFlags& pre, const fs::path& cwd) {
  std::vector<fs::path> cli_paths;
  for (const auto& arg : pre.paths) cli_paths.emplace_back(arg.substr(0, arg.find("::")));
  std::optional<fs::path> explicit_config;
  if (!pre.config_file.empty()) explicit_config = pre.config_file;
  std::optional<fs::path> pyspace_config;
  if (!pre.pyspace_config.empty()) pyspace_config = pre.pyspace_config;
  std::optional<std::string> rootdir_arg;
  if (!pre.rootdir.empty()) rootdir_arg = pre.rootdir;
  return config::load_config_for(cli_paths, explicit_config, cwd, rootdir_arg, pre.line.all("override_ini"),
                                 pyspace_config);
}

}  // namespace

namespace {

// The pytest version pyspace-test behaves as (docs/compatibility.md).
constexpr std::string_view kPytestVersion = "7.2.1";

// "7.2.1" < "7.10": numeric parts compared in order, a missing part is 0, the first non-digit
// ends a part ("7.0rc1" is 7.0).
bool version_less(std::string_view a, std::string_view b) {
  auto parts = [](std::string_view text) {
    std::vector<long> numbers;
    while (!text.empty()) {
      long value = 0;
      std::size_t i = 0;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) value = value * 10 + (text[i++] - '0');
      numbers.push_back(value);
      const std::size_t dot = text.find('.');
      if (i < text.size() && text[i] != '.') break;
      if (dot == std::string_view::npos) break;
      text.remove_prefix(dot + 1);
    }
    return numbers;
  };
  auto left = parts(a), right = parts(b);
  left.resize(std::max(left.size(), right.size()));
  right.resize(left.size());
  return left < right;
}

}  // namespace

// pytest's minversion and required_plugins checks (usage errors, exit 4). minversion is read
// from the file itself (pytest's inicfg: `-o minversion=...` is not checked).
void check_requirements(const config::PytestSettings& settings) {
  if (auto it = settings.ini.find("minversion");
      it != settings.ini.end() && !it->second.text.empty() && it->second.line != 0) {
    if (version_less(kPytestVersion, it->second.text))
      throw core::UsageError(fmt::format("{}: 'minversion' requires pytest-{}, actual pytest-{}' "
                                         "(pyspace-test runs suites as pytest {} does)",
                                         settings.file, it->second.text, kPytestVersion, kPytestVersion));
  }
  if (auto it = settings.ini.find("required_plugins"); it != settings.ini.end() && !it->second.items.empty()) {
    std::string names;
    for (const auto& name : it->second.items) names += (names.empty() ? "" : ", ") + name;
    throw core::EngineNeeded(fmt::format("{} sets required_plugins = {}", settings.shown_as, names));
  }
}

Loaded load_configuration(const std::vector<std::string>& args, const fs::path& cwd,
                          const std::vector<config::OptionSpec>& table) {
  // pytest 7.2's Config._preparse: PYTEST_ADDOPTS goes in front of the command line, which
  // (with -c, --rootdir, -o and the paths) finds the configuration; its `addopts` go in front
  // of both. The paths and -c/--rootdir of addopts do not move the rootdir, as in pytest.
  const std::vector<std::string> env = environment_addopts();
  RunFlags pre = typed_flags(parse_from(env, "PYTEST_ADDOPTS", args, table));
  Loaded loaded{load_model(pre, cwd), {}};
  const auto& addopts = loaded.cfg.pytest.addopts;
  if (addopts.empty()) {
    loaded.flags = std::move(pre);
  } else {
    std::vector<std::string> front = addopts;
    front.insert(front.end(), env.begin(), env.end());
    loaded.flags = typed_flags(parse_from(front, "addopts of " + loaded.cfg.pytest.where, args, table));
    if (loaded.flags.line.all("override_ini") != pre.line.all("override_ini")) {
      RunFlags located = std::move(pre);  // -c, --rootdir, paths: the command line's
      located.line.values["override_ini"] = loaded.flags.line.all("override_ini");
      loaded.cfg = load_model(located, cwd);
      loaded.cfg.pytest.addopts = addopts;
    }
  }
  // pytest 7.2: a key no plugin declared is "Unknown config option: foo" (a warning; an error
  // with --strict-config).
  std::vector<std::string> unknown = loaded.cfg.pytest.unknown_keys;
  for (auto& key : keys_of_disabled_plugins(loaded.flags, loaded.cfg.pytest)) unknown.push_back(std::move(key));
  std::sort(unknown.begin(), unknown.end());
  for (const auto& key : unknown) {
    const std::string message = fmt::format("Unknown config option: {}", key);
    if (loaded.flags.line.flag("strict_config")) throw core::UsageError(message);
    loaded.cfg.pytest.config_warnings.push_back(fmt::format("{}: {}", loaded.cfg.pytest.shown_as, message));
  }
  check_requirements(loaded.cfg.pytest);
  for (const auto& warning : loaded.cfg.warnings) std::cerr << "pyspace-test: warning: " << warning << '\n';
  return loaded;
}

namespace {

// pytest's --basetemp: made absolute, removed when it exists, created (0700); once per run (watch
// calls to_run_options per rerun). Returns the absolute path.
std::string prepare_basetemp(const std::string& given, const fs::path& cwd, const fs::path& rootdir) {
  const fs::path dir = config::absolute_normal(cwd, given);
  if (config::is_within(cwd, dir) || config::is_within(rootdir, dir))
    throw core::UsageError(fmt::format("--basetemp {}: it holds the working directory or the rootdir, "
                                       "which pyspace-test will not remove", given));
  std::error_code error;
  fs::remove_all(dir, error);
  if (!error) fs::create_directories(dir, error);
  if (!error) fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, error);
  if (error) throw core::UsageError(fmt::format("--basetemp {}: {}", given, error.message()));
  return dir.string();
}

// -k/-m's companions: --deselect, -W, --strict-markers, and what the walk leaves out.
void read_collection_flags(const RunFlags& flags, const config::Config& cfg, const fs::path& cwd,
                           run::RunOptions& options) {
  const config::CommandLine& line = flags.line;
  options.deselect = line.all("deselect");
  options.pythonwarnings = line.all("pythonwarnings");
  options.strict_markers = line.flag("strict_markers") || line.flag("strict");
  for (const auto& path : line.all("ignore")) options.walk.ignore.push_back(config::absolute_normal(cwd, path));
  for (const auto& glob : line.all("ignore_glob"))  // pytest makes them absolute too
    options.walk.ignore_glob.push_back(config::absolute_normal(cwd, glob).string());
  options.walk.norecursedirs = cfg.pytest.norecursedirs;
  options.walk.collect_in_virtualenv = line.flag("collect_in_virtualenv");
}

}  // namespace

std::vector<std::string> environment_path(const fs::path& cwd) {
  std::vector<std::string> entries;
  const char* env = std::getenv("PYTHONPATH");
  if (!env) return entries;
  std::string entry;
  for (const char* at = env;; ++at) {
    if (*at != ':' && *at != '\0') {
      entry += *at;
      continue;
    }
    if (!entry.empty()) entries.push_back(config::absolute_normal(cwd, entry).string());
    entry.clear();
    if (*at == '\0') return entries;
  }
}

namespace {

// --pyargs: the file (a package: its directory) of the module an argument names, looked up
// without importing (collect/pyargs.py) in the project's python_path and pythonpath, the
// working directory (as for `python -m pytest`), then the interpreter's sys.path; nullopt when
// none. CONTRACT: the interpreter is running, GIL held.
std::optional<fs::path> pyarg_path(const std::string& name, const fs::path& cwd, const config::Config& cfg) {
  std::vector<std::string> search = cfg.python_path;
  search.insert(search.end(), cfg.pytest.pythonpath.begin(), cfg.pytest.pythonpath.end());
  search.push_back(cwd.string());
  for (auto& entry : python::import_module("sys").attr("path").as_string_list()) search.push_back(std::move(entry));
  auto found = python::import_module("_pyspace.collect.pyargs").attr("module_path")({name, search});
  if (found.is_none()) return std::nullopt;
  return fs::path(found.as_string());
}

}  // namespace

namespace {

// The plugins pytest would load for this run: the native engine can run the suite only when
// each acts just where a suite uses it (collection then looks for such a use), and no key of
// the configuration is one the native engine does not know (an installed plugin may declare it).
void read_installed_plugins(const config::PytestSettings& pytest, run::RunOptions& options) {
  options.inert_plugins.clear();
  for (const auto& plugin : run::installed_plugins(options)) {
    if (!plugin.inert)
      throw core::EngineNeeded(fmt::format("pytest would load the installed plugin {} ({}), the native engine "
                                           "does not", plugin.dist, plugin.name));
    options.inert_plugins.emplace_back(plugin.name, plugin.dist);
  }
  if (!options.inert_plugins.empty() && !pytest.unknown_keys.empty())
    throw core::EngineNeeded(fmt::format("{} sets {}, which the native engine does not know and an installed "
                                         "plugin may declare", pytest.shown_as, pytest.unknown_keys.front()));
}

}  // namespace

run::RunOptions to_run_options(const RunFlags& flags, config::Config& cfg, const fs::path& cwd) {
  check_disabled_plugins(flags);
  run::RunOptions options;
  options.disabled_plugins = flags.disabled_plugins;
  const bool pyargs = flags.line.flag("pyargs");
  for (const auto& arg : flags.paths) {
    // "tests/test_x.py::TestA::test_b" selects within the file, as pytest's node ids do.
    auto separator = arg.find("::");
    fs::path path = config::absolute_normal(cwd, arg.substr(0, separator));
    if (pyargs)
      if (auto found = pyarg_path(arg.substr(0, separator), cwd, cfg)) path = *found;
    std::error_code error;  // pytest names a missing argument as it was given
    if (!fs::exists(path, error) && !error)
      throw core::UsageError(pyargs ? fmt::format("module or package not found: {} (missing __init__.py?)", arg)
                                    : fmt::format("file or directory not found: {}", arg));
    if (separator != std::string::npos) options.node_selectors.emplace_back(path, arg.substr(separator + 2));
    else options.node_selectors.emplace_back(path, "");
    if (std::find(options.paths.begin(), options.paths.end(), path) == options.paths.end())
      options.paths.push_back(path);
  }
  if (std::none_of(options.node_selectors.begin(), options.node_selectors.end(),
                   [](const auto& s) { return !s.second.empty(); }))
    options.node_selectors.clear();
  if (options.paths.empty())
    for (const auto& path : cfg.paths) options.paths.emplace_back(path);
  if (options.paths.empty()) {
    options.paths.push_back(cwd);
    options.paths_defaulted = true;
  }
  for (const auto& spec : flags.fakes) config::apply_cli_fake(cfg, spec, cwd);
  options.rootdir = cfg.rootdir;
  options.pytest = cfg.pytest;
  if (!flags.keyword.empty()) options.keyword = flags.keyword;
  if (!flags.markexpr.empty()) options.markexpr = flags.markexpr;
  options.command_line = flags.line;
  if (auto confcutdir = flags.line.last("confcutdir"))
    options.command_line.values["confcutdir"] = {config::absolute_normal(cwd, *confcutdir).string()};
  if (auto basetemp = flags.line.last("basetemp"))
    options.command_line.values["basetemp"] = {prepare_basetemp(*basetemp, cwd, options.rootdir)};
  read_collection_flags(flags, cfg, cwd, options);
  options.maxfail = flags.maxfail;
  std::string isolate = !flags.isolate.empty() ? flags.isolate : cfg.isolate.value_or("run");
  options.isolation = isolate == "file" ? run::Isolation::File : run::Isolation::Run;
  options.collect_only = flags.collect_only;
  options.supervise = !flags.line.flag("no_supervise") && cfg.supervise.value_or(true);
  options.continue_on_collection_errors = flags.continue_on_collection_errors;
  options.capture = flags.capture;
  // pyspace-test's python_path, then pytest's `pythonpath`, first on sys.path; PYTHONPATH after
  // the working directory, as python puts it after the script's directory. `pythonpath` is
  // pytest's python_path plugin's.
  options.python_path = cfg.python_path;
  options.subprocess_python_path = cfg.python_path;
  if (!plugin_disabled(flags, "python_path"))
    for (const auto& entry : cfg.pytest.pythonpath)
      if (std::find(options.python_path.begin(), options.python_path.end(), entry) == options.python_path.end())
        options.python_path.push_back(entry);
  options.environment_path = environment_path(cwd);
  options.shared = cfg.shared;
  options.local = cfg.local;
  options.local_origins = cfg.local_origins;
  options.fakes = cfg.fakes;
  read_doctest_flags(flags, options);
  read_cache_flags(flags, cfg, options);
  read_logging_flags(flags, cfg.pytest, options);
  read_timeout_flags(flags, options);
  read_shard_flags(flags, cwd, options);
  read_worker_flags(flags, options);
  read_rerun_flags(flags, options);
  read_coverage_flags(flags, options);
  read_installed_plugins(cfg.pytest, options);
  return options;
}

std::unique_ptr<Reporters> make_reporters(const RunFlags& flags, std::ostream& terminal,
                                          std::ostream& diagnostics, const fs::path& cwd,
                                          const config::PytestSettings& pytest) {
  const std::string& junit_logging = pytest.junit_logging;
  const bool events_on_stdout = flags.json_events == "-";
  // Before the run: a report that cannot be written must not cost a whole run first.
  if (flags.junitxml) report::check_report_path(*flags.junitxml, "JUnit XML report");  // cwd is ours
  if (flags.json_events && flags.json_events->empty())
    throw core::UsageError("cannot write --json-events file '': the path is empty");
  auto reporters = std::make_unique<Reporters>();
  report::ConsoleOptions console;
  console.verbosity = flags.verbosity;
  const int console_fd = events_on_stdout ? STDERR_FILENO : STDOUT_FILENO;
  console.color = report::should_use_color(flags.color, isatty(console_fd), std::getenv("NO_COLOR"));
  console.width = terminal_width(console_fd);
  console.trim_summary_messages = !running_on_ci();
  console.is_terminal = isatty(console_fd);
  console.invocation_dir = config::absolute_normal(cwd, ".").string();
  // Output that reaches the terminal while tests run (-s; fd-level output under --capture=sys)
  // keeps its place among the progress: every write is flushed.
  console.live = console.is_terminal || flags.capture != "fd" || shows_setup(flags.line);
  apply_report_flags(flags, pytest, console);
  apply_logging_flags(flags, pytest, console);
  if (flags.junitxml) console.junit_xml_path = config::absolute_normal(cwd, *flags.junitxml).string();
  reporters->all.add(std::make_unique<report::ConsoleReporter>(events_on_stdout ? diagnostics : terminal, console));
  using report::JunitLogging;
  const JunitLogging logging = report::parse_junit_logging(junit_logging).value_or(JunitLogging::No);
  const bool passing_stdout = logging == JunitLogging::SystemOut || logging == JunitLogging::OutErr ||
                              logging == JunitLogging::All;
  const bool passing_stderr = logging == JunitLogging::SystemErr || logging == JunitLogging::OutErr ||
                              logging == JunitLogging::All;
  if (flags.junitxml) {
    report::JunitOptions junit{config::absolute_normal(cwd, *flags.junitxml).string(), "pytest", "", logging, {}};
    apply_junit_flags(flags, pytest, junit);
    reporters->all.add(std::make_unique<report::JunitReporter>(std::move(junit)));
  }
  if (events_on_stdout) {
    reporters->all.add(std::make_unique<report::JsonEventsReporter>(terminal, "<stdout>", passing_stdout,
                                                                    passing_stderr));
  } else if (flags.json_events) {
    reporters->events_file = std::make_unique<std::ofstream>(*flags.json_events, std::ios::trunc);
    if (!*reporters->events_file)
      throw core::UsageError(fmt::format("cannot write --json-events file {}: {}", *flags.json_events,
                                         std::strerror(errno)));
    reporters->all.add(std::make_unique<report::JsonEventsReporter>(*reporters->events_file, *flags.json_events,
                                                                    passing_stdout, passing_stderr));
  }
  return reporters;
}

Terminals::Terminals() {
  int out_fd = dup(STDOUT_FILENO);
  int err_fd = dup(STDERR_FILENO);
  auto console = std::make_unique<FdOStream>(out_fd >= 0 ? out_fd : STDOUT_FILENO);
  // On a fatal signal the console's last lines are written out before the process dies.
  core::set_emergency_flush(&FdStreamBuf::emergency_flush, &console->buffer());
  out = std::move(console);
  err = std::make_unique<FdOStream>(err_fd >= 0 ? err_fd : STDERR_FILENO);
}

Terminals::~Terminals() { core::set_emergency_flush(nullptr, nullptr); }

report::RunStart run_start_for(const run::RunOptions& options, const config::Config& cfg) {
  report::RunStart start;
  start.rootdir = options.rootdir.string();
  start.configfile = cfg.pytest.file;
  start.config_file = cfg.file;
  start.version = PYSPACE_VERSION;
  start.python_version = python::python_version();
  start.python_executable = python::import_module("sys").attr("executable").as_string();
  return start;
}

CommandSetup::CommandSetup(const std::vector<std::string>& args, const std::vector<config::OptionSpec>& table,
                           const python::InterpreterOptions& interpreter_options)
    : cwd(std::filesystem::current_path()),
      loaded(load_configuration(args, cwd, table)),
      flags(loaded.flags),
      cfg(loaded.cfg),
      interpreter(interpreter_options),
      options(to_run_options(flags, cfg, cwd)),
      reporters(make_reporters(flags, *terminals.out, *terminals.err, cwd, options.pytest)) {
  configure_runner_reporting(flags, terminal_width(flags.json_events == "-" ? STDERR_FILENO : STDOUT_FILENO));
}

}  // namespace pyspace::app
