// Outcome of one test, as pytest names them. Pure data; no Python here.
#pragma once

#include <optional>
#include <string_view>

namespace pyspace::core {

enum class Outcome { Passed, Failed, Error, Skipped, XFailed, XPassed };

// "passed", "failed", "error", "skipped", "xfailed", "xpassed".
std::string_view to_string(Outcome outcome);
std::optional<Outcome> outcome_from_string(std::string_view text);

// True when this outcome makes the run fail (failed, error; xpassed only when strict,
// which the runner already turns into Failed).
bool is_failure(Outcome outcome);

}  // namespace pyspace::core
