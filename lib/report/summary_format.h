// Pure rules of pytest 7.2's reporting options (-r, --durations, console_output_style), kept
// apart from the ConsoleReporter's state so each can be tested alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyspace::report {

// pytest's getreportopt: the -r chars resolved in order ("a" -> "sxXEf", "A" -> "PpsxXEf",
// "N" -> none so far, "F"/"S" -> "f"/"s", repeats dropped), then 'w' (the warnings summary)
// in front unless --disable-warnings, which also removes a given 'w'.
std::string resolve_report_chars(std::string_view chars, bool disable_warnings);

// One line of "SKIPPED [count] location: reason": skips with the same location and reason
// folded, in order of first appearance (pytest's _folded_skips; "Skipped: " cut from reasons).
struct FoldedSkip {
  int count = 0;
  std::string location;  // "test_x.py:12"; empty when the skip has none
  std::string reason;
};
// `longreprs`: each skip's "path:line: reason" (or a bare reason).
std::vector<FoldedSkip> folded_skips(const std::vector<std::string>& longreprs);

// One phase's duration as --durations lists it.
struct PhaseTime {
  double seconds = 0.0;
  std::string when;    // "setup", "call", "teardown"
  std::string nodeid;
};
// The lines of pytest's "slowest durations" section after its title, for `times` in report
// order: sorted slowest first (stable), the first `count` (0: all), then "0.10s call     id"
// lines until one is under `min_seconds` (unless verbosity >= 2), which ends the list with an
// empty line and "(N durations < 0.005s hidden.  Use -vv to show these durations.)".
std::vector<std::string> duration_lines(std::vector<PhaseTime> times, int count, double min_seconds,
                                        int verbosity);
// The section's title: "slowest 5 durations", or "slowest durations" for a count of 0.
std::string durations_title(int count);

// Python's "%g" of a float, as pytest writes --durations-min in the hidden line ("0.005").
std::string python_g_format(double value);

}  // namespace pyspace::report
