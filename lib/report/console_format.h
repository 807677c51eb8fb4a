// Pure formatting rules of pytest's terminal output, kept apart from the reporter's state
// so each can be tested alone. Nothing here writes to a stream.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/outcome.h"
#include "core/run_summary.h"
#include "report/terminal_writer.h"

namespace pyspace::report {

// Outcomes seen so far in a run, for choosing the main colour: the run's own counters.
using SeenOutcomes = core::RunSummary;

// pytest's main colour: red on any failure or error; yellow on warnings or xpassed, or
// when nothing passed at the end of the run; green otherwise (skips and xfails alongside
// passes stay green, as in pytest). `run_finished` is pytest's "is last item".
Color main_color(const SeenOutcomes& seen, bool run_finished);

// Progress-line character: '.', 'F', 'E', 's', 'x', 'X'.
char outcome_letter(core::Outcome outcome);
// Verbose word: "PASSED", "FAILED", "ERROR", "SKIPPED", "XFAIL", "XPASS".
std::string_view outcome_word(core::Outcome outcome);
// Colour of the letter and the word: green pass, red failure/error, yellow otherwise.
Color outcome_color(core::Outcome outcome);

// " [ 50%]": reported * 100 / collected rounded down, " [100%]" when nothing was collected,
// " [  12]" (tests so far) when the total is unknown (collected < 0).
std::string progress_message(int reported, int collected);
inline constexpr int kProgressMessageWidth = 7;  // length of " [100%]"

// "collected 3 items", "collected 1 item / 2 errors"; a note when collected < 0 (unknown).
std::string collected_line(int collected, int collect_errors, int deselected = 0, int collect_skips = 0);

// pytest's --collect-only tree (_printcollecteditems): each item's chain of collector nodes,
// outermost first; a node is printed when first met, indented two spaces a level, and with
// `docs` (-v) its docstring's lines under it.
std::vector<std::string> collection_tree(const std::vector<std::vector<core::CollectedNode>>& chains, bool docs);

// Heading of a failure: the nodeid without its file part, "::" -> "." ("TestA.test_b[2]");
// the whole nodeid when it has no "::".
std::string failure_headline(std::string_view nodeid);

// pytest's _format_trimmed: `prefix + message` (first line of message only), cut to
// `available` columns with "..." appended when too long; nullopt when not even
// `prefix + "..."` fits.
std::optional<std::string> format_trimmed(std::string_view prefix, std::string_view message,
                                          std::string_view suffix, int available);

// Text of `text` without one trailing newline (pytest prints sections this way).
std::string_view without_trailing_newline(std::string_view text);

// The lines naming where one warning message came from (node ids or file paths), as pytest's
// warnings summary does: each place, or, from ten places on, "file: N warnings" per file.
std::vector<std::string> warning_places(const std::vector<std::string>& places);

// "platform linux": the operating system name as Python's sys.platform spells it.
std::string_view platform_name();

}  // namespace pyspace::report
