#include "report/console_reporter.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace pyspace::report {

using core::CollectError;
using core::Outcome;
using core::RunSummary;
using core::TestReport;

namespace {

constexpr Markup kBold{Color::None, true};
constexpr Markup kRed{Color::Red, false};
constexpr Markup kRedBold{Color::Red, true};

// The config file as pytest's bestrelpath shows it: relative to rootdir, with ".." when it lies
// outside (-c, --rootdir). Both are absolute.
std::string shown_config_path(const std::string& rootdir, const std::string& config_file) {
  const std::filesystem::path relative =
      std::filesystem::path(config_file).lexically_relative(rootdir);
  return relative.empty() ? config_file : relative.generic_string();
}

template <typename LineFunction>
void for_each_line(std::string_view text, LineFunction&& on_line) {
  for (;;) {
    auto end = text.find('\n');
    on_line(text.substr(0, end));
    if (end == std::string_view::npos) return;
    text.remove_prefix(end + 1);
  }
}

// With --tb=line, a longrepr made by failure_text.py starts with pytest's crash line
// "/abs/path:12: message"; other texts (pytest.fail(pytrace=False), fixture lookup errors)
// do not. The crash line, or "" when the text has none.
std::string_view crash_line(std::string_view longrepr) {
  std::string_view first = longrepr.substr(0, longrepr.find('\n'));
  if (!first.starts_with('/')) return {};
  for (size_t colon = first.find(':'); colon != std::string_view::npos; colon = first.find(':', colon + 1)) {
    size_t end = colon + 1;
    while (end < first.size() && first[end] >= '0' && first[end] <= '9') ++end;
    if (end > colon + 1 && first.substr(end, 2) == ": ") return first;
  }
  return {};
}

// The separator failure_text.py writes between traceback entries, for 80 columns.
constexpr std::string_view kEntrySeparator =
    "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ ";

std::string right_justify(const std::string& text, int width) {
  int padding = width - display_width(text);
  return padding > 0 ? std::string(static_cast<size_t>(padding), ' ') + text : text;
}

}  // namespace

bool should_use_color(std::string_view flag, bool is_tty, const char* no_color_env) {
  if (flag == "yes") return true;
  if (flag == "no") return false;
  bool no_color = no_color_env != nullptr && no_color_env[0] != '\0';
  return is_tty && !no_color;
}

ConsoleReporter::ConsoleReporter(std::ostream& out, ConsoleOptions options)
    : tw_(out, options.width, options.color), options_(options) {}

Markup ConsoleReporter::main_markup(bool run_finished) const {
  return Markup{main_color(run_.seen, run_finished), false};
}

// ---- events ------------------------------------------------------------------------------

void ConsoleReporter::run_start(const RunStart& start) {
  run_ = RunState{};
  run_.verbosity = options_.verbosity;
  run_.no_collection = start.no_collection;
  run_.collected = start.collected;
  run_.deselected = start.deselected;
  if (!options_.invocation_dir.empty() && !start.rootdir.empty() && start.rootdir != options_.invocation_dir)
    run_.rootdir_from_invocation = start.rootdir;
  if (options_.summary && options_.durations) run_.durations.reserve(64);
  run_.collection_lines = start.collection_lines;
  run_.workers = start.workers;
  run_.scheduling = start.scheduling;
  run_.worker_info = fmt::format("{} -- Python {} {}", platform_name(), start.python_version, start.python_executable);
  if (quiet()) {
    // pytest-xdist's status line under -q, once collection is done.
    run_.collected_line_pending = run_.workers > 0 && !start.no_collection;
    return;
  }
  write_header(start);
  run_.collected_line_pending = !start.no_collection;  // shown once collection errors are known
  tw_.flush();
}

void ConsoleReporter::collect_error(const CollectError& error) {
  ++run_.seen.errors;
  ++run_.collect_errors;
  run_.errors.push_back(collect_problem(error));
}

void ConsoleReporter::collect_skip(const TestReport& report) {
  ++run_.collect_skips;
  run_.seen.add(report);
  if (options_.summary) keep_for_summary(report);
}

void ConsoleReporter::collection_listing(const std::vector<std::string>& lines) {
  write_collected_line_once();
  if (lines.empty()) return;
  if (!quiet()) tw_.line();  // under the "collected" line
  for (const auto& line : lines) tw_.line(line);
}

void ConsoleReporter::test_start(const std::string& nodeid, const std::string& file) {
  write_collected_line_once();
  start_live_verbosity();
  run_.live = LiveState{"start"};  // pytest's live handler, reset at runtest_logstart
  if (quiet()) return;
  if (verbose()) {  // the node id now, the outcome word after whatever the test writes
    tw_.line();
    tw_.write(from_invocation_dir(nodeid) + " ");
    run_.started_nodeid = nodeid;
    run_.line_open = true;
    run_.current_file.clear();
  } else {
    start_file_line(file);
  }
  if (options_.live) tw_.flush();
}

void ConsoleReporter::test_done(const TestReport& report) {
  write_collected_line_once();
  start_live_verbosity();
  if (report.outcome == Outcome::Failed) run_.failures.push_back(failure_problem(report));
  if (report.outcome == Outcome::Error) run_.errors.push_back(error_problem(report));
  if (options_.summary) keep_for_summary(report);
  if (!quiet() && !verbose()) start_file_line(report.file);  // progress as of the last test
  run_.seen.add(report);
  if (wants('R'))
    for (std::size_t i = 0; i < report.reruns.size(); ++i) run_.reruns.push_back(report.nodeid);
  const bool new_test = report.nodeid != run_.counted_nodeid;  // a test's reports are consecutive
  if (new_test) {  // progress counts tests
    run_.counted_nodeid = report.nodeid;
    ++run_.reported;
  }
  if (verbose()) {
    if (new_test && run_.started_nodeid != report.nodeid) run_.live = LiveState{"start"};  // no test_start
    for (const auto& [when, record] : report.live_log) write_live_record(when, record);
    for (std::size_t i = 0; i < report.reruns.size(); ++i) write_verbose_line(report, "RERUN", Color::Yellow, false);
    write_verbose_line(report, outcome_word(report.outcome), outcome_color(report.outcome), true);
    run_.live.when = "logreport";
    for (const auto& [when, record] : report.live_log_after) write_live_record(when, record);
  } else {
    if (!report.reruns.empty()) tw_.write(std::string(report.reruns.size(), 'R'), {Color::Yellow});
    tw_.write(std::string(1, outcome_letter(report.outcome)), {outcome_color(report.outcome)});
  }
  if (options_.live) tw_.flush();
}

void ConsoleReporter::test_finish(const std::string& nodeid) {
  (void)nodeid;
  if (verbose()) return;  // -v: the progress ends each report's line
  if (write_progress_after_letter() && options_.live) tw_.flush();
}

void ConsoleReporter::keep_for_summary(const TestReport& report) {
  switch (report.outcome) {
    case Outcome::Skipped:
      if (wants('s')) run_.skips.push_back(report.longrepr);  // "path:line: reason", path from the cwd
      break;
    case Outcome::XFailed:
      if (wants('x')) run_.xfailed.push_back({report.nodeid, report.message, "", {}, {}, ""});
      break;
    case Outcome::XPassed:
      if (wants('X')) run_.xpassed.push_back({report.nodeid, report.message, "", {}, {}, ""});
      break;
    case Outcome::Passed:
      if (wants('p') || wants('P'))
        run_.passed.push_back({report.nodeid, "", failure_headline(report.nodeid), report.sections,
                               report.teardown_sections, worker_line(report)});
      break;
    default: break;
  }
  if (options_.durations) {
    if (report.phase_durations.empty()) {
      run_.durations.push_back({report.duration_s, report.when, report.nodeid});
    } else {
      for (const auto& [when, seconds] : report.phase_durations) run_.durations.push_back({seconds, when, report.nodeid});
    }
  }
}

void ConsoleReporter::warning(const std::string& text) {
  ++run_.seen.warnings;
  run_.warnings.push_back(text);
}

void ConsoleReporter::python_warning(const std::string& where, const std::string& message) {
  ++run_.seen.warnings;
  auto& groups = run_.python_warnings;
  auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == message; });
  if (group == groups.end()) group = groups.insert(groups.end(), {message, {}});
  group->second.push_back(where);
}

void ConsoleReporter::live_log(const std::string& when, const std::vector<std::string>& records) {
  if (records.empty()) return;
  // pytest wrote "collecting ... " when collection began (on a terminal, or with -v).
  if (when == "collection" && run_.collected_line_pending && !run_.collecting_written && !quiet() &&
      (verbose() || options_.is_terminal)) {
    tw_.write("collecting ... ", kBold);
    run_.collecting_written = true;
  }
  for (const std::string& record : records) write_live_record(when, record);
  if (options_.live) tw_.flush();
}

// pytest's _LiveLoggingStreamHandler.emit: a newline before the test's first record and before
// the first record after its outcome (teardown), the phase's separator, the record.
void ConsoleReporter::write_live_record(std::string_view when, std::string_view record) {
  LiveState& live = run_.live;
  if (when != live.when) {
    live.when = when;
    live.section_shown = false;
  }
  if (!live.first_emitted) {
    tw_.write("\n");
    live.first_emitted = true;
  } else if ((when == "teardown" || when == "finish") && !live.outcome_written) {
    live.outcome_written = true;
    tw_.write("\n");
  }
  if (!live.section_shown) {
    tw_.sep('-', fmt::format("live log {}", when), kBold);
    live.section_shown = true;
  }
  tw_.write(record);
  tw_.write("\n");
}

// pytest's logging plugin sets -v for the run loop when live logging is on (the header and the
// "collected" line keep the verbosity given).
void ConsoleReporter::start_live_verbosity() {
  if (options_.live_logging && !run_.no_collection && run_.verbosity < 1) run_.verbosity = 1;
}

void ConsoleReporter::run_end(const RunSummary& summary) {
  write_collected_line_once();
  start_live_verbosity();
  // --isolate file: the last file's count (a file's is written when the next one starts)
  if (run_.collected < 0 && run_.reported > 0 && !verbose()) write_progress_filling_space();
  tw_.line();  // ends an open progress line, or leaves a blank one (as pytest does)
  const long blank_at = tw_.lines_written();  // a section written after this one needs its own blank line
  if (options_.summary) {  // pytest's pytest_terminal_summary, in its order
    if (options_.tbstyle != "no") {
      write_problems("ERRORS", run_.errors);
      write_problems("FAILURES", run_.failures);
    }
    if (wants('w')) write_warnings();
    if (wants('P') && options_.tbstyle != "no") write_passes();
    if (!run_.reruns.empty()) {  // pytest-rerunfailures' section, before pytest's short summary
      ensure_newline();
      tw_.sep('=', "rerun test summary info");
      for (const auto& nodeid : run_.reruns) tw_.line("RERUN " + nodeid);
    }
    if (!options_.junit_xml_path.empty()) {
      ensure_newline();
      tw_.sep('-', "generated xml file: " + options_.junit_xml_path);
    }
    if (!summary.coverage_text.empty()) {  // pytest-cov's terminal summary, its text as it writes it
      ensure_newline();
      std::string_view text = summary.coverage_text;
      if (text.ends_with('\n')) text.remove_suffix(1);
      if (text.starts_with('\n') && tw_.lines_written() == blank_at) text.remove_prefix(1);  // that blank is there
      for_each_line(text, [&](std::string_view line) {
        const bool fail_line = line.starts_with("FAIL Required test coverage");
        const bool pass_line = line.starts_with("Required test coverage");
        tw_.line(line, fail_line ? kRedBold : pass_line ? Markup{Color::Green, false} : Markup{});
      });
    }
    write_durations();
    write_short_summary();
  }
  if (!summary.should_fail.empty()) {
    ensure_newline();
    tw_.sep('!', summary.should_fail, kRed);
  }
  write_interrupted(summary);
  write_closing_line(summary);
  tw_.flush();
}

// ---- header and progress -----------------------------------------------------------------

void ConsoleReporter::write_header(const RunStart& start) {
  tw_.sep('=', "test session starts", kBold);
  if (!options_.header) return;
  std::string platform = fmt::format("platform {} --", platform_name());
  if (!start.python_version.empty()) platform += fmt::format(" Python {},", start.python_version);
  std::string versions = fmt::format("{} pyspace-test-{}", platform, start.version);
  if (verbose() && !start.python_executable.empty()) versions += " -- " + start.python_executable;
  tw_.line(versions);
  if (!start.cachedir.empty()) tw_.line(fmt::format("cachedir: {}", start.cachedir));
  std::string rootdir = fmt::format("rootdir: {}", start.rootdir);
  if (!start.configfile.empty())
    rootdir += fmt::format(", configfile: {}", shown_config_path(start.rootdir, start.configfile));
  tw_.line(rootdir);
  if (!start.config_file.empty() && start.config_file != start.configfile)
    tw_.line(fmt::format("pyspace-test config: {}", shown_config_path(start.rootdir, start.config_file)));
}

void ConsoleReporter::write_collected_line_once() {
  if (!run_.collected_line_pending) return;
  run_.collected_line_pending = false;
  if (run_.workers > 0) return write_workers_line();
  // pytest -v off a terminal: "collecting ... " was written when collection began.
  if (verbose() && !options_.is_terminal && !run_.collecting_written) tw_.write("collecting ... ", kBold);
  tw_.line(collected_line(run_.collected, run_.collect_errors, run_.deselected, run_.collect_skips));
  for (const auto& line : run_.collection_lines) tw_.line(line);
}

// pytest-xdist's status as it stands when the tests start (off a terminal it writes its lines
// as they come; the start-up states before collection are not shown: workers fork after it).
void ConsoleReporter::write_workers_line() {
  if (quiet()) {
    tw_.line("bringing up nodes...");
  } else {
    std::string status;
    for (int i = 0; i < run_.workers; ++i)
      status += fmt::format("{}gw{} [{}]", i ? " / " : "", i, std::max(run_.collected, 0));
    tw_.line(status);
  }
  if (!verbose() && !quiet()) return;  // the blank line: the progress line opens on one
  tw_.line("");
  if (verbose()) tw_.line(fmt::format("scheduling tests via {}", run_.scheduling));
}

std::string ConsoleReporter::worker_line(const TestReport& report) const {
  return report.worker.empty() ? std::string() : fmt::format("[{}] {}", report.worker, run_.worker_info);
}

void ConsoleReporter::start_file_line(const std::string& shown_file) {
  const std::string& file = run_.workers > 0 ? std::string() : shown_file;  // -n: dots only
  if (run_.line_open && run_.current_file == file) return;
  if (run_.line_open) write_progress_filling_space();
  tw_.line();
  if (!file.empty()) tw_.write(from_invocation_dir(file) + " ");
  run_.current_file = file;
  run_.line_open = true;
}

std::string ConsoleReporter::progress_text() const {
  if (options_.progress == ConsoleOptions::Progress::Count && run_.collected >= 0) {
    const std::string total = std::to_string(run_.collected);
    return fmt::format(" [{:>{}}/{}]", run_.reported, total.size(), total);
  }
  return progress_message(run_.reported, run_.collected);
}

int ConsoleReporter::progress_width() const {
  if (options_.progress == ConsoleOptions::Progress::Count && run_.collected >= 0) {
    const std::string total = std::to_string(run_.collected);
    return static_cast<int>(4 + 2 * total.size());  // " [N/N]"
  }
  return kProgressMessageWidth;
}

bool ConsoleReporter::write_progress_after_letter() {
  if (options_.progress == ConsoleOptions::Progress::None) return false;
  if (run_.reported == run_.collected) {
    write_progress_filling_space();
    return true;
  }
  if (tw_.current_line_width() + progress_width() + 1 >= tw_.width()) {
    tw_.write(progress_text(), main_markup(false));
    tw_.line();
    return true;
  }
  return false;
}

void ConsoleReporter::write_progress_filling_space() {
  if (options_.progress == ConsoleOptions::Progress::None) return;
  int fill = tw_.width() - tw_.current_line_width() - 1;
  bool finished = run_.reported >= run_.collected;
  tw_.write(right_justify(progress_text(), fill), main_markup(finished));
}

void ConsoleReporter::write_worker_verbose_line(const TestReport& report, std::string_view word, Color color) {
  ensure_newline();
  tw_.write(fmt::format("[{}]", report.worker));
  if (options_.progress == ConsoleOptions::Progress::None) tw_.write(" ");
  else tw_.write(progress_text() + " ", {Color::Cyan, false});
  tw_.write(word, {color});
  tw_.write(" " + from_invocation_dir(report.nodeid) + " ");
  run_.started_nodeid.clear();
  run_.line_open = true;
  run_.current_file.clear();
}

void ConsoleReporter::write_verbose_line(const TestReport& report, std::string_view word, Color color,
                                         bool with_reason) {
  if (!report.worker.empty()) return write_worker_verbose_line(report, word, color);
  if (run_.started_nodeid != report.nodeid) {
    tw_.line();
    tw_.write(from_invocation_dir(report.nodeid) + " ");
  }
  run_.started_nodeid.clear();  // a second report of the test gets a line of its own
  tw_.write(word, {color});
  bool shows_reason = with_reason && (report.outcome == Outcome::Skipped || report.outcome == Outcome::XFailed ||
                      report.outcome == Outcome::XPassed);
  if (shows_reason && !report.message.empty()) {
    int available = tw_.width() - tw_.current_line_width() - kProgressMessageWidth - 1;
    auto reason = run_.verbosity >= 2
                      ? std::optional(fmt::format(" ({})", report.message))
                      : format_trimmed(" (", report.message, ")", available);
    if (reason) tw_.write(*reason);
  }
  run_.line_open = true;
  run_.current_file.clear();
  write_progress_filling_space();
}

void ConsoleReporter::ensure_newline() {
  if (!run_.line_open) return;
  tw_.line();
  run_.line_open = false;
}

// ---- sections ----------------------------------------------------------------------------

void ConsoleReporter::write_problems(std::string_view title, const std::vector<Problem>& problems) {
  if (problems.empty()) return;
  ensure_newline();
  tw_.sep('=', title);
  if (options_.tbstyle == "line" && title == "FAILURES") {  // pytest: the crash lines alone
    for (const Problem& problem : problems) {
      std::string_view crash = crash_line(problem.longrepr);
      std::string_view shown = crash.empty() ? std::string_view(problem.longrepr).substr(0, 50) : crash;
      tw_.line(shown.substr(0, shown.find('\n')));
    }
    return;
  }
  for (const Problem& problem : problems) {
    tw_.sep('_', problem.heading, kRedBold);
    write_problem_body(problem);
  }
}

void ConsoleReporter::write_problem_body(const Problem& problem) {
  if (!problem.worker_line.empty()) tw_.line(problem.worker_line);  // pytest-xdist's report.node
  std::string_view longrepr = problem.longrepr;
  if (options_.tbstyle == "line" && problem.when != "collect") {  // errors: without the crash line
    std::string_view crash = crash_line(longrepr);
    if (!crash.empty()) longrepr.remove_prefix(std::min(longrepr.size(), crash.size() + 1));
  }
  if (!longrepr.empty()) {
    for_each_line(without_trailing_newline(longrepr), [&](std::string_view line) {
      if (line == kEntrySeparator) {  // pytest's tw.sep("_ "): the terminal's width
        std::string fitted;
        for (int i = 0; i + 2 <= tw_.width(); i += 2) fitted += "_ ";
        if (static_cast<int>(fitted.size()) + 1 <= tw_.width()) fitted += '_';
        tw_.line(fitted);
        return;
      }
      tw_.line(line, line.starts_with("E ") ? kRedBold : Markup{});  // pytest's "E   ..." lines
    });
  }
  write_sections(problem.sections);
}

// pytest's _outrep_summary: each section --show-capture lets through, under its title.
void ConsoleReporter::write_sections(const Sections& sections) {
  for (const auto& [title, content] : sections) {
    const bool shown = title.find("stdout") != std::string::npos   ? options_.show_stdout
                       : title.find("stderr") != std::string::npos ? options_.show_stderr
                       : title.find("log") != std::string::npos    ? options_.show_log
                                                                   : true;
    if (!shown) continue;
    tw_.sep('-', title);
    tw_.line(without_trailing_newline(content));
  }
}

void ConsoleReporter::write_passes() {
  if (run_.passed.empty()) return;
  ensure_newline();
  tw_.sep('=', "PASSES");
  for (const Shown& test : run_.passed) {
    if (!test.sections.empty()) {  // pytest: only tests with captured sections get a heading
      tw_.sep('_', test.heading, {Color::Green, true});
      if (!test.worker_line.empty()) tw_.line(test.worker_line);
      write_sections(test.sections);
    }
    write_sections(test.teardown_sections);  // pytest's _handle_teardown_sections
  }
}

void ConsoleReporter::write_durations() {
  if (!options_.durations) return;
  if (run_.durations.empty()) return;  // pytest: no section without any test report
  ensure_newline();
  tw_.sep('=', durations_title(*options_.durations));
  for (const std::string& line :
       duration_lines(run_.durations, *options_.durations, options_.durations_min, run_.verbosity))
    tw_.line(line);
}

void ConsoleReporter::write_warnings() {
  if (run_.warnings.empty() && run_.python_warnings.empty()) return;
  ensure_newline();
  tw_.sep('=', "warnings summary", {Color::Yellow, false});
  for (const std::string& text : run_.warnings) {
    tw_.line(without_trailing_newline(text));
    tw_.line();
  }
  // As pytest: where each message came from (a line per test, or per file with a count once
  // there are ten or more), then the message indented.
  for (const auto& [message, places] : run_.python_warnings) {
    for (const std::string& line : warning_places(places)) tw_.line(line);
    std::istringstream lines{std::string(without_trailing_newline(message))};
    for (std::string line; std::getline(lines, line);) tw_.line("  " + line);
    tw_.line();
  }
  tw_.line("-- Docs: https://docs.pytest.org/en/stable/how-to/capture-warnings.html");
}

void ConsoleReporter::write_short_summary() {
  // pytest's short_test_summary: one block per -r char, in the order given.
  bool titled = false;
  auto title_once = [&] {
    if (titled) return;
    titled = true;
    ensure_newline();
    tw_.sep('=', "short test summary info", {Color::Cyan, true});
  };
  constexpr Markup kYellow{Color::Yellow, false};
  for (char c : options_.reportchars) {
    switch (c) {
      case 'f':
        for (const Problem& problem : run_.failures) title_once(), write_summary_line("FAILED", problem, kRed);
        break;
      case 'E':
        for (const Problem& problem : run_.errors) title_once(), write_summary_line("ERROR", problem, kRed);
        break;
      case 'p':
        for (const Shown& test : run_.passed)
          title_once(), write_summary_line("PASSED", Problem{"", "", "", {}, test.nodeid, "", ""}, {Color::Green, false});
        break;
      case 's':
        for (const FoldedSkip& skip : folded_skips(run_.skips)) {
          title_once();
          std::string word = tw_.markup("SKIPPED", kYellow);
          tw_.line(skip.location.empty() ? fmt::format("{} [{}] {}", word, skip.count, skip.reason)
                                         : fmt::format("{} [{}] {}: {}", word, skip.count, skip.location, skip.reason));
        }
        break;
      case 'x':
        for (const Shown& test : run_.xfailed) {
          title_once();
          std::string line = fmt::format("{} {}", tw_.markup("XFAIL", kYellow), shown_nodeid(test.nodeid));
          if (!test.message.empty()) line += " - " + test.message;
          tw_.line(line);
        }
        break;
      case 'X':
        for (const Shown& test : run_.xpassed) {
          title_once();
          tw_.line(fmt::format("{} {} {}", tw_.markup("XPASS", kYellow), shown_nodeid(test.nodeid), test.message));
        }
        break;
      default: break;
    }
  }
}

std::string ConsoleReporter::from_invocation_dir(std::string_view nodeid) const {
  if (run_.rootdir_from_invocation.empty() || nodeid.empty()) return std::string(nodeid);
  const std::size_t end = std::min(nodeid.find("::"), nodeid.find(':'));
  const std::string_view path = nodeid.substr(0, end);
  const std::string shown = (std::filesystem::path(run_.rootdir_from_invocation) / std::string(path))
                                .lexically_normal()
                                .lexically_relative(options_.invocation_dir)
                                .generic_string();
  return end == std::string_view::npos ? shown : shown + std::string(nodeid.substr(end));
}

std::string ConsoleReporter::shown_nodeid(std::string_view nodeid) const {
  const std::string relative = from_invocation_dir(nodeid);
  const std::string_view id = relative;
  auto split = id.find("::");
  return split == std::string_view::npos
             ? std::string(id)
             : fmt::format("{}::{}", id.substr(0, split), tw_.markup(id.substr(split + 2), kBold));
}

void ConsoleReporter::write_summary_line(std::string_view word, const Problem& problem, Markup word_markup) {
  const std::string id = from_invocation_dir(problem.summary_id);
  std::string line = fmt::format("{} {}", tw_.markup(word, word_markup), shown_nodeid(problem.summary_id));
  if (!problem.message.empty()) {
    int used = display_width(word) + 1 + display_width(id);
    auto message = options_.trim_summary_messages
                       ? format_trimmed(" - ", problem.message, "", tw_.width() - used)
                       : std::optional(fmt::format(" - {}", problem.message));
    if (message) line += *message;
  }
  tw_.line(line);
}

void ConsoleReporter::write_interrupted(const RunSummary& summary) {
  if (!summary.interrupted) return;
  if (summary.interrupted_by_user) {  // pytest's KeyboardInterrupt block, without the traceback
    ensure_newline();
    tw_.sep('!', "KeyboardInterrupt", kRed);
    if (!summary.keyboard_interrupt_at.empty()) tw_.line(summary.keyboard_interrupt_at + ": KeyboardInterrupt");
    tw_.line("(to show a full traceback on KeyboardInterrupt use --full-trace)");
    return;
  }
  if (!summary.exit_banner.empty()) {  // pytest.exit(): pytest prints the exception alone
    ensure_newline();
    tw_.sep('!', summary.exit_banner, kRed);
    return;
  }
  int collect_errors = std::max(summary.collect_errors, run_.collect_errors);
  std::string text = !summary.stop_reason.empty() ? fmt::format("Interrupted: {}", summary.stop_reason)
                     : collect_errors == 0
                         ? std::string("Interrupted")
                         : fmt::format("Interrupted: {} error{} during collection", collect_errors,
                                       collect_errors == 1 ? "" : "s");
  ensure_newline();
  tw_.sep('!', text, kRed);
}

void ConsoleReporter::write_closing_line(const RunSummary& summary) {
  if (run_.verbosity < -1) return;
  Markup markup{main_color(summary, true), false};
  ensure_newline();
  if (quiet()) {
    tw_.line(summary.closing_line(), markup);
  } else {
    tw_.sep('=', summary.closing_line(), markup);
  }
}

// ---- problems ----------------------------------------------------------------------------

// FAILURES: the report's sections, then those of its passed teardown (pytest's
// _handle_teardown_sections); ERRORS: the report's own.
ConsoleReporter::Problem ConsoleReporter::failure_problem(const TestReport& report) const {
  Problem problem{failure_headline(report.nodeid), report.longrepr, report.when, report.sections,
                  report.nodeid, report.message, worker_line(report)};
  problem.sections.insert(problem.sections.end(), report.teardown_sections.begin(), report.teardown_sections.end());
  return problem;
}

ConsoleReporter::Problem ConsoleReporter::error_problem(const TestReport& report) const {
  return Problem{fmt::format("ERROR at {} of {}", report.when, failure_headline(report.nodeid)), report.longrepr,
                 report.when, report.sections, report.nodeid, report.message, worker_line(report)};
}

ConsoleReporter::Problem ConsoleReporter::collect_problem(const CollectError& error) {
  const std::string heading = error.path.empty() ? "ERROR collecting test session"  // pytest's Session node
                                                 : fmt::format("ERROR collecting {}", error.path);
  return Problem{heading, error.longrepr, "collect", error.sections,
                 error.path, error.message, ""};
}

}  // namespace pyspace::report
