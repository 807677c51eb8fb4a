#include "run/python_bridge.h"

namespace pyspace::run {
namespace {

// The keys of a report dict (lib/run/reports.py), made once.
namespace keys {
const python::Key nodeid{"nodeid"}, file{"file"}, classname{"classname"}, name{"name"},
    line{"line"}, outcome{"outcome"}, when{"when"}, duration{"duration"}, message{"message"},
    longrepr{"longrepr"}, stdout_{"stdout"}, stderr_{"stderr"}, warnings{"warnings"};
}  // namespace keys

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
  return report;
}

std::vector<core::TestReport> to_reports(const python::Object& list) {
  std::vector<core::TestReport> reports;
  for (const auto& dict : list.as_list()) reports.push_back(to_report(dict));
  return reports;
}

python::Object collect_module() { return python::import_module("_pyspace.collect.collect"); }

}  // namespace

std::optional<std::string> keyword_error(const std::string& keyword) {
  auto error = collect_module().attr("validate_keyword")({keyword});
  if (error.is_none()) return std::nullopt;
  return error.as_string();
}

std::optional<std::string> markexpr_error(const std::string& markexpr) {
  auto error = collect_module().attr("validate_markexpr")({markexpr});
  if (error.is_none()) return std::nullopt;
  return error.as_string();
}

void install_pytest_lite() { python::import_module("_pyspace.pytest_api.pytest_finder").attr("install")(); }

python::Object pytest_config_object(const config::PytestSettings& settings, const std::string& rootdir) {
  python::Kwargs lines;
  for (const auto& [key, line] : settings.lines) lines.emplace_back(key, static_cast<long long>(line));
  python::Object file = settings.file.empty() ? python::none() : python::to_object(settings.file);
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
                               {"warnings", settings.warnings}});
}

std::vector<std::string> config_strings(const python::Object& pytest_config, const char* key) {
  auto value = pytest_config.call_method("get", {std::string(key)});
  if (value.is_none()) return {};
  return value.as_string_list();
}

std::vector<std::string> conftest_warnings() {
  return python::import_module("_pyspace.collect.conftests").attr("warnings")().as_string_list();
}

Collected collect_file(const collect::TestFile& file, const CollectSettings& settings) {
  if (!file.unlistable.empty()) {  // a directory discovery could not list: its collection error
    Collected collected;
    collected.errors.push_back({file.relpath, file.unlistable, "E   " + file.unlistable});
    return collected;
  }
  python::Kwargs kwargs;
  if (settings.keyword) kwargs.emplace_back("keyword", *settings.keyword);
  if (settings.markexpr) kwargs.emplace_back("markexpr", *settings.markexpr);
  kwargs.emplace_back("rootdir", settings.rootdir);
  if (settings.pytest_config.valid()) {
    for (const char* key : {"python_classes", "python_functions", "python_files", "filterwarnings"})
      kwargs.emplace_back(key, settings.pytest_config.call_method("get", {std::string(key)}));
    // pytest 7.2 loads conftest.py files above the rootdir when no ini file pins it.
    bool has_ini = !settings.pytest_config.item("file").is_none();
    kwargs.emplace_back("confcutdir", has_ini ? settings.rootdir : std::string("/"));
  }
  auto result = collect_module().attr("collect_file_recording_warnings")(
      {file.path.string(), file.module_name, file.basedir.string(), file.relpath}, kwargs);
  auto parts = result.as_list();
  Collected collected;
  collected.items = parts.at(0).as_list();
  for (const auto& warning : parts.at(2).as_list()) {
    auto pair = warning.as_string_list();
    collected.warnings.emplace_back(pair.at(0), pair.at(1));
  }
  for (const auto& error : parts.at(1).as_list()) {
    collected.errors.push_back({error.item("path").as_string(), error.item("message").as_string(),
                                error.item("longrepr").as_string()});
  }
  return collected;
}

std::string nodeid_of(const python::Object& item) { return item.attr("nodeid").as_string(); }

Session::Session(bool capture, const python::Object& pytest_config)
    : session_(python::import_module("_pyspace.run.execute")
                   .attr("Session")({}, {{"capture", capture}, {"config", pytest_config}})) {}

Session::~Session() {
  try {
    close();
  } catch (...) {
    // Destructors do not throw; close() explicitly to see errors.
  }
}

std::vector<core::TestReport> Session::run(const python::Object& item, const python::Object& nextitem) {
  return to_reports(session_.call_method("run", {item, nextitem}));
}

std::vector<core::TestReport> Session::finish() { return to_reports(session_.call_method("finish")); }

std::optional<std::string> Session::exit_reason() const {
  auto reason = session_.attr("exit_reason");
  if (reason.is_none()) return std::nullopt;
  return reason.str();
}

void Session::close() {
  if (closed_) return;
  closed_ = true;
  session_.call_method("close");
}

}  // namespace pyspace::run
