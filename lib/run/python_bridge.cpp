#include "run/python_bridge.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <variant>

#include <fmt/format.h>

#include "config/command_line.h"
#include "config/config.h"
#include "core/crash_note.h"
#include "core/errors.h"
#include "python/error.h"
#include "python/fork.h"
#include "python/signals.h"
#include "run/worker_process.h"
#include "space/module_space.h"

namespace pyspace::run {
namespace {

// The keys of a report dict (lib/run/reports.py), made once.
namespace keys {
const python::Key nodeid{"nodeid"}, file{"file"}, classname{"classname"}, name{"name"},
    line{"line"}, outcome{"outcome"}, when{"when"}, duration{"duration"}, message{"message"},
    longrepr{"longrepr"}, stdout_{"stdout"}, stderr_{"stderr"}, warnings{"warnings"},
    durations{"durations"}, sections{"sections"}, user_properties{"user_properties"},
    xml_attributes{"xml_attributes"}, suite_properties{"suite_properties"};
}  // namespace keys

// [(str, str)] -> pairs; an empty sequence (the common case) costs one truth test.
std::vector<std::pair<std::string, std::string>> string_pairs(const python::Object& sequence) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!sequence.truthy()) return pairs;
  for (const auto& pair : sequence.as_list()) {
    auto both = pair.as_string_list();
    pairs.emplace_back(both.at(0), both.at(1));
  }
  return pairs;
}

core::TestReport to_report(const python::Object& dict) {
  core::TestReport report;
  report.nodeid = dict.item(keys::nodeid).as_string();
  report.file = dict.item(keys::file).as_string();
  report.classname = dict.item(keys::classname).as_string();
  report.name = dict.item(keys::name).as_string();
  report.line = static_cast<int>(dict.item(keys::line).as_int());
  report.outcome =
      core::outcome_from_string(dict.item(keys::outcome).as_string()).value_or(core::Outcome::Error);
  report.when = dict.item(keys::when).as_string();
  report.duration_s = dict.item(keys::duration).as_float();
  report.message = dict.item(keys::message).as_string();
  report.longrepr = dict.item(keys::longrepr).as_string();
  report.captured_stdout = dict.item(keys::stdout_).as_string();
  report.captured_stderr = dict.item(keys::stderr_).as_string();
  auto warnings = dict.item(keys::warnings);
  if (warnings.truthy()) report.warnings = warnings.as_string_list();
  auto durations = dict.item(keys::durations);  // --durations only (reports.time_phases)
  if (!durations.is_none())
    for (const auto& phase : durations.as_list()) {
      auto when_seconds = phase.as_list();
      report.phase_durations.emplace_back(when_seconds.at(0).as_string(), when_seconds.at(1).as_float());
    }
  auto sections = dict.item(keys::sections);  // reports.Sections, or None (nothing written)
  if (!sections.is_none()) {
    auto parts = sections.as_list();
    report.sections = string_pairs(parts.at(0));
    report.teardown_sections = string_pairs(parts.at(1));
    report.live_log = string_pairs(parts.at(2));
    report.live_log_after = string_pairs(parts.at(3));
  }
  report.user_properties = string_pairs(dict.item(keys::user_properties));  // None: none
  report.xml_attributes = string_pairs(dict.item(keys::xml_attributes));
  report.suite_properties = string_pairs(dict.item(keys::suite_properties));
  return report;
}

std::vector<core::TestReport> to_reports(const python::Object& list) {
  std::vector<core::TestReport> reports;
  for (const auto& dict : list.as_list()) reports.push_back(to_report(dict));
  return reports;
}

python::Object collect_module() { return python::import_module("_pyspace.collect.collect"); }

std::optional<std::string> expression_error(const char* validator, const std::string& expression) {
  auto error = collect_module().attr(validator)({expression});
  if (error.is_none()) return std::nullopt;
  return error.as_string();
}

std::vector<std::string> config_strings(const python::Object& pytest_config, const char* key) {
  auto value = pytest_config.call_method("get", {std::string(key)});
  if (value.is_none()) return {};
  return value.as_string_list();
}

// A collected _pyspace.collect.items.Item.
struct PythonItem final : ItemHandle {
  explicit PythonItem(python::Object item) : object(std::move(item)) {}
  python::Object object;
};

const python::Object& object_of(const Item& item) {
  return static_cast<const PythonItem&>(*item.handle).object;
}

// With capture off, tests print through Python's buffered sys.stdout; flush it so their output
// precedes the console's next line.
void flush_python_stdio() {
  auto sys = python::import_module("sys");
  for (const char* name : {"stdout", "stderr"}) {
    auto stream = sys.attr(name);
    if (!stream.is_none()) stream.call_method("flush");
  }
}

// The runner's dict of pytest's configuration (_pyspace.pytest_api.pytest_config.from_model) for
// the settings the C++ configuration model read (lib/config/pytest_keys.h): no file is read.
python::Object pytest_config_object(const config::PytestSettings& settings, const std::string& rootdir,
                                    const std::vector<std::string>& cmdline_filterwarnings) {
  python::Kwargs lines;
  for (const auto& [key, line] : settings.lines) lines.emplace_back(key, static_cast<long long>(line));
  python::Object file = settings.file.empty() ? python::none() : python::to_object(settings.file);
  python::Kwargs ini;  // every key pytest knows that the file or -o set, as getini() types it
  for (const auto& [key, value] : settings.ini) {
    using Kind = config::IniSetting::Kind;
    if (value.kind == Kind::List) ini.emplace_back(key, value.items);
    else if (value.kind == Kind::Bool) ini.emplace_back(key, value.flag);
    else ini.emplace_back(key, value.text);
  }
  return python::import_module("_pyspace.pytest_api.pytest_config")
      .attr("from_model")({}, {{"rootdir", rootdir},
                               {"file", file},
                               {"shown_as", settings.shown_as},
                               {"testpaths", settings.testpaths},
                               {"python_files", settings.python_files},
                               {"python_classes", settings.python_classes},
                               {"python_functions", settings.python_functions},
                               {"markers", settings.markers},
                               {"filterwarnings", settings.filterwarnings},
                               {"xfail_strict", settings.xfail_strict},
                               {"lines", python::import_module("builtins").attr("dict")({}, lines)},
                               {"ini", python::import_module("builtins").attr("dict")({}, ini)},
                               {"cmdline_filterwarnings", cmdline_filterwarnings},
                               {"warnings", settings.warnings}});
}

// os.environ["PYTHONPATH"] for the Python subprocesses tests start: `entries`, then what the
// variable held when pyspace-test started (unset again when both are empty). In the root, GIL
// held: the baseline every space's process state is restored to.
void export_subprocess_path(const std::vector<std::string>& entries) {
  static const std::optional<std::string> at_start = [] {
    const char* value = std::getenv("PYTHONPATH");
    return value ? std::optional<std::string>(value) : std::nullopt;
  }();
  std::string joined;
  for (const auto& entry : entries) joined += (joined.empty() ? "" : ":") + entry;
  if (at_start && !at_start->empty()) joined += (joined.empty() ? "" : ":") + *at_start;
  python::Object environ = python::import_module("os").attr("environ");
  if (!joined.empty()) environ.call_method("__setitem__", {std::string("PYTHONPATH"), joined});
  else if (at_start) environ.call_method("__setitem__", {std::string("PYTHONPATH"), *at_start});
  else environ.call_method("pop", {std::string("PYTHONPATH"), python::none()});
}

// A name the space cannot make local (sys, a shared package) is the config's mistake: the
// message names where the config lists it.
void add_local(space::ModuleSpace& space, const std::string& module,
               const std::map<std::string, std::string>& origins) {
  try {
    space.add_local(module);
  } catch (const core::UsageError& error) {
    auto origin = origins.find(module);
    if (origin == origins.end()) throw;
    throw core::UsageError(fmt::format("{}: {}", origin->second, error.what()));
  }
}

class PythonSpace final : public RunSpace {
 public:
  PythonSpace(const RunOptions& options, const std::function<void(space::ModuleSpace&)>& observer)
      : observer_(observer) {
    export_subprocess_path(options.subprocess_python_path);
    // python_path first, then the working directory (as `python -m pytest` puts it first), then
    // PYTHONPATH's entries (after it, as python puts them).
    auto path = space_.path();
    std::error_code error;
    std::string cwd = std::filesystem::current_path(error).string();
    auto after_cwd = path.begin();
    if (!error) {
      after_cwd = std::find(path.begin(), path.end(), cwd);
      if (after_cwd == path.end()) after_cwd = path.insert(path.begin(), cwd);
      ++after_cwd;
    }
    path.insert(after_cwd, options.environment_path.begin(), options.environment_path.end());
    path.insert(path.begin(), options.python_path.begin(), options.python_path.end());
    space_.set_path(path);
    space_.set_argv({"pyspace-test"});
    for (const auto& module : kFrameworkModules) space_.add_shared(module);
    for (const auto& module : options.shared) space_.add_shared(module);
    for (const auto& module : options.local) add_local(space_, module, options.local_origins);
    for (const auto& fake : options.fakes) {
      if (fake.path) space_.fake_file(fake.module, *fake.path);
      else space_.block(fake.module);
    }
  }
  void activate() override { space_.activate(); }
  void deactivate() override {
    try {
      space_.deactivate();
    } catch (const python::PythonError& error) {
      if (error.type() == "KeyboardInterrupt") throw;
      throw core::SpaceBroken(fmt::format(
          "the module space could not be put back after its tests ran ({}): a test broke what the "
          "runner needs to restore it; the run ends here", error.what()));
    }
  }
  void checkpoint() override { space_.handle().call_method("checkpoint"); }
  std::vector<std::string> settle() override { return space_.handle().call_method("settle").as_string_list(); }
  SpaceTeardown close(bool check_leaks) override {
    if (observer_) observer_(space_);
    auto report = space_.close(check_leaks);
    return {std::move(report.changes), std::move(report.leaks), std::move(report.notices)};
  }

 private:
  space::ModuleSpace space_;
  const std::function<void(space::ModuleSpace&)>& observer_;
};

// pytest's option values for `config.getoption()`: every option of the table by its dest, typed
// as pytest's argparse types it (flags bool, counts and ints int, -p/-W/... lists), pytest's
// defaults for those not given.
python::Object option_values(const config::CommandLine& line) {
  static const std::vector<std::pair<std::string_view, python::Value>> kDefaults = {
      {"capture", std::string("fd")},  {"tbstyle", std::string("auto")},
      {"reportchars", std::string("fE")}, {"importmode", std::string("prepend")},
      {"color", std::string("auto")},  {"code_highlight", std::string("yes")},
      {"showcapture", std::string("all")}, {"durations_min", 0.005},
      {"last_failed_no_failures", std::string("all")}, {"assertmode", std::string("rewrite")},
      {"keyword", std::string("")},    {"markexpr", std::string("")}};
  python::Kwargs values;
  for (const auto& spec : config::run_option_table()) {
    const std::string dest(spec.dest);
    if (std::any_of(values.begin(), values.end(), [&](const auto& v) { return v.first == dest; })) continue;
    using config::OptionAction;
    auto given = line.last(dest);
    python::Value value;
    if (spec.action == OptionAction::Append) {
      value = line.all(dest);
    } else if (spec.action == OptionAction::Count || spec.type == config::ValueType::Int) {
      if (given || spec.action == OptionAction::Count) value = static_cast<long long>(line.count(dest));
    } else if (spec.type == config::ValueType::Float) {
      if (given) value = std::strtod(given->c_str(), nullptr);
    } else if (spec.action == OptionAction::StoreTrue) {
      value = line.flag(dest);
    } else if (dest == "showlocals") {
      value = given == "1";
    } else if (given) {
      value = *given;
    }
    if (std::holds_alternative<std::monostate>(value))
      for (const auto& [name, fallback] : kDefaults)
        if (name == dest) value = fallback;
    values.emplace_back(dest, value);
  }
  return python::import_module("builtins").attr("dict")({}, values);
}

// The run's log settings (lib/fixtures/log_format.py); an unknown level is its UsageError.
void configure_logging(const LoggingOptions& logging) {
  auto text = [](const std::string& value) -> python::Value {
    if (value.empty()) return std::monostate{};
    return value;
  };
  auto level = [](const LoggingOptions::Level& given) -> python::Value {
    if (given.text.empty()) return std::monostate{};
    return std::vector<std::string>{given.text, given.setting};
  };
  python::import_module("_pyspace.fixtures.log_format")
      .attr("configure")({}, {{"level", level(logging.level)},
                              {"format", text(logging.format)},
                              {"date_format", text(logging.date_format)},
                              {"auto_indent", text(logging.auto_indent)},
                              {"color", logging.color},
                              {"live", logging.live},
                              {"live_level", level(logging.live_level)},
                              {"live_format", text(logging.live_format)},
                              {"live_date_format", text(logging.live_date_format)},
                              {"file", text(logging.file)},
                              {"file_level", level(logging.file_level)},
                              {"file_format", text(logging.file_format)},
                              {"file_date_format", text(logging.file_date_format)},
                              {"eager", logging.any}});
}

const config::IniSetting* find_ini(const config::PytestSettings& settings, std::string_view key) {
  auto it = settings.ini.find(key);
  return it == settings.ini.end() ? nullptr : &it->second;
}

// One `_pyspace.run.execute.Session` (capture set up on first use, released by close()).
class PythonExecutor final : public Executor {
 public:
  PythonExecutor(const std::string& capture, const python::Object& pytest_config, const python::Object& options)
      : session_(python::import_module("_pyspace.run.execute")
                     .attr("Session")({}, {{"capture", capture}, {"config", pytest_config}, {"options", options}})),
        fd_capture_(capture == "fd"), setup_show_(session_.attr("shows_setup").truthy()),
        writes_terminal_(!fd_capture_) {}
  ~PythonExecutor() override {
    try {
      close();
    } catch (...) {
      // Destructors do not throw; close() explicitly to see errors.
    }
  }

  std::vector<core::TestReport> run(const Item& item, const Item* next) override {
    auto reports = to_reports(session_.call_method("run", {object_of(item), next ? object_of(*next) : none_}));
    if (!fd_capture_) flush_python_stdio();  // the test's output, before the terminal's
    return reports;
  }
  void reported() override {
    if (setup_show_) session_.call_method("reported");
  }
  bool writes_to_terminal() const override { return writes_terminal_ || setup_show_; }
  double timeout_of(const Item& item, double default_s) const override {
    if (!item_timeout_.valid()) item_timeout_ = python::import_module("_pyspace.run.timeouts").attr("item_timeout");
    return item_timeout_({object_of(item), default_s}).as_float();
  }
  const Item* first_time_limited(const std::vector<const Item*>& items) const override {
    auto list = python::import_module("builtins").attr("list")();
    for (const Item* item : items) list.call_method("append", {object_of(*item)});
    const long long index = python::import_module("_pyspace.run.timeouts").attr("first_marked")({list}).as_int();
    return index < 0 ? nullptr : items.at(static_cast<std::size_t>(index));
  }
  std::vector<core::TestReport> finish() override { return to_reports(session_.call_method("finish")); }
  std::vector<std::string> finish_live_log() const override {
    return session_.attr("finish_live").as_string_list();
  }
  std::optional<std::string> exit_reason() const override {
    auto reason = session_.attr("exit_reason");
    if (reason.is_none()) return std::nullopt;
    return reason.str();
  }
  void close() override {
    if (closed_) return;
    closed_ = true;
    session_.call_method("close");
  }

 private:

  python::Object session_;
  const python::Object none_ = python::none();
  bool fd_capture_;  // fds 1 and 2 are the capture's files while the session is open
  bool setup_show_;  // --setup-show: the session writes to the terminal after each test
  mutable python::Object item_timeout_;  // timeouts.item_timeout, imported at first use
  bool writes_terminal_;  // not fd capture: os.write(1, ...), C code and children reach the terminal
  bool closed_ = false;
};

}  // namespace

PythonCollector::PythonCollector(const RunOptions& options)
    : keyword_(options.keyword), markexpr_(options.markexpr), capture_mode_(options.capture),
      rootdir_(options.rootdir.string()), doctest_(options.doctest) {
  if (keyword_) {
    if (auto error = expression_error("validate_keyword", *keyword_)) throw core::UsageError(*error);
  }
  if (markexpr_) {
    if (auto error = expression_error("validate_markexpr", *markexpr_)) throw core::UsageError(*error);
  }
  // The runner's own modules, and what they import, live in the root: imported here, before
  // any space exists, rather than by the first collect/run call inside a space.
  for (const char* module : {"_pyspace.collect.collect", "_pyspace.run.execute"}) python::import_module(module);
  python::import_module("_pyspace.pytest_api.pytest_finder").attr("install")();
  pytest_config_ = pytest_config_object(options.pytest, rootdir_, options.pythonwarnings);
  const bool runxfail = options.command_line.flag("runxfail");
  python::import_module("_pyspace.pytest_api.run_switches")
      .attr("configure")({options.pytest.markers, options.strict_markers, runxfail, options.disabled_plugins});
  const bool warnings_plugin = std::find(options.disabled_plugins.begin(), options.disabled_plugins.end(),
                                         "warnings") == options.disabled_plugins.end();
  python::import_module("_pyspace.pytest_api.warning_filters").attr("set_plugin")({warnings_plugin});
  python::import_module("_pyspace.collect.marks").attr("set_runxfail")({runxfail});
  python::import_module("_pyspace.collect.conftests").attr("set_noconftest")({options.command_line.flag("noconftest")});
  python::import_module("_pyspace.collect.import_modes")
      .attr("configure")({options.command_line.last("importmode").value_or("prepend"), rootdir_});
  configure_logging(options.logging);
  std::vector<std::string> plugin_names, plugin_dists;
  for (const auto& [name, dist] : options.inert_plugins) {
    plugin_names.push_back(name);
    plugin_dists.push_back(dist);
  }
  python::import_module("_pyspace.collect.engine_needs").attr("configure")({plugin_names, plugin_dists});
  const bool xdist = options.command_line.last("numprocesses").has_value() ||
                     std::find(plugin_names.begin(), plugin_names.end(), "xdist") != plugin_names.end();
  python::import_module("_pyspace.fixtures.xdist_fixtures").attr("configure")({xdist});
  const bool selection = keyword_ || markexpr_ || !options.deselect.empty();
  python::import_module("_pyspace.collect.hooks")
      .attr("configure")({pytest_config_, option_values(options.command_line), options.pytest.unknown_keys, selection,
                          options.isolation == Isolation::File});
  const auto* usefixtures = find_ini(options.pytest, "usefixtures");
  python::import_module("_pyspace.fixtures.definitions")
      .attr("set_ini_usefixtures")({usefixtures ? usefixtures->items : std::vector<std::string>{}});
  const auto* empty_mark = find_ini(options.pytest, "empty_parameter_set_mark");
  try {
    python::import_module("_pyspace.collect.parametrize")
        .attr("set_empty_parameter_set_mark")({empty_mark ? empty_mark->text : std::string()});
  } catch (const python::PythonError& error) {
    throw core::UsageError(fmt::format("{}: {}", options.pytest.shown_as, error.message()));
  }
  // config.cache / the `cache` fixture (pytest_api/cache.py): pytest's cache directory.
  if (options.cache.enabled)
    pytest_config_.call_method("__setitem__", {std::string("cache_dir_path"), options.cache.dir.string()});
  settings_.warnings = config_strings(pytest_config_, "warnings");
  settings_.testpaths = config_strings(pytest_config_, "testpaths");
  settings_.python_files = config_strings(pytest_config_, "python_files");
  if (keyword_) config_kwargs_.emplace_back("keyword", *keyword_);
  if (markexpr_) config_kwargs_.emplace_back("markexpr", *markexpr_);
  if (!options.deselect.empty()) config_kwargs_.emplace_back("deselect", options.deselect);
  config_kwargs_.emplace_back("rootdir", rootdir_);
  for (const char* key : {"python_classes", "python_functions", "python_files", "filterwarnings"})
    config_kwargs_.emplace_back(key, pytest_config_.call_method("get", {std::string(key)}));
  // pytest 7.2 loads conftest.py files above the rootdir when no ini file pins it.
  bool has_ini = !pytest_config_.item("file").is_none();
  if (auto confcutdir = options.command_line.last("confcutdir"))  // made absolute by the app
    confcutdir_ = *confcutdir;
  else
    confcutdir_ = has_ini ? rootdir_ : std::string("/");
  config_kwargs_.emplace_back("confcutdir", confcutdir_);
}

Collected PythonCollector::collect(const collect::TestFile& file) {
  if (!file.unlistable.empty()) {  // a directory discovery could not list: its collection error
    Collected collected;
    collected.errors.push_back({file.relpath, file.unlistable, "E   " + file.unlistable});
    return collected;
  }
  auto captured = python::import_module("_pyspace.run.capture")
                      .attr("collecting")({capture_mode_, collect_module().attr("collect_file_recording_warnings"),
                                           file.path.string(), file.module_name, file.basedir.string(), file.relpath},
                                          file.doctests == collect::Doctests::None ? config_kwargs_ : doctest_kwargs(file))
                      .as_list();
  auto parts = captured.at(0).as_list();
  Collected collected;
  for (auto& item : parts.at(0).as_list()) {
    std::string id = item.attr("nodeid").as_string();
    std::string shown_file = item.attr("file").as_string();
    collected.items.push_back({std::move(id), std::make_shared<PythonItem>(std::move(item)), std::move(shown_file)});
  }
  for (const auto& warning : parts.at(2).as_list()) {
    auto pair = warning.as_string_list();
    collected.warnings.emplace_back(pair.at(0), pair.at(1));
  }
  for (const auto& error : parts.at(1).as_list()) {
    collected.errors.push_back({error.item("path").as_string(), error.item("message").as_string(),
                                error.item("longrepr").as_string()});
    for (const auto& [title, index] : {std::pair{"Captured stdout", 1}, std::pair{"Captured stderr", 2}}) {
      std::string text = captured.at(index).as_string();  // pytest's sections of a failed collection
      if (!text.empty()) collected.errors.back().sections.emplace_back(title, std::move(text));
    }
    auto conftest = error.call_method("get", {std::string("conftest")});
    if (!conftest.is_none()) {
      collected.errors.back().conftest = true;
      collected.errors.back().conftest_message = conftest.item("message").as_string();
      collected.errors.back().conftest_longrepr = conftest.item("longrepr").as_string();
    }
  }
  collected.deselected = static_cast<int>(parts.at(3).as_int());
  collected.live_log = parts.at(4).as_string_list();
  for (const auto& skip : parts.at(5).as_list()) {
    core::TestReport report;
    report.nodeid = skip.item("nodeid").as_string();
    report.file = skip.item("file").as_string();
    report.classname = skip.item("classname").as_string();
    report.name = skip.item("name").as_string();
    report.line = static_cast<int>(skip.item("line").as_int());
    report.outcome = core::Outcome::Skipped;
    report.when = "collect";
    report.message = skip.item("reason").as_string();
    report.longrepr = skip.item("longrepr").as_string();
    collected.skips.push_back(std::move(report));
  }
  return collected;
}

python::Kwargs PythonCollector::doctest_kwargs(const collect::TestFile& file) {
  if (!doctest_options_.valid()) {
    doctest_options_ = python::import_module("_pyspace.collect.doctests")
                           .attr("options")({pytest_config_},
                                            {{"report", doctest_.report},
                                             {"continue_on_failure", doctest_.continue_on_failure},
                                             {"ignore_import_errors", doctest_.ignore_import_errors}});
  }
  python::Kwargs kwargs = config_kwargs_;
  kwargs.emplace_back("doctest", std::string(file.doctests == collect::Doctests::Text ? "text" : "module"));
  kwargs.emplace_back("tests", file.tests);
  kwargs.emplace_back("doctest_options", doctest_options_);
  return kwargs;
}

std::optional<Collector::ItemOrder> PythonCollector::modify_items(const std::vector<const Item*>& items) {
  auto hooks = python::import_module("_pyspace.collect.hooks");
  auto list = python::import_module("builtins").attr("list")();
  for (const Item* item : items) list.call_method("append", {object_of(*item)});
  auto result = hooks.attr("modify_items")({list, pytest_config_.call_method("get", {std::string("filterwarnings")})});
  if (result.is_none()) return std::nullopt;
  auto parts = result.as_list();
  if (!parts.at(2).is_none()) throw core::EngineNeeded(parts.at(2).as_string());
  ItemOrder order;
  for (const auto& index : parts.at(0).as_list()) order.order.push_back(static_cast<int>(index.as_int()));
  order.deselected = static_cast<int>(parts.at(1).as_int());
  for (const auto& warning : parts.at(3).as_list()) {
    auto pair = warning.as_list();
    order.warnings.emplace_back(pair.at(0).as_string(), pair.at(1).as_string());
  }
  return order;
}

std::optional<std::string> PythonCollector::initial_conftest_failure(const std::vector<std::filesystem::path>& anchors) {
  std::vector<std::string> paths;
  for (const auto& anchor : anchors) paths.push_back(anchor.string());
  auto text = python::import_module("_pyspace.collect.conftests").attr("initial_failure")({paths, rootdir_, confcutdir_});
  if (text.is_none()) return std::nullopt;
  return text.as_string();
}

std::vector<std::vector<CollectedNode>> PythonCollector::node_chains(const std::vector<const Item*>& items,
                                                                     bool docs) {
  auto chain = python::import_module("_pyspace.collect.node_chain").attr("chain");
  std::vector<std::vector<CollectedNode>> chains;
  for (const Item* item : items) {
    std::vector<CollectedNode> nodes;
    for (const auto& node : chain({object_of(*item), rootdir_, docs}).as_list()) {
      auto parts = node.as_string_list();
      nodes.push_back({parts.at(0), parts.at(1), parts.at(2)});
    }
    chains.push_back(std::move(nodes));
  }
  return chains;
}

std::vector<std::string> PythonCollector::unsupported() {
  return python::import_module("_pyspace.collect.engine_needs").attr("found")().as_string_list();
}

// faulthandler is enabled after the note is installed, so that it hands the signal on to it;
// it is on before any space exists, so no space's process-state snapshot sees it change.
CrashWatch::CrashWatch() {
  fd_ = dup(STDERR_FILENO);
  if (fd_ < 0) return;
  auto faulthandler = python::import_module("faulthandler");
  faulthandler_was_on_ = faulthandler.attr("is_enabled")().truthy();
  faulthandler.attr("disable")();
  core::install_crash_note(fd_);
  faulthandler.attr("enable")({}, {{"file", static_cast<long long>(fd_)}, {"all_threads", true}});
  // A test that turns it off gets it back on this fd when its space is closed.
  python::import_module("_pyspace.space.interpreter_settings").attr("set_faulthandler_file")({static_cast<long long>(fd_)});
  // This fd, the terminal's duplicates and the events stream are open now, before any test:
  // os.closerange(3, 65536) in a test leaves them (private_os.py).
  auto private_os = python::import_module("_pyspace.python.private_os");
  private_os.attr("guard_closerange")();
  kept_fds_ = private_os.attr("keep_open_fds")();
}

CrashWatch::~CrashWatch() {
  if (fd_ < 0) return;
  try {
    python::import_module("_pyspace.space.interpreter_settings").attr("set_faulthandler_file")({python::none()});
    auto faulthandler = python::import_module("faulthandler");
    faulthandler.attr("disable")();
    if (faulthandler_was_on_) faulthandler.attr("enable")();
    if (kept_fds_.valid()) python::import_module("_pyspace.python.private_os").attr("forget")({kept_fds_});
  } catch (...) {
    // Destructors do not throw; the handlers below are put back whatever Python says.
  }
  core::uninstall_crash_note();
  ::close(fd_);
}

PythonSessions::PythonSessions(const RunOptions& options, const PythonCollector& collector)
    : options_(options), collector_(collector) {}

std::unique_ptr<RunSpace> PythonSessions::make_space() {
  return std::make_unique<PythonSpace>(options_, observer_);
}

std::vector<InstalledPlugin> installed_plugins(const RunOptions& options) {
  // The directories pytest's importlib.metadata would read: the space's sys.path.
  std::vector<std::string> path = options.python_path;
  std::error_code error;
  path.push_back(std::filesystem::current_path(error).string());
  path.insert(path.end(), options.environment_path.begin(), options.environment_path.end());
  for (auto& entry : python::import_module("sys").attr("path").as_string_list()) path.push_back(std::move(entry));
  auto module = python::import_module("_pyspace.pytest_api.installed_plugins");
  auto inert = module.attr("inert");
  std::vector<InstalledPlugin> plugins;
  for (const auto& pair : module.attr("active")({path, options.disabled_plugins}).as_list()) {
    auto both = pair.as_string_list();
    const bool acts_when_used = inert({both.at(0)}).truthy();
    plugins.push_back({both.at(0), both.at(1), acts_when_used});
  }
  return plugins;
}

PytestRun run_with_pytest(const RunOptions& options, const std::vector<std::string>& args,
                          const std::function<void(space::ModuleSpace&)>& observer) {
  auto engine = python::import_module("_pyspace.run.pytest_engine");
  for (const auto& module : options.local) {  // never silently different: refuse what it cannot do
    auto sentences = engine.attr("unhonoured_locals")({std::vector<std::string>{module}}).as_string_list();
    if (sentences.empty()) continue;
    auto origin = options.local_origins.find(module);
    throw core::UsageError(origin == options.local_origins.end()
                               ? sentences.front()
                               : fmt::format("{}: {}", origin->second, sentences.front()));
  }
  PythonSpace space(options, observer);
  PytestRun run;
  {
    RunSpace::Active active(space);
    run.exit_code = static_cast<int>(engine.attr("main")({args}).as_int());
  }
  run.interrupted_by_user = engine.attr("interrupted")().truthy();
  space.close(false);  // what pytest's run changed in the process is put back, as for any run
  return run;
}

std::unique_ptr<Executor> PythonSessions::open_session() {
  return std::make_unique<PythonExecutor>(options_.capture, collector_.pytest_config(),
                                          option_values(options_.command_line));
}

// The child's last words (faulthandler's stacks, the crash note) go to `crash_fd`, which its
// parent reads; the console's buffer is the parent's: the child has nothing to flush.
int PythonSessions::fork_process(int crash_fd, int channel_fd) {
  const int pid = python::fork_interpreter();
  if (pid == 0) {
    core::set_emergency_flush(nullptr, nullptr);
    if (crash_watch_.fd() >= 0) dup2(crash_fd, crash_watch_.fd());
    try {
      python::import_module("_pyspace.python.private_os").attr("keep")({static_cast<long long>(channel_fd)});
      // The parent's atexit callbacks are its own to call when it exits (the child never runs
      // them: it ends with _exit); what is registered from now on is the child's.
      python::import_module("atexit").attr("_clear")();
      if (crash_watch_.fd() >= 0)  // a test past its time: where its threads were (--timeout)
        python::import_module("faulthandler")
            .attr("register")({static_cast<long long>(stack_dump_signal())},
                              {{"file", static_cast<long long>(crash_watch_.fd())}, {"all_threads", true}, {"chain", false}});
    } catch (const std::exception&) {
      // Nothing may unwind into the parent's stack in the child; the fd is then unguarded.
    }
  }
  return pid;
}

void PythonSessions::enter_worker(const std::string& id, int count, const std::string& testrun_uid) {
  python::import_module("_pyspace.fixtures.xdist_fixtures")
      .attr("enter")({id, static_cast<long long>(count), testrun_uid});
}

void PythonSessions::start_coverage() {
  const auto& cov = options_.coverage;
  if (!cov.enabled) return;
  std::vector<std::string> types, dests;
  for (const auto& [type, dest] : cov.reports) {
    types.push_back(type);
    dests.push_back(dest);
  }
  try {
    python::Value fail_under;  // None: the coverage config's
    if (cov.fail_under) fail_under = *cov.fail_under;
    python::import_module("_pyspace.run.coverage_run")
        .attr("start")({cov.sources, types, dests, cov.branch, cov.config, cov.append, fail_under});
  } catch (const python::PythonError& error) {
    throw core::UsageError(fmt::format("--cov: {}: {}", error.type(), error.message()));
  }
}

std::vector<std::pair<int, std::string>> PythonSessions::run_child_exit_callbacks() {
  std::vector<std::pair<int, std::string>> written;
  for (const auto& chunk : python::import_module("_pyspace.run.exit_callbacks").attr("run")().as_list()) {
    auto parts = chunk.as_list();
    written.emplace_back(static_cast<int>(parts.at(0).as_int()), parts.at(1).as_string());
  }
  return written;
}

std::vector<std::string> PythonSessions::running_threads() {
  auto threading = python::import_module("sys").attr("modules").call_method("get", {std::string("threading")});
  if (threading.is_none()) return {};  // no thread was started through it
  std::vector<std::string> names;
  auto main = threading.attr("main_thread")();
  for (const auto& thread : threading.attr("enumerate")().as_list())
    if (thread.ptr() != main.ptr() && thread.attr("is_alive")().truthy()) names.push_back(thread.attr("name").as_string());
  return names;
}

void PythonSessions::save_child_coverage() {
  if (options_.coverage.enabled) python::import_module("_pyspace.run.coverage_run").attr("save_child")();
}

std::optional<std::pair<std::string, bool>> PythonSessions::finish_coverage(bool tests_failed) {
  if (!options_.coverage.enabled) return std::nullopt;
  auto result = python::import_module("_pyspace.run.coverage_run")
                    .attr("finish")({tests_failed, options_.coverage.no_report_on_fail});
  if (result.is_none()) return std::nullopt;
  auto parts = result.as_list();
  return std::pair{parts.at(0).as_string(), parts.at(1).truthy()};
}

bool PythonSessions::interrupted() { return python::interrupted_by_signal(); }

}  // namespace pyspace::run
