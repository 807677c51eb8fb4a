// How `-n N` hands the collected tests to its workers (pytest-xdist's --dist modes): the tests
// in running order cut into units, each given whole to one worker when it asks for more
// (run/worker_pool.cpp), so no worker idles while another has a queue. C++ only.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyspace::run {

enum class Dist {
  LoadFile,   // a unit per test file (default): a file's module fixtures run in one worker
  Load,       // tests in chunks that shrink as the queue does (a few per worker at the end)
  LoadScope,  // a unit per module for functions, per class for methods (xdist's loadscope)
  Whole,      // one unit, every test: a supervised run without -n (its one child runs all)
};

// "loadfile", "load", "loadscope" -> the mode; nullopt for any other name.
std::optional<Dist> parse_dist(std::string_view name);
// The name pytest-xdist's verbose header gives the mode: "LoadFileScheduling".
std::string scheduling_name(Dist dist);

// One test's place in the runner's collected files: files[file].items[item].
struct TestAt {
  std::size_t file = 0;
  std::size_t item = 0;
  bool operator==(const TestAt& other) const { return file == other.file && item == other.item; }
};

// The units not handed out yet. Contract: `tests` are in running order; `nodeids` name them
// (same length), `workers` >= 1.
class WorkQueue {
 public:
  WorkQueue(Dist dist, std::vector<TestAt> tests, const std::vector<std::string>& nodeids, int workers);
  bool empty() const { return units_.empty() && tests_left_ == 0; }
  // The next unit: its tests in running order; empty when none is left.
  std::vector<TestAt> take();
  // Tests a worker was given and did not run (it died): handed out first, in their order.
  void give_back(std::vector<TestAt> tests);
  // Every test not handed out, in order (the run goes on without workers).
  std::vector<TestAt> take_all();

 private:
  Dist dist_;
  int workers_;
  std::deque<std::vector<TestAt>> units_;  // loadfile / loadscope, and what was given back
  std::vector<TestAt> tests_;              // load: the tests not handed out, from next_ on
  std::size_t next_ = 0;
  std::size_t tests_left_ = 0;
};

}  // namespace pyspace::run
