// Reports the runner makes itself for an item whose process could not report it (a supervised
// child that died, a test stopped past its time, a timeout marker that is not a number), in
// pytest's terms. No Python involved.
#pragma once

#include <string>
#include <utility>

#include "core/test_report.h"
#include "run/run_engine.h"

namespace pyspace::run {

// pytest's junitxml names of a node id: "tests/test_x.py::TestA::test_b[1]" ->
// ("tests.test_x.TestA", "test_b[1]").
std::pair<std::string, std::string> junit_names(const std::string& nodeid);

// A number of seconds as pytest-timeout's message writes it (Python's "%s" of a float: "1.0").
std::string seconds_text(double seconds);

// Failed: "crashed: SIGSEGV while running <id>", the child's last words (faulthandler's stacks
// and the crash note) as its text.
core::TestReport crash_report(const Item& item, const std::string& how, std::string last_words, double duration_s);

// Failed: "Failed: Timeout >1.0s" with the stacks of the test's threads when it was stopped
// (`session`: the run's limit, --session-timeout, stopped it).
core::TestReport timeout_report(const Item& item, double limit, std::string stacks, double ran_s, bool session);

// An error in the item's setup with `message` (its timeout marker is not a number).
core::TestReport setup_error(const Item& item, const std::string& message);

}  // namespace pyspace::run
