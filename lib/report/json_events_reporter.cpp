#include "report/json_events_reporter.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace pyspace::report {
namespace {

using json = nlohmann::ordered_json;  // keys stay in the order written: "event" first

// One line, invalid UTF-8 replaced by U+FFFD instead of throwing.
void write_line(std::ostream& out, const json& event) {
  out << event.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  out.flush();
}

// Appends value as JSON text (invalid UTF-8 replaced, as write_line does).
void append_json(std::string& line, const json& value) {
  line += value.dump(-1, ' ', false, json::error_handler_t::replace);
}

double milliseconds(double seconds) { return std::round(seconds * 1e6) / 1e3; }

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json counts(const core::RunSummary& summary) {
  return {
      {"passed", summary.passed},     {"failed", summary.failed},
      {"errors", summary.errors},     {"skipped", summary.skipped},
      {"xfailed", summary.xfailed},   {"xpassed", summary.xpassed},
      {"warnings", summary.warnings}, {"collect_errors", summary.collect_errors},
  };
}

}  // namespace

JsonEventsReporter::JsonEventsReporter(std::ostream& out) : out_(out) {}

void JsonEventsReporter::run_start(const RunStart& start) {
  trigger_ = start.trigger;
  write_line(out_, {{"event", "run_start"},
                    {"rootdir", start.rootdir},
                    {"configfile", text_or_null(start.configfile)},
                    {"config_file", text_or_null(start.config_file)},
                    {"version", start.version},
                    {"python_version", start.python_version},
                    {"collected", start.collected},
                    {"trigger", start.trigger}});
}

void JsonEventsReporter::collect_error(const core::CollectError& error) {
  write_line(out_, {{"event", "collect_error"},
                    {"path", error.path},
                    {"message", error.message},
                    {"failure", error.longrepr}});
}

// The most frequent event, written field by field: the same line write_line() would produce,
// without building a JSON object of eleven members first (a third of the cost per test).
void JsonEventsReporter::test_done(const core::TestReport& report) {
  std::string line = R"({"event":"test","id":)";
  append_json(line, json(report.nodeid));
  line += R"(,"file":)";
  append_json(line, json(report.file));
  line += R"(,"line":)";
  line += std::to_string(report.line);
  line += R"(,"outcome":)";
  append_json(line, json(core::to_string(report.outcome)));
  line += R"(,"when":)";
  append_json(line, json(report.when));
  line += R"(,"duration_ms":)";
  append_json(line, json(milliseconds(report.duration_s)));
  line += R"(,"message":)";
  append_json(line, json(report.message));
  line += R"(,"failure":)";
  append_json(line, text_or_null(report.longrepr));
  line += R"(,"stdout":)";
  append_json(line, json(report.captured_stdout));
  line += R"(,"stderr":)";
  append_json(line, json(report.captured_stderr));
  line += "}\n";
  out_ << line;
  out_.flush();
}

void JsonEventsReporter::warning(const std::string& text) {
  write_line(out_, {{"event", "warning"}, {"message", text}});
}

void JsonEventsReporter::python_warning(const std::string& where, const std::string& message) {
  write_line(out_, {{"event", "warning"}, {"message", message}, {"where", where}});
}

void JsonEventsReporter::run_end(const core::RunSummary& summary) {
  write_line(out_, {{"event", "run_end"},
                    {"counts", counts(summary)},
                    {"duration_ms", milliseconds(summary.duration_s)},
                    {"exit_code", core::to_int(summary.exit_code())},
                    {"interrupted", summary.interrupted},
                    {"summary", summary.closing_line()},
                    {"trigger", trigger_}});
}

}  // namespace pyspace::report
