// watch/known_failures: what failed when its file last ran, across runs of only some files.
#include <catch2/catch.hpp>

#include "watch/known_failures.h"

namespace {
using pyspace::watch::KnownFailures;
namespace fs = std::filesystem;
const fs::path kRoot = "/proj";
}  // namespace

TEST_CASE("failures stay known until their test passes or their file ran without them", "[watch][known_failures]") {
  KnownFailures known(kRoot);
  known.update({{{"t/test_a.py::x", true}, {"t/test_a.py::y", false}, {"t/test_b.py::z", true}}, {}},
               {kRoot / "t/test_a.py", kRoot / "t/test_b.py"}, true);
  CHECK(known.nodeids() == std::vector<std::string>{"t/test_a.py::x", "t/test_b.py::z"});
  SECTION("a run of another file keeps them") {
    known.update({{{"t/test_b.py::z", false}}, {}}, {kRoot / "t/test_b.py"}, true);
    CHECK(known.nodeids() == std::vector<std::string>{"t/test_a.py::x"});
    CHECK(known.outside({kRoot / "t/test_b.py"}) == std::vector<std::string>{"t/test_a.py::x"});
  }
  SECTION("a whole run of the file without the test drops it (renamed)") {
    known.update({{{"t/test_a.py::renamed", false}}, {}}, {kRoot / "t/test_a.py"}, true);
    CHECK(known.nodeids() == std::vector<std::string>{"t/test_b.py::z"});
  }
  SECTION("a partial run (-k, interrupted) does not") {
    known.update({{}, {}}, {kRoot / "t/test_a.py"}, false);
    CHECK(known.size() == 2);
  }
  SECTION("a test failing in any of its reports (a teardown error) stays a failure") {
    known.update({{{"t/test_b.py::z", false}, {"t/test_b.py::z", true}}, {}}, {kRoot / "t/test_b.py"}, true);
    CHECK(known.nodeids() == std::vector<std::string>{"t/test_a.py::x", "t/test_b.py::z"});
  }
  SECTION("deleted files take theirs away") {
    known.forget({kRoot / "t/test_a.py"});
    CHECK(known.files() == std::vector<fs::path>{kRoot / "t/test_b.py"});
  }
}

TEST_CASE("a collection error is a failure named by its file until the file collects", "[watch][known_failures]") {
  KnownFailures known(kRoot);
  known.update({{}, {"t/test_a.py"}}, {kRoot / "t/test_a.py"}, true);
  CHECK(known.nodeids() == std::vector<std::string>{"t/test_a.py"});
  CHECK(known.files() == std::vector<fs::path>{kRoot / "t/test_a.py"});
  known.update({{{"t/test_a.py::x", false}}, {}}, {kRoot / "t/test_a.py"}, false);
  CHECK(known.empty());
}
