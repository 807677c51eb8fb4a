#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "report/summary_format.h"

using namespace pyspace::report;

TEST_CASE("resolve_report_chars follows pytest's getreportopt", "[report][summary]") {
  CHECK(resolve_report_chars("fE", false) == "wfE");
  CHECK(resolve_report_chars("a", false) == "wsxXEf");
  CHECK(resolve_report_chars("A", false) == "wPpsxXEf");
  CHECK(resolve_report_chars("N", false) == "w");
  CHECK(resolve_report_chars("fEN", true) == "");
  CHECK(resolve_report_chars("FSs", false) == "wfs");  // old aliases, repeats dropped
  CHECK(resolve_report_chars("sw", true) == "s");
  CHECK(resolve_report_chars("aN p", false) == "w p");  // unknown chars are kept, then ignored
}

TEST_CASE("folded_skips groups by location and reason in first-seen order", "[report][summary]") {
  auto folded = folded_skips({"t.py:3: slow", "t.py:9: slow", "t.py:3: slow", "t.py:4: Skipped: gone", "bare",
                              "m.py: off", "m.py: off"});
  REQUIRE(folded.size() == 5);
  CHECK((folded[4].count == 2 && folded[4].location == "m.py" && folded[4].reason == "off"));
  CHECK((folded[0].count == 2 && folded[0].location == "t.py:3" && folded[0].reason == "slow"));
  CHECK((folded[1].count == 1 && folded[1].location == "t.py:9"));
  CHECK((folded[2].location == "t.py:4" && folded[2].reason == "gone"));
  CHECK((folded[3].location.empty() && folded[3].reason == "bare"));
}

TEST_CASE("duration_lines sorts, cuts and hides as pytest's --durations", "[report][summary]") {
  std::vector<PhaseTime> times = {{0.001, "setup", "t.py::a"}, {0.25, "call", "t.py::a"},
                                  {0.0, "teardown", "t.py::a"}, {1.5, "call", "t.py::b"}};
  CHECK(duration_lines(times, 0, 0.005, 0) ==
        std::vector<std::string>{"1.50s call     t.py::b", "0.25s call     t.py::a", "",
                                 "(2 durations < 0.005s hidden.  Use -vv to show these durations.)"});
  CHECK(duration_lines(times, 1, 0.005, 0) == std::vector<std::string>{"1.50s call     t.py::b"});
  CHECK(duration_lines(times, 3, 0.3, 0).back() == "(2 durations < 0.3s hidden.  Use -vv to show these durations.)");
  CHECK(duration_lines(times, 0, 0.005, 2).size() == 4);  // -vv shows every one
  CHECK(durations_title(5) == "slowest 5 durations");
  CHECK(durations_title(0) == "slowest durations");
  CHECK(python_g_format(0.005) == "0.005");
  CHECK(python_g_format(1.0) == "1");
}
