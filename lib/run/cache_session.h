// pytest 7.2's cacheprovider (LFPlugin, NFPlugin) and stepwise plugins for one run, over the
// shared `.pytest_cache` (run/cache.h): what --lf/--ff/--nf/--sw select and reorder, the lines
// they print under "collected N items", and what every run records (cache/lastfailed,
// cache/nodeids, cache/stepwise, written once at the end as pytest's pytest_sessionfinish does).
// Per test only a hash-table update (on_report); the files are read at construction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "collect/discovery.h"
#include "core/test_report.h"
#include "run/cache.h"
#include "run/run_engine.h"
#include "run/run_options.h"

namespace pyspace::run {

class CacheSession {
 public:
  // One item with its file, as the selection sees the whole run's items.
  struct Entry {
    const collect::TestFile* file;
    Item item;
  };

  // Clears the cache first with --cache-clear, then reads what the flags need.
  // `initial_paths`: the paths given on the command line (absolute).
  CacheSession(const CacheOptions& options, std::filesystem::path rootdir,
               std::vector<std::filesystem::path> initial_paths);

  // --lf: the files holding the last failures first (stable), as pytest sorts the session's.
  void order_files(std::vector<collect::TestFile>& files) const;
  // --lf: false when `file` is not to be collected at all (pytest's LFPluginCollSkipfiles: once
  // a file with a known failure was collected, the files without any are skipped unimported).
  bool should_collect(const collect::TestFile& file);
  // After collecting `file`: records its collection errors or success (cache/lastfailed holds
  // files that failed to collect) and, with --lf, keeps only its known failures.
  void collected(const collect::TestFile& file, std::vector<Item>& items, bool had_errors);

  // True when --lf, --ff, --nf or --sw may reorder or deselect (modify_items is needed).
  bool selects() const {
    return options_.last_failed || options_.failed_first || options_.new_first || options_.stepwise;
  }
  // pytest_collection_modifyitems of stepwise, then LFPlugin, then NFPlugin, over all items
  // in running order; returns how many were deselected.
  int modify_items(std::vector<Entry>& entries);
  // Without selects(): only notes the node ids that will run (for cache/nodeids).
  void saw(const std::vector<Item>& items) {
    for (const auto& item : items) cached_nodeids_.insert(item.nodeid);
  }
  // The lines for under "collected N items" ("stepwise: ...", "run-last-failure: ...").
  const std::vector<std::string>& collection_lines() const { return lines_; }

  // One test's report; returns the reason the run must stop (--sw), else nullopt.
  std::optional<std::string> on_report(const core::TestReport& report);

  // Writes what pytest writes at session end; returns the warnings of writes that failed.
  std::vector<std::string> finish(bool collect_only);

 private:
  bool in_lastfailed(const std::string& nodeid) const { return lastfailed_.count(nodeid) != 0; }
  void lf_filter(const collect::TestFile& file, std::vector<Item>& items);  // --lf, in collected()
  void fail(const std::string& nodeid);  // lastfailed[nodeid] = True (keeps its place)
  void pass(const std::string& nodeid);  // lastfailed.pop(nodeid)
  bool is_lf_path(const std::filesystem::path& path) const { return lf_paths_.count(path.string()) != 0; }

  CacheOptions options_;
  CacheDir dir_;
  std::filesystem::path rootdir_;
  std::vector<std::filesystem::path> initial_paths_;
  // cache/lastfailed as a dict in insertion order: node id -> its insertion sequence number.
  std::unordered_map<std::string, std::uint64_t> lastfailed_;
  std::uint64_t next_sequence_ = 0;
  std::unordered_set<std::string> lf_paths_;  // --lf: files of the last failures that exist
  bool collected_a_failure_ = false;          // --lf: a file with a known failure was collected
  int skipped_files_ = 0;
  std::unordered_set<std::string> cached_nodeids_;  // cache/nodeids
  std::optional<std::string> stepwise_failed_;      // cache/stepwise (--sw)
  bool stepwise_skip_ = false;
  std::vector<std::string> lines_;
};

}  // namespace pyspace::run
