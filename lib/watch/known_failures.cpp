#include "watch/known_failures.h"

#include <algorithm>
#include <set>

namespace pyspace::watch {
namespace fs = std::filesystem;

fs::path KnownFailures::file_of(const std::string& nodeid) const {
  return (rootdir_ / nodeid.substr(0, nodeid.find("::"))).lexically_normal();
}

void KnownFailures::erase(const std::string& nodeid) { std::erase(order_, nodeid); }

void KnownFailures::update(const RunReports& reports, const std::vector<fs::path>& files, bool whole) {
  std::set<std::string> reported, failed;  // a test fails when any of its reports does
  for (const auto& [nodeid, failure] : reports.tests) {
    reported.insert(nodeid);
    if (failure) failed.insert(nodeid);
  }
  for (const auto& [nodeid, failure] : reports.tests) {
    const bool known = std::find(order_.begin(), order_.end(), nodeid) != order_.end();
    if (!failed.count(nodeid)) erase(nodeid);
    else if (!known) order_.push_back(nodeid);
  }
  const std::set<std::string> errors(reports.collect_errors.begin(), reports.collect_errors.end());
  const std::set<fs::path> ran(files.begin(), files.end());
  std::erase_if(order_, [&](const std::string& nodeid) {
    if (reported.count(nodeid) || errors.count(nodeid) || !ran.count(file_of(nodeid))) return false;
    const bool collect_error = nodeid.find("::") == std::string::npos;
    return whole || collect_error;  // a collection error not met again is gone
  });
  for (const auto& relpath : reports.collect_errors)
    if (std::find(order_.begin(), order_.end(), relpath) == order_.end()) order_.push_back(relpath);
}

void KnownFailures::forget(const std::vector<fs::path>& deleted) {
  const std::set<fs::path> gone(deleted.begin(), deleted.end());
  std::erase_if(order_, [&](const std::string& nodeid) { return gone.count(file_of(nodeid)) > 0; });
}

std::vector<std::string> KnownFailures::nodeids() const { return order_; }

std::vector<fs::path> KnownFailures::files() const {
  std::vector<fs::path> out;
  for (const auto& nodeid : order_) {
    fs::path file = file_of(nodeid);
    if (std::find(out.begin(), out.end(), file) == out.end()) out.push_back(file);
  }
  return out;
}

std::vector<std::string> KnownFailures::outside(const std::vector<fs::path>& files) const {
  const std::set<fs::path> in(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& nodeid : order_)
    if (!in.count(file_of(nodeid))) out.push_back(nodeid);
  return out;
}

}  // namespace pyspace::watch
