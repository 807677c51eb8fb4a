#include "core/outcome.h"

#include <array>
#include <utility>

namespace pyspace::core {
namespace {
constexpr std::array<std::pair<Outcome, std::string_view>, 6> kNames{{
    {Outcome::Passed, "passed"},
    {Outcome::Failed, "failed"},
    {Outcome::Error, "error"},
    {Outcome::Skipped, "skipped"},
    {Outcome::XFailed, "xfailed"},
    {Outcome::XPassed, "xpassed"},
}};
}  // namespace

std::string_view to_string(Outcome outcome) {
  for (const auto& [value, name] : kNames)
    if (value == outcome) return name;
  return "unknown";
}

std::optional<Outcome> outcome_from_string(std::string_view text) {
  for (const auto& [value, name] : kNames)
    if (name == text) return value;
  return std::nullopt;
}

bool is_failure(Outcome outcome) { return outcome == Outcome::Failed || outcome == Outcome::Error; }

}  // namespace pyspace::core
