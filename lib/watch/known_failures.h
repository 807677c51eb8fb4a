// The failures watch mode knows of, across runs: what failed when its file last ran, so that a
// run of only the affected files does not forget the others' (`f` runs exactly these). No Python.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pyspace::watch {

class KnownFailures {
 public:
  explicit KnownFailures(std::filesystem::path rootdir) : rootdir_(std::move(rootdir)) {}

  // What one run reported: node ids with whether each failed (failed or error), and the files
  // whose collection failed (relpaths, kept as a failure named by the relpath).
  struct RunReports {
    std::vector<std::pair<std::string, bool>> tests;
    std::vector<std::string> collect_errors;
  };
  // After a run over `files` (absolute). `whole` when the run ran all of those files' tests
  // (not interrupted, no -k): their failures it did not report are gone (renamed, deleted).
  void update(const RunReports& reports, const std::vector<std::filesystem::path>& files, bool whole);
  // Deleted test files: their failures are gone.
  void forget(const std::vector<std::filesystem::path>& files);

  std::vector<std::string> nodeids() const;             // in the order first failed
  std::vector<std::filesystem::path> files() const;     // absolute, each once, in that order
  // The failures in files not among `files` (absolute), in that order.
  std::vector<std::string> outside(const std::vector<std::filesystem::path>& files) const;
  bool empty() const { return order_.empty(); }
  std::size_t size() const { return order_.size(); }

 private:
  std::filesystem::path file_of(const std::string& nodeid) const;
  void erase(const std::string& nodeid);

  std::filesystem::path rootdir_;
  std::vector<std::string> order_;
};

}  // namespace pyspace::watch
