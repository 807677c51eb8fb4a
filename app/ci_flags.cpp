#include "app/ci_flags.h"

#include <sched.h>

#include <algorithm>
#include <cerrno>

#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "config/command_line.h"
#include "core/errors.h"

namespace pyspace::app {
namespace {

struct Limit {
  double seconds = 0;
  std::string source;  // "--timeout", "PYTEST_TIMEOUT", "pytest.ini: timeout"
  bool from_flag = false;
};

double parse_seconds(const std::string& text, const std::string& source) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || value != value)
    throw core::UsageError(fmt::format("{}: invalid timeout '{}': a number of seconds", source, text));
  if (value < 0) throw core::UsageError(fmt::format("{}: invalid timeout '{}': seconds must be >= 0", source, text));
  return value;
}

const config::IniSetting* ini(const run::RunOptions& options, const char* key) {
  auto it = options.pytest.ini.find(key);
  return it == options.pytest.ini.end() ? nullptr : &it->second;
}

std::optional<Limit> read_limit(const RunFlags& flags, const run::RunOptions& options, const char* dest,
                                const char* flag, const char* variable, const char* key) {
  if (auto value = flags.line.last(dest)) return Limit{parse_seconds(*value, fmt::format("argument {}", flag)), flag, true};
  if (variable) {
    const char* value = std::getenv(variable);
    if (value && *value) return Limit{parse_seconds(value, variable), variable, false};
  }
  if (const auto* setting = ini(options, key); setting && !setting->text.empty()) {
    const std::string source = fmt::format("{}: {}", options.pytest.shown_as, key);
    return Limit{parse_seconds(setting->text, source), source, false};
  }
  return std::nullopt;
}

// A number of workers: an integer >= 0.
int parse_count(const std::string& text, const std::string& source) {
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || value < 0 || value > 4096)
    throw core::UsageError(fmt::format("{}: invalid value '{}': a number of workers >= 0, or 'auto'", source, text));
  return static_cast<int>(value);
}

}  // namespace

void read_timeout_flags(const RunFlags& flags, run::RunOptions& options) {
  auto timeout = read_limit(flags, options, "timeout", "--timeout", "PYTEST_TIMEOUT", "timeout");
  auto session = read_limit(flags, options, "session_timeout", "--session-timeout", nullptr, "session_timeout");
  const char* unsupervised = !options.supervise ? (flags.line.flag("no_supervise") ? "--no-supervise" : "supervise = false")
                             : options.isolation == run::Isolation::File ? "--isolate file" : nullptr;
  for (auto* limit : {&timeout, &session}) {
    if (!*limit || (*limit)->seconds <= 0) continue;
    if (!unsupervised) continue;
    if ((*limit)->from_flag)
      throw core::UsageError(fmt::format("{} needs a supervised run (a test past its time has its process stopped); "
                                         "{} runs the tests in this process", (*limit)->source, unsupervised));
    options.pytest.warnings.push_back(fmt::format("{} is not honoured with {}: tests run without a time limit",
                                                  (*limit)->source, unsupervised));
    limit->reset();
  }
  options.timeout = timeout ? timeout->seconds : 0;
  options.session_timeout = session ? session->seconds : 0;
  if (const auto* func_only = ini(options, "timeout_func_only"); func_only && func_only->flag && options.timeout > 0)
    options.pytest.warnings.push_back(fmt::format(
        "{}: timeout_func_only = true is not honoured: the timeout bounds each test's setup, call and teardown",
        options.pytest.shown_as));
}

void read_worker_flags(const RunFlags& flags, run::RunOptions& options) {
  auto given = flags.line.last("numprocesses");
  if (!given) return;
  const std::string& value = *given;
  int workers = 0;
  if (value == "auto" || value == "logical") {
    // pytest-xdist: PYTEST_XDIST_AUTO_NUM_WORKERS, else the CPUs this process may run on.
    if (const char* forced = std::getenv("PYTEST_XDIST_AUTO_NUM_WORKERS"); forced && *forced) {
      workers = parse_count(forced, "PYTEST_XDIST_AUTO_NUM_WORKERS");
    } else {
      cpu_set_t cpus;
      workers = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
    }
    if (auto most = flags.line.last("maxprocesses"); most && std::stoi(*most) > 0)
      workers = std::min(workers, std::stoi(*most));
  } else {
    workers = parse_count(value, "argument -n/--numprocesses");
  }
  const std::string dist = flags.line.last("dist").value_or("no");
  if (dist == "each" || dist == "loadgroup" || dist == "worksteal")
    throw config::UnsupportedOption(fmt::format("--dist {}", dist));
  if (workers == 0 || flags.collect_only) return;  // -n 0: no workers (pytest-xdist's too)
  if (!options.supervise)
    throw core::UsageError(fmt::format("-n {} runs the tests in worker processes; {} runs them in this process", value,
                                       flags.line.flag("no_supervise") ? "--no-supervise" : "supervise = false"));
  if (options.isolation == run::Isolation::File)
    throw core::UsageError(fmt::format("-n {}: not with --isolate file (its files share this process one after the "
                                       "other)", value));
  options.workers = workers;
  options.dist = run::parse_dist(dist).value_or(run::Dist::LoadFile);  // "no": -n's default
}

void read_rerun_flags(const RunFlags& flags, run::RunOptions& options) {
  if (auto reruns = flags.line.last("reruns")) {
    const int count = std::stoi(*reruns);  // an integer: the option table checked it
    if (count < 0) throw core::UsageError(fmt::format("argument --reruns: invalid value '{}': a count >= 0", *reruns));
    options.reruns = count;
  }
  if (auto delay = flags.line.last("reruns_delay")) {
    options.reruns_delay = std::strtod(delay->c_str(), nullptr);
    if (options.reruns_delay < 0)
      throw core::UsageError(fmt::format("argument --reruns-delay: invalid value '{}': seconds >= 0", *delay));
  }
}

void read_coverage_flags(const RunFlags& flags, run::RunOptions& options) {
  auto& cov = options.coverage;
  cov.sources = flags.line.all("cov_source");
  cov.enabled = !cov.sources.empty() && !flags.line.flag("no_cov");
  for (const auto& spec : flags.line.all("cov_report")) {
    const auto colon = spec.find(':');
    std::string type = spec.substr(0, colon), dest = colon == std::string::npos ? "" : spec.substr(colon + 1);
    static const std::vector<std::string> kTypes = {"term", "term-missing", "annotate", "html", "xml", "json", "lcov", ""};
    if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end())
      throw core::UsageError(fmt::format("argument --cov-report: invalid choice: \"{}\" (choose from \"term, term-missing, "
                                         "annotate, html, xml, json, lcov\")", spec));
    const bool term = type == "term" || type == "term-missing";
    if (colon != std::string::npos && term && dest != "skip-covered")
      throw core::UsageError(fmt::format("argument --cov-report: output specifier not supported for: \"{}\"", spec));
    cov.reports.emplace_back(type, dest);
  }
  if (auto config = flags.line.last("cov_config")) cov.config = *config;
  cov.branch = flags.line.flag("cov_branch");
  cov.append = flags.line.flag("cov_append");
  cov.no_report_on_fail = flags.line.flag("no_cov_on_fail");
  if (auto under = flags.line.last("cov_fail_under")) {
    char* end = nullptr;
    const double value = std::strtod(under->c_str(), &end);
    if (under->empty() || *end != '\0' || value != value)
      throw core::UsageError(fmt::format("argument --cov-fail-under: An integer or float value is required ('{}')", *under));
    if (value > 100)
      throw core::UsageError(fmt::format("argument --cov-fail-under: the maximum value is 100 ('{}')", *under));
    cov.fail_under = *under;
  }
}

void read_shard_flags(const RunFlags& flags, const std::filesystem::path& cwd, run::RunOptions& options) {
  if (auto shard = flags.line.last("shard")) {
    auto spec = run::parse_shard(*shard);
    if (!spec)
      throw core::UsageError(fmt::format("argument --shard: invalid shard '{}': I/N with 1 <= I <= N, as 2/3", *shard));
    options.shard = *spec;
  }
  if (auto path = flags.line.last("durations_path")) {
    if (path->empty()) throw core::UsageError("argument --durations-path: an empty path");
    options.durations_path = (cwd / *path).lexically_normal();
  }
  options.store_durations = flags.line.flag("store_durations");
  if (options.store_durations && options.durations_path.empty())
    throw core::UsageError("--store-durations needs --durations-path FILE (where to write them)");
}

}  // namespace pyspace::app
