// core/outcome: pytest's outcome names both ways, and which outcomes fail a run.
#include <catch2/catch.hpp>

#include "core/outcome.h"

using pyspace::core::Outcome;
using pyspace::core::is_failure;
using pyspace::core::outcome_from_string;
using pyspace::core::to_string;

TEST_CASE("outcomes round-trip through pytest's names", "[core][outcome]") {
  const std::pair<Outcome, const char*> names[] = {
      {Outcome::Passed, "passed"},   {Outcome::Failed, "failed"},   {Outcome::Error, "error"},
      {Outcome::Skipped, "skipped"}, {Outcome::XFailed, "xfailed"}, {Outcome::XPassed, "xpassed"},
  };
  for (const auto& [outcome, name] : names) {
    CHECK(to_string(outcome) == name);
    CHECK(outcome_from_string(name) == outcome);
  }
}

TEST_CASE("an unknown outcome name is not mapped", "[core][outcome]") {
  CHECK_FALSE(outcome_from_string("PASSED").has_value());
  CHECK_FALSE(outcome_from_string("").has_value());
  CHECK_FALSE(outcome_from_string("xfail").has_value());
}

TEST_CASE("only failed and error fail a run", "[core][outcome]") {
  CHECK(is_failure(Outcome::Failed));
  CHECK(is_failure(Outcome::Error));
  for (auto outcome : {Outcome::Passed, Outcome::Skipped, Outcome::XFailed, Outcome::XPassed})
    CHECK_FALSE(is_failure(outcome));
}
