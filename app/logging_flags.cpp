#include "app/logging_flags.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace pyspace::app {

namespace {

constexpr std::string_view kIniKeys[] = {
    "log_level",    "log_format",    "log_date_format",      "log_cli",         "log_cli_level",
    "log_cli_format", "log_cli_date_format", "log_file", "log_file_level", "log_file_format",
    "log_file_date_format", "log_auto_indent"};

// pytest's get_option_ini for one name: the option when given and not empty, else the ini key's
// text when not empty; "" when neither.
std::string option_or_ini(const RunFlags& flags, const config::PytestSettings& pytest, const std::string& name) {
  if (auto given = flags.line.last(name); given && !given->empty()) return *given;
  auto found = pytest.ini.find(name);
  return found == pytest.ini.end() ? std::string() : found->second.text;
}

// pytest's get_log_level_for_setting: the first of `names` that is set, with that name.
run::LoggingOptions::Level level_of(const RunFlags& flags, const config::PytestSettings& pytest,
                                    std::initializer_list<std::string> names) {
  for (const std::string& name : names) {
    std::string text = option_or_ini(flags, pytest, name);
    if (!text.empty()) return {text, name};
  }
  return {};
}

bool live_logging(const RunFlags& flags, const config::PytestSettings& pytest) {
  if (flags.line.last("log_cli_level")) return true;  // given at all, even empty
  auto found = pytest.ini.find("log_cli");
  return found != pytest.ini.end() && found->second.flag;
}

}  // namespace

void read_logging_flags(const RunFlags& flags, const config::PytestSettings& pytest, run::RunOptions& options) {
  run::LoggingOptions& logging = options.logging;
  auto value = [&](const char* name) { return option_or_ini(flags, pytest, name); };
  logging.level = level_of(flags, pytest, {"log_level"});
  logging.file_level = level_of(flags, pytest, {"log_file_level"});
  logging.live_level = level_of(flags, pytest, {"log_cli_level", "log_level"});
  logging.format = value("log_format");
  logging.date_format = value("log_date_format");
  logging.auto_indent = value("log_auto_indent");
  logging.live = live_logging(flags, pytest);
  logging.live_format = value("log_cli_format");
  logging.live_date_format = value("log_cli_date_format");
  logging.file = value("log_file");
  logging.file_format = value("log_file_format");
  logging.file_date_format = value("log_file_date_format");
  // The level names are coloured where the console is (report::should_use_color's rule).
  const int console_fd = flags.json_events == "-" ? STDERR_FILENO : STDOUT_FILENO;
  logging.color = report::should_use_color(flags.color, isatty(console_fd), std::getenv("NO_COLOR"));
  for (std::string_view key : kIniKeys) {
    if (flags.line.last(std::string(key)) || pytest.ini.count(key)) logging.any = true;
  }
}

void apply_logging_flags(const RunFlags& flags, const config::PytestSettings& pytest,
                         report::ConsoleOptions& console) {
  const std::string capture = flags.line.last("showcapture").value_or("all");
  console.show_log = capture == "all" || capture == "log";
  console.live_logging = live_logging(flags, pytest);
}

}  // namespace pyspace::app
