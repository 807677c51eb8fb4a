#include "report/json_events_reporter.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/errors.h"

namespace pyspace::report {
namespace {

using json = nlohmann::ordered_json;  // keys stay in the order written: "event" first

// One line, invalid UTF-8 replaced by U+FFFD instead of throwing.
std::string event_line(const json& event) {
  return event.dump(-1, ' ', false, json::error_handler_t::replace) + '\n';
}

// Appends value as JSON text (invalid UTF-8 replaced, as event_line does).
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
      {"reruns", summary.reruns},
  };
}

}  // namespace

JsonEventsReporter::JsonEventsReporter(std::ostream& out, std::string path, bool passing_stdout,
                                       bool passing_stderr)
    : out_(out), path_(std::move(path)), passing_stdout_(passing_stdout), passing_stderr_(passing_stderr) {}

void JsonEventsReporter::emit(const std::string& line) {
  if (!failure_.empty()) return;
  errno = 0;
  out_ << line;
  out_.flush();
  if (!out_) failure_ = errno != 0 ? std::strerror(errno) : "write failed";
}

void JsonEventsReporter::run_start(const RunStart& start) {
  trigger_ = start.trigger;
  emit(event_line({{"event", "run_start"},
                    {"rootdir", start.rootdir},
                    {"configfile", text_or_null(start.configfile)},
                    {"config_file", text_or_null(start.config_file)},
                    {"version", start.version},
                    {"python_version", start.python_version},
                    {"collected", start.collected},
                    {"trigger", start.trigger}}));
}

void JsonEventsReporter::collect_error(const core::CollectError& error) {
  emit(event_line({{"event", "collect_error"},
                    {"path", error.path},
                    {"message", error.message},
                    {"failure", error.longrepr}}));
}

// The most frequent event, written field by field: the same line event_line() would produce,
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
  const bool failed = report.outcome == core::Outcome::Failed || report.outcome == core::Outcome::Error;
  static const std::string kNone;
  if (!report.reruns.empty()) {  // --reruns: the earlier attempts; passed at last: flaky
    json attempts = json::array();
    for (const auto& attempt : report.reruns)
      attempts.push_back({{"outcome", core::to_string(attempt.outcome)}, {"when", attempt.when},
                          {"duration_ms", milliseconds(attempt.duration_s)}, {"message", attempt.message},
                          {"failure", attempt.longrepr}});
    line += R"(,"reruns":)";
    append_json(line, attempts);
    line += R"(,"flaky":)";
    line += core::is_failure(report.outcome) ? "false" : "true";
  }
  line += R"(,"stdout":)";
  append_json(line, json(failed || passing_stdout_ ? report.captured_stdout : kNone));
  line += R"(,"stderr":)";
  append_json(line, json(failed || passing_stderr_ ? report.captured_stderr : kNone));
  line += "}\n";
  emit(line);
}

void JsonEventsReporter::warning(const std::string& text) {
  emit(event_line({{"event", "warning"}, {"message", text}}));
}

void JsonEventsReporter::python_warning(const std::string& where, const std::string& message) {
  emit(event_line({{"event", "warning"}, {"message", message}, {"where", where}}));
}

void JsonEventsReporter::run_end(const core::RunSummary& summary) {
  emit(event_line({{"event", "run_end"},
                    {"counts", counts(summary)},
                    {"duration_ms", milliseconds(summary.duration_s)},
                    {"exit_code", core::to_int(summary.exit_code())},
                    {"interrupted", summary.interrupted},
                    {"summary", summary.closing_line()},
                    {"trigger", trigger_}}));
  if (!failure_.empty())
    throw core::Error(core::ExitCode::InternalError,
                      fmt::format("cannot write --json-events file {}: {} (events after the failure are missing)",
                                  path_, failure_));
}

}  // namespace pyspace::report
